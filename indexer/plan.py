"""An engine-neutral query plan: what to look for, in which fields, how much it weighs.

The planner (`indexer.query`) writes plans; only `indexer.index` turns them into
Whoosh queries. Swapping the engine means rewriting that one translation.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Concept:
    """One thing the user asked for (a word, with its forms and expansions).

    `alternatives` are (field, term, boost) triples; a passage covers the
    concept when it matches any of them. `weight` scales the concept's share of
    coverage (expansions and corrected typos count a little less).
    """

    label: str
    alternatives: list[tuple[str, str, float]] = field(default_factory=list)
    weight: float = 1.0
    required: bool = False
    highlight: set[str] = field(default_factory=set)  # lowercase forms to mark in excerpts


@dataclass
class Phrase:
    """Words that must (quoted) or should (proximity bonus) stand close together."""

    variants: list[tuple[str, list[str]]]  # (field, words): any variant matching counts
    slop: int = 1
    boost: float = 1.0
    required: bool = False


@dataclass
class QueryPlan:
    concepts: list[Concept] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    excluded: list[Concept] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)  # field -> any-of values
    did_you_mean: str | None = None
    notes: list[str] = field(default_factory=list)  # how the query was read, for the UI

    @property
    def empty(self) -> bool:
        return not self.concepts and not any(p.required for p in self.phrases)
