"""Reading a question without a language model: question -> Reading.

Every word of the question is claimed by at most one slot, in this order:
municipality (any inflection, Swedish names), figure / list cues, poster
field cues ("opittiin", "säästöt", "juurtuiko"), operating-model cues
("Ohjaamo", "ungdomsgaranti"), follow-up openers and pronouns, question words;
what is left (minus stopwords) is the topic: the terms an answer must cover.
Field and model words stay as *soft* terms: they steer retrieval and
scoring but a sentence need not contain them to answer.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

from assistant.fieldmodel import read_field
from assistant.forms import term_forms
from assistant.lexicon import Lexicon, Word, lexicon
from indexer.language import glossary, morph
from indexer.language.words import TOKEN_PATTERN, stopwords
from indexer.model import POSTER_FIELDS

log = logging.getLogger(__name__)

_TOKEN = re.compile(TOKEN_PATTERN)
SV_PREPOSITIONS = {"i", "på", "från", "till"}


@dataclass(frozen=True)
class Term:
    """A topic word: as typed, and every form under which a sentence may hold it."""

    text: str
    forms: frozenset[str]
    role: str = "topic"  # topic | field | model
    search: str = ""  # extra query word for a form the index matches poorly
    name: bool = False  # a proper name ("Manssila", "Keinu"): identifies rather than asks
    crosses: bool = False  # has a translation: a Swedish word that may meet a Finnish sentence
    verb: bool = False  # a Finnish verb or participle: frames the question, the source may say it otherwise


@dataclass
class Reading:
    """How one question (or a follow-up merged with its history) was understood."""

    message: str
    lang: str = "fi"
    lang_evidence: float = 0.0  # cue words seen; a bare "Oulu?" keeps the previous turn's language
    intent: str = "fact"  # fact | figure | list | field | abstain
    municipality: str | None = None
    area: str | None = None
    place_forms: frozenset[str] = frozenset()  # forms of the place's Finnish and Swedish names
    members: list[str] = _field(default_factory=list)
    unknown_place: str | None = None
    model: str | None = None
    field: str | None = None
    field_cued: bool = False  # the field was named ("mitä opittiin"), not guessed from the words
    list_target: str | None = None  # municipalities | posters | models
    terms: list[Term] = _field(default_factory=list)  # topic: an answer must cover these
    soft: list[Term] = _field(default_factory=list)  # field/model words: steer, not required
    figures: list[str] = _field(default_factory=list)
    when: bool = False  # a figure question asking for a date ("milloin", "när")
    counted: Term | None = None  # "kuinka monta KUNTAA": the noun a figure question counts
    counted_at: int = -1  # word index just after the figure cue, while reading
    word_count: int = 0
    opener: bool = False  # "Entä …", "Och …"
    anaphora: bool = False  # "se", "sillä", "det"
    inherited: list[str] = _field(default_factory=list)
    asks: str | None = None  # the answer's kind beyond the intent: person | reason | money | economy | definition
    poster: str | None = None  # the poster the question (or the conversation) is about
    poster_title: str | None = None
    naming: list[str] = _field(default_factory=list)  # topic words that only named the poster

    @property
    def has_topic(self) -> bool:
        return bool(self.terms or self.municipality or self.model or self.unknown_place)

    def query(self, with_place: bool = True) -> str:
        """The words sent to search: topic, soft words and (optionally) the place."""
        parts = [w for t in [*self.terms, *self.soft] for w in (t.text, t.search) if w]
        if with_place and self.municipality:
            parts.append(self.municipality)
        return " ".join(dict.fromkeys(parts))

    def to_dict(self) -> dict[str, Any]:
        """The `interpreted` block of the API: what was read, and from where."""
        label = POSTER_FIELDS.get(self.field or "", {}).get(self.lang) if self.field else None
        return {"lang": self.lang, "intent": self.intent, "municipality": self.municipality,
                "area": self.area if self.area and self.area != self.municipality else None,
                "unknown_place": self.unknown_place, "model": self.model, "field": self.field,
                "field_label": label, "list": self.list_target, "terms": [t.text for t in self.terms],
                "figures": self.figures, "counted": self.counted.text if self.counted else None,
                "query": self.query(), "followup": bool(self.inherited), "inherited": self.inherited,
                "asks": self.asks, "poster": self.poster, "poster_title": self.poster_title}


def understand(message: str, snap) -> Reading:
    """Read one message on its own; follow-ups are merged later (assistant.followup)."""
    lex = lexicon()
    tokens = [m.group(0) for m in _TOKEN.finditer(message)]
    words = [Word.of(t) for t in tokens]
    lang, evidence = detect_lang(words, lex)
    reading = Reading(message=message, lang=lang, lang_evidence=evidence, word_count=len(words))
    used: set[int] = set()
    term = _term_maker(words)
    _places(words, snap, reading, used)
    _cues(words, lex, reading, used, term)
    _model(words, lex, snap, reading, used, term)
    read_field(words, lex, snap, reading, used, term)
    _rest(words, lex, reading, used, term)
    reading.asks = _asks(words, lex, reading)
    reading.intent = _intent(reading)
    return reading


def detect_lang(words: list[Word], lex: Lexicon | None = None) -> tuple[str, float]:
    """fi or sv from cue words and letters, with the evidence; a tie (or nothing) is Finnish."""
    lex = lex or lexicon()
    sv = sum(w.folded in lex.lang["sv"] for w in words) + sum("å" in w.lower for w in words)
    fi = sum(w.folded in lex.lang["fi"] for w in words)
    fi += 0.3 * sum(bool(w.lemmas) and w.folded not in lex.lang["sv"] and "å" not in w.lower for w in words)
    return ("sv" if sv > fi else "fi"), float(sv + fi)


def _places(words: list[Word], snap, reading: Reading, used: set[int]) -> None:
    exact = {morph.fold(n.lower()) for m in snap.municipalities for n in (m.name, m.sv_name) if n}
    for i, w in enumerate(words):
        if len(w.lower) < 3 or w.lower in stopwords():
            continue
        proper = morph.analyse_fi(w.lower).proper
        inhabitant = _inhabitant_place(w, snap)
        if not (proper or not w.lemmas or w.text[0].isupper() or inhabitant):
            continue
        place = inhabitant or snap.places.resolve(w.text)
        if place and (proper or not w.lemmas or w.folded in exact or inhabitant):
            used.add(i)
            if reading.municipality is None:
                reading.municipality, reading.area, reading.members = place.name, place.area, list(place.members)
                reading.place_forms = place_forms(snap, place.name)
        elif place is None and reading.unknown_place is None:
            reading.unknown_place = _unknown_place(words, i)


def _inhabitant_place(w: Word, snap):
    """"vaasalaisessa", "riihimäkeläisten": the place an inhabitant adjective is made of
    (Vaasa, Riihimäki), when the tables know it."""
    for lemma in w.lemmas:
        if lemma.endswith("lainen") and len(lemma) > 8:
            stem = lemma[: -len("lainen")]
            for base in (stem, stem[:-1] + "i") if stem.endswith("e") else (stem,):
                place = snap.places.resolve(base)
                if place:
                    return place
    return None


def place_forms(snap, name: str) -> frozenset[str]:
    """Forms of a municipality's names, so "Vanda" in the Swedish text counts as Vantaa."""
    names = [name] + [m.sv_name for m in snap.municipalities if m.name == name and m.sv_name]
    return frozenset().union(*(term_forms(n.lower()) for n in names))


def _unknown_place(words: list[Word], i: int) -> str | None:
    """A place the tables do not know: Voikko's place names, or "i Åbo"-style Swedish."""
    w = words[i]
    base = morph.place_base(w.lower)
    if base and morph.fold(base.lower()) in lexicon().not_municipalities:
        return None
    if base and w.text[:1].islower() and w.lemmas - {morph.fold(base.lower())}:
        return None  # "euroina" is euros before it is Eura: a lowercase word with a common reading
    if base:
        return base[:1].upper() + base[1:]
    after_prep = i > 0 and words[i - 1].lower in SV_PREPOSITIONS
    if after_prep and w.text[0].isupper() and not w.lemmas and not glossary.expand([w.lower]):
        return w.text
    return None


def _cues(words: list[Word], lex: Lexicon, reading: Reading, used: set[int], term) -> None:
    free = [w if i not in used else Word("", "", "\x00", frozenset()) for i, w in enumerate(words)]
    if lex.figure.spans(free):
        reading.intent = "figure"
        used |= lex.figure.covered(free)
        reading.when = bool(lex.when.spans(free))
        if not reading.when and lex.counting.spans(free):  # "kuinka monta X", not "paljonko X"
            reading.counted_at = max(lex.figure.covered(free)) + 1
    targets = {name: cs.covered(free) for name, cs in lex.list_targets.items()}
    asked = lex.list_words.covered(free)
    if _what_of_a_subject(free, asked, targets):
        asked = set()
    if reading.intent != "figure" and asked:
        for name in ("municipalities", "posters", "models"):
            if targets[name]:
                reading.list_target = name
                used |= targets[name] | asked | lex.list_verbs.covered(free)
                break
    best = None
    for key, cues in lex.fields.items():
        spans = [s for s in cues.spans(free) if s[0] not in used]
        if spans and (best is None or spans[0][0] < best[1][0][0]):
            best = (key, spans)
    if best:
        reading.field, reading.field_cued = best[0], True
        for start, end in best[1]:
            for j in range(start, end):
                if j not in used:
                    used.add(j)
                    reading.soft.append(term(j, "field"))


def _what_of_a_subject(words: list[Word], asked: set[int], targets: dict[str, set[int]]) -> bool:
    """"Mitä kokeilukunnat ajattelivat?" asks what the municipalities (a subject, nominative plural)
    thought, not which ones: only "mitä" with a partitive ("mitä kuntia") asks for a list."""
    if not asked or any(words[i].folded != "mita" for i in asked):
        return False
    named = [i for ids in targets.values() for i in ids]
    return bool(named) and all(words[i].lower.endswith("t") for i in named)


def _model(words: list[Word], lex: Lexicon, snap, reading: Reading, used: set[int], term) -> None:
    known = set(snap.models)
    for name, cues in lex.models.items():
        hits = [j for j in cues.covered(words) if j not in used]
        if hits and name in known:
            reading.model = reading.model or name
            for j in hits:
                used.add(j)
                reading.soft.append(term(j, "model"))
                if j == reading.counted_at:  # "montako toimeentulotukihakemusta": counted, though a model cue
                    reading.counted = reading.soft[-1]


def _rest(words: list[Word], lex: Lexicon, reading: Reading, used: set[int], term) -> None:
    if words and lex.followup.spans(words[:3]) and lex.followup.spans(words[:3])[0][0] == 0:
        reading.opener = True
        used |= set(range(*lex.followup.spans(words[:3])[0]))
    for cues in lex.anaphora.values():
        hits = cues.covered(words) - used
        if hits:
            reading.anaphora = True
            used |= hits
    used |= lex.question.covered(words)
    for i, w in enumerate(words):
        if i in used or w.lower in stopwords() or len(w.lower) < 2 and not w.lower.isdigit():
            continue
        if any(ch.isdigit() for ch in w.lower):
            reading.figures.append(w.lower)
        reading.terms.append(term(i))
        if i == reading.counted_at:
            reading.counted = reading.terms[-1]
    if reading.unknown_place and not any(reading.unknown_place.lower() in t.forms for t in reading.terms):
        reading.terms.append(Term(reading.unknown_place.lower(), term_forms(reading.unknown_place.lower())))


def _asks(words: list[Word], lex: Lexicon, reading: Reading) -> str | None:
    """What kind of thing answers: a person ("kuka"), a reason ("miksi"), a sum of money ("maksoi")."""
    if lex.asks["person"].spans(words[:3]):
        return "person"
    opening = lex.asks["definition"].spans(words[:2])
    if opening and opening[0][0] == 0 and not reading.municipality and reading.intent != "figure":
        return "definition"  # "Mikä on Exit Plan?": the text under a heading naming it defines it
    if lex.asks["reason"].spans(words):
        return "reason"
    if lex.asks["money"].spans(words) and reading.counted_at < 0:  # "kuinka monessa …" counts, not sums
        return "money"
    if lex.asks["economy"].spans(words) and reading.counted_at < 0:
        return "economy"  # "vaikutuksia talouteen": costs and savings answer, whatever their unit
    return None


def _intent(reading: Reading) -> str:
    if reading.list_target:
        return "list"
    if reading.intent == "figure":
        return "figure"
    if reading.field:
        return "field"
    if not reading.has_topic:
        return "abstain"
    return "fact"


def _term_maker(words: list[Word]):
    """Term factory for this question: its forms plus glossary translations (sv <-> fi)."""
    expansions = glossary.expand([w.lower for w in words])

    def term(i: int, role: str = "topic") -> Term:
        extra: set[str] = set()
        for start, end, others in expansions:
            if start <= i < end:
                for _lang, form in others:
                    if len(form) == 1:
                        extra |= term_forms(form[0].lower())
        extra |= lexicon().extra_forms(words[i])
        search = lexicon().search_word(words[i]) or ""
        if not search and detect_lang(words)[0] == "sv":  # the index does not know this Swedish word
            search = lexicon().translation(words[i]) or ""
        if search:
            extra |= term_forms(search)
        w = words[i]
        name = morph.analyse_fi(w.lower).proper or (i > 0 and w.text[:1].isupper() and not w.text.isupper())
        verb = not name and morph.fi_verb(w.lower)
        return Term(w.lower, term_forms(w.lower) | extra, role, search, name, bool(extra), verb)
    return term


def generic(term: Term) -> bool:
    """"kunta", "kokeilu", "vuonna": words of every page, which alone prove nothing about an answer."""
    return bool(term.forms & lexicon().generic)
