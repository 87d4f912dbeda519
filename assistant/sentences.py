"""Sentences of a passage, with offsets, and how well each one answers a reading.

Quotes are spans of the passage text returned by search (`text[start:end]`),
never re-typed, so every citation is verbatim by construction. Splitting
knows the report's habits: abbreviations ("esim.", "mm.", "n."), dates
("5.1.2015"), numbered list lines ("1. Forssan ja …"), one bullet per line;
a chunk that starts or stops mid-sentence is marked as a fragment and shown
with an ellipsis.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.forms import word_forms
from indexer.language.words import TOKEN_PATTERN

log = logging.getLogger(__name__)

_TOKEN = re.compile(TOKEN_PATTERN)
# A sentence ends at . ! ? … (plus closing quotes/brackets) before whitespace and a capital, digit or quote.
_END = re.compile(r"[.!?…]+[\"”’»)]*(?=\s+[\"”“«'(–-]?\s*[A-ZÅÄÖ0-9])")
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]\s")
_BULLET = re.compile(r"[\s\-–•*·]+")
ABBREVIATIONS = frozenset("""
    esim mm ns n ts yms tms jne ym vrt ks s nro milj mrd tk klo os puh tfn t ca bl dvs resp kpl v vs pv
    vko prof dr jms mrs ym sis lk tel engl ruots lyh huom mom liite kuva taul pl t.ex bl.a s.k
""".split())
REFERENCE_WORDS = frozenset("liite liitteessä kuva kuvassa kuvio taulukko taulukossa sivu sivulla s luku luvussa "
                            "bilaga figur tabell sidan kapitel".split())
UNIT_WORDS = frozenset("kappale kpl stycken st styck".split())  # "50 kappaletta": the counted noun is elsewhere
_DOCUMENT_NUMBER = re.compile(r"\b\d{1,4}/(?:19|20)\d\d\b")  # a law's or a bill's number and year
LONG_SENTENCE_CHARS = 360  # shown with an ellipsis in the answer text; the citation keeps it whole


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    words: tuple[str, ...]  # the words, lowercase
    tokens: tuple[frozenset[str], ...]  # normalised forms of each word
    numbers: tuple[int, ...]  # indexes of tokens holding a number
    cut_start: bool  # the passage begins mid-sentence here
    cut_end: bool  # the passage stops mid-sentence here

    @property
    def forms(self) -> frozenset[str]:
        return frozenset().union(*self.tokens) if self.tokens else frozenset()

    def display(self) -> str:
        """The sentence as the answer shows it: ellipses mark every cut, nothing is cut silently."""
        text = self.text
        if len(text) > LONG_SENTENCE_CHARS:
            text = text[:LONG_SENTENCE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ") + " …"
        elif self.cut_end:
            text += " …"
        return ("… " + text) if self.cut_start else text


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: every line is split on its sentence ends."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        start = 0
        for m in _END.finditer(line):
            if _is_abbreviation(line, start, m.start()):
                continue
            out.append((line_start + start, line_start + m.end()))
            start = m.end()
        out.append((line_start + start, line_start + len(line)))
    return [s for s in (_trim(text, a, b) for a, b in out) if s is not None]


def _is_abbreviation(line: str, start: int, dot: int) -> bool:
    """A dot after an abbreviation, an initial or a list number ("1.") ends no sentence."""
    before = line[start:dot].split()
    if not before or line[dot] != ".":
        return False
    word = before[-1].lstrip("(\"”“'").lower()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return True
    return word.isdigit() and len(before) == 1  # "1. Forssan ja …" at the start of the line


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    m = _BULLET.match(text, a, b)
    if m:
        a = m.end()
    while b > a and text[b - 1].isspace():
        b -= 1
    if not _TOKEN.search(text, a, b):
        return None
    return a, b


@lru_cache(maxsize=4096)
def split(text: str, lang: str = "fi") -> tuple[Sentence, ...]:
    """The passage's sentences with their word forms (cached per passage text)."""
    found = spans(text)
    out = []
    for i, (a, b) in enumerate(found):
        sent = text[a:b]
        toks = [m.group(0).lower() for m in _TOKEN.finditer(sent)]
        marker = 1 if _LIST_NUMBER.match(sent) else 0  # "6. Kuntakokeilulaki …": a list number, no figure
        refs = {n for m in _DOCUMENT_NUMBER.finditer(sent) for n in m.group(0).split("/")}
        numbers = tuple(j for j, t in enumerate(toks) if j >= marker and any(ch.isdigit() for ch in t)
                        and not (j and toks[j - 1] in REFERENCE_WORDS)  # "Liite 1", "Kuva 2": no figures
                        and t not in refs)  # "HE 117/2014", "(1412/1997)": a document's number
        cut_start = i == 0 and sent[:1].islower()
        cut_end = i == len(found) - 1 and len(toks) > 12 and not re.search(r"[.!?…:;\"”)]$", sent)
        forms = tuple(word_forms(t, lang) for t in toks)
        out.append(Sentence(a, b, sent, tuple(toks), forms, numbers, cut_start, cut_end))
    return tuple(out)


def covered(sentence_forms: frozenset[str], terms) -> list[int]:
    """Indexes of the terms that the forms cover."""
    return [i for i, t in enumerate(terms) if t.forms & sentence_forms]


_DATE = re.compile(r"^(?:1[89]|20)\d\d$|^\d{1,2}\.\d{1,2}\.\d{2,4}$")


def has_date(sentence: Sentence) -> bool:
    """A year or a date ("2015", "5.1.2015"): what a "milloin"/"när" question asks for."""
    return any(_DATE.match(w) for w in sentence.words)


def has_number(sentence: Sentence, number_words: frozenset[str]) -> bool:
    return bool(sentence.numbers) or any(tok & number_words for tok in sentence.tokens)


def counts(sentence: Sentence, term) -> bool:
    """Does a number stand right by the counted noun ("57 kuntaa", "16 kommuner", "postereita … 50 kpl")?"""
    nums = set(sentence.numbers)
    n = len(sentence.tokens)
    for j in nums:
        after, before = j + 1, j - 1
        while after in nums:  # "57 219" is one figure in two tokens
            after += 1
        while before in nums:
            before -= 1
        near = [after, before]
        if after < n and any(f in UNIT_WORDS for f in sentence.tokens[after]):
            near += [before - 1, after + 1]  # "Postereita valmistui 50 kappaletta"
        if any(0 <= k < n and term.forms & sentence.tokens[k] for k in near):
            return True
    return False


def number_near(sentence: Sentence, terms, window: int = 3) -> bool:
    """Is a number within `window` words of a topic term ("57 kuntaa", "973 nuorta")?"""
    for j in sentence.numbers:
        for k in range(max(0, j - window), min(len(sentence.tokens), j + window + 1)):
            if k != j and any(t.forms & sentence.tokens[k] for t in terms):
                return True
    return False
