"""The search page `/` and its compact iframe twin `/embed`.

The whole state (query, filters, page, UI language) lives in the URL, so a
search can be shared and the back button works. Each view builds one dict;
HTML, JSON (`/haku.json`, `?format=json`) and CSV are rendered from it.
`?fragment=results` returns only the results part, which search.js swaps in
while someone types, so live results and full page loads share one template.
"""
from __future__ import annotations

import logging

from flask import Blueprint, request

from indexer.search.snapshot import Snapshot
from web import urls
from web.api import flag, int_param, snapshot, text_param
from web.export import csv_response, page_route, respond, wanted_format
from web.guard import check_text
from web.i18n import field_label, model_lang, model_name, place_name, t
from web.settings import settings
from web.strings import KIND_KEYS

log = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)

# page parameter -> API filter parameter (`lang` on pages is the UI language)
FILTERS = {"municipality": "municipality", "model": "model", "field": "field",
           "doc": "doc", "doclang": "lang", "kind": "kind"}
# facet group from the search response -> page parameter, in display order
FACETS = {"municipality": "municipality", "model": "model", "poster_field": "field",
          "doc": "doc", "lang": "doclang", "kind": "kind"}
PER_PAGE = 10
EMBED_PER_PAGE = 5


def filter_values(name: str) -> list[str]:
    """Values of one filter: repeated parameters and commas both mean OR."""
    raw = check_text(",".join(request.args.getlist(name)), f"parameter '{name}'", settings().max_query_chars,
                     allowed="")  # a filter value is one line: no tabs or line breaks either
    return list(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))


def read_state(snap: Snapshot) -> dict:
    """The search state from the URL, with names normalised ("kouvolassa" -> "Kouvola")."""
    filters = {}
    for param in FILTERS:
        values = filter_values(param)
        if param == "municipality":
            values = [(p.name if (p := snap.places.resolve(v)) else v) for v in values]
        elif param == "model":
            values = [snap.resolve_model(v) or v for v in values]
        if values:
            filters[param] = list(dict.fromkeys(values))
    max_page = settings().max_offset // PER_PAGE + 1
    return {"q": text_param("q"), "filters": filters, "page": int_param("page", 1, 1, max_page)}


def state_url(state: dict, path: str = "/", **change) -> str:
    """The shareable URL of `state` with `change` applied (q, filters, page)."""
    q = change.get("q", state["q"])
    filters = change.get("filters", state["filters"])
    page = change.get("page", state["page"])
    args = [("q", q)] if q else []
    args += [(k, ",".join(v)) for k, v in filters.items() if v]
    if page and page > 1:
        args.append(("page", str(page)))
    if request.args.get("lang"):
        args.append(("lang", request.args["lang"]))
    return urls.with_query(path, args)


def toggled(filters: dict, param: str, value: str) -> dict:
    values = filters.get(param, [])
    new = [v for v in values if v != value] if value in values else values + [value]
    return {**filters, param: new}


def facet_label(snap: Snapshot, group: str, value: str) -> str:
    if group == "doc":
        return snap.documents.get(value, {}).get("title", value)
    if group == "lang":
        return t(f"lang_{value}") if value in ("fi", "sv", "en") else value
    if group == "poster_field":
        return field_label(value)
    if group == "kind":
        return t(KIND_KEYS[value]) if value in KIND_KEYS else value
    if group == "municipality" and (m := snap.places.by_name.get(value)):
        return place_name(m.name, m.sv_name)
    if group == "model":
        return model_name(value)
    return value


def facet_lang(snap: Snapshot, group: str, value: str) -> str | None:
    """The language of a facet label that is content (a document's title, a model's name), else None."""
    if group == "doc":
        return snap.documents.get(value, {}).get("lang") or "fi"
    return model_lang(value) if group == "model" else None


def facet_groups(snap: Snapshot, facets: dict, state: dict, path: str) -> list[dict]:
    """Facet groups with counts, labels and the URL that toggles each value."""
    groups = []
    for group, param in FACETS.items():
        selected = state["filters"].get(param, [])
        values = []
        for item in facets.get(group, []):
            value = item["value"]
            if group == "municipality" and (place := snap.places.resolve(value)):
                value = place.name  # the index may keep names lowercase
            values.append({"value": value, "count": item["count"], "selected": value in selected})
        values += [{"value": v, "count": 0, "selected": True}
                   for v in selected if v not in {x["value"] for x in values}]
        for v in values:
            v["label"], v["lang"] = facet_label(snap, group, v["value"]), facet_lang(snap, group, v["value"])
            v["url"] = state_url(state, path, filters=toggled(state["filters"], param, v["value"]), page=1)
        if values:
            groups.append({"group": group, "param": param, "label": t(f"facet_{group}"), "options": values})
    return groups


def pagination(state: dict, total: int, per_page: int, path: str) -> dict:
    last = max(1, min(-(-total // per_page), settings().max_offset // per_page + 1))
    page = state["page"]
    window = range(max(1, page - 2), min(last, page + 2) + 1)
    return {"page": page, "last": last,
            "prev": state_url(state, path, page=page - 1) if page > 1 else None,
            "next": state_url(state, path, page=page + 1) if page < last else None,
            "pages": [{"n": n, "url": state_url(state, path, page=n), "current": n == page} for n in window]}


def page_result(r: dict, sv_names: dict[str, str]) -> dict:
    """A search result as the page shows it: a new dict, in the UI language (its municipalities as a
    Swedish reader knows them: `sv_names`, Finnish name -> Swedish).

    The search layer's result is shared (cached per generation, and answers
    the API too), so it is read here, never written: a Swedish page view once
    put its labels into the API's answers.
    """
    return {**r, "field_label": field_label(r["field"]) if r.get("field") else None,
            "poster_url": urls.poster(r["poster"]) if r.get("poster") else None,
            "places": [{"name": m, "label": place_name(m, sv_names.get(m, "")), "url": urls.municipality(m)}
                       for m in r.get("municipalities") or ()]}


def search_page(path: str, per_page: int) -> dict:
    """The dict behind `/` and `/embed`: results, facets, did-you-mean, pages, links."""
    with snapshot() as snap:
        state = read_state(snap)
        offset = (state["page"] - 1) * per_page
        found = snap.search(state["q"], limit=per_page, offset=offset, raw_filters=index_filters(state),
                            grouped=True, live=flag("live"))
        facets = facet_groups(snap, found["facets"], state, path)
        names = {m.name: m.sv_name for m in snap.municipalities if m.sv_name}
    dym = found.get("did_you_mean")
    return {
        "ok": True, "query": state["q"], "filters": state["filters"], "page": state["page"],
        "per_page": per_page, "offset": offset, "total": found["total"],
        "results": [page_result(r, names) for r in found["results"]], "facets": facets,
        "groups": [page_group(g, names) for g in found["groups"]],
        "all_words": found["interpreted"].get("all_words_matched", True),
        "did_you_mean": {"query": dym, "url": state_url(state, path, q=dym, page=1)} if dym else None,
        "interpreted": found.get("interpreted"), "took_ms": found.get("took_ms"),
        "partial": found.get("partial", False),
        "pagination": pagination(state, found["total"], per_page, path),
        "clear_url": state_url(state, path, filters={}, page=1),
        "url": state_url(state, path), "full_url": state_url(state, urls.HOME),
        "formats": urls.twins(urls.SEARCH_TWIN, request.args.to_dict()),
    }


def page_group(group: dict, sv_names: dict[str, str]) -> dict:
    """A row of the page from an API group: labels in the UI's language, new dicts throughout.

    The row's title already names the poster, so its card shows only what follows the title
    (the contact person)."""
    card = group["card"]
    line = (card["text"].removeprefix(group["title"]).strip() or card["text"]) if card else ""
    return dict(group, hits=[page_result(h, sv_names) for h in group["hits"]],
                card=page_result(card, sv_names) if card else None, card_line=line)


def index_filters(state: dict) -> dict[str, str]:
    """The page's filter state as `Snapshot.search` takes it (values comma-separated)."""
    return {FILTERS[k]: ",".join(v) for k, v in state["filters"].items()}


def export_rows() -> tuple[list[dict], int]:
    """Every passage matching the search, best first, up to EXPORT_MAX_ROWS (not only the page shown),
    and how many matched: a CSV is for counting and filtering in a spreadsheet, so a page of 10 is not it."""
    cap = settings().export_max_rows
    with snapshot() as snap:
        state = read_state(snap)
        found = snap.search(state["q"], limit=cap, raw_filters=index_filters(state), excerpts=False)
    return result_rows(found), found["total"]


def result_rows(data: dict) -> list[dict]:
    keys = ("id", "citation", "doc", "doc_title", "section_no", "heading", "page", "kind", "lang",
            "municipalities", "model", "poster", "field", "score", "url", "text")
    return [{k: r.get(k) for k in keys} for r in data["results"]]


@page_route(bp, urls.HOME, twin=urls.SEARCH_TWIN)
def search(fmt: str | None = None):
    fmt = wanted_format(fmt)
    if fmt == "csv":
        return search_csv()
    data = search_page(urls.HOME, PER_PAGE)
    template = "_results.html" if request.args.get("fragment") == "results" else "search.html"
    return respond(template, data, result_rows(data), fmt, "haku")


@page_route(bp, urls.EMBED)
def embed(fmt: str | None = None):
    fmt = wanted_format(fmt)
    if fmt == "csv":
        return search_csv()
    data = search_page(urls.EMBED, EMBED_PER_PAGE)
    return respond("embed.html", data, result_rows(data), fmt, "haku")


def search_csv():
    """The search as CSV: all its rows up to the cap; X-Total-Count says how many matched."""
    rows, total = export_rows()
    resp = csv_response(rows, "haku")
    resp.headers["X-Total-Count"] = str(total)
    return resp
