"""The shape of an assistant reply: one place for the dict behind POST /api/chat.

Every path (quotes, lists, abstentions) answers through `make_reply`, so the
contract {"answer", "lead", "citations", "abstained", "interpreted", "nearest"}
is built once; `citation_of` is the only maker of a citation, a verbatim slice
`result["text"][start:end]` of a passage the search returned.
"""
from __future__ import annotations

from typing import Any


def citation_of(result: dict, start: int, end: int) -> dict:
    """The API's citation for result["text"][start:end]."""
    section = list(result.get("section") or [])
    if result.get("field_label"):
        section.append(result["field_label"])
    return {"text": result["text"][start:end], "doc": result["doc"], "doc_title": result.get("doc_title"),
            "section": " › ".join(section), "page": result.get("page"), "url": result["url"],
            "citation": result.get("citation"), "passage": result["id"], "poster": result.get("poster"),
            "field": result.get("field"), "lang": result.get("lang") or "fi",
            "municipalities": result.get("municipalities") or []}


def quote_line(n: int, citation: dict, shown: str | None = None) -> str:
    """`[1] ”…” (source)`: one quote of the answer text; `shown` may add ellipses, never words."""
    return f"[{n}] ”{shown if shown is not None else citation['text']}” ({citation['citation'] or citation['doc']})"


def make_reply(lead: str, citations: list[dict], interpreted: dict[str, Any], *, shown: list[str] | None = None,
               abstained: bool = False, nearest: list[dict] | None = None, extra_lines: list[str] | None = None,
               answer: str | None = None) -> dict:
    """The reply dict: the lead, then the quotes (or the nearest sections of an abstention)."""
    if answer is None:
        if citations:
            texts = shown or [None] * len(citations)
            body = [quote_line(n, c, s) for n, (c, s) in enumerate(zip(citations, texts, strict=True), 1)]
            answer = "\n\n".join([lead, *body])
        else:
            answer = "\n".join([lead, *(extra_lines or [])])
    return {"ok": True, "answer": answer, "lead": lead, "citations": citations, "abstained": abstained,
            "interpreted": interpreted, "nearest": nearest or []}
