"""One chat turn: read the question, find sentences, quote them or abstain.

`chat(snap, message, history)` is the whole assistant behind POST /api/chat.
The answer is a short lead written here, in the question's language, from
templates filled only with what the reading and the quotes hold (the poster
or section quoted, by name), followed by the quoted sentences; nothing else
is said. When no sentence answers the question's type the assistant abstains
and offers the nearest sections.
"""
from __future__ import annotations

import logging
import time

from assistant import lists
from assistant.answerable import best_answer
from assistant.choose import select
from assistant.followup import read_with_history
from assistant.lexicon import phrase
from assistant.quotes import Scored, score_all
from assistant.reply import citation_of, make_reply
from assistant.retrieve import Retrieved, retrieve
from assistant.subject import name_terms
from assistant.understand import Reading
from indexer.model import POSTER_FIELDS

log = logging.getLogger(__name__)

NEAREST = 3


def chat(snap, message: str, history: list | None = None) -> dict:
    """Answer one message; `history` holds the earlier turns (strings or {role, content})."""
    started = time.perf_counter()
    reading = read_with_history(message, history or [], snap, quoted=lambda r: quoted_poster(snap, r))
    out = answer(snap, reading)
    out["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
    log.info("chat %s intent=%s abstained=%s in %.0f ms", reading.lang, reading.intent,
             out["abstained"], out["took_ms"])
    return out


def answer(snap, reading: Reading) -> dict:
    """The reply to a reading (a message merged with its history)."""
    if reading.intent == "abstain":
        return abstain(reading, None, "empty")
    if reading.intent == "list" or _place_only(reading):
        return answer_list(snap, reading) or answer_quotes(snap, reading)
    return answer_quotes(snap, reading)


def quoted_poster(snap, reading: Reading) -> str | None:
    """The poster an earlier turn's answer quoted first: the subject a follow-up keeps."""
    if reading.intent in ("abstain", "list"):
        return None
    out = answer(snap, reading)
    return next((c.get("poster") for c in out["citations"][:1]), None)


def _place_only(reading: Reading) -> bool:
    """"Mitä Vantaalla tehtiin?": a place and nothing else lists the place's experiments."""
    return bool(reading.municipality and not reading.terms and not reading.field and not reading.model
                and not reading.poster)


def answer_quotes(snap, reading: Reading) -> dict:
    name_terms(snap, reading)
    retrieved = retrieve(snap, reading)
    scored = score_all(reading, retrieved.candidates)
    best = best_answer(snap, reading, scored, retrieved.candidates)
    if best is None:
        return abstain(reading, retrieved, "unknown_place" if reading.unknown_place else "no_answer")
    groups = select(reading, scored, best)
    return respond(reading, _lead(reading, groups, retrieved), groups, retrieved)


def _lead(reading: Reading, groups: list[list[Scored]], retrieved: Retrieved) -> str:
    lang = reading.lang
    parts = []
    if reading.unknown_place:
        parts.append(phrase("unknown_place_note", lang, place=reading.unknown_place))
    if retrieved.via_area and groups[0][0].cand.scoped:
        parts.append(phrase("via_area", lang, place=reading.municipality, area=reading.area))
    if retrieved.dropped_model and groups[0][0].cand.scoped:
        parts.append(phrase("dropped_model", lang, place=reading.municipality, model=reading.model))
    parts.append(source_lead(groups[0][0].cand.result, lang, reading.intent == "figure"))
    if lang == "sv" and any(g[0].cand.result.get("lang") == "fi" for g in groups):
        parts.append(phrase("quotes_in_finnish", lang))
    return " ".join(p for p in parts if p)


def source_lead(result: dict, lang: str, figure: bool = False) -> str:
    """A sentence naming the poster or section quoted first, never a bare label."""
    field = result.get("field")
    if result.get("poster") and result.get("poster_title"):
        place = ", ".join(result.get("municipalities") or [])
        if field in POSTER_FIELDS:
            label = POSTER_FIELDS[field].get(lang) or POSTER_FIELDS[field]["fi"]
            return phrase("poster_field", lang, place=place, title=result["poster_title"], label=label)
        return phrase("poster_card", lang, place=place, title=result["poster_title"])
    section = (result.get("section") or [result.get("doc_title") or result["doc"]])[-1]
    return phrase("figure_section" if figure else "section", lang, section=section,
                  source=(result.get("citation") or result["doc"]).split(",")[0])


def respond(reading: Reading, lead: str, groups: list[list[Scored]], retrieved: Retrieved | None) -> dict:
    citations = [quote_citation(g) for g in groups]
    shown = [c["text"] if g[0].cand.result.get("field") == "card" else " ".join(s.sentence.display() for s in g)
             for g, c in zip(groups, citations, strict=True)]
    return make_reply(lead, citations, interpreted(reading, retrieved), shown=shown)


def quote_citation(group: list[Scored]) -> dict:
    """One verbatim span of a passage: from the first sentence's start to the last one's end.

    A poster card's lines carry labels the index added ("Yhteyshenkilö: "):
    only the value after the label is the report's own text, so only it is quoted.
    """
    first = group[0].sentence
    start = first.start
    if group[0].cand.result.get("field") == "card" and ": " in first.text:
        start += first.text.index(": ") + 2
    return citation_of(group[0].cand.result, start, group[-1].sentence.end)


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
    out = make_reply(" ".join(lead), [], interpreted(reading, retrieved), abstained=True, nearest=nearest,
                     answer="\n".join(lines))
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
