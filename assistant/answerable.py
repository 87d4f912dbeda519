"""Whether the best sentence answers at all, or the assistant must abstain.

`best_answer` tries the best few sentences and takes the first that
answers: of the asked type (assistant.kinds), covering the question's topic
words in its passage, about the asked place. A topic word found nowhere in
the retrieved passages means the corpus does not speak of it; a Swedish word
with no translation neither proves nor disproves a Finnish passage.
"""
from __future__ import annotations

import copy
import math

from assistant.forms import term_forms
from assistant.kinds import answers_type, heading_forms, passage_forms, text_forms
from assistant.quotes import Scored, place_score
from assistant.retrieve import Candidate, in_cell_of
from assistant.sentences import counts, covered
from assistant.understand import Reading, Term, generic
from indexer.language import morph

COMMON = 10  # passages: a word this common that a poster lacks frames the question ("käytännössä")
TRY_BEST = 8  # sentences tried, best first, for one that answers
MAX_ABSENT_SHARE = 0.34  # topic words missing from every retrieved passage before we abstain


class Context:
    """What the whole candidate set holds: a topic word found nowhere in it is not in the corpus."""

    def __init__(self, reading: Reading, candidates: list[Candidate]):
        self.reading = reading
        self.candidates = candidates
        self.forms = frozenset().union(*(passage_forms(c) for c in candidates)) if candidates else frozenset()
        specific = [t for t in reading.terms if not generic(t)]
        self.absent = [t for t in specific if not (t.forms & self.forms)]
        # Names identify what is asked about, the other words ask: a sentence that only names
        # "Sonja Manssila" does not answer "Paljonko Sonja Manssilan palkka oli?".
        asking = [t for t in specific if not t.name]
        self.specific = asking or specific
        self.required = self.specific  # what an answer must cover; `loosened` leaves the verbs out
        self.posters: dict[str, frozenset[str]] = {}  # what each poster's retrieved passages say
        for c in candidates:
            if c.result.get("poster"):
                pid = c.result["poster"]
                self.posters[pid] = self.posters.get(pid, frozenset()) | passage_forms(c)

    def unjudged(self) -> bool:
        """May untranslated Swedish words be left unjudged? Only when other words of the question,
        translated or naming the model or poster, show what it is about ("serviceboendet" in
        Vasa); "Vad lärde man sig i Vasa om fotboll?" has nothing but its untranslated word."""
        if self.reading.lang != "sv":
            return False
        return any(t.crosses for t in self.specific) or any(t.role in ("model", "name") for t in self.reading.soft)

    def judged(self, result: dict) -> list[Term]:
        """The topic words a passage can be judged by: a Finnish passage cannot say a Swedish
        word that has no translation, so such a word neither proves nor disproves it."""
        if self.unjudged() and (result.get("lang") or "fi") == "fi":
            return [t for t in self.specific if t.crosses]
        return self.specific

    def loosened(self) -> Context:
        """The same candidates, judged leniently. The verbs frame the question ("Mitä Liperissä
        tehtiin käytännössä?"); the source may say it with another verb or none, so the other
        words carry the topic. Not for figures: "Montako nuorta osallistui?" is not answered by
        any count of nuoret."""
        nouns = [t for t in self.specific if not t.verb]
        lenient = copy.copy(self)
        lenient.required = nouns if nouns and self.reading.intent != "figure" else self.specific
        return lenient

    def off_topic(self) -> bool:
        """Some topic words are nowhere in the retrieved passages ("jääkiekko", "väkiluku")."""
        absent = [t for t in self.absent if t in self.required]
        if self.unjudged():  # a Finnish passage cannot hold an untranslated Swedish word
            absent = [t for t in absent if t.crosses]
        return len(absent) > MAX_ABSENT_SHARE * len(self.required)


def answerable(reading: Reading, best: Scored, ctx: Context) -> bool:
    """Does this sentence answer the reading, or would quoting it be a guess?"""
    if reading.intent == "field" and reading.unknown_place:
        return False  # only the posters say what a place tried or learned; this one has none
    if not answers_type(reading, best.sentence):
        return False
    if ctx.specific:
        if ctx.off_topic() or not _covers(reading, best, ctx):
            return False
    elif not (best.cand.scoped or best.soft):  # no words but the place, model or field: the scope answers
        return False
    if reading.municipality and not best.cand.scoped:
        return place_score(reading, best.cand, best.sentence) > 0
    return True


def _covers(reading: Reading, best: Scored, ctx: Context) -> bool:
    """The topic is covered by the sentence in its passage; a figure may answer with its noun alone."""
    res = best.cand.result
    judged = ctx.judged(res)
    specific = [t for t in judged if t in ctx.required] or judged
    if not specific:  # a Swedish question about a Finnish poster: its place, model and field answer
        return best.cand.scoped
    # the context: the passage, its headings and its source ("VM tiedote 2014" dates what it says)
    context = best.sentence.forms | passage_forms(best.cand) | text_forms(res.get("citation") or "")
    in_context = covered(context, specific)
    # a poster's title names its pilot: "Mitä Keinu-tiimipalvelussa opittiin?" is answered by its field;
    # the poster a question is about is named by any of its fields ("kehitysvammaisten asuinryhmä")
    title = heading_forms(res) if res.get("poster") or reading.asks == "definition" else frozenset()
    if reading.field and res.get("poster") and res["poster"] == reading.poster:
        title |= ctx.posters.get(res["poster"], frozenset())
        in_context = covered(best.sentence.forms | title, specific)
    # a sentence that merely holds the asked year ("vuonna 2023") covers nothing: a word must be said too
    said = covered(best.sentence.forms | title, [t for t in specific if not t.text.isdigit()] or specific)
    # a number the question states ("vuonna 2023") must stand in what is quoted or its source
    numbers = [t for t in specific if t.text.isdigit()]
    if said and len(in_context) >= math.ceil(0.6 * len(specific)) and len(covered(context, numbers)) == len(numbers):
        return True
    # "Hur många kommuner deltog?" -> "… i sammanlagt 16 kommuner …": the counted noun by its number,
    # and the words left over are words of the corpus (a paraphrase gap, not an unknown topic).
    return (reading.intent == "figure" and reading.counted is not None and counts(best.sentence, reading.counted)
            and len(best.hard) >= math.ceil(0.6 * len(reading.terms)))


def best_answer(snap, reading: Reading, scored: list[Scored], candidates: list[Candidate]) -> Scored | None:
    """The best-scoring sentence among the first few that actually answers, if any: strictly
    first (every topic word), then leniently (the verbs may be said otherwise), then a cell of
    the poster asked about (`poster_cell`)."""
    strict = Context(reading, candidates)
    lenient = strict.loosened()
    for ctx in (strict, lenient) if lenient.required != strict.required else (strict,):
        found = next((s for s in scored[:TRY_BEST] if answerable(reading, s, ctx)), None)
        if found is not None:
            return found
    return poster_cell(snap, reading, scored, lenient)


def poster_cell(snap, reading: Reading, scored: list[Scored], ctx: Context) -> Scored | None:
    """A question about a known poster in words of its own ("Mitä opetuksia Karhunmäen
    rakennuttamisesta saatiin?"): no sentence says them, but the poster's best-matching cell is
    where its answer stands: the named field's cell when a field was named ("Mihin ... pyrittiin?"),
    else the best-matching one. Not for figures, sums or people (a poster's other number is no
    answer), and not when a topic word the corpus rarely uses is missing from the poster.
    `ctx` is the lenient context of the question's candidates."""
    if not reading.poster or reading.intent == "figure" or reading.unknown_place:
        return None
    if reading.asks in ("money", "economy", "person"):
        return None
    forms = ctx.posters.get(reading.poster, frozenset())
    missing = [t for t in ctx.required if _missing(snap, t, forms)]
    if len(missing) > MAX_ABSENT_SHARE * len(ctx.required):
        return None
    cells = [s for s in scored[:TRY_BEST] if in_cell_of(s.cand, reading.poster) and answers_type(reading, s.sentence)]
    named = [s for s in cells if reading.field_cued and s.cand.result.get("field") == reading.field]
    return (named or cells or [None])[0]


def _missing(snap, term: Term, forms: frozenset[str]) -> bool:
    """A word the corpus never uses under its lemma (folded forms collide: "sää" is "saa" of
    saada), or a rare word the poster lacks; a translated Swedish word is judged by its forms."""
    df = snap.planner.frequency(term.text)
    if df == 0 and not term.crosses:
        return not _parts_in(term, forms)
    return not (term.forms & forms or _parts_in(term, forms)) and df < COMMON


def _parts_in(term: Term, forms: frozenset[str]) -> bool:
    """The poster says every part of the compound ("kortteli" and "hanke" of "korttelihanke")."""
    parts = morph.analyse_fi(term.text).parts
    return bool(parts) and all(term_forms(p) & forms for p in parts)
