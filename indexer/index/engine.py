"""An open generation: searchers per thread, plan execution, cached posting sets."""
from __future__ import annotations

import logging
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TimeLimitCollector
from whoosh.scoring import BM25F
from whoosh.searching import TimeLimit

from indexer import matchset
from indexer.index.queries import alternative_query, filter_query, to_whoosh
from indexer.index.storage import open_index
from indexer.plan import Phrase, QueryPlan, match_quality

log = logging.getLogger(__name__)

DOCSET_BUDGET = 8_000_000  # document numbers in cached posting sets per generation (4 bytes each)
STORED_CACHE = 10_000  # passages whose stored fields are kept decoded per generation
FACET_FIELDS = ("doc", "lang", "model", "municipality", "poster_field", "kind")


@dataclass
class Hit:
    """One matching passage with its engine score and the concepts it covers."""

    id: str
    score: float
    stored: dict[str, Any]
    covered: dict[int, float] = field(default_factory=dict)  # concept index -> best match quality


@dataclass
class RawResult:
    hits: list[Hit]
    total: int
    facets: dict[str, Counter]
    partial: bool = False  # the time limit stopped collection: hits and total are a part (facets are whole)


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
        self._docsets: dict[tuple, array] = {}
        self._docset_size = 0
        self._facet_values: dict[str, dict[str, frozenset[int]]] = {}

    def _open_searcher(self):
        return self._ix.searcher(weighting=BM25F(B=0.6, K1=1.2))

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

    def suggest(self, fieldname: str, word: str, limit: int = 3, maxdist: int = 2) -> list[str]:
        """Close index terms by edit distance, most frequent first (Whoosh's corrector)."""
        with self._searching() as s:
            return s.corrector(fieldname).suggest(word, limit=limit, maxdist=maxdist)

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """Stored fields by document number, decompressed once per generation.

        A query reranks up to 200 candidates; reading and unpickling their
        stored fields each time was a third of the query's time.
        """
        stored = self._stored.get(docnum)
        if stored is None:
            with self._searching() as s:
                stored = s.stored_fields(docnum)
            if len(self._stored) >= STORED_CACHE:  # bounded: at 100x it would hold the corpus
                self._stored.clear()
            self._stored[docnum] = stored
        return stored

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

        Whoosh scores the matches into a top-`candidates` heap; the total and the
        facet counts need no score and come from cached posting sets
        (`indexer.matchset`). Asking Whoosh to group them instead made it keep,
        and this method load and rerank, every match: at 100x the corpus, tens
        of thousands per query.
        """
        with self._searching():
            return self._run(plan, candidates, time_limit)

    def _run(self, plan: QueryPlan, candidates: int, time_limit: float | None) -> RawResult:
        s = self._local.searcher
        plan = self.prune(plan)
        q = to_whoosh(plan)
        flt = filter_query(plan.filters)
        # filters go into the query, not the collector: TimeLimitCollector drops a child's filter
        scored_q = wq.And([q, wq.ConstantScoreQuery(flt, 0.0)]) if flt is not None else q
        collector = s.collector(limit=candidates, optimize=False)
        # a full heap would make Whoosh prune the query tree by max_quality(), which _MaxMatcher's
        # tiebreak exceeds: documents lose scores or drop out. Never replace the matcher.
        collector.replace = 0
        if time_limit:  # a Timer thread, not SIGALRM: works in server worker threads
            collector = TimeLimitCollector(collector, timelimit=time_limit, use_alarm=False)
        partial = False
        try:
            s.search_with_collector(scored_q, collector)
        except TimeLimit:
            log.warning("query hit its time budget; returning partial results")
            partial = True
        hits = []
        for h in collector.results():
            stored = self.stored_fields(h.docnum)
            hits.append(Hit(stored["id"], h.score, stored, self._covered(plan, h.docnum)))
        matches = matchset.match_docs(plan, self.docset, self.phrase_docset, self.doc_count)
        allowed = matchset.filter_docs(plan.filters, self.termset)
        # cut short, the total stays what was scored (a partial answer counts fewer hits)
        total = collector.count() if partial else len(matches if allowed is None else matches & allowed)
        facets = matchset.facet_counts(matches, plan.filters, FACET_FIELDS, self.facet_values, self.termset)
        return RawResult(hits, total, facets, partial)

    def _covered(self, plan: QueryPlan, docnum: int) -> dict[int, float]:
        """Concept index -> best match quality of its alternatives in this document."""
        covered: dict[int, float] = {}
        for i, c in enumerate(plan.concepts):
            for fname, term, boost in c.alternatives:
                if _holds(self.docset(fname, term), docnum):
                    covered[i] = max(covered.get(i, 0.0), match_quality(fname, boost))
        return covered

    def docset(self, fieldname: str, term: str) -> array:
        """Documents holding a plan alternative (a term, or a phrase if it has spaces), cached.

        Cheaper than Whoosh's per-hit matched_terms(): postings are read once
        per term; coverage is then a binary search per candidate and totals and
        facets are set algebra.
        """
        return self._postings((fieldname, term), lambda: alternative_query(fieldname, term, 1.0))

    def termset(self, fieldname: str, value: str) -> array:
        """Documents whose field holds exactly `value` (filters)."""
        return self._postings((fieldname, value, "="), lambda: wq.Term(fieldname, value))

    def phrase_docset(self, p: Phrase) -> array:
        """Documents matching any variant of a quoted phrase."""
        variants = tuple((f, tuple(words)) for f, words in p.variants if len(words) > 1)
        return self._postings((variants, p.slop), lambda: wq.Or([wq.Phrase(f, list(w), slop=p.slop)
                                                                  for f, w in variants]))

    def _postings(self, key: tuple, query) -> array:
        """Sorted document numbers (4 bytes each) of a query, within DOCSET_BUDGET per generation."""
        found = self._docsets.get(key)
        if found is None:
            with self._searching() as s:
                found = array("i", sorted(s.docs_for_query(query())))
            if self._docset_size + len(found) > DOCSET_BUDGET:
                self._docsets.clear()
                self._docset_size = 0
            self._docsets[key] = found
            self._docset_size += len(found)
        return found

    def facet_values(self, fieldname: str) -> dict[str, frozenset[int]]:
        """Every value of a facet field with its documents: read once per generation."""
        found = self._facet_values.get(fieldname)
        if found is None:
            with self._searching() as s:
                found = {v: frozenset(s.docs_for_query(wq.Term(fieldname, v))) for v in self.lexicon(fieldname)}
            self._facet_values[fieldname] = found
        return found

    def prune(self, plan: QueryPlan) -> QueryPlan:
        """Drop (field, term) alternatives the index has never seen: smaller query trees."""
        df = self.doc_frequency
        for c in plan.concepts + plan.excluded:
            c.alternatives = [a for a in c.alternatives if all(df(a[0], w) for w in a[1].split(" "))]
        return plan


def _holds(docs: array, docnum: int) -> bool:
    i = bisect_left(docs, docnum)
    return i < len(docs) and docs[i] == docnum
