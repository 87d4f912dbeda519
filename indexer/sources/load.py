"""Load the corpus: every file read, parsed into passages, posters and municipalities, as one Corpus.

This is the sources stage's one entry point (the build calls nothing else of it), so the
order of the stage's parts (files -> sections and passages -> poster cells -> municipality
table) is told here once.
"""
from __future__ import annotations

import logging
from pathlib import Path

from indexer.model import Corpus
from indexer.sources.corpus import load_documents
from indexer.sources.parse import parse_document
from indexer.sources.posters import parse_municipalities, parse_posters, poster_passages

log = logging.getLogger(__name__)


def load_corpus(corpus_dir: Path) -> Corpus:
    """Load and parse every document of `corpus_dir` into one Corpus."""
    loaded, skipped = load_documents(Path(corpus_dir))
    corpus = Corpus(skipped=list(skipped))
    for doc, raw in loaded:
        sections, passages = parse_document(doc, raw)
        doc.sections = sections
        posters = parse_posters(doc, raw)
        corpus.documents.append(doc)
        corpus.passages.extend(passages)
        corpus.passages.extend(poster_passages(posters, start=len(passages)))
        corpus.posters.extend(posters)
    for _, raw in loaded:
        municipalities = parse_municipalities(raw, corpus.posters)
        if municipalities:
            corpus.municipalities = municipalities
            break
    log.info("corpus: %d documents, %d passages, %d posters, %d municipalities, %d skipped",
             len(corpus.documents), len(corpus.passages), len(corpus.posters),
             len(corpus.municipalities), len(corpus.skipped))
    return corpus
