"""One chat turn: read the question, find sentences, quote them or abstain.

`chat(snap, message, history)` is the whole assistant behind POST /api/chat.
The answer is a short lead written here, in the question's language, from
templates filled only with what the reading and the quotes hold, followed by
the quoted sentences; nothing else is said. When the best sentence does not
cover the question the assistant abstains and offers the nearest sections.
"""
from __future__ import annotations

import logging
import time

from assistant import lists
from assistant.followup import read_with_history
from assistant.lexicon import lexicon, phrase
from assistant.quotes import Scored, best_answer, score_all, select
from assistant.retrieve import Retrieved, retrieve
from assistant.sentences import has_number
from assistant.understand import Reading
from indexer.model import POSTER_FIELDS

log = logging.getLogger(__name__)

NEAREST = 3


def chat(snap, message: str, history: list | None = None) -> dict:
    """Answer one message; `history` holds the earlier turns (strings or {role, content})."""
    started = time.perf_counter()
    reading = read_with_history(message, history or [], snap)
    if reading.intent == "abstain":
        out = abstain(reading, None, "empty")
    elif reading.intent == "list" or _place_only(reading):
        out = answer_list(snap, reading) or answer_quotes(snap, reading)
    else:
        out = answer_quotes(snap, reading)
    out["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
    log.info("chat %s intent=%s abstained=%s in %.0f ms", reading.lang, reading.intent,
             out["abstained"], out["took_ms"])
    return out


def _place_only(reading: Reading) -> bool:
    """"Mitä Vantaalla tehtiin?": a place and nothing else lists the place's experiments."""
    return bool(reading.municipality and not reading.terms and not reading.field and not reading.model)


def answer_quotes(snap, reading: Reading) -> dict:
    retrieved = retrieve(snap, reading)
    scored = score_all(reading, retrieved.candidates)
    best = best_answer(reading, scored, retrieved.candidates)
    if best is None:
        return abstain(reading, retrieved, "unknown_place" if reading.unknown_place else "no_answer")
    groups = select(reading, scored, best)
    figure_missing = reading.intent == "figure" and not has_number(groups[0][0].sentence, lexicon().numbers)
    lead = _lead(reading, groups, retrieved, figure_missing)
    return respond(reading, lead, groups, retrieved)


def _lead(reading: Reading, groups: list[list[Scored]], retrieved: Retrieved, figure_missing: bool) -> str:
    lang = reading.lang
    parts = []
    if reading.unknown_place:
        parts.append(phrase("unknown_place_note", lang, place=reading.unknown_place))
    if retrieved.via_area and groups[0][0].cand.scoped:
        parts.append(phrase("via_area", lang, place=reading.municipality, area=reading.area))
    if retrieved.dropped_model and groups[0][0].cand.scoped:
        parts.append(phrase("dropped_model", lang, place=reading.municipality, model=reading.model))
    top = groups[0][0].cand.result
    if figure_missing:
        parts.append(phrase("figure_missing", lang))
    elif reading.field and top.get("field") == reading.field and top.get("poster_title"):
        label = POSTER_FIELDS[reading.field].get(lang) or POSTER_FIELDS[reading.field]["fi"]
        place = ", ".join(top.get("municipalities") or []) or reading.municipality or ""
        parts.append(phrase("field", lang, place=place, label=label))
    else:
        parts.append(phrase("figure" if reading.intent == "figure" else "fact", lang))
    if lang == "sv" and any(g[0].cand.result.get("lang") == "fi" for g in groups):
        parts.append(phrase("quotes_in_finnish", lang))
    return " ".join(p for p in parts if p)


def respond(reading: Reading, lead: str, groups: list[list[Scored]], retrieved: Retrieved | None) -> dict:
    citations = [quote_citation(g) for g in groups]
    lines = [lead]
    for n, (g, c) in enumerate(zip(groups, citations, strict=True), 1):
        shown = " ".join(s.sentence.display() for s in g)
        lines.append(f"[{n}] ”{shown}” ({c['citation'] or c['doc']})")
    return {"ok": True, "answer": "\n\n".join(lines), "lead": lead, "citations": citations, "abstained": False,
            "interpreted": interpreted(reading, retrieved), "nearest": []}


def quote_citation(group: list[Scored]) -> dict:
    """One verbatim span of a passage: from the first sentence's start to the last one's end."""
    result = group[0].cand.result
    return lists.citation_of(result, group[0].sentence.start, group[-1].sentence.end)


def interpreted(reading: Reading, retrieved: Retrieved | None) -> dict:
    out = reading.to_dict()
    if retrieved is not None:
        out["query"] = retrieved.open_query or retrieved.scoped_query or out["query"]
        out["scoped_query"] = retrieved.scoped_query
        out["via_area"] = retrieved.via_area
    return out


def abstain(reading: Reading, retrieved: Retrieved | None, reason: str) -> dict:
    """Say plainly that the sources hold no answer, and where the closest material is."""
    lang = reading.lang
    nearest = _nearest(retrieved) if retrieved and reason != "empty" else []
    if reason == "empty":
        lead = [phrase("empty", lang)]
    elif reason == "unknown_place":
        lead = [phrase("unknown_place", lang, place=reading.unknown_place), phrase("no_answer", lang)]
    else:
        lead = [phrase("no_answer", lang)]
    lines = list(lead)
    if nearest:
        lines += [phrase("nearest", lang)] + [f"– {n['citation'] or n['title']}" for n in nearest]
    out = {"ok": True, "answer": "\n".join(lines), "lead": " ".join(lead), "citations": [], "abstained": True,
           "interpreted": interpreted(reading, retrieved), "nearest": nearest}
    out["interpreted"]["abstain_reason"] = reason
    return out


def _nearest(retrieved: Retrieved) -> list[dict]:
    """The top distinct sections of the search, as links (not as answers)."""
    out, seen = [], set()
    for cand in sorted(retrieved.candidates, key=lambda c: (c.rank, not c.scoped)):
        r = cand.result
        key = (r["doc"], tuple(r.get("section") or []), r.get("field"))
        if key in seen:
            continue
        seen.add(key)
        title = r.get("poster_title") or (r.get("section") or [r.get("doc_title")])[-1]
        out.append({"title": title, "doc": r["doc"], "section": " › ".join(r.get("section") or []),
                    "page": r.get("page"), "url": r["url"], "citation": r.get("citation")})
        if len(out) >= NEAREST:
            break
    return out


def answer_list(snap, reading: Reading) -> dict | None:
    """A list from the posters and the municipality table, or None to answer with quotes."""
    return lists.build_list(snap, reading, answer_quotes)
