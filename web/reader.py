"""The document reader: a document's passages in order, split into parts of a readable size.

The final report is 116 printed pages: on one HTML page it was 213,000 px tall on a phone. So
the reader shows one part at a time: `/asiakirjat/<id>?luku=N`. A part starts at every chapter
(a level-1 heading), and a chapter longer than MAX_PART_CHARS (the poster appendix) continues in
a new part at its next heading or poster. `?kohta=<anchor>` opens the part holding a passage,
heading or poster anchor, so citation links (`#<passage id>`) keep working: pages link with
`urls.passage`, and reader.js sends a bare `#<id>` that is not on the page to `?kohta=`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from indexer.search.snapshot import Snapshot
from web.i18n import field_label

log = logging.getLogger(__name__)

MAX_PART_CHARS = 20_000  # about 10 printed pages; a phone shows it in some 12,000 px


@dataclass
class Part:
    """Passages [start, end) of the reader's passage list, under one chapter's title."""

    n: int
    title: str
    number: str
    start: int
    end: int = 0
    piece: int = 1  # the chapter's first, second, … part
    pieces: int = 1
    anchors: list[str] = field(default_factory=list)


def reader_passages(doc: dict, stored: list[dict]) -> tuple[list[dict], set[str]]:
    """Passages in order, each with the headings and poster title that start before it."""
    anchors: dict[str, dict] = {}
    for s in doc.get("sections", []):
        anchors.setdefault(s["title"].casefold(), s)
    placed: set[str] = set()
    out, last_poster, last_page = [], None, None
    for s in stored:
        info = s.get("info") or {}
        heads = []
        for title in info.get("section") or []:
            sec = anchors.get(title.casefold())
            if sec and sec["anchor"] not in placed:
                placed.add(sec["anchor"])
                heads.append(sec)
        poster_id = s.get("poster") or None
        page = (s.get("page"), info.get("page_label"), info.get("file_page"))  # i and 1 are two pages
        out.append({"id": s["id"], "text": s["text"], "lang": s.get("lang"), "kind": s.get("kind"),
                    "page": s.get("page"), "new_page": page != last_page and s.get("page") is not None,
                    "page_label": info.get("page_label") or s.get("page"), "file_page": info.get("file_page"),
                    "headings": heads, "poster": poster_id,
                    "poster_title": info.get("poster_title") if poster_id and poster_id != last_poster else None,
                    "field_label": field_label(s["poster_field"]) if s.get("poster_field") else None})
        last_poster, last_page = poster_id, page
    return out, placed


def split_parts(passages: list[dict], max_chars: int = MAX_PART_CHARS) -> list[Part]:
    """Parts in reading order: one per chapter, a long chapter continued at a heading or poster."""
    parts: list[Part] = []
    size = 0
    for i, p in enumerate(passages):
        chapter = next((h for h in p["headings"] if h["level"] == 1), None)
        opens = bool(p["headings"] or p["poster_title"])
        if not parts or (chapter and i > parts[-1].start) or (opens and size >= max_chars):
            if parts:
                parts[-1].end = i
            if chapter or not parts:
                title, number = (chapter["title"], chapter["number"]) if chapter else ("", "")
                parts.append(Part(len(parts) + 1, title, number, i))
            else:
                last = parts[-1]
                parts.append(Part(len(parts) + 1, last.title, last.number, i, piece=last.piece + 1))
            size = 0
        size += len(p["text"])
        parts[-1].anchors += [p["id"], *(h["anchor"] for h in p["headings"])]
        if p["poster_title"]:
            parts[-1].anchors.append(f"posteri-{p['poster']}")
    if parts:
        parts[-1].end = len(passages)
    if all(passages[x.start]["page"] is not None for x in parts):  # the report keeps its posters last:
        parts.sort(key=lambda x: passages[x.start]["page"])       # read in the printed order
        for n, x in enumerate(parts, 1):
            x.n = n
    chapter: list[Part] = []
    for part in [*parts, None]:
        if part is None or part.piece == 1:
            for x in chapter:
                x.pieces = len(chapter)
            chapter = []
        if part:
            chapter.append(part)
    return parts


def part_of(parts: list[Part], anchor: str) -> Part | None:
    """The part holding a passage id, heading anchor or `posteri-<id>` anchor."""
    return next((p for p in parts if anchor in p.anchors), None)


def part_contents(part: Part, passages: list[dict]) -> list[dict]:
    """What a part's table of contents lists below its title: its headings and posters."""
    out = []
    for p in passages[part.start:part.end]:
        out += [{"anchor": h["anchor"], "title": h["title"], "number": h["number"], "level": h["level"],
                 "page": h.get("page")} for h in p["headings"] if h["level"] > 1]
        if p["poster_title"]:
            out.append({"anchor": f"posteri-{p['poster']}", "title": p["poster_title"], "number": "",
                        "level": 3, "page": p["page"]})
    return out


def toc_entries(doc: dict, placed: set[str], parts: list[Part], part_url: dict[int, str]) -> list[dict]:
    """The document's printed contents, each entry with the part (and URL) where its heading is shown."""
    where = {a: x.n for x in parts for a in x.anchors}
    return [s | {"placed": s["anchor"] in placed, "part": where.get(s["anchor"]),
                 "url": f"{part_url[where[s['anchor']]]}#{s['anchor']}" if s["anchor"] in where else None}
            for s in doc.get("sections", [])]


def document_passages(snap: Snapshot, doc_id: str) -> tuple[dict, list[dict], set[str], list[Part]]:
    """A document's metadata, passages, placed heading anchors and parts."""
    doc = snap.documents[doc_id]
    passages, placed = reader_passages(doc, snap.engine.all_stored(doc=doc_id))
    return doc, passages, placed, split_parts(passages)
