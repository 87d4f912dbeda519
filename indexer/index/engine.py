"""An open generation: searchers per thread, plan execution, cached posting sets."""
from __future__ import annotations

import logging
import threading
import time
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as wq

from indexer.index import matchset, scoring
from indexer.index.postings import WEIGHTING, PostingCache
from indexer.index.spelling import DeleteIndex
from indexer.index.storage import open_index
from indexer.plan import BOOSTS, CONTEXT, RELATED, QueryPlan, match_quality

log = logging.getLogger(__name__)

SPELLING_FIELD = "surface"  # the field typos are corrected against (its dictionary is built with the generation)
STORED_CACHE = 4_000  # passages whose stored fields are kept decoded per generation (~2.8 kB each)
FACET_FIELDS = ("doc", "lang", "model", "municipality", "poster_field", "kind")


@dataclass
class Hit:
    """One matching passage with its engine score and the concepts it covers.

    Its stored fields load on first use: of the 200 candidates a query
    reranks, only the page shown needs them (and all of them only when the
    question asks for a figure). Loading all was most of the stored-field cache.
    """

    docnum: int
    score: float
    order: int  # position in its document: the rerank's tiebreak
    covered: dict[int, float]
    load: Callable[[int], dict[str, Any]] = field(repr=False, compare=False)
    contains: set[int] = field(default_factory=set)  # concepts matched by a form of their own
    in_text: set[int] = field(default_factory=set)  # of those, matched in the passage's own text

    @property
    def stored(self) -> dict[str, Any]:
        return self.load(self.docnum)


@dataclass
class RawResult:
    hits: list[Hit]
    total: int
    facets: dict[str, Counter]
    partial: bool = False  # the time limit stopped scoring: hits, total and facets count what was reached


class Engine:
    """An open generation: long-lived searchers, one per request thread at a time.

    A Whoosh searcher is not thread-safe: its postings and stored-field files
    are file objects with one read position, so two threads reading through
    one searcher read each other's bytes (seen as UnpicklingError under load).
    Each thread borrows an idle searcher from a small pool (as many as threads
    ever searched at once); the caches here are shared, plain dicts.
    """

    def __init__(self, gen: Path):
        self.gen = gen
        self._ix = open_index(gen)
        self._pool_lock = threading.Lock()
        self._local = threading.local()
        self._opened = [self._open_searcher()]
        self._idle = list(self._opened)
        self.doc_count: int = self._opened[0].doc_count()
        self.vocab_cache: dict[str, list[str]] = {}
        self._stored: dict[int, dict[str, Any]] = {}
        self.postings = PostingCache(self._searching)
        self._order: list[int] | None = None
        self._spelling: dict[str, DeleteIndex] = {}
        self._spelling_lock = threading.Lock()

    def _open_searcher(self):
        return self._ix.searcher(weighting=WEIGHTING)

    @contextmanager
    def _searching(self) -> Iterator[Any]:
        """This thread's searcher for the duration (re-entrant: nested calls share it)."""
        held = getattr(self._local, "searcher", None)
        if held is not None:
            yield held
            return
        with self._pool_lock:
            s = self._idle.pop() if self._idle else None
        if s is None:
            s = self._open_searcher()
            with self._pool_lock:
                self._opened.append(s)
        self._local.searcher = s
        try:
            yield s
        finally:
            self._local.searcher = None
            with self._pool_lock:
                self._idle.append(s)

    @property
    def searchers(self) -> int:
        """How many searchers are open (for tests and monitoring)."""
        return len(self._opened)

    def close(self) -> None:
        with self._pool_lock:
            for s in self._opened:
                s.close()
            self._opened, self._idle = [], []
        self._ix.close()
        self._ix.storage.close()

    def doc_frequency(self, fieldname: str, term: str) -> int:
        with self._searching() as s:
            return s.doc_frequency(fieldname, term)

    def lexicon(self, fieldname: str) -> list[str]:
        """All terms of a field (cached): for accent restoration and suggestions."""
        if fieldname not in self.vocab_cache:
            with self._searching() as s:
                self.vocab_cache[fieldname] = [t.decode("utf-8") for t in s.lexicon(fieldname)]
        return self.vocab_cache[fieldname]

    def prefixed(self, fieldname: str, prefix: str, limit: int = 12) -> list[str]:
        """The field's most frequent terms starting with `prefix` (a word still being typed).

        The lexicon is sorted (Whoosh keeps terms in byte order, which is code point order
        for UTF-8), so the range is two binary searches."""
        terms = self.lexicon(fieldname)
        lo = bisect_left(terms, prefix)
        hi = bisect_left(terms, prefix + "\U0010ffff", lo)
        found = terms[lo:hi]
        if len(found) > limit:
            found = sorted(found, key=lambda t: -self.doc_frequency(fieldname, t))[:limit]
        return found

    def suggest(self, fieldname: str, word: str, limit: int = 3, maxdist: int = 2) -> list[str]:
        """Close index terms by edit distance, most frequent first: Whoosh's corrector's
        answers from a symmetric-delete dictionary (`spelling`), ~0.1 ms instead of ~20-60."""
        return self.spelling(fieldname).suggest(word, limit=limit, maxdist=maxdist)

    def spelling(self, fieldname: str) -> DeleteIndex:
        """The field's typo dictionary: the build's (`save_spelling`, ~10 ms to load), else made now (~0.4 s)."""
        if fieldname not in self._spelling:
            with self._spelling_lock:
                if fieldname not in self._spelling:
                    found = DeleteIndex.load(self.gen / spelling_file(fieldname))
                    if found is None:
                        log.info("%s has no saved typo dictionary for %s; making one", self.gen.name, fieldname)
                        found = DeleteIndex.build(self._term_frequencies(fieldname))
                    self._spelling[fieldname] = found
        return self._spelling[fieldname]

    def save_spelling(self, fieldname: str) -> None:
        """Write the field's typo dictionary into the generation (the build does, before it goes live)."""
        DeleteIndex.build(self._term_frequencies(fieldname)).save(self.gen / spelling_file(fieldname))

    def _term_frequencies(self, fieldname: str) -> list[tuple[str, float]]:
        """Every term of the field with its total frequency (what Whoosh's corrector ranks by)."""
        with self._searching() as s:
            return [(t.decode("utf-8"), info.weight()) for t, info in s.reader().iter_field(fieldname)]

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """Stored fields by document number, decompressed once per generation (bounded).

        Shown results repeat across queries and pages; reading and unpickling
        them each time was a third of a query's time when every candidate
        loaded them (`Hit` now loads them only when asked).
        """
        stored = self._stored.get(docnum)
        if stored is None:
            with self._searching() as s:
                stored = s.stored_fields(docnum)
            if len(self._stored) >= STORED_CACHE:  # bounded: at 100x it would hold the corpus
                self._stored.clear()
            self._stored[docnum] = stored
        return stored

    def warm(self) -> None:
        """Read what queries need before the generation serves, not on its first requests:
        the order column, each ranked field's length norms (~0.5 s in all at 100x) and the
        typo dictionary of the field the planner corrects against."""
        self._orders()
        self.spelling(SPELLING_FIELD)
        for fieldname in BOOSTS:
            self.postings.norms(fieldname)

    def _orders(self) -> list[int]:
        """Every passage's `order` (a sortable column), read once per generation."""
        if self._order is None:
            with self._searching() as s:
                self._order = list(s.reader().column_reader("order"))
        return self._order

    def stored(self, ids: list[str]) -> list[dict[str, Any]]:
        out = []
        with self._searching() as s:
            for pid in ids:
                docnum = s.document_number(id=pid)
                if docnum is not None:
                    out.append(s.stored_fields(docnum))
        return out

    def all_stored(self, **filters: str) -> list[dict[str, Any]]:
        """Stored fields of every passage matching exact field filters, in corpus order."""
        q = wq.And([wq.Term(k, v) for k, v in filters.items()]) if filters else wq.Every()
        with self._searching() as s:
            return [hit.fields() for hit in s.search(q, limit=None, sortedby="order")]

    def run(self, plan: QueryPlan, candidates: int = 200, time_limit: float | None = None) -> RawResult:
        """Execute a plan: the top `candidates` hits with covered concepts, total and facets.

        Every match is scored from cached term impacts (`scoring`), so the
        total and the facet counts come from the same dictionary as the top
        hits; of those, only the ones shown load their stored fields (`Hit`).
        """
        with self._searching():
            plan = self.prune(plan)
            deadline = time.monotonic() + time_limit if time_limit else None
            scored = scoring.score_plan(plan, self.postings, self.doc_count, deadline)
            if scored.partial:
                log.warning("query hit its time budget; returning partial results")
            matches = scored.scores
            by_field = matchset.field_filters(plan.filters, self.postings.exact)
            allowed = matchset.passing(by_field)
            if allowed is not None:
                matches = {d: matches[d] for d in allowed if d in matches}
            best = scoring.top(matches, candidates)
            covered, contains, in_text = self._covered(plan, [d for d, _ in best])
            orders = self._orders()
            hits = [Hit(d, score, orders[d], covered[d], self.stored_fields, contains[d], in_text[d])
                    for d, score in best]
            facets = matchset.facet_counts(set(scored.scores), plan.filters, by_field, FACET_FIELDS,
                                           self.facet_values)
            return RawResult(hits, len(matches), facets, scored.partial)

    def _covered(self, plan: QueryPlan, docnums: list[int]) -> tuple[dict[int, dict[int, float]],
                                                                      dict[int, set[int]], dict[int, set[int]]]:
        """Per candidate: concept index -> best match quality of its alternatives there; the
        concepts it contains in a form of their own (not only a derivation base, `RELATED`);
        and those of them found in its own text (not only in a heading or tag, `CONTEXT`).

        A binary search per candidate in each alternative's posting array,
        alternative by alternative (each array and quality looked up once).
        """
        covered: dict[int, dict[int, float]] = {d: {} for d in docnums}
        contains: dict[int, set[int]] = {d: set() for d in docnums}
        in_text: dict[int, set[int]] = {d: set() for d in docnums}
        for i, c in enumerate(plan.concepts):
            for fname, term, boost in c.alternatives:
                docs, quality = self.postings.docs(fname, term), match_quality(fname, boost)
                own, text = fname not in RELATED, fname not in RELATED and fname not in CONTEXT
                for d in docnums:
                    if _holds(docs, d):
                        if covered[d].get(i, 0.0) < quality:
                            covered[d][i] = quality
                        if own:
                            contains[d].add(i)
                        if text:
                            in_text[d].add(i)
        return covered, contains, in_text

    def facet_values(self, fieldname: str) -> dict[str, frozenset[int]]:
        """Every value of a facet field with its documents: read once per generation."""
        return self.postings.facet_values(fieldname, self.lexicon(fieldname))

    def prune(self, plan: QueryPlan) -> QueryPlan:
        """Drop (field, term) alternatives the index has never seen: no postings to look up,
        and a concept left with none tells scoring that its word matches nothing."""
        df = self.doc_frequency
        for c in plan.concepts + plan.excluded:
            c.alternatives = [a for a in c.alternatives if all(df(a[0], w) for w in a[1].split(" "))]
        return plan


def spelling_file(fieldname: str) -> str:
    return f"spelling-{fieldname}.bin"


def _holds(docs: array, docnum: int) -> bool:
    i = bisect_left(docs, docnum)
    return i < len(docs) and docs[i] == docnum
