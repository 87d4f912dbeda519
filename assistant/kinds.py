"""What kind of sentence this is: a heading, a figure of the asked kind, a reason, a name.

The sentence scorer (assistant.quotes) asks these questions of every
candidate: a heading, a label or a question is never an answer; a figure
question is answered only by a figure of its kind (a sum for "maksoi", a
number by the noun "kuinka monta" counts, a date for "milloin") in a
sentence that says a word of the question; "kuka" wants a name and "miksi"
a reason. They are judged from the sentence's own words, not from word lists
tuned to questions.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.forms import term_forms
from assistant.lexicon import Word, lexicon
from assistant.sentences import Sentence, counts, covered, has_date, has_number, number_near, split
from assistant.understand import Reading, generic
from indexer.language.words import words

COUNT_WINDOW = 4  # words between a number and the noun it counts ("Perhehoitopäiviä oli kokeilun aikana 1900")


@lru_cache(maxsize=20_000)
def gives_reason(tokens: tuple[str, ...]) -> bool:
    """Does the sentence say why ("koska", "vuoksi", "eftersom")?"""
    return bool(lexicon().reason_words.spans([Word.of(w) for w in tokens]))


_NAME = re.compile(r"\b[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)? [A-ZÅÄÖ][a-zåäöé]+|\b(?:Oy|Oyj|Ab|ry)\b")


_MONEY = re.compile(r"€|\beur|\bmilj|\bmrd|\btuhatta\b|\bkronor\b", re.IGNORECASE)


def names_someone(sent: Sentence) -> bool:
    """A person or a firm: two capitalised words in a row past the first, or "Oy"."""
    return any(m.start() > 0 for m in _NAME.finditer(sent.text))


def has_money(sent: Sentence) -> bool:
    return bool(_MONEY.search(sent.text))


def type_score(reading: Reading, sent: Sentence) -> float:
    """A sentence of the asked type (a person, a reason) beats one that only shares its words."""
    if reading.asks == "reason":
        return 0.25 if gives_reason(sent.words) else 0.0
    if reading.asks == "person":
        return 0.25 if names_someone(sent) else -0.1
    if reading.asks == "money" and reading.intent != "figure":  # "mitä maksoi": a sum answers best
        return 0.2 if has_money(sent) else 0.0
    if reading.asks == "economy":  # "taloudellinen vaikutus": a sum, a cost or a saving
        return 0.2 if has_money(sent) or speaks_money(sent.words) else 0.0
    return 0.0


@lru_cache(maxsize=20_000)
def speaks_money(tokens: tuple[str, ...]) -> bool:
    """Does the sentence speak of costs, savings or sums ("kustannussäästö", "säästöjä", "kostnader")?"""
    ws = [Word.of(w) for w in tokens]
    return bool(lexicon().asks["money"].spans(ws) or lexicon().asks["savings"].spans(ws))


@lru_cache(maxsize=4096)
def text_forms(heads: str) -> frozenset[str]:
    return frozenset().union(*(term_forms(w) for w in words(heads))) if heads.strip() else frozenset()


def asks_heading(result: dict) -> bool:
    """Is the passage under a question-shaped heading ("Mikä on Exit Plan?"): the text answers it."""
    return (result.get("section") or [""])[-1].rstrip().endswith("?")


def label_forms(result: dict) -> frozenset[str]:
    """Words of everything that labels a passage: headings, poster title, places, document title."""
    names = " ".join([*(result.get("municipalities") or []), result.get("doc_title") or "",
                      result.get("field_label") or ""])
    return heading_forms(result) | text_forms(names)


def is_heading(sent: Sentence, labels: frozenset[str], headings: tuple[str, ...] = ()) -> bool:
    """A heading, a label or a question is never an answer: "Mikä on Exit Plan?", "Vantaa – Liukumäki kotiin".

    A sentence is a label when it asks (ends with "?") or, stopping without a
    full stop, when every word of it is a word of the passage's own headings,
    title, places or document title.
    """
    end = sent.text.rstrip("”\"') ")[-1:]
    if end == "?" or sent.text.strip() in headings:
        return True
    if end in (".", ":", "!", ";"):  # a heading stops without a full stop
        return False
    content = [tok for tok, w in zip(sent.tokens, sent.words, strict=True) if len(w) > 2]
    return bool(content) and len(content) <= 12 and all(tok & labels for tok in content)


def heading_forms(result: dict) -> frozenset[str]:
    """Forms of a passage's headings and poster title (not its field label: that names no topic)."""
    return text_forms(" ".join([*(result.get("section") or []), result.get("poster_title") or ""]))


def answers_type(reading: Reading, sent: Sentence) -> bool:
    """A figure question is answered only by a figure of its kind: a number, a sum for "maksoi",
    a number by the noun it counts ("kuinka monta työntekijää"), a date for "milloin"."""
    if reading.intent != "figure":
        return True
    if not has_number(sent, lexicon().numbers):
        return False
    asked = [t for t in [*reading.terms, *reading.soft] if not generic(t) and t.role not in ("name", "model")]
    if asked and not covered(sent.forms, asked):
        return False  # a number in a sentence saying none of the question's words is some other number
    if reading.asks == "money":
        return has_money(sent)
    if reading.when:
        return has_date(sent) or bool(sent.numbers)
    counted = reading.counted
    if counted is not None and not generic(counted):  # the counted noun must be in it, best by the number
        return counts(sent, counted) or number_near(sent, [counted], window=COUNT_WINDOW)
    return True


def passage_forms(cand) -> frozenset[str]:
    """Forms of the whole passage plus its headings: the context a sentence answers in."""
    res = cand.result
    sents = split(res["text"], res.get("lang") or "fi")
    return frozenset().union(*(s.forms for s in sents)) | heading_forms(res)

