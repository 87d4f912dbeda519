"""The structured side of a generation: documents, posters, municipalities, operating models.

Built once when a generation opens, from its data.json, and never changed after: request
threads share it. It answers the look-ups that need no ranking (a poster by id, posters by
municipality and model, a filter's values as the index spells them); `Snapshot` adds the
text search on top.
"""
from __future__ import annotations

from typing import Any

from indexer.language.morph import fold
from indexer.model import Municipality, Poster
from indexer.search.places import Places

NO_MATCH = "\x00none"  # a filter value no passage has: a filter that resolved to nothing matches nothing
PLAIN_FILTERS = (("lang", "lang"), ("doc", "doc"), ("field", "poster_field"), ("kind", "kind"))


class Catalog:
    """Documents, posters and municipalities of one generation, with their look-ups."""

    def __init__(self, data: dict[str, list[dict]]):
        self.documents: dict[str, dict] = {d["id"]: d for d in data["documents"]}
        self.posters: list[Poster] = [Poster(**p) for p in data["posters"]]
        self.municipalities = [Municipality(**m) for m in data["municipalities"]]
        self.places = Places(self.municipalities)
        self.models = sorted({p.model for p in self.posters if p.model})
        self._by_id = {p.id: p for p in self.posters}

    def poster(self, poster_id: str) -> Poster | None:
        return self._by_id.get(poster_id)

    def display_name(self, lowered: str) -> str:
        """A municipality as written ("Hämeenlinna"), from the index's lowercase value."""
        m = self.places.by_lower.get(lowered)
        return m.name if m else lowered

    def resolve_model(self, text: str) -> str | None:
        """An operating model from what was typed: accent-, case- and ending-insensitive."""
        key = fold(text.strip().lower())
        for m in self.models:
            if fold(m.lower()) == key or (len(key) >= 4 and fold(m.lower()).startswith(key[:-1])):
                return m
        return None

    def resolve_filters(self, raw: dict[str, str]) -> tuple[dict[str, list[str]], dict[str, Any]]:
        """API filter parameters -> index filter values, and how they were read."""
        filters: dict[str, list[str]] = {}
        read: dict[str, Any] = {}
        for key, fieldname in PLAIN_FILTERS:
            values = [v for v in raw.get(key, "").split(",") if v]
            if values:
                filters[fieldname] = values
        if raw.get("municipality"):
            names = [p.name for v in raw["municipality"].split(",") if (p := self.places.resolve(v))]
            filters["municipality"] = [n.lower() for n in names] or [NO_MATCH]
            read["municipality"] = names
        if raw.get("model"):
            models = [m for v in raw["model"].split(",") if (m := self.resolve_model(v))]
            filters["model"] = models or [NO_MATCH]
            read["model"] = models
        return filters, read

    def posters_of(self, municipality: str = "", model: str = "") -> tuple[list[Poster], dict[str, Any]]:
        """Posters by municipality (its own, else its experiment area's) and model."""
        posters = self.posters
        read: dict[str, Any] = {}
        if municipality:
            place = self.places.resolve(municipality)
            read["municipality"] = place.name if place else None
            if place is None:
                return [], read
            own = [p for p in posters if place.name in p.municipalities]
            read["area"] = place.area
            read["via"] = "municipality" if own else "area"
            posters = own or [p for p in posters if set(p.municipalities) & set(place.members)]
        if model:
            resolved = self.resolve_model(model)
            read["model"] = resolved
            posters = [p for p in posters if p.model == resolved]
        return posters, read
