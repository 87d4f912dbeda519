"""What a user typed, split into words, "quoted phrases" and -exclusions; never an error.

Syntax is deliberately small and forgiving, like `simple_query_string`: anything else
(?, *, :, ~, unbalanced quotes, brackets) is punctuation, so a typed question never
turns its last word into a wildcard and no input is a syntax error. The planner
(`query`) reads the result into a QueryPlan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.language.words import words

MAX_WORDS = 32
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass
class Parsed:
    words: list[str]
    phrases: list[list[str]]
    excluded: list[str]


QUESTION_START = {"mitä", "mikä", "mitkä", "miten", "kuinka", "paljonko", "montako", "kuka", "ketkä", "missä",
                  "milloin", "miksi", "onko", "oliko", "vad", "hur", "vilka", "vem", "när", "varför", "what", "how"}


def is_question(text: str) -> bool:
    """A typed question uses no operators: in "liukumäki kotiin -mallilla?" the hyphen
    continues a compound (Finnish suspended hyphen), it does not exclude "mallilla"."""
    first = text.strip().split(" ", 1)[0].lower()
    return text.rstrip().endswith("?") or first in QUESTION_START


def parse(text: str, max_words: int = MAX_WORDS) -> Parsed:
    """Split user input into words, quoted phrases and -exclusions; never raises.

    The clause cap: at most `max_words` words (phrases included) and as many
    exclusions, however the text is punctuated ("a,b,c,…" is many words).
    """
    text = "".join(ch if ch.isprintable() else " " for ch in text)[:1000]
    operators = not is_question(text)
    out = Parsed([], [], [])
    for m in _TOKEN.finditer(text):
        neg_q, quoted, neg_w, word = m.groups()
        if quoted is not None:
            ws = words(quoted)
            if neg_q and ws and operators:
                out.excluded.extend(ws)
            else:
                ws = ws[:max(0, max_words - len(out.words))]  # a phrase never outgrows the word cap
                if len(ws) > 1:
                    out.phrases.append(ws)
                out.words.extend(ws)
        elif word:
            ws = words(word)
            (out.excluded if neg_w and ws and operators else out.words).extend(ws)
    out.words = out.words[:max_words]
    out.excluded = out.excluded[:max_words]
    return out
