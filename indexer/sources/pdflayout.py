"""Lay out a PDF's positioned text runs as the text the parse stage reads, page by page.

`pdfdoc` hands over, for every page, the runs pypdf's text visitor reports (text, position,
font size, bold or not). Here they become lines (runs on one baseline; a run that comes back to
a line after other lines were drawn is a table cell of its own and is set off with a tab),
running headers, footers and page numbers are dropped (lines at a page's top or bottom that
repeat, digits aside, on many pages, or a bare page number there), headings are recognised by
size against the body text (larger sizes nest higher; a short bold line standing alone at body
size is the lowest level), paragraphs are cut where the line pitch widens, line-end hyphens are
joined, and a paragraph running over a page break is joined with its continuation. The output is
markdown-shaped (`## 4.2 Title`), one paragraph a line, and remembers where each page begins.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from indexer.sources.pagemap import PagedText, PageStart

HEADING_RATIO = 1.12  # a line this much larger than the body text is a heading
MAX_HEADING_WORDS = 20
MARGIN_LINES = 2  # lines at each end of a page that may be running headers or footers
CHAR_EM = 0.42  # a narrow average glyph width: a run starting well past it is another table cell
_TERMINAL = tuple('.!?:;"”»)…')
_PAGE_NUMBER = re.compile(r"^(?:(?:sivu|sida|page|s\.|p\.)\s*)?(?:\d{1,4}|[ivxlc]{1,7})"
                          r"(?:\s*(?:/|\(|of|av|-)\s*\d{1,4}\)?)?$", re.IGNORECASE)
_KEEP_HYPHEN_BEFORE = {"ja", "tai", "sekä", "eli", "että", "och", "eller", "samt", "and", "or"}


@dataclass
class Run:
    """One text run as the visitor reports it: baseline position, size, weight."""

    text: str
    x: float
    y: float
    size: float
    bold: bool


@dataclass
class Line:
    """Runs on one baseline, in reading order."""

    y: float
    size: float
    bold: bool
    text: str
    chars: int = 0


@dataclass
class _Block:
    kind: str  # heading | text | row
    lines: list[Line]
    page: int
    level: int = 0
    breaks: list[tuple[int, int]] = field(default_factory=list)  # (char index in text, page) joins


def lines_of(runs: list[Run]) -> list[Line]:
    """Runs grouped by baseline, top of the page first."""
    lines: list[tuple[Line, list[Run]]] = []
    last = None
    for run in runs:
        if not run.text.strip():
            continue
        tolerance = max(run.size * 0.35, 1.0)
        target = next((entry for entry in reversed(lines[-40:]) if abs(entry[0].y - run.y) < tolerance), None)
        if target is None:
            lines.append((Line(run.y, run.size, run.bold, ""), [run]))
        else:
            prev = target[1][-1]
            cell = target is not last or run.x > prev.x + len(prev.text) * prev.size * CHAR_EM + prev.size
            sep = "\t" if cell and prev.x < run.x else ""
            target[1].append(Run(sep + run.text, run.x, run.y, run.size, run.bold))
        last = target or lines[-1]
    return [_finish(line, line_runs) for line, line_runs in sorted(lines, key=lambda e: -e[0].y)]


def _finish(line: Line, runs: list[Run]) -> Line:
    runs.sort(key=lambda r: r.x)
    text = ""
    for run in runs:
        piece = run.text if text else run.text.lstrip("\t")
        if text and not piece.startswith("\t") and not text.endswith(" ") and not piece.startswith(" "):
            piece = " " + piece if _gap(text, run) else piece
        text += piece
    sizes = Counter()
    bold = 0
    for run in runs:
        sizes[round(run.size * 2) / 2] += len(run.text)
        bold += len(run.text) if run.bold else 0
    chars = sum(sizes.values())
    return Line(line.y, sizes.most_common(1)[0][0], bold * 2 > chars, re.sub(r"[ \u00a0]+", " ", text).strip(),
                chars)


def _gap(text: str, run: Run) -> bool:
    """Whether two runs on a line need a space: pypdf gives none when a run starts a new word."""
    return bool(text[-1:].isalnum() and run.text[:1].isalnum())


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without running headers, footers and page numbers."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.casefold()).strip()

    counts: Counter = Counter()
    for lines in pages:
        counts.update({key(line) for line in _margins(lines)})
    repeated = max(2, int(len(pages) * 0.3 + 0.5))
    out = []
    for lines in pages:
        margin = {id(line) for line in _margins(lines)}
        out.append([line for line in lines if id(line) not in margin
                    or not (counts[key(line)] >= repeated or _PAGE_NUMBER.match(line.text))])
    return out


def _margins(lines: list[Line]) -> list[Line]:
    """Lines set apart at the top or foot of a page (a wider gap than the text's own pitch)."""
    def apart(upper: Line, lower: Line, size: float) -> bool:
        return upper.y - lower.y > size * 1.8

    top = next((lines[:k] for k in range(1, MARGIN_LINES + 1)
                if k < len(lines) and apart(lines[k - 1], lines[k], lines[k - 1].size)), [])
    rest = lines[len(top):]
    foot = next((rest[-k:] for k in range(1, MARGIN_LINES + 1)
                 if k < len(rest) and apart(rest[-k - 1], rest[-k], rest[-k].size)), [])
    return top + foot


def body_size(pages: list[list[Line]]) -> float:
    """The size most characters are set in."""
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += line.chars
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _pitch(pages: list[list[Line]], body: float) -> float:
    """The usual distance between two lines of one body paragraph."""
    gaps = [a.y - b.y for lines in pages for a, b in zip(lines, lines[1:], strict=False)
            if a.size == b.size == body and 0 < a.y - b.y < body * 2.5]
    return statistics.median(gaps) if gaps else body * 1.2


def _is_heading_size(line: Line, body: float) -> bool:
    return line.size >= body * HEADING_RATIO and len(line.text.split()) <= MAX_HEADING_WORDS


def blocks_of(pages: list[list[Line]]) -> list[_Block]:
    """Headings, paragraphs and table rows of every page, in order."""
    body = body_size(pages)
    pitch = _pitch(pages, body)
    sizes = sorted({line.size for lines in pages for line in lines if _is_heading_size(line, body)}, reverse=True)
    levels = {size: min(i + 1, 5) for i, size in enumerate(sizes)}
    blocks: list[_Block] = []
    for number, lines in enumerate(pages, 1):
        prev: Line | None = None
        for line in lines:
            kind = "heading" if line.size in levels else "row" if "\t" in line.text else "text"
            current = blocks[-1] if blocks and blocks[-1].page == number else None
            same = (current is not None and prev is not None and current.kind == kind and kind != "row"
                    and prev.size == line.size and prev.bold == line.bold
                    and prev.y - line.y <= (pitch if kind == "text" else line.size * 1.6) * 1.25)
            if same:
                current.lines.append(line)
            else:
                blocks.append(_Block(kind, [line], number, levels.get(line.size, 0)))
            prev = line
    bold_level = min(len(levels) + 1, 6)
    for block in blocks:
        if block.kind == "text" and _bold_heading(block):
            block.kind, block.level = "heading", bold_level
    return blocks


def _bold_heading(block: _Block) -> bool:
    """A short bold paragraph of its own is a heading at body size."""
    text = " ".join(line.text for line in block.lines)
    return (all(line.bold for line in block.lines) and len(block.lines) <= 2
            and len(text.split()) <= 15 and not text.endswith((".", ",", ";")))


def join_lines(texts: list[str]) -> str:
    """One paragraph from its lines: a line-end hyphen before a lowercase word is joined."""
    out = ""
    for text in texts:
        text = text.strip()
        if not out:
            out = text
        elif out.endswith("-") and out[-2:-1].isalpha() and text[:1].islower() \
                and text.split()[0] not in _KEEP_HYPHEN_BEFORE:
            out = out[:-1] + text
        elif out.endswith("-") and out[-2:-1].isalpha():
            out += text if text[:1].isupper() else " " + text
        else:
            out += " " + text
    return out


def _continues(prev: _Block, block: _Block) -> bool:
    """A paragraph cut by a page break goes on at the top of the next page."""
    if prev.kind != "text" or block.kind != "text" or block.page != prev.page + 1:
        return False
    last, first = prev.lines[-1].text, block.lines[0].text
    return not last.endswith(_TERMINAL) and (first[:1].islower() or last.endswith((",", "-")))


def render(pages: list[list[Line]], labels: list[str]) -> PagedText:
    """The document as parse-stage text with its page starts (labels: one per page)."""
    blocks = blocks_of(drop_furniture(pages))
    parts: list[str] = []
    offset = 0
    starts: dict[int, int] = {}
    merged: list[_Block] = []
    for block in blocks:
        if merged and _continues(merged[-1], block):
            prev = merged[-1]
            prev.breaks.append((len(join_lines([line.text for line in prev.lines])), block.page))
            prev.lines.extend(block.lines)
            continue
        merged.append(block)
    for i, block in enumerate(merged):
        text = join_lines([line.text for line in block.lines]) if block.kind != "row" else block.lines[0].text
        if block.kind == "heading":
            text = "#" * block.level + " " + text
        if parts:  # rows of one table stay together; everything else is a paragraph of its own
            row = block.kind == "row" and merged[i - 1].kind == "row" and merged[i - 1].page == block.page
            parts.append("\n" if row else "\n\n")
            offset += len(parts[-1])
        starts.setdefault(block.page, offset)
        for index, page in block.breaks:
            starts.setdefault(page, offset + index)
        parts.append(text)
        offset += len(text)
    for number in range(1, len(pages) + 1):  # pages without text start where the next text is
        if number not in starts:
            starts[number] = min([o for p, o in starts.items() if p > number], default=offset)
    return PagedText("".join(parts), [PageStart(starts[n], n, labels[n - 1] if n <= len(labels) else str(n))
                                          for n in range(1, len(pages) + 1)])
