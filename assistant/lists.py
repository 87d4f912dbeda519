"""List questions ("Mitkä kunnat kokeilivat nuorisotakuuta?") from the structured data.

A list is not found in one sentence, so it is built from the posters and the
municipality table the indexer extracted from the report (appendix 1,
chapter 3.1.1), and every poster named is cited with the opening sentence of
its "Mitä kokeiltiin?" field. When the topic words match no poster, or match
so many that the list would say nothing, the caller answers with quotes instead.
"""
from __future__ import annotations

import logging
import weakref
from dataclasses import replace

from assistant.choose import carry
from assistant.forms import is_verb, word_forms
from assistant.lexicon import lexicon, phrase
from assistant.quotes import Scored
from assistant.reply import citation_of, make_reply
from assistant.retrieve import Candidate
from assistant.sentences import split
from assistant.understand import Reading, generic
from indexer.language.words import words

log = logging.getLogger(__name__)

MAX_POSTER_CITATIONS = 12
MIN_CITED_WORDS = 5
LIST_SEARCH = 10  # passages searched for the report's own list of the target
_poster_forms: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def poster_forms(snap) -> dict[str, frozenset[str]]:
    """Word forms of each poster (title and fields), built once per index generation."""
    cached = _poster_forms.get(snap)
    if cached is None:
        cached = {}
        for p in snap.posters:
            text = " ".join([p.title, *p.fields.values()])
            cached[p.id] = frozenset().union(*(word_forms(w) for w in words(text)))
        _poster_forms[snap] = cached
    return cached


def matching_posters(snap, reading: Reading) -> list:
    """Posters in the reading's scope (place, model) that hold every topic term."""
    posters = snap.posters
    if reading.municipality:
        posters, _read = snap.find_posters(municipality=reading.municipality)
    if reading.model:
        posters = [p for p in posters if p.model == reading.model]
    if reading.terms:
        forms = poster_forms(snap)
        posters = [p for p in posters if all(t.forms & forms[p.id] for t in reading.terms)]
    return posters


def poster_citations(snap, posters: list) -> list[dict]:
    """Each poster's "Mitä kokeiltiin?" opening sentence, verbatim, as its citation."""
    wanted = {p.id for p in posters}
    models = sorted({p.model for p in posters})
    filters = {"kind": "poster", "field": "tried"}
    if len(models) == 1:
        filters["model"] = models[0]
    results = snap.search("", limit=60, raw_filters=filters, excerpts=False)["results"]
    by_poster = {r["poster"]: r for r in results if r.get("poster") in wanted}
    out = []
    for p in posters[:MAX_POSTER_CITATIONS]:
        r = by_poster.get(p.id)
        sents = split(r["text"], r.get("lang") or "fi") if r else ()
        if not sents:
            continue
        first = next((s for s in sents if len(s.words) >= MIN_CITED_WORDS), sents[0])  # not "Tavoite 1."
        out.append(citation_of(r, first.start, first.end))
    return out


def municipality_names(snap, reading: Reading, posters: list) -> list[str]:
    """Municipalities of the list, in the table's order (areas as printed in the report)."""
    if reading.model and not reading.terms:
        names = {m.name for m in snap.municipalities if reading.model in m.models}
    else:
        names = {m for p in posters for m in p.municipalities}
    return [m.name for m in snap.municipalities if m.name in names]


def display_name(snap, name: str, lang: str) -> str:
    if lang != "sv":
        return name
    m = next((m for m in snap.municipalities if m.name == name), None)
    return m.sv_name if m and m.sv_name else name


def too_broad(snap, reading: Reading, posters: list) -> bool:
    """A topic word found in most posters ("tavoite") lists nothing in particular."""
    return bool(reading.terms) and len(posters) > 0.5 * len(snap.posters)


def build_list(snap, reading: Reading, quote) -> dict | None:
    """The list answer for the reading's target; None when quotes answer better.

    `quote(reading)` is the sentence pipeline (assistant.answer.answer_quotes),
    used for the lists whose evidence is a sentence rather than posters.
    """
    target = reading.list_target or "posters"
    topic = [t for t in reading.terms if not generic(t) and not t.text.isdigit()]  # "kokeiluihin" lists all
    nouns = [t for t in topic if not is_verb(t.text)]  # a verb names no topic a poster could hold
    if topic and not nouns:
        return None  # "Mitkä kunnat hakivat …?" asks what happened: a sentence answers, not the posters
    reading = replace(reading, terms=nouns)
    if target == "models":
        return _models(snap, reading, quote)
    if target == "municipalities" and reading.municipality and len(reading.members) > 1:
        return _area_members(snap, reading)
    posters = matching_posters(snap, reading)
    if not posters or too_broad(snap, reading, posters):
        return None
    if target == "municipalities":
        if not (reading.model or reading.terms):
            return _all_municipalities(snap, reading, quote)
        names = [display_name(snap, n, reading.lang) for n in municipality_names(snap, reading, posters)]
        if reading.model:
            model = lexicon().model_sv.get(reading.model, reading.model) if reading.lang == "sv" else reading.model
            lead = phrase("list_model_municipalities", reading.lang, model=model, n=len(names), items=", ".join(names))
        else:
            topic = " ".join(t.text for t in reading.terms)
            lead = phrase("list_topic_municipalities", reading.lang, topic=topic, n=len(names), items=", ".join(names))
    else:
        scope = reading.municipality or reading.model or phrase("all_scope", reading.lang)
        items = "; ".join(f"{p.title} ({p.model})" for p in posters)
        lead = phrase("list_posters", reading.lang, scope=scope, n=len(posters), items=items)
    return _respond(reading, lead, poster_citations(snap, posters), len(posters))


def _area_members(snap, reading: Reading) -> dict:
    """"Mitkä kunnat kuuluivat Jyväskylän kuntaryhmään?": the members of the named place's
    experiment area, as the municipality table has them, with the area's posters cited."""
    names = [display_name(snap, n, reading.lang) for n in reading.members]
    place = display_name(snap, reading.municipality, reading.lang)
    lead = phrase("list_area_members", reading.lang, place=place, n=len(names), items=", ".join(names))
    posters, _read = snap.find_posters(municipality=reading.municipality)
    return _respond(reading, lead, poster_citations(snap, posters), len(posters))


def _respond(reading: Reading, lead: str, citations: list[dict], listed: int) -> dict:
    if listed > len(citations) and citations:
        lead += " " + phrase("cited_some", reading.lang, shown=len(citations))
    return make_reply(lead, citations, reading.to_dict())


def _with_quote(reading: Reading, lead: str, quoted: dict) -> dict:
    """A structured lead followed by the quotes the sentence pipeline found for it."""
    if quoted["abstained"]:
        return _respond(reading, lead, [], 0)
    return make_reply(lead, quoted["citations"], reading.to_dict() | {"query": quoted["interpreted"].get("query")})


def _all_municipalities(snap, reading: Reading, quote) -> dict:
    areas: dict[str, list[str]] = {}
    for m in snap.municipalities:
        areas.setdefault(m.area, []).append(display_name(snap, m.name, reading.lang))
    items = "; ".join(", ".join(names) for names in areas.values())
    lead = phrase("list_all_municipalities", reading.lang, n=len(snap.municipalities), k=len(areas), items=items)
    canned = _canned(snap, "Kuinka monta kuntaa osallistui kokeiluihin?", reading)
    out = _with_quote(reading, lead, quote(snap, canned))
    listed = introduced_list(snap, lexicon().list_nouns.get("municipalities", frozenset()))
    if listed is not None and listed["text"] not in {c["text"] for c in out["citations"]}:
        out = make_reply(out["lead"], [*out["citations"][:1], listed, *out["citations"][1:]], out["interpreted"])
    return out


def introduced_list(snap, nouns: frozenset[str]) -> dict | None:
    """The report's own list of the target ("Kokeilukunnat olivat:" and its numbered lines), quoted whole.

    A short sentence ending in a colon that names the target noun introduces
    the lines after it; `quotes.carry` brings them along as one verbatim span.
    """
    if not nouns:
        return None
    for r in snap.search(" ".join(sorted(nouns)), limit=LIST_SEARCH, excerpts=False)["results"]:
        sents = split(r["text"], r.get("lang") or "fi")
        for i, sent in enumerate(sents):
            if sent.text.endswith(":") and len(sent.words) <= 6 and sent.forms & nouns:
                group = carry([Scored(Candidate(r, 0, False), i, sent, 0.0, [], [])])
                if len(group) > 2:
                    return citation_of(r, group[0].sentence.start, group[-1].sentence.end)
    return None


def _models(snap, reading: Reading, quote) -> dict:
    counts = {m: sum(p.model == m for p in snap.posters) for m in snap.models}
    names = {m: lexicon().model_sv.get(m, m) if reading.lang == "sv" else m for m in snap.models}
    items = ", ".join(f"{names[m]} ({_count(reading.lang, c)})" for m, c in counts.items())
    lead = phrase("list_models", reading.lang, n=len(counts), items=items)
    return _with_quote(reading, lead, quote(snap, _canned(snap, "kuusi toimintamallia", reading)))


def _count(lang: str, n: int) -> str:
    return phrase("poster_count_one", lang) if n == 1 else phrase("posters_count", lang, n=n)


def _canned(snap, question: str, reading: Reading) -> Reading:
    """A fixed question whose quoted answer backs a structured list, in the asker's language."""
    from assistant.understand import understand
    canned = understand(question, snap)
    canned.lang = reading.lang
    return canned
