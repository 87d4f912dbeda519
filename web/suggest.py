"""GET /api/suggest?q= : completions for the search box while someone types.

Answers from in-memory tables of the live snapshot (index vocabulary,
municipalities, poster titles), never by running a search, so a keystroke
costs well under the 100 ms budget. Each suggestion says what it is and
where it leads, so the box can jump straight to a municipality or poster.
"""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify

from web import urls
from web.api import int_param, snapshot, text_param
from web.i18n import current, place_name, t

log = logging.getLogger(__name__)
bp = Blueprint("suggest", __name__)

MAX_SUGGEST = 10


@bp.get(urls.API_SUGGEST)
def suggest():
    q = text_param("q")
    limit = int_param("limit", 5, 1, MAX_SUGGEST, cap=True)
    items: list[dict] = []
    with snapshot() as snap:
        found = snap.suggest(q, limit) if q else {"terms": [], "municipalities": [], "posters": []}
        head = q.rsplit(None, 1)[0] + " " if len(q.split()) > 1 else ""
        for term in found["terms"]:
            items.append({"kind": "term", "kind_label": t("sugg_term"), "value": head + term,
                          "label": head + term, "url": urls.search(head + term)})
        for name in found["municipalities"]:
            m = snap.places.by_name[name]
            items.append({"kind": "municipality", "kind_label": t("sugg_municipality"), "value": name,
                          "label": place_name(name, m.sv_name), "url": urls.municipality(name)})
        for poster_id in found["posters"]:
            p = snap.poster(poster_id)
            if p is not None:
                items.append({"kind": "poster", "kind_label": t("sugg_poster"), "value": p.title,
                              "label": f"{p.title} – {', '.join(p.municipalities)}",
                              "url": urls.poster(p.id)})
    return jsonify({"ok": True, "query": q, "lang": current(), "suggestions": items})
