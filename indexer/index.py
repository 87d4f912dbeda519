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
import mmap
import os
import sys
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.collectors import TimeLimitCollector
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.matching import DisjunctionMaxMatcher, Matcher
from whoosh.scoring import BM25F
from whoosh.searching import TimeLimit

from indexer import matchset
from indexer.model import Passage
from indexer.plan import Concept, Phrase, QueryPlan, match_quality
from indexer.schema import build_schema, to_document

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

class _ViewReader:
    """read/seek/tell over a memoryview: a read position of its own, no copy of the bytes."""

    def __init__(self, view: memoryview):
        self._view, self._pos = view, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(len(self._view), self._pos + n)
        data = self._view[self._pos:end].tobytes()
        self._pos = end
        return data

    def readline(self) -> bytes:
        rest = self._view[self._pos:].tobytes()
        line = rest[:rest.find(b"\n") + 1 or len(rest)]
        self._pos += len(line)
        return line

    def seek(self, pos: int, whence: int = 0) -> int:
        self._pos = pos + (self._pos if whence == 1 else len(self._view) if whence == 2 else 0)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view.release()


class _MappedPart(BufferFile):
    """One part (postings, lengths, stored fields...) of a compound segment, read in place.

    Whoosh's own compound reader wraps each part in BytesIO(buffer), a private
    copy for every searcher: at 100x the corpus ~80 MB each, times the searcher
    pool. Here reads slice one mapping of the segment, shared by the engine's
    searchers (the pages are the kernel's page cache, counted once); each part
    keeps its own read position, so searchers stay independent.
    """

    def __init__(self, view: memoryview, name: str):
        self._buf = view
        self._name = name
        self.file = _ViewReader(view)
        self.onclose = None
        self.is_real = self.is_closed = False

    def close(self) -> None:
        self.file.close()
        self._buf.release()
        self.is_closed = True


class _MappedSegment(StructFile):
    """A searcher's handle on the engine's mapping of a compound segment file (own read position)."""

    def __init__(self, mapping: mmap.mmap, name: str):
        super().__init__(_ViewReader(memoryview(mapping)), name=name)
        self._mapping = mapping

    def subset(self, offset, length, name=None):
        return _MappedPart(memoryview(self._mapping)[offset:offset + length], name or self._name)

    def close(self) -> None:
        self.file.close()  # the mapping itself belongs to the storage
        self.is_closed = True


class _Storage(FileStorage):
    """Opens compound segments as one read-only mmap per engine (closed with the engine)."""

    def __init__(self, path: str):
        # without Whoosh's own mmap support, its CompoundStorage asks our segment file for subset()s
        super().__init__(path, supports_mmap=False)
        self._maps: dict[str, mmap.mmap] = {}

    def open_file(self, name, **kwargs):
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        if name not in self._maps:
            with open(self._fpath(name), "rb") as fh:
                self._maps[name] = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedSegment(self._maps[name], name)

    def close(self) -> None:
        for m in self._maps.values():
            try:
                m.close()
            except BufferError:  # a part was never closed: the map goes when it is collected
                log.debug("mapping of %s still in use at close", self.folder)
        self._maps = {}


def open_index(gen: Path) -> Any:
    """A generation's Whoosh index for reading, its compound segment mapped rather than copied."""
    return _Storage(str(gen)).open_index()


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
        flt = _filter_query(plan.filters)
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
        return self._postings((fieldname, term), lambda: _alternative(fieldname, term, 1.0))

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
    """DisjunctionMax scored as a tree of `_MaxMatcher`s, walked flat (`_Flat`).

    (Whoosh's own tree builder also drops the tiebreak.)
    """

    def _matcher(self, subs, searcher, context):
        reader = searcher.reader()
        node = functools.partial(_MaxMatcher, tiebreak=self.tiebreak)
        tree = self._tree_matcher(subs, node, searcher, context, lambda q: q.estimate_size(reader))
        if not isinstance(tree, _MaxMatcher):
            return tree
        leaves: list = []
        return _Flat(leaves, _shape(tree, leaves), self.tiebreak)


class _Sum(wq.Or):
    """Or whose matcher sums its children on a document, walked flat (`_Flat`)."""

    def _matcher(self, subs, searcher, context):
        return _Flat([q.matcher(searcher, context) for q in subs], None, None)


_END = sys.maxsize


class _Flat(Matcher):
    """A union of matchers walked as one list instead of a binary tree of unions.

    Whoosh nests unions two by two; each step of a query then recurses through
    is_active() and id() of the whole tree: two thirds of a query's time at 100x
    the corpus. Here the current document is the smallest child id, only the
    children on it move, and the score is the same as the tree's: the sum of
    the children on the document (`tiebreak` None), or `_MaxMatcher`'s max +
    tiebreak x min evaluated over the tree's `shape` (nested pairs of child
    indexes) reduced to the children on the document.
    """

    def __init__(self, children: list, shape, tiebreak: float | None):
        self._children = children
        self._ids = [m.id() if m.is_active() else _END for m in children]
        self._cur = min(self._ids, default=_END)
        self._on: list[int] | None = None  # children on the current document
        self._shape, self._tiebreak = shape, tiebreak
        self._shapes: dict[tuple[int, ...], Any] = {}  # the shape reduced to a set of children

    def is_active(self) -> bool:
        return self._cur != _END

    def id(self) -> int:
        return self._cur

    def children(self) -> list:
        return list(self._children)

    def replace(self, minquality=0):
        return self

    def _current(self) -> list[int]:
        on = self._on
        if on is None:
            ids, cur = self._ids, self._cur
            on = [ids.index(cur)]
            for _ in range(ids.count(cur) - 1):
                on.append(ids.index(cur, on[-1] + 1))
            self._on = on
        return on

    def next(self) -> bool:
        self._move(self._current(), None)
        return False

    def skip_to(self, target: int) -> bool:
        self._move([i for i, x in enumerate(self._ids) if x < target], target)
        return False

    def _move(self, which: list[int], target: int | None) -> None:
        for i in which:
            m = self._children[i]
            if target is None:
                m.next()
            else:
                m.skip_to(target)
            self._ids[i] = m.id() if m.is_active() else _END
        self._cur, self._on = min(self._ids), None

    def score(self) -> float:
        on, children = self._current(), self._children
        if len(on) == 1:
            return children[on[0]].score()
        if self._tiebreak is None:
            return sum(children[i].score() for i in on)
        key = tuple(on)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = _reduce(self._shape, set(on))
        return _combine(shape, {i: children[i].score() for i in on}, self._tiebreak)


def _shape(m, leaves: list):
    """A `_MaxMatcher` tree as nested pairs of indexes into `leaves` (which it fills)."""
    if isinstance(m, _MaxMatcher):
        return (_shape(m.a, leaves), _shape(m.b, leaves))
    leaves.append(m)
    return len(leaves) - 1


def _reduce(node, on: set[int]):
    """The shape with only the leaves in `on`; a pair left with one member becomes it."""
    if isinstance(node, int):
        return node if node in on else None
    a, b = _reduce(node[0], on), _reduce(node[1], on)
    return (a, b) if a is not None and b is not None else (a if b is None else b)


def _combine(node, scores: dict[int, float], tiebreak: float) -> float:
    if isinstance(node, int):
        return scores[node]
    a, b = _combine(node[0], scores, tiebreak), _combine(node[1], scores, tiebreak)
    return max(a, b) + tiebreak * min(a, b)


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
            q = wq.AndMaybe(q, _Sum(should))
    elif should:
        q = _Sum(should)
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
