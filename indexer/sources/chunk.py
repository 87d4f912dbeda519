"""Sentence splitting and packing of sentences into passages.

Passages are the unit users get back, so they must read as whole thoughts:
sentences are never cut (only a single sentence longer than the hard
character cap is split, at commas or word boundaries), and a short tail is
balanced against the passage before it instead of standing alone.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

MIN_WORDS = 40
TARGET_WORDS = 100
MAX_WORDS = 250
MAX_CHARS = 2000

# Lowercased tokens that end with a period without ending the sentence.
ABBREVIATIONS = frozenset("""
    esim mm ns n ym jne yms ks vrt milj mrd tms ts ko nk os puh p s tel tfn
    bl t.ex dvs ca e.g i.e etc vs dr mr ms nro klo kpl hlö hlöä sis ml ks yht
""".split())
_BOUNDARY = re.compile(r"([.!?…][\"”»’)]*)\s+(?=[\"“”«(\[]?[A-ZÅÄÖÜ0-9])")
_WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Number of whitespace-separated tokens."""
    return len(_WORD.findall(text))


def _is_false_boundary(left: str) -> bool:
    last = left.rsplit(None, 1)[-1] if left.strip() else ""
    token = last.rstrip(".!?…\"”»’)").lstrip("(\"“«").lower()
    if token in ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # initials: "J. Sipilä"


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; line breaks are always boundaries."""
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            end = match.end(1)
            if _is_false_boundary(line[start:end]):
                continue
            sentences.append(line[start:end].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return _merge_stubs([s for s in sentences if s])


def _merge_stubs(sentences: list[str]) -> list[str]:
    """Glue list numbers and other 1-2 word stubs ("1.") to the next sentence."""
    out: list[str] = []
    carry = ""
    for sentence in sentences:
        if carry:
            sentence = f"{carry} {sentence}"
            carry = ""
        if word_count(sentence) < 3 and re.fullmatch(r"[\d.()a-zA-Z]+\.?", sentence):
            carry = sentence
            continue
        out.append(sentence)
    if carry:
        out.append(carry)
    return out


@dataclass
class Unit:
    """One sentence (or table row) and whether it starts a new paragraph."""

    text: str
    new_paragraph: bool = False
    offset: int = 0  # character offset in the source, for page estimates


def split_long(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Split one over-long sentence at clause or word boundaries."""
    pieces: list[str] = []
    rest = text
    while len(rest) > max_chars:
        cut = max(rest.rfind("; ", 0, max_chars), rest.rfind(", ", 0, max_chars))
        if cut < max_chars // 2:
            cut = rest.rfind(" ", 0, max_chars)
        if cut <= 0:
            cut = max_chars - 1
        pieces.append(rest[: cut + 1].strip())
        rest = rest[cut + 1:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def render(units: list[Unit]) -> str:
    """Join units: a space inside a paragraph, a newline between paragraphs."""
    out = ""
    for unit in units:
        if out:
            out += "\n" if unit.new_paragraph else " "
        out += unit.text
    return out


def pack(units: list[Unit], target: int = TARGET_WORDS, max_words: int = MAX_WORDS,
         max_chars: int = MAX_CHARS) -> list[str]:
    """Pack units greedily into passage texts of about `target` words."""
    return [render(group) for group in pack_groups(units, target, max_words, max_chars)]


def pack_groups(units: list[Unit], target: int = TARGET_WORDS, max_words: int = MAX_WORDS,
                max_chars: int = MAX_CHARS) -> list[list[Unit]]:
    """Group units greedily into passages of about `target` words (hard caps apply)."""
    units = [Unit(piece, u.new_paragraph and i == 0, u.offset)
             for u in units for i, piece in enumerate(split_long(u.text, max_chars))]
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in units:
        words = word_count(render(current))
        if current and (words >= target or words + word_count(unit.text) > max_words
                        or len(render(current + [unit])) > max_chars):
            groups.append(current)
            current = []
        current.append(unit)
    if current:
        groups.append(current)
    _balance_tail(groups, max_words, max_chars)
    return groups


def _balance_tail(groups: list[list[Unit]], max_words: int, max_chars: int) -> None:
    """Move sentences from the second-last group until the tail is not tiny."""
    if len(groups) < 2:
        return
    prev, last = groups[-2], groups[-1]
    if word_count(render(prev + last)) <= max_words and len(render(prev + last)) <= max_chars \
            and word_count(render(last)) < MIN_WORDS:
        groups[-2:] = [prev + last]
        return
    while len(prev) > 1 and word_count(render(last)) < MIN_WORDS:
        moved = prev[-1]
        if word_count(render(prev[:-1])) < MIN_WORDS or len(render([moved] + last)) > max_chars:
            break
        last.insert(0, prev.pop())
