"""Render tab-separated table rows as readable sentences.

A search hit on a bare table row ("3,4\t3,3\t3,6") means nothing to a user,
so each row is rendered with its column headers ("30.6.2015 N=131: 3,4; ...")
or, for the key/value tables of the description sheets, as "Key: value".
"""
from __future__ import annotations

import logging
import re

from indexer.sources.chunk import word_count
from indexer.sources.clean import clean_text

log = logging.getLogger(__name__)

_BOLD_ONLY = re.compile(r"^\s*<b>(.*?)</b>\s*$", re.IGNORECASE | re.DOTALL)
_BOLD_LEAD = re.compile(r"^\s*<b>(.*?)</b>\s*(\S.*)$", re.IGNORECASE | re.DOTALL)
_SEPARATOR = re.compile(r"^\s*:?-{2,}:?\s*$")
MAX_HEADER_WORDS = 6


def split_row(line: str) -> list[str]:
    """Cells of one tab-separated line (trailing empty cells dropped)."""
    cells = line.rstrip("\n").split("\t")
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def cell_text(cell: str) -> str:
    """One cell as one line: paragraphs joined by spaces, list items by "; "."""
    lines = clean_text(cell).split("\n")
    out = ""
    for line in lines:
        if out:
            out += " " if out[-1] in ".!?:" else "; "
        out += line
    return out.strip()


def is_separator(cells: list[str]) -> bool:
    """True for markdown rule rows like "---\t---"."""
    return bool(cells) and all(_SEPARATOR.match(c) or not c.strip() for c in cells)


def _key_value_row(cells: list[str]) -> str:
    parts: list[str] = []
    key = ""
    for cell in cells:
        bold_only, bold_lead = _BOLD_ONLY.match(cell), _BOLD_LEAD.match(cell)
        if bold_only:
            if key:
                parts.append(key)
            key = cell_text(bold_only.group(1))
        elif bold_lead:
            parts.append(f"{cell_text(bold_lead.group(1))}: {cell_text(bold_lead.group(2))}")
        elif cell.strip():
            value = cell_text(cell)
            parts.append(f"{key}: {value}" if key else value)
            key = ""
    if key:
        parts.append(key)
    return "; ".join(p for p in parts if p)


def _is_key_value(rows: list[list[str]]) -> bool:
    bold_first = sum(1 for r in rows if r and _BOLD_ONLY.match(r[0]))
    return bold_first * 2 > len(rows)


def render_table(lines: list[str]) -> list[str]:
    """Readable text for every data row of a table (duplicates dropped)."""
    rows = [r for r in (split_row(line) for line in lines) if r and not is_separator(r)]
    if not rows:
        return []
    if _is_key_value(rows):
        rendered = [_key_value_row(r) for r in rows]
    else:
        rendered = _header_rows(rows)
    out: list[str] = []
    for text in rendered:
        if text and text not in out:
            out.append(text)
    return out


def _header_rows(rows: list[list[str]]) -> list[str]:
    header = [cell_text(c) for c in rows[0]]
    if len(rows) == 1 or sum(1 for h in header if h) < 2:
        return [" – ".join(t for t in (cell_text(c) for c in r) if t) for r in rows]
    out = []
    used: set[int] = set()
    for row in rows[1:]:
        parts = []
        for i, cell in enumerate(row):
            value = cell_text(cell)
            if not value:
                continue
            label = header[i] if i < len(header) else ""
            short = label and word_count(label) <= MAX_HEADER_WORDS and label != value
            parts.append(f"{label}: {value}" if short else value)
            if short or label == value:
                used.add(i)
        out.append("; ".join(parts))
    # a header too long to repeat as a label ("Asiakaskysely (Asteikolla 1-5: …)") or over an
    # empty column is still text of the table: it opens the rows once, as printed
    unused = [h for i, h in enumerate(header) if h and i not in used]
    return (["; ".join(unused)] if unused else []) + out
