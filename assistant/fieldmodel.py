"""Which poster field a question asks about, learned from the posters themselves.

The cue lists (data/cues.yaml) know how the field labels are usually asked ("mitä opittiin",
"juurtuiko"); people word it in a hundred other ways ("Millaisia tuloksia saatiin?", "Mitä
haasteita kohdattiin?", "Mihin kokeilulla pyrittiin?"). The fifty posters answer each field
in their own words, so those words tell the fields apart: "haaste" stands mostly in what was
learned, "tulos" and "asiakas" in the effects, "pyrkiä" in the goals, "jatkua" in what took
root. This model counts, per field, the cells whose lemmas include a word (plus the field's
own labels, Finnish and Swedish), and reads a question's free words as evidence for a field
by how much more often they stand in that field than in the others (a smoothed log-ratio
of P(field | word) to P(field)). Built once per index generation from its posters.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from indexer.language import morph
from indexer.language.words import stopwords, words
from indexer.model import CARD_FIELD, POSTER_FIELDS
from indexer.search.cache import per_snapshot

SMOOTHING = 0.5  # added to every field's count of a word (a word seen once proves little)
MIN_CELLS = 3  # a word in fewer cells than this says nothing
MIN_SCORE = 1.2  # evidence (in nats) the best field needs ...
MIN_MARGIN = 0.6  # ... and its lead over the second
LABEL_CELLS = 4  # a field's own label words count as this many cells of it


@dataclass(frozen=True)
class FieldModel:
    cells: dict[str, Counter]  # field -> lemma -> cells of that field holding it
    totals: Counter  # lemma -> cells of any field holding it
    prior: dict[str, float]  # field -> its share of the cells

    def evidence(self, word: str) -> dict[str, float]:
        """Per field, log(P(field | word) / P(field)); empty for a word too rare to say."""
        keys = lemma_keys(word)
        n = max((self.totals[k] for k in keys), default=0)
        if n < MIN_CELLS:
            return {}
        key = max(keys, key=lambda k: self.totals[k])
        fields = len(self.cells)
        return {f: math.log((c[key] + SMOOTHING) / (n + SMOOTHING * fields) / self.prior[f])
                for f, c in self.cells.items()}

    def best(self, question_words: list[str]) -> tuple[str, list[str]] | None:
        """The field the words point to, with the words that point there; None if no clear lead."""
        per_word = {w: self.evidence(w) for w in question_words}
        score = Counter()
        for ev in per_word.values():
            score.update(ev)
        if not score:
            return None
        (first, top), *rest = score.most_common()
        second = rest[0][1] if rest else 0.0
        if top < MIN_SCORE or top - second < MIN_MARGIN:
            return None
        return first, [w for w, ev in per_word.items() if ev.get(first, 0.0) > 0]


def lemma_keys(word: str) -> frozenset[str]:
    """A word's folded lemmas (itself when Voikko does not know it)."""
    return frozenset(morph.fold(lemma) for lemma in morph.fi_lemmas(word.lower()))


def _cell_lemmas(text: str) -> set[str]:
    return {k for w in words(text) if w not in stopwords() and len(w) > 2 for k in lemma_keys(w)}


@per_snapshot
def field_model(snap) -> FieldModel:
    """The field model of one generation's posters."""
    cells: dict[str, Counter] = {f: Counter() for f in POSTER_FIELDS}
    counts = Counter()
    for poster in snap.posters:
        for f, text in poster.fields.items():
            if f in cells and text:
                cells[f].update(_cell_lemmas(text))
                counts[f] += 1
    for f, labels in POSTER_FIELDS.items():
        for label in labels.values():
            for k in _cell_lemmas(label):
                cells[f][k] += LABEL_CELLS
    totals = Counter()
    for c in cells.values():
        totals.update(c)
    n = sum(counts.values()) or 1
    prior = {f: (counts[f] or 1) / n for f in cells}
    return FieldModel(cells, totals, prior)


def read_field(words: list, lex, snap, reading, used: set[int], term) -> None:
    """A question about a place's (or a model's) experiment that no field cue named
    (`assistant.understand` calls this after its cues): the field its free words stand in most
    across the posters, or the contact card when it asks for a person. Those words then steer
    to the field instead of being required in the answer."""
    if reading.field or reading.intent == "figure" or reading.list_target:
        return
    if not (reading.municipality or reading.model):
        return
    if lex.asks["person"].spans(words[:3]):  # "Keneen voi ottaa yhteyttä …": the poster's contact
        reading.field = CARD_FIELD
        return
    free = [i for i, w in enumerate(words) if i not in used and w.lower not in stopwords()
            and i not in lex.question.covered(words) and not w.lower.isdigit() and not (w.lemmas & lex.generic)]
    found = field_model(snap).best([words[i].lower for i in free])
    if found is None:
        return
    reading.field, steering = found
    for i in free:
        if words[i].lower in steering:
            used.add(i)
            reading.soft.append(term(i, "field"))
