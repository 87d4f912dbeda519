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
from indexer.sources.pdflines import Line, join_lines

HEADING_RATIO = 1.12  # a line this much larger than the body text is a heading
MAX_HEADING_WORDS = 20
MARGIN_LINES = 2  # lines at each end of a page that may be running headers or footers
_LIST_ITEM = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-z][.)]|[-–•▪◦*\uf0b7\uf0a7])\s")  # starts its own line
_TERMINAL = tuple('.!?:;"”»)…')
_PAGE_NUMBER = re.compile(r"^(?:(?:sivu|sida|page|s\.|p\.)\s*)?(?:\d{1,4}|[ivxlc]{1,7})"
                          r"(?:\s*(?:/|\(|of|av|-)\s*\d{1,4}\)?)?$", re.IGNORECASE)


@dataclass
class _Block:
    kind: str  # heading | text | row
    lines: list[Line]
    page: int
    level: int = 0
    breaks: list[tuple[int, int]] = field(default_factory=list)  # (char index in text, page) joins


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
            kind = "row" if line.cells or "\t" in line.text else "heading" if line.size in levels else "text"
            current = blocks[-1] if blocks and blocks[-1].page == number else None
            same = (current is not None and prev is not None and current.kind == kind and kind != "row"
                    and prev.size == line.size and prev.bold == line.bold
                    and prev.y - line.y <= (pitch if kind == "text" else line.size * 1.6) * 1.25
                    and not (kind == "text" and _LIST_ITEM.match(line.text)))
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


def _continues(prev: _Block, block: _Block) -> bool:
    """A paragraph cut by a page break goes on at the top of the next page."""
    if prev.kind != "text" or block.kind != "text" or block.page != prev.page + 1:
        return False
    last, first = prev.lines[-1].text, block.lines[0].text
    return not last.endswith(_TERMINAL) and (first[:1].islower() or last.endswith((",", "-")))


def _row_continues(prev: _Block, block: _Block) -> bool:
    """A table row cut by a page break goes on atop the next page, its first cell already done."""
    if prev.kind != "row" or block.kind != "row" or block.page != prev.page + 1:
        return False
    before, after = prev.lines[0].cells, block.lines[0].cells
    return bool(before and after) and after[0][0] > before[0][0] + block.lines[0].size


def _merge_row(row: Line, more: Line) -> None:
    """Append each cell of a row's continuation to the cell above it (by left edge)."""
    cells = [list(cell) for cell in row.cells]
    for x, text in more.cells:
        at = min(range(len(cells)), key=lambda i: abs(cells[i][0] - x))
        if abs(cells[at][0] - x) <= more.size * 2:
            cells[at][1] = join_lines([cells[at][1], text]) if cells[at][1] else text
        else:
            cells.append([x, text])
            cells.sort()
    row.cells = tuple((x, text) for x, text in cells)
    row.text = "\t".join(text for _, text in cells)


def render(pages: list[list[Line]], labels: list[str]) -> PagedText:
    """The document as parse-stage text with its page starts (labels: one per page)."""
    blocks = blocks_of(drop_furniture(pages))
    parts: list[str] = []
    offset = 0
    starts: dict[int, int] = {}
    merged: list[_Block] = []
    for block in blocks:
        if merged and _row_continues(merged[-1], block):
            _merge_row(merged[-1].lines[0], block.lines[0])
            continue
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
