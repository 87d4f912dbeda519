"""The read side's values: a frozen `Result` per passage, `Group`s of them, a frozen `Response`.

A search response is cached per generation and shared by request threads, so what the
cache holds cannot be changed by a caller: every value here is frozen, and `to_dict`
builds a fresh JSON-ready dict for each request. The web layer and the assistant add their
own keys (labels in the UI's language, page URLs) to that copy, never to the cache.

Groups are how people scan results (DocSearch, Pagefind): one row per poster, or per
document section, with its matching passages as sub-results, best first. A poster's
header card (title and contact person) heads its group and never takes the place of the
poster's own matching cell.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import quote

from indexer.model import CARD_FIELD, POSTER_FIELDS


@dataclass(frozen=True)
class Result:
    """One passage as the API shows it, with its citation; `missing` names the query words
    (concept labels) it does not contain, so partial matches can be labelled."""

    id: str
    score: float
    text: str
    excerpt_html: str | None
    doc: str
    doc_title: str
    doc_short: str
    lang: str | None
    kind: str | None
    section: tuple[str, ...]
    section_no: str
    heading: str
    page: int | None
    municipalities: tuple[str, ...]
    model: str | None
    poster: str | None
    poster_title: str | None
    field: str | None
    field_label: str | None
    citation: str
    url: str
    missing: tuple[str, ...] = ()

    @classmethod
    def from_stored(cls, stored: dict, doc: dict, score: float, excerpt: str | None,
                    missing: tuple[str, ...] = ()) -> Result:
        info = stored.get("info") or {}
        field_key = stored.get("poster_field") or ""
        return cls(
            id=stored["id"], score=round(score, 4), text=stored["text"], excerpt_html=excerpt,
            doc=stored["doc"], doc_title=doc.get("title", stored["doc"]),
            doc_short=doc.get("short") or doc.get("title", stored["doc"]),
            lang=stored.get("lang"), kind=stored.get("kind"),
            section=tuple(info.get("section", [])), section_no=info.get("section_no", ""),
            heading=info.get("heading", ""), page=stored.get("page"),
            municipalities=tuple(info.get("municipalities", [])), model=stored.get("model") or None,
            poster=stored.get("poster") or None, poster_title=info.get("poster_title") or None,
            field=field_key or None,
            field_label=POSTER_FIELDS.get(field_key, {}).get("fi") if field_key else None,
            citation=citation(doc, info, stored.get("page")),
            url=f"/asiakirjat/{quote(stored['doc'])}#{stored['id']}", missing=missing)

    @property
    def is_card(self) -> bool:
        return self.field == CARD_FIELD

    @property
    def group_key(self) -> str:
        return group_key(self.poster, self.doc, self.section_no, self.section)

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["section"], out["municipalities"], out["missing"] = (
            list(self.section), list(self.municipalities), list(self.missing))
        return out


@dataclass(frozen=True)
class Group:
    """One row of grouped results: a poster or a document section, its passages best first."""

    key: str
    kind: str  # "poster" | "section"
    title: str
    url: str
    hits: tuple[Result, ...]
    card: Result | None = None  # a poster's header card, shown as the row's heading
    title_html: str | None = None  # the title, escaped, with <mark> around the query's words

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "title": self.title, "title_html": self.title_html,
                "url": self.url,
                "card": self.card.to_dict() if self.card else None,
                "hits": [h.to_dict() for h in self.hits]}


def group_key(poster: str | None, doc: str, section_no: str, section: tuple[str, ...] | list[str]) -> str:
    """A poster, or the document section the passage sits in."""
    if poster:
        return f"poster:{poster}"
    return f"section:{doc}:{section_no or '/'.join(section)}"


def stored_group_key(stored: dict) -> str:
    """`group_key` of a stored passage, before it is made a Result."""
    info = stored.get("info") or {}
    return group_key(stored.get("poster") or None, stored["doc"], info.get("section_no", ""), info.get("section", []))


def group_results(results: list[Result] | tuple[Result, ...],
                  mark: Callable[[str], str] | None = None) -> tuple[Group, ...]:
    """Group ranked results by poster or section, groups in the rank order of their best hit.

    A card joins its poster's group as `card`; it is listed as a hit only when no cell of
    that poster matched (then it is the poster's one match). `mark` highlights the titles
    (a row found by its poster's title shows the match there)."""
    order: dict[str, list[Result]] = {}
    for r in results:
        order.setdefault(r.group_key, []).append(r)
    groups = tuple(_group(key, members) for key, members in order.items())
    return tuple(replace(g, title_html=mark(g.title)) for g in groups) if mark else groups


def _group(key: str, members: list[Result]) -> Group:
    first = members[0]
    cards = [m for m in members if m.is_card]
    cells = [m for m in members if not m.is_card]
    if not cells:  # the card is the poster's one match: it is the hit, not a heading
        cells, cards = cards, []
    if first.poster:
        places = ", ".join(first.municipalities)
        title = f"{places} – {first.poster_title}" if places and first.poster_title else (
            first.poster_title or first.poster)
        return Group(key, "poster", title, f"/posterit/{quote(first.poster)}", tuple(cells),
                     cards[0] if cards else None)
    section = first.section[-1] if first.section else ""
    number = f"{first.section_no} " if first.section_no and not section.startswith(first.section_no) else ""
    title = f"{first.doc_short} – {number}{section}" if section else first.doc_title
    return Group(key, "section", title, first.url, tuple(members))


def citation(doc: dict, info: dict, page: int | None) -> str:
    """"VM 27/2017, luku 4.2 Kokeiluille asetettujen …, s. 16" – document, section, page."""
    parts = [doc.get("short") or doc.get("title") or doc.get("id", "")]
    section = info.get("section") or []
    if info.get("poster_title"):
        parts.append(f"{section[0]}: {info['poster_title']}" if section else info["poster_title"])
        if info.get("heading") and info["heading"] != "Kunta":
            parts.append(info["heading"])
    elif section:
        no, title = info.get("section_no") or "", section[-1]
        parts.append(f"luku {no} {title}" if no and not title.startswith(no) else title)
    if info.get("page_label") or page:
        parts.append(f"s. {info.get('page_label') or page}")
    return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Response:
    """A whole search answer as the cache keeps it."""

    query: str
    results: tuple[Result, ...]
    groups: tuple[Group, ...]
    total: int
    offset: int
    limit: int
    facets: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    did_you_mean: str | None
    filters: tuple[tuple[str, Any], ...]
    expansions: tuple[str, ...]
    partial: bool
    all_words: bool = True  # some passage holds every word of the query (else: partial matches)
    words: tuple[str, ...] = ()  # the query's content words, as the planner read them

    def to_dict(self, took_ms: float) -> dict[str, Any]:
        """A fresh dict each call: callers may edit it without touching the cache."""
        return {
            "ok": True, "query": self.query, "results": [r.to_dict() for r in self.results],
            "groups": [g.to_dict() for g in self.groups], "total": self.total,
            "offset": self.offset, "limit": self.limit,
            "facets": {f: [{"value": v, "count": c} for v, c in counts] for f, counts in self.facets},
            "did_you_mean": self.did_you_mean,
            "interpreted": {"filters": {k: _thaw(v) for k, v in self.filters}, "expansions": list(self.expansions),
                            "words": list(self.words), "all_words_matched": self.all_words},
            "partial": self.partial, "took_ms": took_ms,
        }


def freeze(value: Any) -> Any:
    """Lists and dicts as tuples, for values a frozen Response holds."""
    if isinstance(value, dict):
        return tuple((k, freeze(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
