"""Sentences that introduce their answer, and the lines they introduce.

"Kokeiluaineisto kerättiin:" says nothing by itself: its answer is the list
after it. Such a sentence is quoted with its lines (assistant.choose.carry),
and it is judged by them too: a question asking what the data were gathered
with is answered by the introduction whose items say so, even when another
sentence repeats more of the question's words. Both use `introduced`, so what
is scored is what is quoted.
"""
from __future__ import annotations

import re
from dataclasses import replace

from assistant.lexicon import lexicon
from assistant.sentences import Sentence

MAX_CARRY = 12  # lines an introducing sentence brings along ("… kerättiin:" and its list)
MAX_CARRY_CHARS = 1200
_LIST_ITEM = re.compile(r"\d{1,2}[.)]\s")


def introduces(sent: Sentence) -> bool:
    """Ends in a colon, or announces what follows ("hakivat seuraavat kunnat") without a full stop."""
    announces = any(w in lexicon().introduces for w in sent.words)
    return sent.text.endswith(":") or announces and sent.text[-1:] not in ".!?"


def _new_line(text: str, sents: tuple[Sentence, ...], j: int) -> tuple[bool, bool]:
    """Whether sentence j starts a line of its own, and whether that line is a list item."""
    line_start = text.rfind("\n", 0, sents[j].start) + 1
    new_line = not text[line_start:sents[j].start].strip("-–•*· \t") and \
        text.rfind("\n", 0, sents[j].start) > text.rfind("\n", 0, sents[j - 1].start)
    item = new_line and (text[line_start:sents[j].start].strip() != "" or bool(_LIST_ITEM.match(sents[j].text)))
    return new_line, item


def introduced(text: str, sents: tuple[Sentence, ...], index: int) -> list[int]:
    """Indexes of the lines sentence `index` introduces: its list items, or the one line after
    it when that line is no list item; none when it introduces nothing."""
    if not introduces(sents[index]):
        return []
    out, chars, listing = [], 0, None
    for j in range(index + 1, min(len(sents), index + 1 + MAX_CARRY)):
        new_line, item = _new_line(text, sents, j)
        if listing is None:
            if not new_line:
                return []  # the list goes on in the introducing line itself
            listing = item
        elif new_line and not (listing and item):
            break
        chars += len(sents[j].text)
        if chars > MAX_CARRY_CHARS and out:
            break
        out.append(j)
    return out


def with_lines(sents: tuple[Sentence, ...], index: int, lines: list[int]) -> Sentence:
    """The introducing sentence as judged: its words and its lines' words (never quoted as such)."""
    sent = sents[index]
    tokens = sent.tokens + tuple(tok for j in lines for tok in sents[j].tokens)
    words = sent.words + tuple(w for j in lines for w in sents[j].words)
    numbers, offset = list(sent.numbers), len(sent.tokens)
    for j in lines:
        numbers += [offset + n for n in sents[j].numbers]
        offset += len(sents[j].tokens)
    return replace(sent, tokens=tokens, words=words, numbers=tuple(numbers))
