"""Resolving a municipality as people type it: any case, inflection, ä/ö or Swedish.

"kouvolan", "Vantaalla", "jyvaskyla", "i Helsingfors" and "Vanda" all resolve
to the canonical Finnish name of a municipality of the experiments, and a
member municipality resolves to its experiment area.
"""
from __future__ import annotations

from dataclasses import dataclass

from indexer.language import morph
from indexer.model import Municipality

SV_PREPOSITIONS = {"i", "på", "från", "till", "av", "kommun", "stad", "kunta", "kaupunki"}
MAX_ENDING = 6  # longest case ending + clitic tolerated after a folded name


@dataclass
class Place:
    name: str  # canonical Finnish name
    area: str
    members: list[str]  # every municipality of the area, this one included


class Places:
    """Lookup table built once per index generation."""

    def __init__(self, municipalities: list[Municipality]):
        self.by_name = {m.name: m for m in municipalities}
        self.by_lower = {m.name.lower(): m for m in municipalities}
        self.keys: dict[str, str] = {}
        for m in municipalities:
            for name in (m.name, m.sv_name):
                if name:
                    self.keys[morph.fold(name.lower())] = m.name
        self.areas: dict[str, list[str]] = {}
        for m in municipalities:
            self.areas.setdefault(m.area, []).append(m.name)

    def resolve(self, text: str) -> Place | None:
        """The municipality named by `text`, or None."""
        name = self._name(text)
        if name is None:
            return None
        m = self.by_name[name]
        return Place(name, m.area, self.areas.get(m.area, [name]))

    def _name(self, text: str) -> str | None:
        words = [w for w in text.lower().replace(",", " ").split() if w not in SV_PREPOSITIONS]
        if not words:
            return None
        phrase = " ".join(words)
        for cand in [phrase] + words:
            if (hit := self._lookup(cand)) is not None:
                return hit
        return None

    def strict(self, word: str) -> str | None:
        """Exact name (any case, ä/ö optional) or a Voikko reading of it; no guessing.

        Used on every query word, where "loppua" must stay a word, not Loppi.
        """
        key = morph.fold(word.lower())
        if key in self.keys:
            return self.keys[key]
        for lemma in morph.analyse_fi(word.lower()).lemmas:
            if (hit := self.keys.get(morph.fold(lemma))) is not None:
                return hit
        return None

    def _lookup(self, word: str) -> str | None:
        if (hit := self.strict(word)) is not None:
            return hit
        key = morph.fold(word)
        if key.endswith("s") and key[:-1] in self.keys:  # Swedish genitive: Vandas
            return self.keys[key[:-1]]
        return self._prefix(key)

    def _prefix(self, key: str) -> str | None:
        """Inflected and typed without ä/ö: "jyvaskylassa" starts with "jyvaskyl(a)"."""
        best = None
        for k, name in self.keys.items():
            stem = k[:-1] if len(k) > 4 else k
            if len(k) >= 4 and key.startswith(stem) and len(key) - len(k) <= MAX_ENDING:
                if best is None or len(k) > len(best[0]):
                    best = (k, name)
        return best[1] if best else None

    def names_for(self, text: str) -> list[str]:
        """Names to filter on: the municipality itself (its posters come first)."""
        place = self.resolve(text)
        return [place.name] if place else []
