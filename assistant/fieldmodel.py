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
MIN_SCORE = 0.3  # evidence (in nats) the telling word gives its field ...
MIN_MARGIN = 0.2  # ... and its lead over the word's second field
LABEL_CELLS = 4  # a field's own label words count as this many cells of it


@dataclass(frozen=True)
class FieldModel:
    cells: dict[str, Counter]  # field -> lemma -> cells of that field holding it
    totals: Counter  # lemma -> cells of any field holding it
    sizes: dict[str, int]  # field -> lemma occurrences in its cells (long goal cells hold more words)
    vocabulary: int

    def evidence(self, word: str) -> dict[str, float]:
        """Per field, log(P(word | field) / P(word)): how much likelier the word is in this field's
        text than in the posters' text as a whole, each field's length accounted for (naive Bayes,
        smoothed); empty for a word too rare to say."""
        keys = lemma_keys(word)
        n = max((self.totals[k] for k in keys), default=0)
        if n < MIN_CELLS:
            return {}
        key = max(keys, key=lambda k: self.totals[k])
        whole = (n + SMOOTHING * len(self.cells)) / (sum(self.sizes.values()) + SMOOTHING * self.vocabulary)
        return {f: math.log((c[key] + SMOOTHING) / (self.sizes[f] + SMOOTHING * self.vocabulary) / whole)
                for f, c in self.cells.items()}

    def best(self, question_words: list[str]) -> tuple[str, list[str]] | None:
        """The field the question's most telling word points to, with the words that agree.

        One telling word decides ("perustettiin" says what was tried), not the sum: the
        question's topic words ("kehitysvammaisille") stand in every field of their poster
        and would only blur it. None when no word leads one field clearly."""
        best: tuple[float, str] | None = None
        per_word = {w: self.evidence(w) for w in question_words}
        for ev in per_word.values():
            ranked = sorted(ev.values(), reverse=True)
            if len(ranked) > 1 and ranked[0] >= MIN_SCORE and ranked[0] - ranked[1] >= MIN_MARGIN:
                field = max(ev, key=ev.get)
                if best is None or ranked[0] > best[0]:
                    best = (ranked[0], field)
        if best is None:
            return None
        return best[1], [w for w, ev in per_word.items() if ev.get(best[1], 0.0) > 0]


def lemma_keys(word: str) -> frozenset[str]:
    """A word's folded lemmas (itself when Voikko does not know it)."""
    return frozenset(morph.fold(lemma) for lemma in morph.fi_lemmas(word.lower()))


def _cell_lemmas(text: str) -> set[str]:
    return {k for w in words(text) if w not in stopwords() and len(w) > 2 for k in lemma_keys(w)}


@per_snapshot
def field_model(snap) -> FieldModel:
    """The field model of one generation's posters."""
    cells: dict[str, Counter] = {f: Counter() for f in POSTER_FIELDS}
    for poster in snap.posters:
        for f, text in poster.fields.items():
            if f in cells and text:
                cells[f].update(_cell_lemmas(text))
    for f, labels in POSTER_FIELDS.items():
        for label in labels.values():
            for k in _cell_lemmas(label):
                cells[f][k] += LABEL_CELLS
    totals = Counter()
    for c in cells.values():
        totals.update(c)
    sizes = {f: sum(c.values()) for f, c in cells.items()}
    return FieldModel(cells, totals, sizes, len(totals) or 1)


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
