"""Scoring the sentences of the candidate passages and choosing the quotes.

A sentence scores by how much of the question it covers (topic terms, weighted
down when generic like "kunta"; field, model and poster-naming words count
less; a poster's title, and for a field question the subject poster's other
fields, count as context), how focused it is (share of its words that are
question words), with smaller nudges for where it came from (the asked
poster or municipality, the asked field, the search rank, the question's
language), for the poster's own operating model, and for the kind of answer
asked (assistant.kinds: a figure by its noun, a sum, a date, a name, a
reason). Headings and questions are never scored. Whether the best sentence
answers at all is assistant.answerable's call. Which of them are quoted
is assistant.choose's.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from assistant.forms import term_forms
from assistant.kinds import asks_heading, has_money, heading_forms, is_heading, label_forms, passage_forms, type_score
from assistant.lexicon import Word, lexicon
from assistant.retrieve import Candidate
from assistant.sentences import Sentence, counts, covered, has_date, has_number, number_near, split
from assistant.understand import Reading, Term, generic
from indexer.model import POSTER_FIELDS

log = logging.getLogger(__name__)

GENERIC_WEIGHT = 0.35
SLOT_CREDIT = 0.6  # a field word implied by the passage being that field, not said in the sentence
DEFINES = 0.8  # the first sentence under a heading naming what a "Mikä on X?" question asks


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
    return sum(weights[i] for i in hits) / max(sum(weights), 1.0) if terms else 0.0  # generic words alone prove little


def place_score(reading: Reading, cand: Candidate, sent: Sentence) -> float:
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


def _scope_score(reading: Reading, cand: Candidate, sent: Sentence) -> float:
    """An unrestricted question is best answered by an unrestricted sentence, and vice versa.

    A poster's own operating model is the truth about which model its sentences
    speak of, whatever model a word of them leans to.
    """
    own = cand.result.get("model") if cand.result.get("poster") else None
    if reading.model and own:
        return 0.0 if own == reading.model else -0.35
    named = sentence_models(sent.words)
    score = 0.0
    if named and reading.model not in named:
        score -= 0.12 if reading.model is None else 0.2
    if reading.intent == "figure" and reading.model is None and any(lexicon().totals & t for t in sent.tokens):
        score += 0.2
    return score


def score_sentence(reading: Reading, cand: Candidate, index: int, sent: Sentence,
                   poster_words: frozenset[str] = frozenset()) -> Scored:
    """How well one sentence answers the reading (see the module docstring).

    `poster_words` are the words of the whole poster the question is about:
    they name the subject, so the asked field need not repeat them.
    """
    heads = heading_forms(cand.result) | poster_words
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
    score += place_score(reading, cand, sent) + _scope_score(reading, cand, sent) + type_score(reading, sent)
    if reading.field and cand.result.get("field"):  # a field was asked: other fields answer something else,
        said = [t for t in reading.soft if t.role == "field"]  # unless the sentence says the asked words
        if cand.result["field"] == reading.field:
            score += 0.1
        elif not (said and all(t.forms & sent.forms for t in said)):
            score -= 0.2
    score += 0.35 * _density(reading, sent)
    if cand.result.get("lang") == reading.lang:
        score += 0.2 if reading.lang == "sv" else 0.1  # the few Swedish texts answer Swedish questions first
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
                  (t.role == "model" and res.get("model") == reading.model) or \
                  (t.role == "name" and bool(res.get("poster")) and res.get("poster") == reading.poster)
        said += 1.0 if t.forms & forms else SLOT_CREDIT if by_slot else 0.0  # "säästö" said beats implied
    return said / len(reading.soft)


def _figure_score(reading: Reading, sent: Sentence) -> float:
    """A figure question wants a number, best one standing by the noun it counts (or a date)."""
    if not has_number(sent, lexicon().numbers):
        return -0.4
    if reading.asks == "money" and not has_money(sent):
        return -0.3
    if reading.when:
        return 0.35 if has_date(sent) else 0.0
    if reading.counted is not None:
        return 0.35 + (0.3 if counts(sent, reading.counted) else 0.0)
    asked = [*reading.terms, *(t for t in reading.soft if t.role != "model")]
    return 0.35 + (0.2 if number_near(sent, asked) else 0.0)


def supports_figure(reading: Reading, sent: Sentence) -> bool:
    if reading.counted is not None:
        return counts(sent, reading.counted)
    return has_number(sent, lexicon().numbers)


def score_all(reading: Reading, candidates: list[Candidate]) -> list[Scored]:
    """Every sentence of every candidate, best first."""
    out = []
    subject = frozenset().union(*(passage_forms(c) for c in candidates
                                  if reading.poster and c.result.get("poster") == reading.poster))
    for cand in candidates:
        if cand.result.get("poster") and cand.result.get("field") not in (*POSTER_FIELDS, "card"):
            continue
        labels = label_forms(cand.result)
        words = subject if reading.field and cand.result.get("poster") == reading.poster else frozenset()
        defines = reading.asks == "definition" and reading.terms and asks_heading(cand.result) and \
            len(covered(heading_forms(cand.result), reading.terms)) == len(reading.terms)
        first = True
        for i, sent in enumerate(split(cand.result["text"], cand.result.get("lang") or "fi")):
            if not is_heading(sent, labels, tuple(cand.result.get("section") or ())):
                scored = score_sentence(reading, cand, i, sent, words)
                if defines and first:  # "Mikä on Exit Plan?" is answered by what its section says first
                    scored.score += DEFINES
                    scored.hard = list(range(len(reading.terms)))
                first = False
                out.append(scored)
    out.sort(key=lambda s: -s.score)
    return out
