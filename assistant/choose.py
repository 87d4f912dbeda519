"""Choosing the quotes: the best sentence and up to two nearly as good, as whole citations.

Neighbours in one passage become one citation; a sentence that only introduces its answer
brings the lines it introduces ("Kokeiluaineisto kerättiin:" and its list), and a figure
answer brings the next sentence when the asked figure stands there.
"""
from __future__ import annotations

import re

from assistant.lexicon import lexicon
from assistant.quotes import Scored, place_score, supports_figure
from assistant.retrieve import in_cell_of
from assistant.sentences import number_near, split
from assistant.understand import Reading, generic

MAX_QUOTES = 3
MAX_CARRY = 12  # lines an introducing sentence brings along ("… kerättiin:" and its list)
MAX_CARRY_CHARS = 1200


def select(reading: Reading, scored: list[Scored], best: Scored, max_quotes: int = MAX_QUOTES) -> list[list[Scored]]:
    """The best sentence and up to two more that are nearly as good, grouped per passage run.

    A supporting quote must cover as many topic terms as the best one, hold a
    number when a figure is asked, and come from the same poster field when
    the best one answers a field question.
    """
    chosen, seen = [best], {_norm(best.sentence.text)}
    floor = max(best.score * 0.75, best.score - 0.35)
    same_field = reading.field if best.cand.result.get("field") == reading.field else None
    same_poster = reading.poster if best.cand.result.get("poster") == reading.poster else None
    if best.cand.result.get("field") == "card":
        max_quotes = 1  # one poster, one contact person
    for s in scored:
        if len(chosen) >= max_quotes or s.score < floor:
            break
        if _norm(s.sentence.text) in seen or _specific_hits(reading, s) < _specific_hits(reading, best):
            continue
        if reading.intent == "figure" and not supports_figure(reading, s.sentence):
            continue
        if same_field and s.cand.result.get("field") != same_field:
            continue
        if same_poster and s.cand.result.get("poster") != same_poster:
            continue
        if reading.municipality and place_score(reading, s.cand, s.sentence) < 0:
            continue
        chosen.append(s)
        seen.add(_norm(s.sentence.text))
    if _spread(reading, best):
        chosen = _across_fields(reading, scored, chosen, max_quotes)
    groups = [carry(g) for g in _group(chosen)]
    return [carry_figure(reading, g) for g in groups] if reading.intent == "figure" else groups


def _spread(reading: Reading, best: Scored) -> bool:
    """A question about a known poster that names no field ("Mitä opetuksia Karhunmäen
    rakennuttamisesta saatiin?"): the field is only guessed, so the poster's best cells are quoted."""
    return in_cell_of(best.cand, reading.poster) and not reading.field_cued and reading.intent != "figure"


def _across_fields(reading: Reading, scored: list[Scored], chosen: list[Scored], max_quotes: int) -> list[Scored]:
    """The quotes chosen, then the best sentence of each of the poster's next best-matching fields."""
    chosen, fields = list(chosen), {s.cand.result.get("field") for s in chosen}
    for s in scored:
        if len(chosen) >= max_quotes:
            break
        field = s.cand.result.get("field")
        if not in_cell_of(s.cand, reading.poster) or field in fields:
            continue
        chosen.append(s)
        fields.add(field)
    return chosen


def _specific_hits(reading: Reading, s: Scored) -> int:
    """Topic words a sentence covers, the generic ones ("kokeilu", "vuosi") not counted."""
    return sum(1 for i in s.hard if i < len(reading.terms) and not generic(reading.terms[i]))


def carry_figure(reading: Reading, group: list[Scored]) -> list[Scored]:
    """The asked figure may stand in the next sentence: "… 35 € / vrk. Mikäli …, 12 kk säästö = 1 043 280 €."

    When the quoted sentence's numbers stand by none of the question's words and
    the next sentence of its passage has one that does, the next one joins the quote.
    """
    asked = [t for t in [*reading.terms, *reading.soft] if not generic(t) and t.role in ("topic", "field")]
    last = group[-1]
    res = last.cand.result
    sents = split(res["text"], res.get("lang") or "fi")
    nxt = last.index + 1
    if not asked or nxt >= len(sents) or any(number_near(s.sentence, asked) for s in group):
        return group
    if number_near(sents[nxt], asked):
        return [*group, Scored(last.cand, nxt, sents[nxt], last.score, [], [])]
    return group


def carry(group: list[Scored]) -> list[Scored]:
    """A sentence that only introduces its answer ("Kokeiluaineisto kerättiin:", "hakivat seuraavat
    kunnat" without a full stop) brings the lines it introduces: the list items after it, or the
    one line after it when that line is no list item."""
    last = group[-1]
    announces = any(w in lexicon().introduces for w in last.sentence.words)
    if not (last.sentence.text.endswith(":") or announces and last.sentence.text[-1:] not in ".!?"):
        return group
    res = last.cand.result
    text = res["text"]
    sents = split(text, res.get("lang") or "fi")
    out, chars, listing = list(group), 0, None
    for j in range(last.index + 1, min(len(sents), last.index + 1 + MAX_CARRY)):
        line_start = text.rfind("\n", 0, sents[j].start) + 1
        new_line = not text[line_start:sents[j].start].strip("-–•*· \t") and \
            text.rfind("\n", 0, sents[j].start) > text.rfind("\n", 0, sents[j - 1].start)
        item = new_line and (text[line_start:sents[j].start].strip() != "" or _LIST_ITEM.match(sents[j].text))
        if listing is None:
            if not new_line:
                return group  # the list goes on in the introducing line itself
            listing = bool(item)
        elif new_line and not (listing and item):
            break
        chars += len(sents[j].text)
        if chars > MAX_CARRY_CHARS and len(out) > len(group):
            break
        out.append(Scored(last.cand, j, sents[j], last.score, [], []))
    return out


_LIST_ITEM = re.compile(r"\d{1,2}[.)]\s")


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
