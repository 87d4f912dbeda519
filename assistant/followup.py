"""Follow-up questions: carry the topic of earlier turns into "Entä Oulussa?".

The server keeps no conversation state: the client sends the earlier turns as
`history`, and the earlier user messages are read again here, oldest first,
each merged into the running reading when it is a follow-up. Re-reading is
cheap (a few words each) and means a tampered or stale `interpreted` block
from the client can never steer the answer.

A message is a follow-up when it opens with "entä"/"och", points back with a
pronoun ("se", "sillä", "det"), or names no topic of its own ("Mitä
opittiin?"). A follow-up keeps every slot of the previous reading that the new
message leaves empty and swaps the ones it fills: "Entä Oulussa?" swaps the
municipality, "Juurtuiko se?" the poster field, "Paljonko sillä
säästettiin?" the field and the intent.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from assistant.subject import identify, poster_by_id, set_subject
from assistant.understand import Reading, understand

log = logging.getLogger(__name__)

MAX_TURNS = 6  # earlier user messages considered; older topics are stale anyway
EXPLICIT_INTENTS = ("figure", "list", "field")
SHORT = 4  # words: "Kuka oli yhteyshenkilö?" names no subject and leans on the last one


def user_messages(history: list) -> list[str]:
    """The user's earlier messages from a history of strings or {role, content} objects."""
    out = []
    for item in history:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and item.get("role", "user") == "user":
            text = item.get("content") or item.get("message") or item.get("text") or ""
            if isinstance(text, str):
                out.append(text)
    return [m for m in out if m.strip()][-MAX_TURNS:]


def is_followup(new: Reading) -> bool:
    """Does this message lean on an earlier one? ("Entä Oulussa?", "Juurtuiko se?", "Uleåborg?")"""
    bare_place = bool(new.municipality and new.word_count <= 2 and not (new.terms or new.field or new.model)
                      and new.intent == "fact")
    return new.opener or new.anaphora or not new.has_topic or bare_place or _no_subject(new)


def _no_subject(new: Reading) -> bool:
    """A short question naming no place, model, poster or name of its own asks about the last subject."""
    if new.municipality or new.unknown_place or new.model or new.poster or new.intent == "list":
        return False
    return new.word_count <= SHORT and len(new.terms) <= 1 and not any(t.name for t in new.terms)


def merge(prev: Reading, new: Reading) -> Reading:
    """The new reading with every slot it leaves empty taken from `prev`."""
    out = replace(new, terms=list(new.terms), soft=list(new.soft), figures=list(new.figures), inherited=[])
    if new.lang_evidence < 1 and prev.lang != new.lang:
        out.lang = prev.lang
    if new.municipality is None and new.unknown_place is None and (prev.municipality or prev.unknown_place):
        out.municipality, out.area, out.members = prev.municipality, prev.area, list(prev.members)
        out.place_forms = prev.place_forms
        out.unknown_place = prev.unknown_place
        out.inherited.append("municipality")
    if new.model is None and prev.model:
        out.model = prev.model
        out.soft += [t for t in prev.soft if t.role == "model"]
        out.inherited.append("model")
    if new.field is None and prev.field and not new.terms:  # "Entä haasteet?" asks its own thing
        out.field = prev.field
        out.soft += [t for t in prev.soft if t.role == "field"]
        out.inherited.append("field")
    swapped = new.municipality is not None and new.municipality != prev.municipality
    if not new.terms and prev.terms:
        kept = [t for t in prev.terms if not (swapped and t.text in prev.naming)]  # they named the old poster
        out.terms, out.figures = kept, list(prev.figures)
        out.counted = out.counted or prev.counted
        out.inherited.append("topic")
    if new.poster is None and prev.poster and not swapped and new.model in (None, prev.model):
        out.poster, out.poster_title, out.naming = prev.poster, prev.poster_title, list(prev.naming)
        out.soft += [t for t in prev.soft if t.role == "name"]
        out.inherited.append("poster")
    out.intent, out.list_target = _intent(prev, new, out)
    return out


def _intent(prev: Reading, new: Reading, merged: Reading) -> tuple[str, str | None]:
    """A new explicit intent wins; otherwise the earlier one carries over."""
    if new.intent in EXPLICIT_INTENTS:
        return new.intent, new.list_target
    if prev.intent == "list":
        target = "posters" if new.municipality and prev.list_target == "municipalities" else prev.list_target
        return "list", target
    if prev.intent in EXPLICIT_INTENTS:
        return prev.intent, None
    return ("fact" if merged.has_topic or merged.field else "abstain"), None


def read_one(message: str, snap) -> Reading:
    """One message on its own, with the poster it names by title (assistant.subject)."""
    reading = understand(message, snap)
    identify(snap, reading)
    return reading


def read_with_history(message: str, history: list, snap, quoted=None) -> Reading:
    """Read `message` in the light of the earlier user messages.

    `quoted(reading)` answers an earlier reading again and returns the poster
    its answer quoted (the API's history holds only the user's messages), so a
    follow-up keeps the subject the last answer was about.
    """
    running: Reading | None = None
    for earlier in user_messages(history):
        reading = read_one(earlier, snap)
        running = merge(running, reading) if running is not None and is_followup(reading) else reading
    reading = read_one(message, snap)
    if running is None or not is_followup(reading):
        return reading
    if running.poster is None and quoted is not None:
        poster = poster_by_id(snap, quoted(running))
        if poster is not None and (running.municipality is None
                                   or set(poster.municipalities) & {running.municipality, *running.members}):
            set_subject(snap, running, poster)
    return merge(running, reading)
