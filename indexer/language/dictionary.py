"""A general Finnish<->Swedish dictionary (FreeDict) behind the domain glossary.

The glossary (`glossary.py`) knows the experiments' own terms; a Swedish query about
"arbetslösa" still needs "työtön" to reach a Finnish-only passage. FreeDict's WikDict
edition (data/freedict_*.tsv, CC BY-SA 3.0, see data/README.md) fills that gap:
`translations(word, lang)` gives the few base forms a query word translates to.

A word is looked up by its normalised form, as the index sees it: Swedish by Snowball
stem (computed at load), Finnish by Voikko lemma (the Finnish file carries the lemmas
of the headwords that need them as precomputed keys: lemmatising 15k headwords takes
Voikko ~10 s). A shared Swedish stem alone is not enough ("extern" and "extas" are both
"ext"): the headword must be the word with an inflectional ending. Each file is also read
backwards, so a word that is only ever a translation in the other direction's file is
still found. The glossary wins: a word it knows gets the glossary's forms, never
FreeDict's general senses ("försök" is "kokeilu" here, not "yritys").

Both directions load in ~0.6-0.9 s into ~20 MB (measured on the 2-core dev machine);
`load()` at server start keeps that off the first query.
"""
from __future__ import annotations

import logging
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from indexer.language import glossary, morph
from indexer.language.words import stopwords

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
FILES = {"fi": DATA_DIR / "freedict_fi_sv.tsv", "sv": DATA_DIR / "freedict_sv_fi.tsv"}
OTHER = {"fi": "sv", "sv": "fi"}
MAX_TRANSLATIONS = 3  # FreeDict lists rare senses too; the first few are the common ones
MIN_LENGTH = 3  # shorter words are mostly function words or abbreviations
MAX_ENDING = 5  # longest Swedish inflectional ending ("-arnas"); longer tails are compounds
# endings the Swedish Snowball stemmer leaves on ("anslaget", "köpta", and "nya", too short
# to stem): the word is also looked up without them, and `_near` vets what that finds
SV_ENDINGS = ("ets", "et", "ta", "da", "de", "te", "tt", "a", "n", "t", "s")
_WORD = re.compile(r"^\w+$")


class Entry(NamedTuple):
    headword: str  # lowercase
    translations: tuple[str, ...]  # single-word base forms, lowercase, in FreeDict's order
    proper: bool = False  # a proper noun ("Lahti", the town), capitalised in FreeDict


class Lexicon(NamedTuple):
    """One source language: entries by lookup key, own file first, then the other file reversed."""

    forward: dict[str, tuple[Entry, ...]]
    backward: dict[str, tuple[Entry, ...]]


def _clean(translations: str, headword: str) -> tuple[str, ...]:
    """Single-word, non-stopword translations: phrases ("ingå äktenskap") do not fit one query word."""
    out = []
    for t in translations.split("|"):
        t = sys.intern(t.lower())
        if _WORD.match(t) and t != headword and t not in stopwords() and t not in out:
            out.append(t)
    return tuple(out)


def _read(lang: str) -> list[tuple[Entry, tuple[str, ...]]]:
    """The entries of one file (comments skipped; entries without a usable translation dropped),
    each with its extra lookup keys."""
    rows = []
    with FILES[lang].open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            headword = sys.intern(fields[0].lower())
            found = _clean(fields[1], headword)
            if found and headword not in stopwords():
                entry = Entry(headword, found, fields[0][:1].isupper())
                rows.append((entry, tuple(fields[2].split("|")) if len(fields) > 2 else ()))
    return rows


class _Keys:
    """Lookup keys of base forms: Swedish by stem (and by the stem without the e that
    inflection drops), Finnish by itself and its precomputed lemmas.

    Stems are memoised here for the load only: 30k dictionary words would crowd the
    query words out of morph's own memo.
    """

    def __init__(self) -> None:
        self.stems: dict[str, str] = {}

    def __call__(self, word: str, lang: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        if lang == "fi":
            return (word, *extra)
        if len(word) >= 5 and word[-2] == "e" and word[-1] in "lnr":  # "flexibel": "flexibla", "regler"
            return (self._stem(word), self._stem(word[:-2] + word[-1]))
        return (self._stem(word),)

    def _stem(self, word: str) -> str:
        stem = self.stems.get(word)
        if stem is None:
            stem = self.stems[word] = sys.intern(morph.sv_stem.__wrapped__(word))
        return stem


def _add(table: dict[str, list[Entry]], keys: tuple[str, ...], entry: Entry) -> None:
    for key in dict.fromkeys(keys):
        table.setdefault(key, []).append(entry)


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, Lexicon]:
    """Both directions' lookup tables, each file read once."""
    rows = {lang: _read(lang) for lang in FILES}
    keys, out = _Keys(), {}
    for lang, other in OTHER.items():
        forward: dict[str, list[Entry]] = {}
        for entry, extra in rows[lang]:
            _add(forward, keys(entry.headword, lang, extra), entry)
        backward: dict[str, list[Entry]] = {}
        for entry, _ in rows[other]:
            for word in entry.translations:
                _add(backward, keys(word, lang), Entry(word, (entry.headword,), entry.proper))
        log.info("dictionary %s: %d forward keys, %d backward keys", lang, len(forward), len(backward))
        out[lang] = Lexicon({k: tuple(v) for k, v in forward.items()}, {k: tuple(v) for k, v in backward.items()})
    return out


def lexicon(lang: str) -> Lexicon:
    """The lookup tables for words of `lang` ("fi" or "sv"), built on first use."""
    return _lexicons()[lang]


def load() -> None:
    """Build both directions now (under a second), so the first query does not pay for it."""
    _lexicons()


def _query_keys(word: str, lang: str) -> tuple[str, ...]:
    if lang == "fi":
        return tuple(dict.fromkeys((word, *morph.fi_lemmas(word))))
    bare = (word[: -len(e)] for e in SV_ENDINGS if word.endswith(e) and len(word) - len(e) >= 2 + (len(e) > 1))
    stems = [morph.sv_stem(w) for w in (word, *bare)]
    # Snowball strips one suffix at a time: "rektorer" -> "rektor", but the headword "rektor"
    # is keyed "rekt"; the stem's own stem meets it (`_closeness` still checks the inflection).
    return tuple(dict.fromkeys([*stems, *(morph.sv_stem(s) for s in stems)]))


def _near(word: str, form: str) -> bool:
    """Whether a Swedish form sharing the word's stem is the word inflected.

    Snowball stems hard: "extern" and "extas" are both "ext". An inflected form keeps
    all of its base form but perhaps the last letter ("arbetslös" -> "arbetslösa",
    "arbeta" -> "arbete") or the e before a final l/r/n ("regel" -> "regler").
    """
    if len(word) - len(form) > MAX_ENDING:
        return False
    if word.startswith(form[:-1]):
        return True
    bare = form[:-2] + form[-1]
    return len(form) >= 5 and form[-2] == "e" and word.startswith(bare) and len(word) - len(bare) <= 3


def _distance(word: str, form: str) -> int | None:
    """0 for the word itself, else how far the word is from `form` as an inflection of it;
    None when they only share a stem ("extern", "extas")."""
    if word == form:
        return 0
    if not _near(word, form):
        return None
    return abs(len(word) - len(form)) + (not word.startswith(form))  # "arbetet": arbete before arbeta


def _closeness(word: str, form: str, lang: str) -> int | None:
    """Finnish forms are found by lemma, so all are as close as can be; Swedish ones by stem."""
    return 0 if lang == "fi" else _distance(word, form)


def _freedict(word: str, lang: str, proper_only: bool = False) -> list[tuple[int, str]]:
    """(closeness, translation) of every FreeDict entry the word's keys reach, own file first."""
    lex = lexicon(lang)
    keys = _query_keys(word, lang)
    found = []
    for table in (lex.forward, lex.backward):
        entries = dict.fromkeys(e for k in keys for e in table.get(k, ()))
        for entry in entries:
            if proper_only and not entry.proper:
                continue
            near = _closeness(word, entry.headword, lang)
            if near is not None:
                found.extend((near, t) for t in entry.translations)
    return found


@lru_cache(maxsize=1)
def _glossary_forms() -> dict[str, tuple[tuple[glossary.Entry, str, str], ...]]:
    """(entry, lang, form) of every one-word fi/sv glossary form, by its first three letters."""
    index: dict[str, list[tuple[glossary.Entry, str, str]]] = {}
    for entry in glossary.entries():
        for lg, form in entry.forms:
            if lg in OTHER and len(form) == 1:
                index.setdefault(form[0][:3], []).append((entry, lg, form[0]))
    return {k: tuple(v) for k, v in index.items()}


def _glossary(word: str, lang: str) -> list[tuple[int, str]]:
    """(closeness, form) of the glossary's one-word forms in the other language, for
    every entry with a one-word form of `lang` that the word matches (by the glossary's
    own rule, and near it as `_closeness` has it).

    A match shares its first three letters with the word or one of its lemmas, as in
    `glossary.expand`, so only those forms are compared.
    """
    lemmas = morph.fi_lemmas(word) if lang == "fi" else ()
    forms = _glossary_forms()
    candidates = dict.fromkeys(c for w in (word, morph.sv_stem(word), *lemmas) for c in forms.get(w[:3], ()))
    best: dict[glossary.Entry, int] = {}
    for entry, lg, form in candidates:
        if lg != lang or not glossary.word_matches(word, form, lg):
            continue
        near = 0 if form in lemmas else _distance(word, form)
        if near is not None:
            best[entry] = min(near, best.get(entry, near))
    target = OTHER[lang]
    return [(near, form[0]) for entry, near in best.items() for lg, form in entry.forms
            if lg == target and len(form) == 1]


def _best(found: list[tuple[int, str]], word: str) -> tuple[str, ...]:
    ranked = sorted(range(len(found)), key=lambda i: (found[i][0], i))  # stable: source order breaks ties
    out = dict.fromkeys(found[i][1] for i in ranked if found[i][1] != word)
    return tuple(out)[:MAX_TRANSLATIONS]


@lru_cache(maxsize=4096)
def translations(word: str, lang: str) -> tuple[str, ...]:
    """Base forms of `word` (a Finnish or Swedish word form, lang "fi"/"sv") in the other language.

    At most MAX_TRANSLATIONS, most common sense first; () for stopwords, short words,
    numbers and words neither the glossary nor FreeDict knows. A word the glossary
    knows (as closely as FreeDict does) gets only the glossary's one-word forms; its
    phrases and compound splits are left to `glossary.expand`.
    """
    word = word.lower()
    if lang not in OTHER or len(word) < MIN_LENGTH or not word.isalpha() or word in stopwords():
        return ()
    if lang == "fi" and any(lemma in stopwords() for lemma in morph.fi_lemmas(word)):
        return ()
    # a Finnish place name ("Liperi", "Lahti") translates as a name or not at all, never as
    # the common noun it also spells (liperi: a clerical collar)
    place = lang == "fi" and morph.place_base(word) is not None
    domain, general = _glossary(word, lang), _freedict(word, lang, proper_only=place)
    if domain and min(domain)[0] <= min(general, default=(99, ""))[0]:
        return _best(domain, word)  # the glossary knows it at least as well: its sense only
    return _best(domain + general, word)
