"""Candidate passages for a reading: at most two searches per chat turn.

* scoped: the posters of the asked municipality (its own, else its area's),
  narrowed by operating model and poster field, when the reading names a
  place, or a model together with a field. These passages answer "Mitä
  Kouvolan Ohjaamossa opittiin?" by construction.
* open: the whole corpus for the topic words (plus the place name), which
  finds the report chapters and the Swedish press release.

Both go through `Snapshot.search`, so ranking improvements in the indexer
reach the assistant for free, and every quote comes from a passage text as
the search API returns it (without excerpts: the assistant quotes sentences).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from dataclasses import field as _field

from assistant.understand import Reading
from indexer.model import CARD_FIELD

log = logging.getLogger(__name__)

OPEN_LIMIT = 10
SCOPED_LIMIT = 6
POSTER_LIMIT = 20  # all passages of one poster's municipality, to keep the poster's own


@dataclass
class Candidate:
    """A passage from search, where it came from and its rank there."""

    result: dict
    rank: int
    scoped: bool


def in_cell_of(cand: Candidate, poster: str | None) -> bool:
    """Is the candidate one of the poster's field cells (not its card, not report text)?"""
    res = cand.result
    return bool(poster) and res.get("poster") == poster and res.get("field") not in (None, CARD_FIELD)


@dataclass
class Retrieved:
    candidates: list[Candidate] = _field(default_factory=list)
    scoped_query: str | None = None
    open_query: str | None = None
    via_area: bool = False  # the municipality has no poster of its own; its area's were used
    dropped_model: bool = False  # no poster of the model there; the model filter was dropped
    scope: set[str] | None = None  # ids of the posters in scope (None: any poster of the model)


def scope_names(snap, reading: Reading) -> tuple[list[str], set[str], bool, bool]:
    """Municipality filter, poster ids in scope, via-area flag, model-dropped flag."""
    posters, read = snap.find_posters(municipality=reading.municipality or "", model=reading.model or "")
    dropped = False
    if not posters and reading.model and reading.municipality:
        posters, read = snap.find_posters(municipality=reading.municipality)
        dropped = bool(posters)
    names = sorted({m for p in posters for m in p.municipalities})
    return names, {p.id for p in posters}, read.get("via") == "area", dropped


def _scoped(snap, reading: Reading, out: Retrieved) -> None:
    poster = next((p for p in snap.posters if p.id == reading.poster), None) if reading.poster else None
    if poster is not None:  # the question (or the conversation) is about this one poster
        ids = {poster.id}
        filters = {"municipality": ",".join(poster.municipalities), "kind": "poster", "model": poster.model}
    elif reading.municipality:
        names, ids, out.via_area, out.dropped_model = scope_names(snap, reading)
        if not ids:
            return
        filters = {"municipality": ",".join(names), "kind": "poster"}
        if reading.model and not out.dropped_model:
            filters["model"] = reading.model
    elif reading.model and reading.field:
        ids, filters = None, {"model": reading.model, "kind": "poster"}
    else:
        return
    if reading.field:
        filters["field"] = reading.field
    query = reading.query(with_place=False)
    limit = POSTER_LIMIT if poster is not None else SCOPED_LIMIT
    results = snap.search(query, limit=limit, raw_filters=filters, excerpts=False)["results"] if query else []
    if poster is not None or not results:  # all of the poster; or the posters' own order
        query = "" if not results else query
        seen = {r["id"] for r in results}
        rest = snap.search("", limit=POSTER_LIMIT * 3 if poster else SCOPED_LIMIT, raw_filters=filters,
                           excerpts=False)["results"]
        results += [r for r in rest if r["id"] not in seen]
    out.scoped_query = query
    out.scope = ids
    kept = [r for r in results if ids is None or r.get("poster") in ids]
    out.candidates += [Candidate(r, i, True) for i, r in enumerate(kept)]


def _open(snap, reading: Reading, out: Retrieved) -> None:
    query = reading.query(with_place=True)
    if not query:
        return
    out.open_query = query
    seen = {c.result["id"] for c in out.candidates}
    results = snap.search(query, limit=OPEN_LIMIT, excerpts=False)["results"]
    if reading.poster:  # the question is about one poster: another poster's cell would answer another pilot
        results = [r for r in results if not r.get("poster") or r["poster"] == reading.poster]
    # a passage of a poster in scope is in scope, whichever search found it
    out.candidates += [Candidate(r, i, bool(out.scope and r.get("poster") in out.scope))
                       for i, r in enumerate(results) if r["id"] not in seen]


def retrieve(snap, reading: Reading) -> Retrieved:
    """Scoped poster passages first, then the open search; duplicates dropped."""
    out = Retrieved()
    _scoped(snap, reading, out)
    _open(snap, reading, out)
    log.debug("retrieved %d candidates (scoped query %r, open query %r)",
              len(out.candidates), out.scoped_query, out.open_query)
    return out
