"""The one module that talks to Whoosh: storage generations, writing, executing plans.

Everything else passes dataclasses (`Passage`, `QueryPlan`, `Hit`), so the
engine can be swapped by rewriting this file. Generation directories (create,
switch, verify, delete under reader locks) are `indexer.generations`; the
Whoosh files inside one are written here.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.collectors import TimeLimitCollector
from whoosh.matching import DisjunctionMaxMatcher
from whoosh.scoring import BM25F
from whoosh.searching import TimeLimit

from indexer.model import Passage
from indexer.plan import Concept, QueryPlan, match_quality
from indexer.schema import build_schema, to_document

log = logging.getLogger(__name__)

DOCSET_CACHE = 50_000  # (field, term) posting sets kept per generation
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
    partial: bool = False  # the time limit stopped collection: hits, total and facets are a part


# -- generations: directory layout and reader locks live in indexer.generations ---------

def write_passages(gen: Path, passages: Iterable[Passage], progress=None) -> int:
    """Write all passages into a fresh Whoosh index in `gen`."""
    ix = windex.create_in(str(gen), build_schema())
    writer = ix.writer(limitmb=256)
    n = 0
    try:
        for p in passages:
            writer.add_document(**to_document(p))
            n += 1
            if progress:
                progress(n)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    return n


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


# -- reading -------------------------------------------------------------------

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
        self._ix = windex.open_dir(str(gen))
        self._pool_lock = threading.Lock()
        self._local = threading.local()
        self._opened = [self._open_searcher()]
        self._idle = list(self._opened)
        self.doc_count: int = self._opened[0].doc_count()
        self.vocab_cache: dict[str, list[str]] = {}
        self._stored: dict[int, dict[str, Any]] = {}
        self._docsets: dict[tuple[str, str], frozenset[int]] = {}

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
                stored = self._stored[docnum] = s.stored_fields(docnum)
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

        One pass scores, counts and groups (facets of unfiltered groups); each
        filtered group then needs a cheap unscored pass without its own filter.
        """
        with self._searching():
            return self._run(plan, candidates, time_limit)

    def _run(self, plan: QueryPlan, candidates: int, time_limit: float | None) -> RawResult:
        s = self._local.searcher
        plan = self.prune(plan)
        q = to_whoosh(plan)
        flt = _filter_query(plan.filters)
        # filters go into the query, not the collector: TimeLimitCollector drops a child's filter
        scored_q = wq.And([q, wq.ConstantScoreQuery(flt, 0.0)]) if flt is not None else q
        shared = [f for f in FACET_FIELDS if not plan.filters.get(f)]
        collector = s.collector(limit=candidates, groupedby=_facet_spec(shared), optimize=False)
        if time_limit:  # a Timer thread, not SIGALRM: works in server worker threads
            collector = TimeLimitCollector(collector, timelimit=time_limit, use_alarm=False)
        partial = False
        try:
            s.search_with_collector(scored_q, collector)
        except TimeLimit:
            log.warning("query hit its time budget; returning partial results")
            partial = True
        results = collector.results()
        hits = []
        for h in results:
            stored = self.stored_fields(h.docnum)
            hits.append(Hit(stored["id"], h.score, stored, self._covered(plan, h.docnum)))
        facets = {f: Counter({k: v for k, v in results.groups(f).items() if k}) for f in shared}
        facets.update(self._own_filter_facets(q, plan.filters))
        return RawResult(hits, results.scored_length() if time_limit else collector.count(), facets, partial)

    def _covered(self, plan: QueryPlan, docnum: int) -> dict[int, float]:
        """Concept index -> best match quality of its alternatives in this document."""
        covered: dict[int, float] = {}
        for i, c in enumerate(plan.concepts):
            for fname, term, boost in c.alternatives:
                if docnum in self.docset(fname, term):
                    covered[i] = max(covered.get(i, 0.0), match_quality(fname, boost))
        return covered

    def docset(self, fieldname: str, term: str) -> frozenset[int]:
        """Documents holding a term (or phrase), cached per generation.

        Cheaper than Whoosh's per-hit matched_terms(): postings are read once
        per term, then coverage is a set lookup per candidate.
        """
        key = (fieldname, term)
        found = self._docsets.get(key)
        if found is None:
            with self._searching() as s:
                found = frozenset(s.docs_for_query(_alternative(fieldname, term, 1.0)))
            if len(self._docsets) > DOCSET_CACHE:
                self._docsets.clear()
            self._docsets[key] = found
        return found

    def prune(self, plan: QueryPlan) -> QueryPlan:
        """Drop (field, term) alternatives the index has never seen: smaller query trees."""
        df = self.doc_frequency
        for c in plan.concepts + plan.excluded:
            c.alternatives = [a for a in c.alternatives if all(df(a[0], w) for w in a[1].split(" "))]
        return plan

    def _own_filter_facets(self, q, filters: dict[str, list[str]]) -> dict[str, Counter]:
        """Disjunctive counts: a filtered group's counts ignore that group's own filter.

        So ticking "Kouvola" still shows how many hits Oulu would add (OR within
        a group), while the other groups narrow (AND across groups).
        """
        counts: dict[str, Counter] = {}
        for f in FACET_FIELDS:
            if not filters.get(f):
                continue
            others = {k: v for k, v in filters.items() if k != f}
            with self._searching() as s:
                res = s.search(q, filter=_filter_query(others), groupedby=_facet_spec([f]), limit=1, scored=False)
                counts[f] = Counter({k: v for k, v in res.groups(f).items() if k})
        return counts


def _facet_spec(fields: list[str]) -> dict:
    return {f: sorting.FieldFacet(f, allow_overlap=(f == "municipality"), maptype=sorting.Count) for f in fields}


class _MaxMatcher(DisjunctionMaxMatcher):
    """A correct max-of-children matcher.

    Whoosh 2.7's DisjunctionMaxMatcher takes the max of both children's scores
    even when they sit on different documents, and drops the tiebreak, so one
    passage gets another's score. This one scores only the children on the
    current document: max + tiebreak x the rest.
    """

    def __init__(self, a, b, tiebreak: float = 0.0):
        super().__init__(a, b, tiebreak=tiebreak)

    def copy(self):
        return self.__class__(self.a.copy(), self.b.copy(), tiebreak=self.tiebreak)

    def replace(self, minquality=0):
        m = super().replace(minquality)
        if isinstance(m, _MaxMatcher):
            m.tiebreak = self.tiebreak
        return m

    def score(self):
        doc = self.id()
        scores = [m.score() for m in (self.a, self.b) if m.is_active() and m.id() == doc]
        best = max(scores)
        return best + self.tiebreak * (sum(scores) - best)


class _DisMax(wq.DisjunctionMax):
    """DisjunctionMax on `_MaxMatcher` (Whoosh's tree builder also drops the tiebreak)."""

    def _matcher(self, subs, searcher, context):
        reader = searcher.reader()
        node = functools.partial(_MaxMatcher, tiebreak=self.tiebreak)
        return self._tree_matcher(subs, node, searcher, context, lambda q: q.estimate_size(reader))


def _alternative(fieldname: str, term: str, boost: float) -> wq.Query:
    if " " in term:
        return wq.Phrase(fieldname, term.split(" "), slop=2, boost=boost)
    return wq.Term(fieldname, term, boost=boost)


def _concept_query(c: Concept) -> wq.Query:
    return _DisMax([_alternative(*a) for a in c.alternatives], tiebreak=0.3)


def to_whoosh(plan: QueryPlan) -> wq.Query:
    """Translate an engine-neutral plan into a Whoosh query tree."""
    should = [_concept_query(c) for c in plan.concepts if c.alternatives and not c.required]
    must = [_concept_query(c) for c in plan.concepts if c.alternatives and c.required]
    for p in plan.phrases:
        variants = [wq.Phrase(f, words, slop=p.slop, boost=p.boost) for f, words in p.variants if len(words) > 1]
        if variants:
            (must if p.required else should).append(wq.Or(variants))
    if must:
        q: wq.Query = wq.And(must)
        if should:
            q = wq.AndMaybe(q, wq.Or(should))
    elif should:
        q = wq.Or(should)
    elif plan.concepts or plan.phrases:  # words the index has never seen: nothing matches
        q = wq.NullQuery
    else:  # filters only: browse everything they let through
        q = wq.Every()
    excluded = [_concept_query(c) for c in plan.excluded if c.alternatives]
    if excluded:
        q = wq.AndNot(q, wq.Or(excluded))
    return q


def _filter_query(filters: dict[str, list[str]]):
    """AND across fields, OR within a field's values (disjunctive facets)."""
    groups = [wq.Or([wq.Term(f, v) for v in values]) for f, values in filters.items() if values]
    return wq.And(groups) if groups else None
