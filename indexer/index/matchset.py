"""Filters and facet counts as set algebra over cached posting sets.

The engine scores every match (`index.scoring`); the filters then narrow
them, and the facets count them per value. Asking Whoosh for the counts (a
grouped collector) made it collect and group every matching passage in
Python; here they are C-speed intersections of the document sets of each
value, read once per generation. Filters intersect across fields and unite
within one (disjunctive facets).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

Docs = Callable[[str, str], Iterable[int]]  # (field, term) -> the documents holding it
# Values per facet field in an answer: the most frequent, plus any selected. At 100x the corpus the
# document facet alone had ~1,600 values: ~250 kB in every response (and in the response cache).
FACET_VALUES = 100


def field_filters(filters: dict[str, list[str]], docs: Docs) -> dict[str, set[int]]:
    """Per filtered field, the passages any of its values lets through (OR within a field)."""
    return {f: set().union(*(docs(f, v) for v in values)) for f, values in filters.items() if values}


def passing(allowed: dict[str, set[int]]) -> set[int] | None:
    """Passages every filtered field lets through (AND across fields); None: no filter."""
    groups = sorted(allowed.values(), key=len)
    return groups[0].intersection(*groups[1:]) if groups else None


def facet_counts(matches: set[int], filters: dict[str, list[str]], allowed: dict[str, set[int]],
                 fields: Iterable[str], values: Callable[[str], dict[str, frozenset[int]]]) -> dict[str, Counter]:
    """Per field, passages per value among the matches (`allowed`: `field_filters` of `filters`).

    Disjunctive: a filtered field's counts ignore its own filter, so ticking
    "Kouvola" still shows how many hits Oulu would add (OR within a field),
    while the other fields narrow (AND across fields).
    """
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
