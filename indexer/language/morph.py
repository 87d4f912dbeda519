"""Word-level morphology: Voikko lemmas and compound parts, Snowball stems, folding.

Analysis filters (`indexer.index.analysis`) and the query planner both need the same
answers for the same word, so the word-level work lives here once, behind a
memo that can be saved to disk: Voikko costs ~0.3 ms a word uncached and a
corpus has tens of thousands of word occurrences but only ~15k distinct forms.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from whoosh.lang.porter import stem as english_stem
from whoosh.lang.snowball.finnish import FinnishStemmer
from whoosh.lang.snowball.swedish import SwedishStemmer

log = logging.getLogger(__name__)

CACHE_VERSION = "2"
_fi_stemmer = FinnishStemmer()
_sv_stemmer = SwedishStemmer()


class FiAnalysis(NamedTuple):
    """All readings of one Finnish word form (lowercase)."""

    lemmas: tuple[str, ...]  # base forms of every reading; empty if Voikko does not know it
    parts: tuple[str, ...]  # base forms of compound parts, for compounds only
    proper: bool  # some reading is a proper noun (place, person, organisation)
    roots: tuple[str, ...] = ()  # derivation bases: "säästö" <- "säästää", "kokeilu" <- "kokeilla"


RECENT_WORDS = 20_000  # analyses a serving process keeps beyond the corpus's (`bound_memo`)
STEMS = 32_768  # stems memoised per language (the corpus has ~15,000 distinct forms)
_memo: dict[str, FiAnalysis] = {}  # the corpus's analyses: loaded, or made by a build
_recent: OrderedDict[str, FiAnalysis] = OrderedDict()  # a server's other words, least recent first
_recent_max: int | None = None  # None: unbounded, everything goes to _memo (a build)
_memo_lock = threading.Lock()
_dirty = False


def _voikko():
    """Import lazily: the FST takes ~0.2 s to load and CLIs may not need it."""
    import pyvoikko

    return pyvoikko


def _clean_base(base: str) -> str:
    return base.replace("=", "").replace("|", "").strip("-").lower()


def _analyse_uncached(word: str) -> FiAnalysis:
    try:
        readings = _voikko().analyse(word)
    except Exception:  # the FST rejects some characters; treat as unknown
        log.debug("voikko failed on %r", word)
        readings = []
    lemmas: list[str] = []
    for r in readings:
        base = _clean_base(r.BASEFORM)
        if base and base not in lemmas:
            lemmas.append(base)
    proper = any(r.CLASS in ("paikannimi", "sukunimi", "etunimi", "nimi") for r in readings)
    roots = tuple(dict.fromkeys(root for r in readings if (root := _derivation_root(r.FSTOUTPUT))))
    return FiAnalysis(tuple(lemmas), _compound_parts(readings, lemmas), proper, roots)


_DERIVED = re.compile(r"\[Xp\]([^\[]+)\[X\][^\[]*(?:\[(?!Xp)[^\]]*\][^\[]*)*?\[Xj\]")


def _derivation_root(fst_output: str) -> str | None:
    """The base a word's last compound part is derived from, per Voikko's [Xj] mark.

    "[Lt][Xp]säästää[X]sääst[Ln][Xj]ö..." is the noun säästö made from the
    verb säästää; people ask "paljonko säästettiin" of a text about "säästö".
    """
    last = fst_output.split("[Bc]")[-1]
    m = _DERIVED.search(last)
    return _clean_base(m.group(1)) if m else None


def _compound_parts(readings, lemmas: list[str]) -> tuple[str, ...]:
    """Parts of the most plausible splits: the readings with the fewest parts.

    "nuorisotakuukokeilu" reads as nuoriso+takuu+kokeilu and as
    nuori+sota+kuu+kokeilu; only the first is kept.
    """
    splits = [r.COMPOUND_PARTS for r in readings if r.COMPOUND_PARTS]
    if not splits:
        return ()
    fewest = min(len(s) for s in splits)
    parts: list[str] = []
    for split in splits:
        if len(split) != fewest:
            continue
        for p in split:
            pb = _clean_base(p.BASEFORM)
            if len(pb) > 2 and pb not in parts and pb not in lemmas:
                parts.append(pb)
    return tuple(parts)


def analyse_fi(word: str) -> FiAnalysis:
    """Voikko readings of a lowercase word, memoised (thread-safe; see `bound_memo`)."""
    global _dirty
    hit = _memo.get(word)
    if hit is not None:
        return hit
    if _recent_max is not None:
        with _memo_lock:
            hit = _recent.get(word)
            if hit is not None:
                _recent.move_to_end(word)
                return hit
    result = _analyse_uncached(word)
    with _memo_lock:
        if _recent_max is None:
            _memo[word] = result
            _dirty = True
        else:
            _recent[word] = result
            while len(_recent) > _recent_max:
                _recent.popitem(last=False)
    return result


def bound_memo(max_recent: int = RECENT_WORDS) -> None:
    """From now on keep at most `max_recent` analyses beyond those loaded (`load_cache`), least
    recently used out first. A build keeps every analysis (it saves them for the server); a
    server's new words are whatever people type, and a memo that never shrinks grew ~540
    bytes a word (52 MB per 96,000 made-up words in an audit)."""
    global _recent_max
    with _memo_lock:
        _recent_max = max(0, int(max_recent))
        while len(_recent) > _recent_max:
            _recent.popitem(last=False)


def memo_sizes() -> tuple[int, int]:
    """(analyses loaded or built, recent ones kept within the bound)."""
    return len(_memo), len(_recent)


@lru_cache(maxsize=4096)
def place_base(word: str) -> str | None:
    """Base form when Voikko reads the word as a place name ("turussa" -> "Turku").

    A word with no proper-noun reading at all (the memoised `analyse_fi`, saved with the
    index) has no place reading either: most words are answered without asking Voikko again."""
    if not analyse_fi(word).proper:
        return None
    try:
        readings = _voikko().analyse(word)
    except Exception:  # the FST rejects some characters: not a place
        return None
    return next((r.BASEFORM for r in readings if r.CLASS == "paikannimi"), None)


@lru_cache(maxsize=8192)
def fi_verb(word: str) -> bool:
    """Is every reading of this lowercase word a verb or a participle ("kertyi", "jäänyt")?

    A question's verbs frame what it asks ("Montako päivää kertyi?") while the source states
    it with another verb or none ("Päiviä oli 1900"); the assistant steers by them but does
    not require them in an answer."""
    try:
        readings = _voikko().analyse(word)
    except Exception:  # the FST rejects some characters: not a verb
        return False
    return bool(readings) and all(r.CLASS == "teonsana" or getattr(r, "PARTICIPLE", None) for r in readings)


def fi_lemmas(word: str) -> tuple[str, ...]:
    """Lemmas of a Finnish word, or its Snowball stem when Voikko does not know it."""
    a = analyse_fi(word)
    if a.lemmas:
        return a.lemmas
    if any(ch.isdigit() for ch in word):
        return (word,)
    return (fi_stem(word),)


def fi_roots(word: str) -> tuple[str, ...]:
    """Lemmas plus derivation bases (Snowball stem for unknown words): the stem_fi field."""
    a = analyse_fi(word)
    if not a.lemmas:
        return (fi_stem(word),)
    return tuple(dict.fromkeys(a.lemmas + a.roots))


@lru_cache(maxsize=STEMS)
def fi_stem(word: str) -> str:
    return _fi_stemmer.stem(word)


@lru_cache(maxsize=STEMS)
def sv_stem(word: str) -> str:
    return _sv_stemmer.stem(word)


@lru_cache(maxsize=STEMS)
def en_stem(word: str) -> str:
    return english_stem(word)


def lemmas_for(word: str, lang: str) -> tuple[str, ...]:
    """The normalised forms of `word` in the lemma field of language `lang`."""
    if lang == "fi":
        return fi_lemmas(word)
    if lang == "sv":
        return (sv_stem(word),)
    return (en_stem(word),)


_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ü": "u", "é": "e", "è": "e", "á": "a", "š": "s", "ž": "z"})


@lru_cache(maxsize=STEMS)
def fold(word: str) -> str:
    """Strip diacritics the way people type without a Nordic keyboard (ä→a, ö→o, å→a)."""
    folded = word.translate(_FOLD)
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


# -- persistent cache ----------------------------------------------------------

def _cache_file(cache_dir: Path) -> Path:
    return cache_dir / f"voikko-v{CACHE_VERSION}.json"


def load_cache(cache_dir: Path) -> int:
    """Load saved analyses; returns how many. A corrupt cache is ignored, not fatal."""
    path = _cache_file(cache_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable analysis cache %s: %s", path, exc)
        return 0
    with _memo_lock:
        for word, (lemmas, parts, proper, roots) in data.items():
            _memo.setdefault(word, FiAnalysis(tuple(lemmas), tuple(parts), bool(proper), tuple(roots)))
    return len(data)


def save_cache(cache_dir: Path) -> None:
    """Write the memo atomically (tmp file + rename) so readers never see half a file."""
    global _dirty
    if not _dirty:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = _cache_file(cache_dir)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with _memo_lock:
        data = {w: [list(a.lemmas), list(a.parts), a.proper, list(a.roots)] for w, a in _memo.items()}
        _dirty = False
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not leave half a file behind
        with _memo_lock:
            _dirty = True
        raise
