"""GET /api/suggest?q= : completions for the search box while someone types.

Answers from in-memory tables of the live snapshot (index vocabulary,
municipalities, poster titles), never by running a search, so a keystroke
costs well under the 100 ms budget. Each suggestion says what it is and
where it leads, so the box can jump straight to a municipality or poster:
`{"kind", "kind_label", "value", "label", "url"}`, the URLs from web/urls.py.
"""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify

from indexer.search.snapshot import Snapshot
from web import urls
from web.api import int_param, snapshot, text_param
from web.i18n import current, place_name, t

log = logging.getLogger(__name__)
bp = Blueprint("suggest", __name__)

MAX_SUGGEST = 10


def item(kind: str, value: str, label: str, url: str) -> dict:
    """One suggestion: what it is (`kind`, and its label in the UI language), what it fills in, where it leads."""
    return {"kind": kind, "kind_label": t(f"sugg_{kind}"), "value": value, "label": label, "url": url}


def suggestions(snap: Snapshot, q: str, limit: int) -> list[dict]:
    """Places first, then terms completing the last word (the words before it kept), then posters."""
    found = snap.suggest(q, limit)
    head = q.rsplit(None, 1)[0] + " " if len(q.split()) > 1 else ""
    items = [item("municipality", name, place_name(name, snap.places.by_name[name].sv_name), urls.municipality(name))
             for name in found["municipalities"]]
    items += [item("term", head + term, head + term, urls.search(head + term)) for term in found["terms"]]
    posters = (snap.poster(poster_id) for poster_id in found["posters"])
    items += [item("poster", p.title, f"{p.title} – {', '.join(p.municipalities)}", urls.poster(p.id))
              for p in posters if p is not None]
    return items


@bp.get(urls.API_SUGGEST)
def suggest():
    q = text_param("q")
    limit = int_param("limit", 5, 1, MAX_SUGGEST, cap=True)
    with snapshot() as snap:
        items = suggestions(snap, q, limit) if q else []
    return jsonify({"ok": True, "query": q, "lang": current(), "suggestions": items})
