"""JSON API: search, posters, municipalities, documents and health.

Parameters are validated here, once: a bad one is a 400 saying what is wrong;
limits are capped to MAX_LIMIT; the query text itself is never a syntax error
(the planner drops words past MAX_QUERY_WORDS, like simple_query_string drops
what it cannot use). Search responses name the `generation` that answered, so a
client can tell an index switch happened.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, abort, current_app, jsonify, request

from indexer.search.library import IndexUnavailable
from indexer.search.snapshot import Snapshot
from web import urls
from web.guard import check_text
from web.settings import settings

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__)

FILTER_PARAMS = ("lang", "doc", "municipality", "model", "field", "kind")
INTEGER = re.compile(r"[+-]?[0-9]+")


@contextmanager
def snapshot() -> Iterator[Snapshot]:
    """The live index, or a 503 while the first build is still running."""
    try:
        with current_app.extensions["library"].acquire() as snap:
            yield snap
    except IndexUnavailable:
        state = current_app.extensions["index_state"]
        abort(503, f"index not ready ({state.status})")


def text_param(name: str, default: str = "") -> str:
    """A text parameter, stripped; a 400 if it is too long or holds control characters."""
    return check_text(request.args.get(name, default), f"parameter '{name}'", settings().max_query_chars)


def int_param(name: str, default: int, lo: int, hi: int, cap: bool = False) -> int:
    """A whole number in ASCII digits ("٣", "1_000" and "1e3" are 400s); with
    `cap`, anything above `hi`, however many digits, means `hi`."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not INTEGER.fullmatch(raw):
        abort(400, f"parameter '{name}' must be a whole number, got {raw[:40]!r}")
    digits = raw.lstrip("+-").lstrip("0")
    if len(digits) > 18:  # int() of thousands of digits is slow (and refused past 4300)
        value = lo - 1 if raw.startswith("-") else hi + 1
    else:
        value = int(raw)
    if value < lo:
        abort(400, f"parameter '{name}' must be at least {lo}")
    if value > hi:
        if cap:
            return hi
        abort(400, f"parameter '{name}' must be at most {hi}")
    return value


def flag(name: str, *also: str) -> bool:
    """A yes/no parameter: 1, true or yes (any case) is yes, anything else no."""
    return request.args.get(name, "").lower() in ("1", "true", "yes", *also)


def search_args() -> dict:
    s = settings()
    return {
        "q": text_param("q"),
        "limit": int_param("limit", 10, 1, s.max_limit, cap=True),
        "offset": int_param("offset", 0, 0, s.max_offset),
        "raw_filters": {k: text_param(k) for k in FILTER_PARAMS if request.args.get(k)},
        "grouped": flag("group", "poster"),
        "live": flag("live"),
    }


@bp.get("/healthz")
def healthz():
    """200 while a whole generation serves; 503 with the reason otherwise.

    The served generation's files are checked first (sizes and mtimes; a file
    whose mtime moved is hashed): a damaged one is dropped for the kept fallback
    generation, and a rebuild starts. While the fallback serves the answer is 200
    with "degraded": true and "damaged" saying what was found; with nothing to
    fall back to it is a 503 naming the damaged file.
    """
    state = current_app.extensions["index_state"]
    library = current_app.extensions["library"]
    body = {"ok": False, "status": state.status, "progress": list(state.progress), "worker": os.getpid()}
    library.check()
    try:
        with library.acquire() as snap:
            body.update(generation=snap.gen.name, passages=snap.engine.doc_count,
                        posters=len(snap.posters), building=state.running)
    except (IndexUnavailable, OSError) as exc:
        body["error"] = library.damaged or library.error or state.error or str(exc)
        if library.damaged or library.error:
            body["rebuilding"] = state.rebuild_damaged(body["error"])
            log.error("%s", body["error"])
        elif state.status == "failed":  # nothing was ever built: try again, REBUILD_BACKOFF apart
            body["rebuilding"] = state.retry_failed()
        return jsonify(body), 503
    body["ok"] = True
    if library.damaged:  # the live generation is damaged: the fallback serves while it is rebuilt
        body.update(degraded=True, damaged=library.damaged, rebuilding=state.rebuild_damaged(library.damaged))
    elif library.error:  # a newer generation would not open; the last good one serves
        body["warning"] = library.error
    return jsonify(body)


@bp.get("/api/search")
def search():
    args = search_args()
    with snapshot() as snap:
        return jsonify({**snap.search(**args), "generation": snap.gen.name})  # never written into


def poster_json(p) -> dict:
    return p.to_dict() | {"url": urls.poster(p.id)}


@bp.get("/api/posters")
def posters():
    municipality, model, q = text_param("municipality"), text_param("model"), text_param("q")
    with snapshot() as snap:
        found, read = snap.find_posters(municipality, model, q)
        return jsonify({"ok": True, "posters": [poster_json(p) for p in found], "total": len(found),
                        "interpreted": read})


@bp.get("/api/posters/<poster_id>")
def poster(poster_id: str):
    with snapshot() as snap:
        p = snap.poster(poster_id)
        if p is None:
            abort(404, f"no poster with id {poster_id!r}")
        return jsonify({"ok": True, "poster": poster_json(p)})


@bp.get("/api/municipalities")
def municipalities():
    with snapshot() as snap:
        return jsonify({"ok": True, "municipalities": [m.to_dict() for m in snap.municipalities],
                        "areas": sorted(snap.places.areas)})


@bp.get("/api/documents")
def documents():
    with snapshot() as snap:
        docs = [{k: v for k, v in d.items() if k != "sections"} | {"url": urls.document(d["id"])}
                for d in snap.documents.values()]
        return jsonify({"ok": True, "documents": docs})


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str):
    with snapshot() as snap:
        doc = snap.documents.get(doc_id)
        if doc is None:
            abort(404, f"no document with id {doc_id!r}")
        passages = [snap.passage(s) for s in snap.engine.all_stored(doc=doc_id)]
        return jsonify({"ok": True, "document": doc, "passages": passages})
