"""Scoring the sentences of the candidate passages and choosing the quotes.

A sentence scores by how much of the question it covers (topic terms, weighted
down when generic like "kunta"; field and model words count less; a poster's
title counts for its fields), how focused it is (share of its words that are
question words), with smaller nudges for where it came from (the asked
municipality's posters, the asked field, the search rank, the question's
language) and, for figure questions, whether it holds a number next to the
noun counted (or a date, for "milloin"). Before quoting, `answerable` decides
whether the best sentence answers at all or the assistant must abstain. The
best one to three sentences are quoted; neighbours in one passage become one
citation.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache

from assistant.lexicon import Word, lexicon
from assistant.retrieve import Candidate
from assistant.sentences import Sentence, counts, covered, has_date, has_number, number_near, split
from assistant.understand import Reading, Term, generic, term_forms
from indexer.language.words import words
from indexer.model import POSTER_FIELDS

log = logging.getLogger(__name__)

MAX_QUOTES = 3
GENERIC_WEIGHT = 0.35
SLOT_CREDIT = 0.6  # a field word implied by the passage being that field, not said in the sentence
TRY_BEST = 8  # sentences tried, best first, for one that answers
MAX_ABSENT_SHARE = 0.34  # topic words missing from every retrieved passage before we abstain


@dataclass
class Scored:
    cand: Candidate
    index: int
    sentence: Sentence
    score: float
    hard: list[int]
    soft: list[int]


def _coverage(terms: list[Term], hits: list[int]) -> float:
    weights = [GENERIC_WEIGHT if generic(t) else 1.0 for t in terms]
    return sum(weights[i] for i in hits) / sum(weights) if terms else 0.0


def _place_score(reading: Reading, cand: Candidate, sent: Sentence) -> float:
    """Quotes about the asked municipality beat quotes about any other place."""
    if not reading.municipality or cand.scoped:
        return 0.0
    name_forms = reading.place_forms or term_forms(reading.municipality.lower())
    if name_forms & sent.forms:
        return 0.25
    munis = cand.result.get("municipalities") or []
    if munis:
        return 0.05 if set(munis) & set(reading.members or [reading.municipality]) else -0.45
    return -0.3


@lru_cache(maxsize=20_000)
def sentence_models(tokens: tuple[str, ...]) -> frozenset[str]:
    """Operating models a sentence names ("utbildningstjänster" -> Koulutuspalvelut)."""
    ws = [Word.of(w) for w in tokens]
    return frozenset(name for name, cues in lexicon().models.items() if cues.spans(ws))


def _scope_score(reading: Reading, sent: Sentence) -> float:
    """An unrestricted question is best answered by an unrestricted sentence, and vice versa."""
    named = sentence_models(sent.words)
    score = 0.0
    if named and reading.model not in named:
        score -= 0.12 if reading.model is None else 0.2
    if reading.intent == "figure" and reading.model is None and any(lexicon().totals & t for t in sent.tokens):
        score += 0.2
    return score


def score_sentence(reading: Reading, cand: Candidate, index: int, sent: Sentence) -> Scored:
    """How well one sentence answers the reading (see the module docstring)."""
    heads = heading_forms(cand.result)
    hard = covered(sent.forms, reading.terms)
    by_heading = [i for i in covered(heads, reading.terms) if i not in hard]  # "Tiimipalvelu Keinu" names the pilot
    soft_cov = _soft_coverage(reading, cand, sent.forms | heads)
    heading_weight = 0.8 if cand.result.get("poster") else 0.4
    score = _coverage(reading.terms, hard) + heading_weight * _coverage(reading.terms, by_heading)
    score += (0.35 if reading.terms else 0.6) * soft_cov
    if cand.scoped:
        score += 0.3 + 0.05 / (1 + cand.rank) + 0.08 / (1 + index)
    else:
        score += 0.12 / (1 + cand.rank)
    score += _place_score(reading, cand, sent) + _scope_score(reading, sent)
    if reading.field and cand.result.get("field"):  # a field was asked: other fields answer something else
        score += 0.1 if cand.result["field"] == reading.field else -0.2
    score += 0.35 * _density(reading, sent)
    if cand.result.get("lang") == reading.lang:
        score += 0.1
    if reading.intent == "figure":
        score += _figure_score(reading, sent)
    words = len(sent.tokens)
    if words < 4:  # "Tavoite 1." is a label; "Kuntakokeilut käynnistyivät 5.1.2015." is a sentence
        score -= 0.05 if words == 3 and sent.text.endswith(".") else 0.3
    elif words > 80:
        score -= 0.1
    score -= 0.1 if sent.cut_start or sent.cut_end else 0.0
    return Scored(cand, index, sent, score, hard + by_heading, covered(sent.forms, reading.soft))


def _density(reading: Reading, sent: Sentence) -> float:
    """Share of the sentence's words that are question words: a focused sentence beats a rambling one."""
    terms = [*reading.terms, *reading.soft]
    if not terms or not sent.tokens:
        return 0.0
    hits = sum(1 for tok in sent.tokens if any(t.forms & tok for t in terms))
    return hits / max(len(sent.tokens), 6)


def _soft_coverage(reading: Reading, cand: Candidate, forms: frozenset[str]) -> float:
    """Field and model words count as said when the passage *is* that field or model's poster."""
    if not reading.soft:
        return 0.0
    res = cand.result
    said = 0.0
    for t in reading.soft:
        by_slot = (t.role == "field" and res.get("field") == reading.field) or \
                  (t.role == "model" and res.get("model") == reading.model)
        said += 1.0 if t.forms & forms else SLOT_CREDIT if by_slot else 0.0  # "säästö" said beats implied
    return said / len(reading.soft)


def _figure_score(reading: Reading, sent: Sentence) -> float:
    """A figure question wants a number, best one standing by the noun it counts (or a date)."""
    if not has_number(sent, lexicon().numbers):
        return -0.4
    if reading.when:
        return 0.35 if has_date(sent) else 0.0
    if reading.counted is not None:
        return 0.35 + (0.3 if counts(sent, reading.counted) else 0.0)
    return 0.35 + (0.2 if number_near(sent, reading.terms or reading.soft) else 0.0)


def supports_figure(reading: Reading, sent: Sentence) -> bool:
    if reading.counted is not None:
        return counts(sent, reading.counted)
    return has_number(sent, lexicon().numbers)


def score_all(reading: Reading, candidates: list[Candidate]) -> list[Scored]:
    """Every sentence of every candidate, best first."""
    out = []
    for cand in candidates:
        if cand.result.get("poster") and cand.result.get("field") not in POSTER_FIELDS:
            continue  # a poster's card (title, contact person) answers nothing
        for i, sent in enumerate(split(cand.result["text"], cand.result.get("lang") or "fi")):
            out.append(score_sentence(reading, cand, i, sent))
    out.sort(key=lambda s: -s.score)
    return out


@lru_cache(maxsize=4096)
def _heading_forms(heads: str) -> frozenset[str]:
    return frozenset().union(*(term_forms(w) for w in words(heads))) if heads.strip() else frozenset()


def heading_forms(result: dict) -> frozenset[str]:
    """Forms of a passage's headings and poster title (not its field label: that names no topic)."""
    return _heading_forms(" ".join([*(result.get("section") or []), result.get("poster_title") or ""]))


def passage_forms(cand: Candidate) -> frozenset[str]:
    """Forms of the whole passage plus its headings: the context a sentence answers in."""
    res = cand.result
    sents = split(res["text"], res.get("lang") or "fi")
    return frozenset().union(*(s.forms for s in sents)) | heading_forms(res)


class Context:
    """What the whole candidate set holds: a topic word found nowhere in it is not in the corpus."""

    def __init__(self, reading: Reading, candidates: list[Candidate]):
        self.reading = reading
        self.forms = frozenset().union(*(passage_forms(c) for c in candidates)) if candidates else frozenset()
        specific = [t for t in reading.terms if not generic(t)]
        self.absent = [t for t in specific if not (t.forms & self.forms)]
        # Names identify what is asked about, the other words ask: a sentence that only names
        # "Sonja Manssila" does not answer "Paljonko Sonja Manssilan palkka oli?".
        asking = [t for t in specific if not t.name]
        self.specific = asking or specific or list(reading.terms)

    def off_topic(self) -> bool:
        """Some topic words are nowhere in the retrieved passages ("jääkiekko", "väkiluku")."""
        return len(self.absent) > MAX_ABSENT_SHARE * len(self.specific)


def answerable(reading: Reading, best: Scored, ctx: Context) -> bool:
    """Does this sentence answer the reading, or would quoting it be a guess?"""
    if reading.intent == "field" and reading.unknown_place:
        return False  # only the posters say what a place tried or learned; this one has none
    if reading.terms:
        if ctx.off_topic() or not _covers(reading, best, ctx):
            return False
    elif not (best.cand.scoped or best.soft):
        return False
    if reading.municipality and not best.cand.scoped:
        return _place_score(reading, best.cand, best.sentence) > 0
    return True


def _covers(reading: Reading, best: Scored, ctx: Context) -> bool:
    """The topic is covered by the sentence in its passage; a figure may answer with its noun alone."""
    specific = ctx.specific
    in_context = covered(best.sentence.forms | passage_forms(best.cand), specific)
    # a poster's title names its pilot: "Mitä Keinu-tiimipalvelussa opittiin?" is answered by its field
    title = heading_forms(best.cand.result) if best.cand.result.get("poster") else frozenset()
    if covered(best.sentence.forms | title, specific) and len(in_context) >= math.ceil(0.6 * len(specific)):
        return True
    # "Hur många kommuner deltog?" -> "… i sammanlagt 16 kommuner …": the counted noun by its number,
    # and the words left over are words of the corpus (a paraphrase gap, not an unknown topic).
    return (reading.intent == "figure" and reading.counted is not None and counts(best.sentence, reading.counted)
            and len(best.hard) >= math.ceil(0.6 * len(reading.terms)))


def best_answer(reading: Reading, scored: list[Scored], candidates: list[Candidate]) -> Scored | None:
    """The best-scoring sentence among the first few that actually answers, if any."""
    ctx = Context(reading, candidates)
    return next((s for s in scored[:TRY_BEST] if answerable(reading, s, ctx)), None)


def select(reading: Reading, scored: list[Scored], best: Scored, max_quotes: int = MAX_QUOTES) -> list[list[Scored]]:
    """The best sentence and up to two more that are nearly as good, grouped per passage run.

    A supporting quote must cover as many topic terms as the best one, hold a
    number when a figure is asked, and come from the same poster field when
    the best one answers a field question.
    """
    chosen, seen = [best], {_norm(best.sentence.text)}
    floor = max(best.score * 0.75, best.score - 0.35)
    same_field = reading.field if best.cand.result.get("field") == reading.field else None
    for s in scored:
        if len(chosen) >= max_quotes or s.score < floor:
            break
        if _norm(s.sentence.text) in seen or len(s.hard) < len(best.hard):
            continue
        if reading.intent == "figure" and not supports_figure(reading, s.sentence):
            continue
        if same_field and s.cand.result.get("field") != same_field:
            continue
        if reading.municipality and _place_score(reading, s.cand, s.sentence) < 0:
            continue
        chosen.append(s)
        seen.add(_norm(s.sentence.text))
    return _group(chosen)


def _group(chosen: list[Scored]) -> list[list[Scored]]:
    """Adjacent sentences of one passage become one quote; quotes keep the order of choice."""
    groups: list[list[Scored]] = []
    for s in chosen:
        pid = s.cand.result["id"]
        near = [g for g in groups if g[0].cand.result["id"] == pid and any(abs(x.index - s.index) == 1 for x in g)]
        if not near:
            groups.append([s])
            continue
        merged = sorted([s, *(x for g in near for x in g)], key=lambda x: x.index)
        first = groups.index(near[0])
        groups = [g for g in groups if g not in near]
        groups.insert(first, merged)
    return groups


def _norm(text: str) -> str:
    return " ".join(text.lower().split())
