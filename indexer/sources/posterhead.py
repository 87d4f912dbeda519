"""The first cell of a poster row: municipalities, poster title and contact.

The cell is printed three ways: <p> paragraphs, parts separated by double
spaces, or everything on one line with single spaces ("Liperi Liperin
perhekeskus Lija den Herder (...)"). Municipalities are recognised against
the report's own list of member municipalities, with the OCR slip of a
lowercase "l" for a capital "I" at word start ("litti" -> "Iitti") repaired.
"""
from __future__ import annotations

import logging
import re

from indexer.sources.clean import clean_text, html_to_lines

log = logging.getLogger(__name__)

NAME_PARTICLES = frozenset("den der van von de af la le di da du".split())
_CONJ = frozenset(["ja", "och", "and", "sekä"])
_CONTACT = re.compile(r"\(([^()]*@[^()]*)\)\s*$")
_OCR_SWAPS = {"l": "I", "I": "l"}


def resolve_name(word: str, known: list[str]) -> str | None:
    """Known municipality for `word`, repairing l/I confusion at word start."""
    if word in known:
        return word
    swapped = _OCR_SWAPS.get(word[:1], "") + word[1:] if word[:1] in _OCR_SWAPS else ""
    if swapped in known:
        log.debug("OCR repair %r -> %r", word, swapped)
        return swapped
    lowered = {k.lower(): k for k in known}
    return lowered.get(word.lower())


def split_municipalities(text: str, known: list[str]) -> tuple[list[str], str]:
    """Leading municipality list of `text` and the remaining text."""
    words = text.split()
    names: list[str] = []
    i = 0
    while i < len(words):
        raw = words[i]
        word = raw.rstrip(",;")
        name = resolve_name(word, known) if known else (word if not names else None)
        listed = raw.endswith(",") or (i + 1 < len(words) and words[i + 1] in _CONJ)
        if name is None and not (names and listed and word[:1].isupper()):
            break
        names.append(name or word)
        i += 1
        if i < len(words) and words[i] in _CONJ:
            i += 1
        elif not listed:
            break
    return names, " ".join(words[i:])


def split_contact(text: str) -> tuple[str, str]:
    """Split "Title words Firstname Lastname (e-mail)" into (title, contact)."""
    match = _CONTACT.search(text)
    if not match:
        return text.strip(), ""
    words = text[:match.start()].split()
    take = min(2, len(words))
    while take < len(words) and words[-take].lower() in NAME_PARTICLES:
        take += 1  # "Lija den Herder"
    name = " ".join(words[len(words) - take:])
    title = " ".join(words[:len(words) - take])
    return title, f"{name} ({match.group(1).strip()})"


def _segments(cell: str) -> list[str]:
    if re.search(r"<\s*(p|br|li)\b", cell, re.IGNORECASE):
        parts = html_to_lines(cell)
    else:
        parts = re.split(r"\s{2,}", cell)
    return [clean_text(p) for p in parts if p.strip()]


def parse_first_cell(cell: str, known: list[str]) -> tuple[list[str], str, str]:
    """(municipalities, title, contact) of a poster's first cell.

    The title is empty when the cell names only municipality and contact.
    """
    segments = [re.sub(r"(\S)\(", r"\1 (", s) for s in _segments(cell)]
    if not segments:
        return [], "", ""
    municipalities, rest = split_municipalities(segments[0], known)
    middle = ([rest] if rest else []) + segments[1:]
    title, contact = "", ""
    if middle and "@" in middle[-1]:
        head, contact = split_contact(middle.pop())
        if head:
            middle.append(head)
    title = " ".join(middle).strip(" -–")
    if not municipalities:
        log.warning("no municipality recognised in poster cell %r", segments[0][:60])
    return municipalities, title, contact
