"""Browsing pages: municipalities, one municipality, a poster, a document.

Each view builds one dict and hands it to `export.respond`, so `/kunnat/Kouvola`,
`/kunnat/Kouvola.json` and `/kunnat/Kouvola.csv` always agree. A municipality
typed any way ("kouvolassa", "Helsingfors", "jyvaskyla") redirects to its
canonical page, so there is one shareable URL per place.
"""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, abort, redirect, request, send_file

from indexer.model import POSTER_FIELDS, Poster
from indexer.search.snapshot import Snapshot
from indexer.sources.corpus import inside
from web import urls
from web.api import int_param, snapshot, text_param
from web.export import page_route, respond, split_suffix, wanted_format
from web.i18n import area_name, field_label, place_name
from web.reader import Part, document_passages, part_contents, part_of, toc_entries
from web.settings import settings

log = logging.getLogger(__name__)
bp = Blueprint("browse", __name__)

MENTIONS = 20


def poster_card(p: Poster, snap: Snapshot) -> dict:
    """A poster with its six fields in print order and the links a card needs."""
    doc = snap.documents.get(p.doc, {})
    return p.to_dict() | {
        "url": urls.poster(p.id),
        "fields_ordered": [{"key": k, "label": field_label(k), "text": p.fields[k]}
                           for k in POSTER_FIELDS if p.fields.get(k)],
        "municipality_links": [{"name": m, "label": place_name(m, sv_names(snap).get(m, "")),
                                "url": urls.municipality(m)} for m in p.municipalities],
        "source_url": urls.poster_in_document(p.doc, p.id) if p.doc else None,
        "doc_title": doc.get("title", p.doc), "doc_lang": doc.get("lang") or "fi",
        "area_label": area_name(p.area, sv_names(snap)),
    }


def sv_names(snap: Snapshot) -> dict[str, str]:
    """Finnish municipality name -> Swedish, for names that differ (area names are made of them)."""
    return {m.name: m.sv_name for m in snap.municipalities if m.sv_name}


@page_route(bp, urls.MUNICIPALITIES)
def municipalities(fmt: str | None = None):
    fmt = wanted_format(fmt)
    with snapshot() as snap:
        areas = []
        for area, members in sorted(snap.places.areas.items()):
            rows = [m.to_dict() | {"label": place_name(m.name, m.sv_name), "url": urls.municipality(m.name)}
                    for m in (snap.places.by_name[n] for n in members)]
            area_posters = [p for p in snap.posters if set(p.municipalities) & set(members)]
            areas.append({"name": area, "label": area_name(area, sv_names(snap)), "municipalities": rows,
                          "poster_count": len(area_posters),
                          "models": sorted({p.model for p in area_posters if p.model})})
        data = {"ok": True, "areas": areas, "area_count": len(areas),
                "municipality_count": len(snap.municipalities), "poster_count": len(snap.posters),
                "models": snap.models, "formats": urls.twins(urls.MUNICIPALITIES)}
    rows = [m | {"area": a["name"]} for a in areas for m in a["municipalities"]]
    return respond("municipalities.html", data, rows, fmt, "kunnat")


@bp.get("/kunnat/<name>")
def municipality(name: str):
    name, suffix = split_suffix(name)
    fmt = wanted_format(suffix)
    with snapshot() as snap:
        place = snap.places.resolve(name)
        if place is None:
            abort(404, f"Kuntaa {name[:80]!r} ei löytynyt kokeilukunnista.")
        if place.name != name:
            qs = request.query_string.decode()
            target = urls.municipality(place.name) + (f".{suffix}" if suffix else "") + (f"?{qs}" if qs else "")
            return redirect(target, 302)
        m = snap.places.by_name[place.name]
        posters, read = snap.find_posters(municipality=place.name)
        mentions = snap.search(place.name, limit=MENTIONS, raw_filters={"kind": "text,table"})
        data = {"ok": True, "municipality": m.to_dict() | {"label": place_name(m.name, m.sv_name)},
                "area": {"name": place.area, "label": area_name(place.area, sv_names(snap)),
                         "members": [{"name": n, "label": place_name(n, snap.places.by_name[n].sv_name),
                                      "url": urls.municipality(n)} for n in place.members]},
                "posters_via": read.get("via"), "posters": [poster_card(p, snap) for p in posters],
                "mentions": mentions["results"], "mention_total": mentions["total"],
                "formats": urls.twins(urls.municipality(place.name))}
    rows = [{k: v for k, v in p.items() if k not in ("fields_ordered", "municipality_links")} for p in data["posters"]]
    return respond("municipality.html", data, rows, fmt, place.name)


@page_route(bp, "/posterit/<poster_id>")
def poster(poster_id: str, fmt: str | None = None):
    fmt = wanted_format(fmt)
    with snapshot() as snap:
        p = snap.poster(poster_id)
        if p is None:
            abort(404, f"Posteria {poster_id[:80]!r} ei löytynyt.")
        data = {"ok": True, "poster": poster_card(p, snap), "formats": urls.twins(urls.poster(p.id))}
    rows = [{"poster": p.id, "title": p.title, "field": f["key"], "label": f["label"], "text": f["text"]}
            for f in data["poster"]["fields_ordered"]]
    return respond("poster.html", data, rows, fmt, p.id)


@page_route(bp, "/asiakirjat/<doc_id>")
def document(doc_id: str, fmt: str | None = None):
    """A document, one part at a time (`?luku=N`, or `?kohta=<anchor>` for the part holding it); its JSON
    and CSV twins give the whole document unless a part is asked for."""
    fmt = wanted_format(fmt)
    with snapshot() as snap:
        if doc_id not in snap.documents:
            abort(404, f"Asiakirjaa {doc_id[:80]!r} ei löytynyt.")
        doc, passages, placed, parts = document_passages(snap, doc_id)
    part = chosen_part(parts, fmt)
    keep = {"lang": request.args["lang"]} if request.args.get("lang") else {}
    part_url = {x.n: urls.document_part(doc_id, x.n, **keep) for x in parts}
    shown = passages[part.start:part.end] if part else passages
    asked = {k: v for k, v in request.args.items() if k in ("luku", "kohta")}
    meta = {k: v for k, v in doc.items() if k != "sections"}
    kind = ORIGINALS.get(Path(doc.get("path", "")).suffix.lower())
    meta |= {"file_url": urls.original_file(doc_id) if kind else None, "file_kind": kind and kind[0]}
    data = {"ok": True, "document": meta,
            "toc": toc_entries(doc, placed, parts, part_url),
            "parts": [{"n": x.n, "title": x.title, "number": x.number, "piece": x.piece, "pieces": x.pieces,
                       "page": passages[x.start]["page"], "url": part_url[x.n]} for x in parts],
            "part": part.n if part else None, "passages": shown,
            "contents": part_contents(part, passages) if part else [],
            "formats": urls.twins(urls.document(doc_id), asked)}
    rows = [{k: p[k] for k in ("id", "page", "kind", "lang", "poster", "text")} for p in shown]
    return respond("document.html", data, rows, fmt, doc_id)


def chosen_part(parts: list[Part], fmt: str) -> Part | None:
    """The part the URL asks for (`luku`, else the part holding `kohta`); the page shows the first by
    default, the JSON and CSV twins the whole document."""
    if not parts:
        return None
    n = int_param("luku", 0, 1, len(parts), cap=True)
    if n:
        return parts[n - 1]
    anchor = text_param("kohta")
    if anchor and (part := part_of(parts, anchor)):
        return part
    return parts[0] if fmt == "html" else None


ORIGINALS = {".pdf": ("PDF", "application/pdf"),
             ".docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}


@bp.get("/asiakirjat/<doc_id>/tiedosto")
def original(doc_id: str):
    """The report's own PDF or Word file, as dropped into corpus/ (inline, so #page=N opens a page)."""
    with snapshot() as snap:
        doc = snap.documents.get(doc_id)
    name = Path((doc or {}).get("path", "")).name
    kind = ORIGINALS.get(Path(name).suffix.lower())
    corpus_dir = settings().corpus_dir
    path = corpus_dir / name
    if doc is None or kind is None or not path.is_file() or not inside(path, corpus_dir):
        abort(404, f"Asiakirjalla {doc_id[:80]!r} ei ole ladattavaa alkuperäistä tiedostoa.")
    return send_file(path, mimetype=kind[1], download_name=name, as_attachment=kind[0] != "PDF", max_age=3600)
