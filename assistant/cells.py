"""Which cell of a known poster answers: the question's words scored against each of its cells.

Once the subject poster is known, the question is answered by one of its six cells, and
guessing the field from the question alone (assistant.fieldmodel) before looking at them
throws away the best evidence there is: the cells themselves. "Mitä siellä käytännössä
perustettiin?" is answered by the cell that says what was set up, whatever its label;
"Mitkä hankaluudet tulivat vastaan?" by the one that speaks of the difficulties. So each
cell of the poster is scored by the question's words it holds (in any form,
assistant.forms), each weighted by how rare it is among all posters' cells (a word every
cell says tells nothing), plus the field model's evidence that the word is how that field
is asked. The best cell wins when it leads clearly; a field a cue named stays.
"""
from __future__ import annotations

import math
from functools import lru_cache

from assistant.fieldmodel import field_model
from assistant.forms import word_forms
from assistant.understand import Reading, Term
from indexer.language import morph
from indexer.language.words import words
from indexer.model import POSTER_FIELDS
from indexer.search.cache import per_snapshot

MIN_LEAD = 0.5  # the best cell's lead over the second before it overrides the guessed field
PART_MATCH = 0.5  # a word met only by its compound parts counts this much
SKIP_ASKS = ("person", "money", "economy")  # the contact card, or figures: the effects cell knows best


@per_snapshot
def cell_forms(snap) -> dict[tuple[str, str], frozenset[str]]:
    """Word forms of every poster cell, keyed (poster id, field)."""
    return {(p.id, f): frozenset().union(frozenset(), *(word_forms(w) for w in words(text)))
            for p in snap.posters for f, text in p.fields.items() if f in POSTER_FIELDS and text}


@lru_cache(maxsize=8192)
def own_forms(word: str) -> frozenset[str]:
    """The word itself and its lemmas, folded: what a cell must say for the word to be said
    (its roots and parts, "työ" of "nuorisotyöttömyys", are said everywhere)."""
    return frozenset(morph.fold(f) for f in (word, *morph.fi_lemmas(word)))


def _idf(forms_of_word: frozenset[str], cells: dict) -> float:
    df = sum(1 for forms in cells.values() if forms_of_word & forms)
    return math.log((len(cells) + 1) / (df + 1))


def word_weights(term: Term, cells: dict) -> tuple[frozenset, float, frozenset, float]:
    """The word's own forms and their rarity among the texts (cells, or posters; idf: "asiakas"
    says little, "kumppanuus" much), and its roots and parts with theirs ("työ" of "nuorisotyöttömyys" is
    said everywhere and weighs nothing; "kortteli" of "korttelihanke" weighs)."""
    own = own_forms(term.text.lower())
    parts = word_forms(term.text.lower()) - own
    return own, _idf(own, cells), parts, (_idf(parts, cells) if parts else 0.0)


def held_weight(weights: tuple[frozenset, float, frozenset, float], forms: frozenset[str]) -> float:
    """A word the cell says weighs its idf; one it meets only by a root or part, half that part's."""
    own, own_idf, parts, parts_idf = weights
    if own & forms:
        return own_idf
    return PART_MATCH * parts_idf if parts & forms else 0.0


def score_cells(snap, poster_id: str, asking: list[Term]) -> dict[str, float]:
    """Per field of the poster: the weight of the question words its cell holds, plus the
    field model's evidence (positive part) that those words ask that field."""
    cells = cell_forms(snap)
    model = field_model(snap)
    evidence = {t.text: model.evidence(t.text.lower()) for t in asking}
    weights = {t.text: word_weights(t, cells) for t in asking}
    out = {}
    for (pid, field), forms in cells.items():
        if pid != poster_id:
            continue
        held = sum(held_weight(weights[t.text], forms) for t in asking)
        out[field] = held + sum(max(0.0, evidence[t.text].get(field, 0.0)) for t in asking)
    return out


def asking_words(reading: Reading) -> list[Term]:
    """The words that say what is asked: topic and field words, not the ones that named the poster."""
    return [t for t in [*reading.terms, *reading.soft] if t.role in ("topic", "field") and not t.name
            and not t.text.isdigit()]


def choose_cell(snap, reading: Reading) -> None:
    """Set the field of a known poster's question to its best-matching cell (see the docstring)."""
    if not reading.poster or reading.intent in ("figure", "list", "abstain") or reading.asks in SKIP_ASKS:
        return
    if reading.field and not reading.field_guessed:
        return
    asking = asking_words(reading)
    if not asking:
        return
    scores = score_cells(snap, reading.poster, asking)
    if not scores:
        return
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    lead = ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
    if ranked[0][1] <= 0 or lead < MIN_LEAD:
        return
    reading.field, reading.intent, reading.field_guessed = ranked[0][0], "field", True
