"""Scoring the sentences of the candidate passages and choosing the quotes.

A sentence scores by how much of the question it covers (topic terms, weighted
down when generic like "kunta"; field and model words count less), with
smaller nudges for where it came from (the asked municipality's posters, the
search rank, the question's language) and, for figure questions, whether it
holds a number next to a topic word. The best one to three sentences are
quoted; sentences next to each other in one passage become one citation.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache

from assistant.lexicon import Word, lexicon
from assistant.retrieve import Candidate
from assistant.sentences import Sentence, covered, has_number, number_near, split
from assistant.understand import Reading, Term, term_forms

log = logging.getLogger(__name__)

MAX_QUOTES = 3
GENERIC_WEIGHT = 0.35
TRY_BEST = 8  # sentences tried, best first, for one that answers


@dataclass
class Scored:
    cand: Candidate
    index: int
    sentence: Sentence
    score: float
    hard: list[int]
    soft: list[int]


def generic(term: Term) -> bool:
    return bool(term.forms & lexicon().generic)


def _coverage(terms: list[Term], hits: list[int]) -> float:
    weights = [GENERIC_WEIGHT if generic(t) else 1.0 for t in terms]
    return sum(weights[i] for i in hits) / sum(weights) if terms else 0.0


def _place_score(reading: Reading, cand: Candidate, sent: Sentence) -> float:
    """Quotes about the asked municipality beat quotes about any other place."""
    if not reading.municipality or cand.scoped:
        return 0.0
    name_forms = term_forms(reading.municipality.lower())
    if name_forms & sent.forms:
        return 0.25
    munis = cand.result.get("municipalities") or []
    if munis:
        return 0.05 if set(munis) & set(reading.members or [reading.municipality]) else -0.45
    return -0.3


@lru_cache(maxsize=20_000)
def sentence_models(words: tuple[str, ...]) -> frozenset[str]:
    """Operating models a sentence names ("utbildningstjänster" -> Koulutuspalvelut)."""
    ws = [Word.of(w) for w in words]
    return frozenset(name for name, cues in lexicon().models.items() if cues.spans(ws))


def _scope_score(reading: Reading, sent: Sentence) -> float:
    """An unrestricted question is best answered by an unrestricted sentence, and vice versa."""
    named = sentence_models(sent.words)
    score = 0.0
    if named and reading.model not in named:
        score -= 0.12 if reading.model is None else 0.2
    if reading.intent == "figure" and lexicon().totals & set(sent.words) and reading.model is None:
        score += 0.2
    return score


def score_sentence(reading: Reading, cand: Candidate, index: int, sent: Sentence) -> Scored:
    hard, soft = covered(sent.forms, reading.terms), covered(sent.forms, reading.soft)
    soft_cov = len(soft) / len(reading.soft) if reading.soft else 0.0
    score = _coverage(reading.terms, hard) + (0.35 if reading.terms else 0.6) * soft_cov
    if cand.scoped:
        score += 0.3 + 0.05 / (1 + cand.rank) + 0.08 / (1 + index)
    else:
        score += 0.12 / (1 + cand.rank)
    score += _place_score(reading, cand, sent) + _scope_score(reading, sent)
    if reading.field and cand.result.get("field") == reading.field:
        score += 0.1
    if cand.result.get("lang") == reading.lang:
        score += 0.1
    if reading.intent == "figure":
        if has_number(sent, lexicon().numbers):
            score += 0.35 + (0.2 if number_near(sent, reading.terms or reading.soft) else 0.0)
        else:
            score -= 0.4
    words = len(sent.tokens)
    score -= 0.3 if words < 4 else 0.1 if words > 80 else 0.0
    score -= 0.1 if sent.cut_start or sent.cut_end else 0.0
    return Scored(cand, index, sent, score, hard, soft)


def score_all(reading: Reading, candidates: list[Candidate]) -> list[Scored]:
    """Every sentence of every candidate, best first."""
    out = []
    for cand in candidates:
        for i, sent in enumerate(split(cand.result["text"], cand.result.get("lang") or "fi")):
            out.append(score_sentence(reading, cand, i, sent))
    out.sort(key=lambda s: -s.score)
    return out


def passage_forms(cand: Candidate) -> frozenset[str]:
    """Forms of the whole passage plus its headings: the context a sentence answers in."""
    res = cand.result
    sents = split(res["text"], res.get("lang") or "fi")
    heads = " ".join([*(res.get("section") or []), res.get("poster_title") or "", res.get("heading") or ""])
    head_forms = frozenset().union(*(term_forms(w.lower()) for w in heads.split())) if heads.strip() else frozenset()
    return frozenset().union(*(s.forms for s in sents)) | head_forms


def answerable(reading: Reading, best: Scored) -> bool:
    """Does the best sentence answer, or would quoting it be a guess?"""
    if reading.intent == "field" and reading.unknown_place:
        return False  # only the posters say what a place tried or learned; this one has none
    if reading.terms:
        specific = [t for t in reading.terms if not generic(t)] or reading.terms
        in_context = covered(best.sentence.forms | passage_forms(best.cand), specific)
        in_sentence = covered(best.sentence.forms, specific)
        if len(in_context) < math.ceil(0.6 * len(specific)) or not in_sentence:
            return False
    elif not (best.cand.scoped or best.soft):
        return False
    if reading.municipality and not best.cand.scoped:
        return _place_score(reading, best.cand, best.sentence) > 0
    return True


def best_answer(reading: Reading, scored: list[Scored]) -> Scored | None:
    """The best-scoring sentence among the first few that actually answers, if any."""
    return next((s for s in scored[:TRY_BEST] if answerable(reading, s)), None)


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
        if reading.intent == "figure" and not has_number(s.sentence, lexicon().numbers):
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
