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

from indexer.language import morph
from indexer.language.words import stopwords, words

GLOSSARY_FILE = Path(__file__).parent / "data" / "glossary.yaml"
MAX_ENDING = 4  # longest inflectional ending tolerated on a glossary form
PREFIX = 3  # letters every match shares with its form (stems and lemmas keep them)
MIN_PART = 5  # shortest compound part looked up (shorter ones match too much)


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


def word_matches(query_word: str, form: str, lang: str = "fi") -> bool:
    """Same word, same stem/lemma, or the form with a short inflectional ending."""
    if query_word == form:
        return True
    # an inflectional ending; Swedish may also drop the form's last vowel or its
    # e before r/l/n ("center" -> "centret", "regel" -> "regler")
    keep = len(form) - 2 if lang == "sv" and len(form) >= 7 else len(form) - 1
    if len(form) >= 4 and query_word.startswith(form[: max(4, keep)]):
        return len(query_word) - len(form) <= MAX_ENDING
    if morph.sv_stem(query_word) == morph.sv_stem(form):
        return True
    return form in morph.fi_lemmas(query_word)


def _part_matches(part: str, form: str, lang: str) -> bool:
    """A compound part matches a form as a word would, or as the form less its last
    letter ("arbetsgivar" in "arbetsgivarträffar")."""
    return word_matches(part, form, lang) or (form.startswith(part) and len(form) - len(part) == 1)


def _split_matches(word: str) -> list[tuple[Entry, tuple[str, ...]]]:
    """Glossary forms inside a compound Finnish morphology does not know.

    Swedish writes compounds as one word: "arbetsgivarträffar" holds
    "arbetsgivare", "studiehandledare" holds "handledare". A part matches a
    single-word form as a whole word would (with a linking s, a dropped e).
    """
    if morph.analyse_fi(word).lemmas:
        return []
    index = _by_prefix()
    found = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        for part in {word[:i], word[:i].removesuffix("s"), word[i:]}:
            if len(part) < MIN_PART:
                continue
            for entry, lang, form in index.get(part[:PREFIX], ()):
                if len(form) == 1 and len(form[0]) >= MIN_PART and _part_matches(part, form[0], lang):
                    found.append((entry, form))
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def _by_prefix() -> dict[str, list[tuple[Entry, str, tuple[str, ...]]]]:
    """(entry, lang, form) keyed by the first letters of the form's first word, so
    a query word is compared with a handful of forms instead of the whole glossary."""
    index: dict[str, list[tuple[Entry, str, tuple[str, ...]]]] = {}
    for entry in entries():
        for lang, form in entry.forms:
            index.setdefault(form[0][:PREFIX], []).append((entry, lang, form))
    return index


def _keys(word: str) -> set[str]:
    return {w[:PREFIX] for w in (word, morph.sv_stem(word), *morph.fi_lemmas(word))}


def expand(query_words: list[str]) -> list[tuple[int, int, list[tuple[str, tuple[str, ...]]]]]:
    """Glossary matches in a query: (start, end, other forms) for each matched span.

    The other forms are those of the entry in every language, minus the matched
    form itself; the caller analyses them in their own language. A word no
    whole form matches is tried as a compound of forms.
    """
    found = []
    index = _by_prefix()
    for start, word in enumerate(query_words):
        for key in _keys(word):
            for entry, lang, form in index.get(key, ()):
                span = query_words[start:start + len(form)]
                if len(span) == len(form) and all(word_matches(q, f, lang) for q, f in zip(span, form, strict=True)):
                    found.append((start, start + len(form), [(lg, fm) for lg, fm in entry.forms if fm != form]))
    matched = {i for start, end, _ in found for i in range(start, end)}
    for i, word in enumerate(query_words):
        if i not in matched:
            for entry, form in _split_matches(word):
                found.append((i, i + 1, [(lg, fm) for lg, fm in entry.forms if fm != form]))
    return found
