"""The Swedish<->Finnish domain glossary (data/glossary.yaml) as a query expander.

A query word matches a glossary form through its stem or lemma, or as an
inflected form of it (the form plus a short ending), so "ungdomsgarantin" and
"familjevården" expand like their base forms.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from indexer import morph
from indexer.analysis import stopwords, words

GLOSSARY_FILE = Path(__file__).parent / "data" / "glossary.yaml"
MAX_ENDING = 4  # longest inflectional ending tolerated on a glossary form
PREFIX = 3  # letters every match shares with its form (stems and lemmas keep them)


@dataclass(frozen=True)
class Entry:
    forms: tuple[tuple[str, tuple[str, ...]], ...]  # (lang, content words)


@lru_cache(maxsize=1)
def entries(path: Path = GLOSSARY_FILE) -> tuple[Entry, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for item in data:
        forms = []
        for lang, phrases in item.items():
            for phrase in phrases:
                content = tuple(w for w in words(phrase) if w not in stopwords())
                if content:
                    forms.append((lang, content))
        out.append(Entry(tuple(forms)))
    return tuple(out)


def word_matches(query_word: str, form: str) -> bool:
    """Same word, same stem/lemma, or the form with a short inflectional ending."""
    if query_word == form:
        return True
    if len(form) >= 4 and query_word.startswith(form[: max(4, len(form) - 1)]):
        return len(query_word) - len(form) <= MAX_ENDING
    if morph.sv_stem(query_word) == morph.sv_stem(form):
        return True
    return form in morph.fi_lemmas(query_word)


def expand(query_words: list[str]) -> list[tuple[int, int, list[tuple[str, tuple[str, ...]]]]]:
    """Glossary matches in a query: (start, end, other forms) for each matched span.

    The other forms are those of the entry in every language, minus the matched
    form itself; the caller analyses them in their own language.
    """
    found = []
    for entry in entries():
        for _lang, form in entry.forms:
            n = len(form)
            for start in range(len(query_words) - n + 1):
                span = query_words[start:start + n]
                if all(word_matches(q, f) for q, f in zip(span, form, strict=False)):
                    others = [(lg, fm) for lg, fm in entry.forms if fm != form]
                    found.append((start, start + n, others))
    return found
