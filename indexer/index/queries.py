"""QueryPlan -> Whoosh query, with the matchers that fix Whoosh 2.7's dis-max."""
from __future__ import annotations

import functools
import sys
from typing import Any

from whoosh import query as wq
from whoosh.matching import DisjunctionMaxMatcher, Matcher

from indexer.plan import Concept, QueryPlan


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


def alternative_query(fieldname: str, term: str, boost: float) -> wq.Query:
    if " " in term:
        return wq.Phrase(fieldname, term.split(" "), slop=2, boost=boost)
    return wq.Term(fieldname, term, boost=boost)


def _concept_query(c: Concept) -> wq.Query:
    return _DisMax([alternative_query(*a) for a in c.alternatives], tiebreak=0.3)


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


def filter_query(filters: dict[str, list[str]]):
    """AND across fields, OR within a field's values (disjunctive facets)."""
    groups = [wq.Or([wq.Term(f, v) for v in values]) for f, values in filters.items() if values]
    return wq.And(groups) if groups else None
