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
    must = [c for c in plan.concepts if c.alternatives and c.required]
    should = [c for c in plan.concepts if c.alternatives and not c.required]
    must_phrases = [p for p in plan.phrases if p.required and _variants(p)]
    should_phrases = [p for p in plan.phrases if not p.required and _variants(p)]
    clauses: list[Callable[[], Scores]] = [lambda c=c: concept_scores(c, cache, doc_count) for c in must]
    clauses += [lambda p=p: phrase_scores(p, cache) for p in must_phrases]
    if clauses:
        acc = _intersect([clause() for clause in clauses])
    elif should or should_phrases:
        acc = {}
    elif plan.concepts or plan.phrases:  # words the index has never seen
        return Scored({})
    else:  # filters only: everything matches equally (corpus order), the filters then narrow it
        return Scored(dict.fromkeys(range(doc_count), 1.0))
    optional = [lambda c=c: concept_scores(c, cache, doc_count) for c in should]
    optional += [lambda p=p: phrase_scores(p, cache) for p in should_phrases]
    if clauses:
        partial = _add_within(acc, optional, deadline)
    else:
        acc, partial = _add_all(optional, doc_count, deadline)
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


def concept_scores(c: Concept, cache: PostingCache, doc_count: int) -> Scores:
    """Dis-max of the alternatives per passage: (1 - TIEBREAK) x best + TIEBREAK x sum.

    The alternatives of one word (exact form, lemma, stem, compound part,
    folded form) hold mostly the same passages; dense per-passage lists make
    their merge a third cheaper than dictionaries.
    """
    lists = [_alternative(cache, f, t, boost) for f, t, boost in c.alternatives]
    lists = [x for x in lists if x[0]]
    if len(lists) <= 1:
        return dict(zip(*lists[0], strict=True)) if lists else {}
    best = [0.0] * doc_count
    total = [0.0] * doc_count
    for docs, scores in lists:
        for d, s in zip(docs, scores, strict=True):
            if s > best[d]:
                best[d] = s
            total[d] += s
    keep = 1.0 - TIEBREAK
    return {d: keep * best[d] + TIEBREAK * total[d] for d in compress(range(doc_count), total)}


def phrase_scores(p: Phrase, cache: PostingCache) -> Scores:
    """Sum over the phrase's variants (fields) that match a passage."""
    out: Scores = {}
    get = out.get
    for f, words in _variants(p):
        docs, scores = _words_at(cache, f, words, cache.phrase(f, tuple(words), p.slop), p.boost)
        for d, s in zip(docs, scores, strict=True):
            out[d] = get(d, 0.0) + s
    return out


def _alternative(cache: PostingCache, fieldname: str, term: str, boost: float) -> tuple[list, list]:
    """(documents, boosted scores) of one alternative: a term, or a phrase (slop 2) if it has spaces."""
    if " " in term:
        words = term.split(" ")
        return _words_at(cache, fieldname, words, cache.phrase(fieldname, tuple(words), 2), boost)
    imp = cache.impacts(fieldname, term)
    return imp.docs, [s * boost for s in imp.scores]


def _words_at(cache: PostingCache, fieldname: str, words: list[str], docs, boost: float) -> tuple[list, list]:
    """The summed impacts of `words` in each of `docs` (a phrase's passages), boosted."""
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


def _add_within(acc: Scores, clauses: list[Callable[[], Scores]], deadline: float | None) -> bool:
    """Add optional clauses to the passages the required ones matched; True if the deadline cut it."""
    for i, clause in enumerate(clauses):
        if _late(i, deadline):
            return True
        for d, s in clause().items():
            if d in acc:
                acc[d] += s
    return False


def _add_all(clauses: list[Callable[[], Scores]], doc_count: int, deadline: float | None) -> tuple[Scores, bool]:
    """The sum of optional clauses over the union of their passages, and whether the deadline cut it."""
    dense = [0.0] * doc_count
    partial = False
    for i, clause in enumerate(clauses):
        if _late(i, deadline):
            partial = True
            break
        for d, s in clause().items():
            dense[d] += s
    return dict(zip(compress(range(doc_count), dense), compress(dense, dense), strict=True)), partial


def _late(i: int, deadline: float | None) -> bool:
    """Past the deadline, after the first clause (a cut answer still has something)."""
    return bool(i) and deadline is not None and time.monotonic() > deadline


def _variants(p: Phrase) -> list[tuple[str, list[str]]]:
    return [(f, words) for f, words in p.variants if len(words) > 1]
