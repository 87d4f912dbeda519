"""Stage 4: build a generation from corpus/ and make it live.

A build parses the corpus, writes passages into a new generation directory
with the structured data (documents, posters, municipalities) beside them,
validates it, and switches `CURRENT` atomically. A fingerprint of the corpus
and of the analysis code lets a start reuse a current index and rebuild a
stale one. One build at a time: a second one waits on a file lock, then finds
the index current and returns without work.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer import index, morph
from indexer.analysis import ANALYSIS_VERSION
from indexer.parse import load_corpus

log = logging.getLogger(__name__)

CODE_DIR = Path(__file__).parent
CORPUS_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".yaml", ".yml"}


@dataclass
class BuildReport:
    generation: str
    built: bool
    passages: int = 0
    posters: int = 0
    documents: int = 0
    seconds: float = 0.0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def fingerprint(corpus_dir: Path) -> str:
    """Hash of every corpus file and of the code and data that shape the index."""
    h = hashlib.sha256(ANALYSIS_VERSION.encode())
    sources = sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)
    code = sorted(CODE_DIR.glob("*.py")) + sorted((CODE_DIR / "data").glob("*"))
    for path in sources + code:
        h.update(str(path.name).encode())
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:  # unreadable files are reported by the parse stage
            h.update(str(exc).encode())
    return h.hexdigest()[:16]


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """An exclusive flock: released by the kernel even if the builder is killed."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / "build.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_meta(gen: Path) -> dict:
    return json.loads((gen / "meta.json").read_text(encoding="utf-8"))


def is_current(index_dir: Path, corpus_dir: Path) -> Path | None:
    gen = index.current_generation(index_dir)
    if gen is None:
        return None
    try:
        meta = read_meta(gen)
    except (OSError, ValueError):
        return None
    return gen if meta.get("fingerprint") == fingerprint(corpus_dir) else None


def ensure_index(corpus_dir: Path, index_dir: Path, cache_dir: Path, force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Reuse the live generation if it is current, else build and switch to a new one."""
    if not force and (gen := is_current(index_dir, corpus_dir)):
        return BuildReport(gen.name, built=False, **_counts(gen))
    with build_lock(index_dir):
        if not force and (gen := is_current(index_dir, corpus_dir)):
            return BuildReport(gen.name, built=False, **_counts(gen))
        return _build(corpus_dir, index_dir, cache_dir, progress)


def _counts(gen: Path) -> dict:
    meta = read_meta(gen)
    return {k: meta.get(k, 0) for k in ("passages", "posters", "documents")}


def _build(corpus_dir: Path, index_dir: Path, cache_dir: Path, progress) -> BuildReport:
    started = time.perf_counter()
    morph.load_cache(cache_dir)
    fp = fingerprint(corpus_dir)
    corpus = load_corpus(corpus_dir)
    passages = corpus.passages
    gen = index.new_generation(index_dir)
    try:
        total = len(passages)
        n = index.write_passages(gen, passages, progress=(lambda i: progress(i, total)) if progress else None)
        index.write_json(gen / "data.json", {
            "documents": [d.to_dict() for d in corpus.documents],
            "posters": [p.to_dict() for p in corpus.posters],
            "municipalities": [m.to_dict() for m in corpus.municipalities],
        })
        meta = {"fingerprint": fp, "created": time.time(), "passages": n, "posters": len(corpus.posters),
                "documents": len(corpus.documents), "skipped": corpus.skipped}
        index.write_json(gen / "meta.json", meta)
        validate(gen, n)
    except BaseException:
        index.remove_generations(index_dir, keep=_live_names(index_dir))
        raise
    previous = index.current_generation(index_dir)
    index.switch_generation(index_dir, gen)
    keep = {gen.name} | ({previous.name} if previous else set())  # a server may still read it
    index.remove_generations(index_dir, keep=keep)
    morph.save_cache(cache_dir)
    seconds = time.perf_counter() - started
    log.info("built %s: %d passages, %d posters in %.1f s", gen.name, n, len(corpus.posters), seconds)
    return BuildReport(gen.name, True, n, len(corpus.posters), len(corpus.documents), seconds, corpus.skipped)


def _live_names(index_dir: Path) -> set[str]:
    gen = index.current_generation(index_dir)
    return {gen.name} if gen else set()


def validate(gen: Path, expected: int) -> None:
    """Open the new generation and check it holds what was written before going live."""
    engine = index.Engine(gen)
    try:
        if engine.doc_count != expected:
            raise RuntimeError(f"index validation failed: {engine.doc_count} != {expected} passages")
    finally:
        engine.close()


def text_progress(stream=sys.stderr) -> Callable[[int, int], None]:
    """A one-line progress bar for terminals (and a few lines for logs)."""
    def show(i: int, total: int) -> None:
        if total and (i == total or i % max(1, total // 50) == 0):
            filled = int(30 * i / total)
            stream.write(f"\rindexing [{'#' * filled}{'.' * (30 - filled)}] {i}/{total}")
            if i == total:
                stream.write("\n")
            stream.flush()
    return show
