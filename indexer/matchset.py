"""Which passages a plan matches, and the facet counts, as set algebra over posting sets.

The engine scores only its top candidates (`index.Engine.run`); the total and
the facet counts need every match but no score. Asking Whoosh for them (a
grouped collector) makes it score, collect and group every matching passage
in Python, which at 100x the corpus is most of a query's time. Here they are
unions and intersections of the documents of each (field, term), read once per
generation and cached by the engine, in C-speed set operations.

The algebra mirrors `index.to_whoosh`: required concepts and quoted phrases
intersect (optional concepts then add nothing); otherwise the optional
concepts unite (a proximity phrase holds all its words, so it adds no
passage); exclusions subtract; filters intersect across fields and unite
within one (disjunctive facets).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from indexer.plan import Concept, Phrase, QueryPlan

Docs = Callable[[str, str], Iterable[int]]  # (field, term) -> the documents holding it
# Values per facet field in an answer: the most frequent, plus any selected. At 100x the corpus the
# document facet alone had ~1,600 values: ~250 kB in every response (and in the response cache).
FACET_VALUES = 100


def concept_docs(c: Concept, docs: Docs) -> set[int]:
    """Passages matching any alternative of a concept."""
    return set().union(*(docs(f, t) for f, t, _ in c.alternatives))


def filter_docs(filters: dict[str, list[str]], docs: Docs) -> set[int] | None:
    """Passages the filters let through (None: no filter)."""
    groups = [set().union(*(docs(f, v) for v in values)) for f, values in filters.items() if values]
    if not groups:
        return None
    groups.sort(key=len)
    return groups[0].intersection(*groups[1:])


def match_docs(plan: QueryPlan, docs: Docs, phrase_docs: Callable[[Phrase], Iterable[int]],
               doc_count: int) -> set[int]:
    """Passages the plan's query matches, before filters."""
    must = [concept_docs(c, docs) for c in plan.concepts if c.alternatives and c.required]
    must += [set(phrase_docs(p)) for p in plan.phrases
             if p.required and any(len(words) > 1 for _, words in p.variants)]
    should = [c for c in plan.concepts if c.alternatives and not c.required]
    if must:
        must.sort(key=len)
        found = must[0].intersection(*must[1:])
    elif should:
        found = set().union(*(concept_docs(c, docs) for c in should))
    elif plan.concepts or plan.phrases:  # words the index has never seen
        found = set()
    else:  # filters only: everything they let through
        found = set(range(doc_count))
    for c in plan.excluded:
        if c.alternatives:
            found -= concept_docs(c, docs)
    return found


def facet_counts(matches: set[int], filters: dict[str, list[str]], fields: Iterable[str],
                 values: Callable[[str], dict[str, frozenset[int]]], docs: Docs) -> dict[str, Counter]:
    """Per field, passages per value among the matches.

    Disjunctive: a filtered field's counts ignore its own filter, so ticking
    "Kouvola" still shows how many hits Oulu would add (OR within a field),
    while the other fields narrow (AND across fields).
    """
    allowed = {f: filter_docs({f: v}, docs) for f, v in filters.items() if v}
    counts: dict[str, Counter] = {}
    for f in fields:
        found = matches
        for other, passing in allowed.items():
            if other != f:
                found = found & passing
        per_value = {v: n for v, posting in values(f).items() if v and (n := len(posting.intersection(found)))}
        counts[f] = _most_common(Counter(per_value), filters.get(f, []))
    return counts


def _most_common(counts: Counter, selected: list[str]) -> Counter:
    if len(counts) <= FACET_VALUES:
        return counts
    kept = Counter(dict(counts.most_common(FACET_VALUES)))
    kept.update({v: counts[v] for v in selected if v in counts and v not in kept})
    return kept
