"""Posting lists read from Whoosh once per generation and kept as arrays.

Scoring a query walks these arrays (`indexer.index.scoring`) instead of
Whoosh's matcher trees: a term's BM25F score in a passage depends only on the
generation (its frequency there, the passage's field length, the term's idf),
so it is computed once, with Whoosh's formula and statistics, when the term is
first asked for. At 100x the corpus a broad query touches ~150,000 postings;
through Whoosh's matchers that was ~10 us each, every time, and the query's
p95 was 0.8 s.

Everything is bounded by POSTING_BUDGET entries per generation; past it the
cache starts again empty (it refills from the mapped index at ~1 us a posting).
"""
from __future__ import annotations

import threading
from array import array
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

POSTING_BUDGET = 4_000_000  # cached postings per generation: 4 bytes (document) + 4 (score) each
ENTRY_COST = 24  # an entry's key, slot and array header, in postings (~200 bytes)
WEIGHTING = BM25F(B=0.6, K1=1.2)  # the ranking model of every searcher and of the cached impacts


class Impacts:
    """A term's postings: sorted document numbers and the BM25F score of the term in each."""

    __slots__ = ("docs", "scores")

    def __init__(self, docs: array, scores: array):
        self.docs, self.scores = docs, scores


EMPTY = Impacts(array("i"), array("f"))


class PostingCache:
    """Per-generation posting arrays: term impacts, phrase and filter document sets, facet values.

    `searching` lends the calling thread a Whoosh searcher (`Engine._searching`);
    the arrays are immutable once made, so threads share them without locks
    (two threads missing the same key at once both read it; one copy is kept).
    """

    def __init__(self, searching: Callable[[], AbstractContextManager[Any]], budget: int = POSTING_BUDGET):
        self._searching = searching
        self._budget = budget
        self._entries: dict[tuple, Any] = {}
        self._size = 0
        self._lock = threading.Lock()
        self._facets: dict[str, dict[str, frozenset[int]]] = {}
        self._field_norms: dict[str, array | None] = {}

    def impacts(self, fieldname: str, term: str) -> Impacts:
        """The postings of one indexed term with Whoosh's BM25F score per passage."""
        key = (fieldname, term)
        found = self._entries.get(key)
        if found is None:
            with self._searching() as s:
                found = _read_impacts(s, fieldname, term, self.norms)
            self._keep(key, found, len(found.docs))
        return found

    def docs(self, fieldname: str, term: str) -> array:
        """Passages holding a plan alternative: a term, or a phrase (slop 2) if it has spaces."""
        if " " not in term:
            return self.impacts(fieldname, term).docs
        return self.phrase(fieldname, tuple(term.split(" ")), 2)

    def phrase(self, fieldname: str, words: tuple[str, ...], slop: int) -> array:
        """Passages where the words stand in order, at most `slop` apart (Whoosh's positions)."""
        return self._query_docs((fieldname, words, slop), lambda: wq.Phrase(fieldname, list(words), slop=slop))

    def exact(self, fieldname: str, value: str) -> array:
        """Passages whose keyword field holds `value` (filters)."""
        return self._query_docs((fieldname, value, "="), lambda: wq.Term(fieldname, value))

    def facet_values(self, fieldname: str, values: list[str]) -> dict[str, frozenset[int]]:
        """Every value of a facet field with its passages: read once per generation."""
        found = self._facets.get(fieldname)
        if found is None:
            with self._searching() as s:
                found = {v: frozenset(s.docs_for_query(wq.Term(fieldname, v))) for v in values}
            self._facets[fieldname] = found
        return found

    def norms(self, fieldname: str) -> array | None:
        """BM25's length part per passage for a field (None: not scorable), computed once."""
        if fieldname not in self._field_norms:
            with self._searching() as s:
                self._field_norms[fieldname] = field_norms(s, fieldname)
        return self._field_norms[fieldname]

    def _query_docs(self, key: tuple, query: Callable[[], wq.Query]) -> array:
        found = self._entries.get(key)
        if found is None:
            with self._searching() as s:
                found = array("i", sorted(s.docs_for_query(query())))
            self._keep(key, found, len(found))
        return found

    def _keep(self, key: tuple, value: Any, size: int) -> None:
        """Cache a non-empty array, counted with an entry's own overhead: a term nobody
        indexed costs a dictionary look-up to ask again, and 100,000 of them kept would
        grow the process by tens of megabytes without filling the budget."""
        if not size:
            return
        size += ENTRY_COST
        with self._lock:
            if self._size + size > self._budget:
                self._entries.clear()
                self._size = 0
            if key not in self._entries:
                self._entries[key] = value
                self._size += size


def _read_impacts(searcher, fieldname: str, term: str, norms: Callable[[str], array | None]) -> Impacts:
    """Walk a term's postings once, scoring each as Whoosh's BM25F scorer would.

    Whoosh's own scorer looks up the field length per posting through four
    calls (two thirds of the read); here the length part of the formula comes
    from `norms`, one list per field, and the rest is `whoosh.scoring.bm25`
    inlined. `tests/test_postings.py` holds it equal to the scorer.
    """
    try:
        m = searcher.reader().postings(fieldname, term)
    except TermNotFound:
        return EMPTY
    docs, weights = _walk(m)
    norm = norms(fieldname)
    if norm is None:  # not scorable (a keyword field): Whoosh scores the term's weight
        return Impacts(docs, array("f", weights))
    top = searcher.idf(fieldname, term) * (WEIGHTING.K1 + 1)
    return Impacts(docs, array("f", [top * w / (w + norm[d]) for d, w in zip(docs, weights, strict=True)]))


def _walk(m) -> tuple[array, array]:
    """Document numbers and term weights of a fresh matcher.

    Whoosh's own codec matcher is read a block (up to 128 postings) at a time
    through its block methods, three times faster than a call per posting; any
    other matcher (a filtered one, another codec) one posting at a time.
    """
    docs, weights = array("i"), array("f")
    if type(m) is W3LeafMatcher:
        while m.is_active():
            m._read_ids()
            m._read_weights()
            docs.extend(m._ids)
            weights.extend(m._weights)
            m._next_block()
        return docs, weights
    while m.is_active():
        docs.append(m.id())
        weights.append(m.weight())
        m.next()
    return docs, weights


def field_norms(searcher, fieldname: str) -> array | None:
    """K1 x (1 - B + B x length / average length) per passage: BM25's length part for a field."""
    if not searcher.schema[fieldname].scorable:
        return None
    k1, b = WEIGHTING.K1, WEIGHTING.B
    avg = searcher.avg_field_length(fieldname) or 1
    length = searcher.doc_field_length  # None for a passage without the field (it holds no posting)
    return array("d", [k1 * (1 - b + b * (length(d, fieldname, 1) or 1) / avg)
                       for d in range(searcher.doc_count_all())])
