"""An engine-neutral query plan: what to look for, in which fields, how much it weighs.

The planner (`indexer.search.query`) writes plans; only `indexer.index` turns them into
Whoosh queries. Swapping the engine means rewriting that one translation.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Field weights: exact form > lemma/heading > compound part > folded form.
BOOSTS = {"surface": 2.0, "lemma_fi": 1.4, "lemma_sv": 1.4, "lemma_en": 1.4,
          "head_fi": 1.6, "head_sv": 1.6, "head_en": 1.6, "meta": 1.6,
          "parts_fi": 1.2, "headparts_fi": 0.5, "fold": 0.6, "stem_fi": 0.5, "municipality": 1.2}
FIELD_QUALITY = {"head_fi": 0.85, "head_sv": 0.85, "head_en": 0.85, "meta": 0.85, "municipality": 0.85,
                 "parts_fi": 0.85, "headparts_fi": 0.7, "stem_fi": 0.75, "fold": 0.8}

# Fields that relate a word to a passage without the passage holding the word: a derivation
# base ("säästi" ~ "säästö") ranks, but does not make a passage "contain every word".
RELATED = frozenset({"stem_fi"})
# Fields that describe a passage rather than being its text: its headings, its poster's title,
# its municipality tags. A match there finds the passage but shows nothing in its excerpt.
CONTEXT = frozenset({"head_fi", "head_sv", "head_en", "headparts_fi", "meta", "municipality"})


def match_quality(fieldname: str, boost: float) -> float:
    """How well a matched alternative answers its concept.

    The passage's own words (exact form, lemma) count fully; a heading, poster
    title or municipality tag counts as context, a compound part, stem or
    folded form as a weaker match; a translation or correction (boost below
    its field's base boost) scales down by the same ratio.
    """
    base = BOOSTS.get(fieldname, 1.0)
    return FIELD_QUALITY.get(fieldname, 1.0) * min(1.0, boost / base)


@dataclass
class Concept:
    """One thing the user asked for (a word, with its forms and expansions).

    `alternatives` are (field, term, boost) triples; a passage covers the
    concept when it matches any of them. A term with spaces is a phrase
    (its words within a small slop, in order). `weight` scales the concept's share of
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
    wants_figure: bool = False  # "paljonko", "kuinka monta", "hur många": prefer passages with figures
    partial: bool = False  # the time budget ran out before every unknown word was repaired

    @property
    def empty(self) -> bool:
        return not self.concepts and not any(p.required for p in self.phrases)
