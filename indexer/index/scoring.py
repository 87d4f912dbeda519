"""A plan's scores over cached term impacts: which passages match, and how well.

The semantics are a Lucene-style boolean query:

- a concept scores dis-max over its alternatives: the best alternative plus
  TIEBREAK x the others (a passage matching the lemma *and* the exact form
  gains a little, not double);
- optional concepts and proximity phrases add up; required ones (quoted
  phrases, +words) must all match, and then the optional ones only add score;
- a phrase scores its words' impacts times its boost, in the passages where
  the words stand close enough (Whoosh's positions decide that);
- excluded concepts remove passages;
- a plan with no words (filters only) matches every passage equally.

Filters are applied by the caller: the facets count the matches before them.

Every matching passage is scored exhaustively, so the total and the facets
come from the same dictionary as the ranking. A deadline stops the optional
part between clauses: the answer is then partial (scores and total count what
was reached).
"""
from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress

from indexer.index.postings import Impacts, PostingCache
from indexer.plan import Concept, Phrase, QueryPlan

TIEBREAK = 0.3
Scores = dict[int, float]


@dataclass
class Scored:
    scores: Scores  # every matching passage -> its score
    partial: bool = False


def score_plan(plan: QueryPlan, cache: PostingCache, doc_count: int, deadline: float | None = None) -> Scored:
    """Score every passage the plan matches, before filters (facets count the unfiltered matches)."""
    must = [_concept(c, cache) for c in plan.concepts if c.alternatives and c.required]
    must += [_phrase(p, cache) for p in plan.phrases if p.required and _variants(p)]
    optional = [_concept(c, cache) for c in plan.concepts if c.alternatives and not c.required]
    optional += [_phrase(p, cache) for p in plan.phrases if not p.required and _variants(p)]
    if not must and not optional:
        if plan.concepts or plan.phrases:  # words the index has never seen
            return Scored({})
        return Scored(dict.fromkeys(range(doc_count), 1.0))  # filters only: all equal, the filters narrow
    dense, partial = _add_all(optional, doc_count, deadline)
    if must:
        acc = _intersect([_sparse(_add_all([clause], doc_count, None)[0]) for clause in must])
        for d in acc:
            acc[d] += dense[d]
    else:
        acc = _sparse(dense)
    for c in plan.excluded:
        if c.alternatives:
            for f, t, _ in c.alternatives:
                for d in cache.docs(f, t):
                    acc.pop(d, None)
    return Scored(acc, partial)


def top(scores: Scores, k: int) -> list[tuple[int, float]]:
    """The k best (document, score): score descending, ties in corpus order.

    The k-th best score comes from a C-speed heap over bare floats; only the
    passages at or above it are sorted (a key function per match was 15 ms at 100x).
    """
    if len(scores) > k:
        cut = heapq.nlargest(k, scores.values())[-1]
        best = [item for item in scores.items() if item[1] >= cut]
    else:
        best = list(scores.items())
    best.sort(key=lambda item: (-item[1], item[0]))
    return best[:k]


def add_concept(acc: list[float], c: Concept, cache: PostingCache) -> None:
    """Add a concept's dis-max to `acc`: (1 - TIEBREAK) x best alternative + TIEBREAK x their sum.

    The alternatives of one word (exact form, lemma, stem, compound part,
    folded form) hold mostly the same passages. The sum goes straight into
    `acc` and the best into a per-passage list, so a posting costs one
    comparison and one addition; no dictionary is built per concept.
    """
    present = [a for a in c.alternatives if len(cache.docs(a[0], a[1]))]  # cached: read once either way
    if len(present) == 1:  # the best is the sum: the whole score
        for d, s in zip(*_alternative(cache, *present[0]), strict=True):
            acc[d] += s
        return
    best = [0.0] * len(acc)
    for docs, scores in (_alternative(cache, f, t, boost * TIEBREAK) for f, t, boost in present):
        for d, s in zip(docs, scores, strict=True):
            if s > best[d]:
                best[d] = s
            acc[d] += s
    rest = (1.0 - TIEBREAK) / TIEBREAK
    for d in compress(range(len(acc)), best):
        acc[d] += rest * best[d]


def add_phrase(acc: list[float], p: Phrase, cache: PostingCache) -> None:
    """Add the phrase's score for each variant (field) that matches a passage."""
    for f, words in _variants(p):
        for d, s in zip(*_near(cache, f, words, p.slop, p.boost), strict=True):
            acc[d] += s


def _concept(c: Concept, cache: PostingCache) -> Callable[[list[float]], None]:
    return lambda acc: add_concept(acc, c, cache)


def _phrase(p: Phrase, cache: PostingCache) -> Callable[[list[float]], None]:
    return lambda acc: add_phrase(acc, p, cache)


def _alternative(cache: PostingCache, fieldname: str, term: str, boost: float) -> tuple[list, list]:
    """(documents, boosted scores) of one alternative: a term, or a phrase (slop 2) if it has spaces."""
    if " " in term:
        return _near(cache, fieldname, term.split(" "), 2, boost)
    imp = cache.impacts(fieldname, term)
    return imp.docs, [s * boost for s in imp.scores]


def _near(cache: PostingCache, fieldname: str, words: list[str], slop: int, boost: float) -> tuple[list, list]:
    """(passages where the words stand within `slop`, their words' summed impacts there, boosted)."""
    docs = cache.phrase(fieldname, tuple(words), slop)
    if not docs:
        return [], []
    maps = [_as_map(cache.impacts(fieldname, w)) for w in words]
    return list(docs), [boost * sum(m.get(d, 0.0) for m in maps) for d in docs]


def _as_map(imp: Impacts) -> dict[int, float]:
    return dict(zip(imp.docs, imp.scores, strict=True))


def _intersect(parts: list[Scores]) -> Scores:
    parts.sort(key=len)
    keys = set(parts[0]).intersection(*parts[1:])
    return {d: sum(p[d] for p in parts) for d in keys}


def _add_all(clauses: list[Callable[[list[float]], None]], doc_count: int,
             deadline: float | None) -> tuple[list[float], bool]:
    """Per-passage sums of the clauses, and whether the deadline stopped them early."""
    dense = [0.0] * doc_count
    for i, clause in enumerate(clauses):
        if _late(i, deadline):
            return dense, True
        clause(dense)
    return dense, False


def _sparse(dense: list[float]) -> Scores:
    """The passages with a score (every matching one: BM25F scores are positive)."""
    return dict(zip(compress(range(len(dense)), dense), compress(dense, dense), strict=True))


def _late(i: int, deadline: float | None) -> bool:
    """Past the deadline, after the first clause (a cut answer still has something)."""
    return bool(i) and deadline is not None and time.monotonic() > deadline


def _variants(p: Phrase) -> list[tuple[str, list[str]]]:
    return [(f, words) for f, words in p.variants if len(words) > 1]
