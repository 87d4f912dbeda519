"""The subject of a question: which poster it is about, named by its title words.

"Mitä Vantaan Liukumäki kotiin -kokeilussa tehtiin?" names a poster by its
title, and "tehostetun palveluasumisen kokeilu" in Ylöjärvi names the poster
"Tehostettu palveluasuminen" even though "palveluasuminen" is also a cue of
another operating model: the poster's own operating model is the truth about
which model the question is about. A question names a poster when its words
meet one poster's title better than every other poster's in scope (the asked
municipality's posters, else all of them).

The subject also carries a conversation: the poster the last answer quoted is
what "Entä haasteet?" or "Kuka oli yhteyshenkilö?" asks about.
"""
from __future__ import annotations

import logging
import weakref
from dataclasses import replace

from assistant.forms import word_forms
from assistant.lists import poster_forms
from assistant.understand import Reading, Term, generic, place_forms
from indexer.language.words import words
from indexer.model import CARD_FIELD

log = logging.getLogger(__name__)

_title_forms: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def title_forms(snap) -> dict[str, frozenset[str]]:
    """Word forms of each poster's title, built once per index generation."""
    cached = _title_forms.get(snap)
    if cached is None:
        cached = {p.id: frozenset().union(*(word_forms(w) for w in words(p.title)))
                  for p in snap.posters}
        _title_forms[snap] = cached
    return cached


def _naming_terms(reading: Reading) -> list[Term]:
    return [t for t in [*reading.terms, *(s for s in reading.soft if s.role == "model")] if not generic(t)]


def identify(snap, reading: Reading) -> None:
    """Set reading.poster when the question's words name one poster's title (see the docstring)."""
    if reading.unknown_place:
        if not _names_a_poster(snap, reading.unknown_place):
            return
        reading.unknown_place = None  # a district a poster is named after ("Valkealan palvelualue"), not a
        # place without posters: its word stays a topic word and names the poster below
    scope = snap.find_posters(municipality=reading.municipality)[0] if reading.municipality else snap.posters
    forms = title_forms(snap)
    naming = _naming_terms(reading)
    scored = []
    for p in scope:
        hits = [t for t in naming if t.forms & forms[p.id]]
        if hits:
            scored.append((len(hits), p, hits))
    if not scored:
        if reading.municipality:
            _by_content(snap, reading, scope, naming)
        return
    scored.sort(key=lambda x: -x[0])
    best, poster, hits = scored[0]
    tied = len(scored) > 1 and scored[1][0] == best
    if tied or (not reading.municipality and best < 2 and not _own_name(snap, poster, hits)):
        return  # "nuorisotakuun" names many posters; one title word names a poster only within a place
    set_subject(snap, reading, poster)
    reading.naming = [t.text for t in hits]
    # words that named the poster identify, they do not ask: the poster's fields need not repeat them
    named = [t for t in reading.terms if t in hits]
    reading.terms = [t for t in reading.terms if t not in hits]
    reading.soft += [replace(t, role="name") for t in named]


def _own_name(snap, poster, hits: list[Term]) -> bool:
    """A name only this poster's title holds ("Penttilänrannan", "Valkealan") names it alone."""
    forms = title_forms(snap)
    return any(t.name and not any(t.forms & f for pid, f in forms.items() if pid != poster.id) for t in hits)


def _names_a_poster(snap, place: str) -> bool:
    forms = word_forms(place.lower())
    return any(forms & title for title in title_forms(snap).values())


def _by_content(snap, reading: Reading, scope: list, naming: list[Term]) -> None:
    """Within a place, the poster is its only one (of the model), or the only one holding every topic word."""
    own = [p for p in scope if reading.municipality in p.municipalities
           and (reading.model is None or p.model == reading.model)]
    if len(own) == 1:
        set_subject(snap, reading, own[0])
        return
    held = poster_forms(snap)
    holding = [p for p in own if naming and all(t.forms & held[p.id] for t in naming)]
    if len(holding) == 1:
        set_subject(snap, reading, holding[0])


def set_subject(snap, reading: Reading, poster) -> None:
    """Make `poster` the subject: its own model, and its municipality when none was asked."""
    reading.poster, reading.poster_title = poster.id, poster.title
    if reading.model != poster.model:
        reading.soft = [t for t in reading.soft if t.role != "model"]
        reading.model = poster.model
    if reading.municipality is None and poster.municipalities:
        place = snap.places.resolve(poster.municipalities[0])
        if place is not None:
            reading.municipality, reading.area, reading.members = place.name, place.area, list(place.members)
            reading.place_forms = place_forms(snap, place.name)


def poster_by_id(snap, poster_id: str | None):
    return next((p for p in snap.posters if p.id == poster_id), None) if poster_id else None


def name_terms(snap, reading: Reading) -> None:
    """For a field of the subject poster, its topic words say which poster is meant or how the field is asked.

    "Mikä oli Hausjärven kehitysvammaisten asuinryhmän taloudellinen vaikutus?"
    is answered by the effects field of the poster about that group home, which
    need not say "asuinryhmä" again.
    """
    if reading.poster and not reading.field and reading.asks == "person":
        reading.field = CARD_FIELD  # "Keneen siitä voi ottaa yhteyttä?" of a known poster: its contact
        reading.intent = "field"
    if not (reading.poster and reading.field and reading.terms):
        return
    held = poster_forms(snap).get(reading.poster, frozenset())
    named = [t for t in reading.terms if t.forms & held]
    reading.terms = [t for t in reading.terms if t not in named]
    reading.soft += [replace(t, role="name") for t in named]
    # The poster and its field are the answer: the words left say how the field is asked
    # ("hankaluuksia tuli vastaan" for what was learned), they are not things the cell must say.
    # Not so for the effects, which hold figures: "budjetti euroina" asks for one the cell may
    # lack; nor for a number: "vuonna 2019" of a poster is not in its cell.
    # And a word no poster says ("fotboll") asks about something the posters do not hold.
    if reading.field == "effects" or reading.asks in ("money", "economy"):
        return
    said = frozenset().union(*poster_forms(snap).values())
    asking = [t for t in reading.terms if not t.text.isdigit() and t.forms & said]
    reading.terms = [t for t in reading.terms if t not in asking]
    reading.soft += [replace(t, role="field") for t in asking]
