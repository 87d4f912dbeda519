"""A PDF page's text runs as lines and table rows, in reading order.

Writers draw a table cell by cell: every line of one cell, then the next cell to its right
starting again at the row's top. So runs are first gathered into blocks that go down one left
edge (a cell, or a column of ordinary text), and blocks standing side by side at the same
height make a row. A row of three or more blocks, or of two of which one is short, is a table
row: one line, its cells joined (each cell's lines as one text) and set off by tabs, which the
parse stage renders as row text. Two long blocks side by side are two columns of text, read
one after the other. Everything else becomes lines, runs on one baseline
joined; a run well past the end of the one before it on that baseline starts a new cell.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

CHAR_EM = 0.42  # a narrow average glyph width: a run starting well past it is another table cell
TEXT_COLUMN_LINES = 6  # two side-by-side blocks this long are columns of text, not table cells
_KEEP_HYPHEN_BEFORE = {"ja", "tai", "sekä", "eli", "että", "och", "eller", "samt", "and", "or"}


@dataclass
class Run:
    """One text run as the visitor reports it: baseline position, size, weight."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False


@dataclass
class Line:
    """Text on one baseline, or one table row (`cells`: (left x, text) of each cell)."""

    y: float
    size: float
    bold: bool
    text: str
    chars: int = 0
    cells: tuple[tuple[float, str], ...] = ()


@dataclass
class _Block:
    x: float
    runs: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        return max(r.y for r in self.runs)

    @property
    def bottom(self) -> float:
        return min(r.y for r in self.runs)


def _continues(block: _Block, run: Run) -> bool:
    """Does `run` go on in `block`: later on the same baseline, or lower down the same left edge?"""
    prev = block.runs[-1]
    if abs(prev.y - run.y) < max(run.size * 0.35, 1.0):
        return prev.x < run.x <= prev.x + len(prev.text) * prev.size * CHAR_EM + prev.size
    return run.y < prev.y and abs(run.x - block.x) < run.size and prev.y - run.y < run.size * 3


def _blocks(runs: list[Run]) -> list[_Block]:
    blocks: list[_Block] = []
    for run in runs:
        if not run.text.strip():
            continue
        if blocks and _continues(blocks[-1], run):
            blocks[-1].runs.append(run)
        else:
            blocks.append(_Block(run.x, [run]))
    return blocks


def _beside(left: _Block, right: _Block) -> bool:
    size = right.runs[0].size
    return right.x > left.x + size and right.top <= left.top + size and right.top >= left.bottom - size


def _rows(blocks: list[_Block]) -> list[list[_Block]]:
    """Blocks grouped into rows of side-by-side blocks (most rows hold one block)."""
    rows: list[list[_Block]] = []
    for block in blocks:
        if rows and _beside(rows[-1][-1], block) and abs(block.top - rows[-1][0].top) < block.runs[0].size * 1.5:
            rows[-1].append(block)
        else:
            rows.append([block])
    return rows


def _is_table(row: list[_Block]) -> bool:
    """Three blocks side by side are a table; two are one unless both run long (text in two columns)."""
    lines = [len({round(r.y) for r in b.runs}) for b in row]
    return len(row) >= 3 or min(lines) < TEXT_COLUMN_LINES


def lines_of(runs: list[Run]) -> list[Line]:
    """A page's lines and table rows, top of the page first."""
    out: list[Line] = []
    for row in sorted(_rows(_blocks(runs)), key=lambda r: -r[0].top):
        if len(row) > 1 and _is_table(row):
            cells = tuple((b.x, join_lines([line.text for line in _baselines(b.runs)])) for b in row)
            out.append(Line(row[0].top, row[0].runs[0].size, False, "\t".join(t for _, t in cells),
                            sum(len(t) for _, t in cells), cells))
        else:
            out.extend(line for block in row for line in _baselines(block.runs))
    return out


def _baselines(runs: list[Run]) -> list[Line]:
    """Runs on one baseline as one line each, top first."""
    groups: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: -r.y):
        if groups and abs(groups[-1][0].y - run.y) < max(run.size * 0.35, 1.0):
            groups[-1].append(run)
        else:
            groups.append([run])
    return [_finish(group) for group in groups]


def _finish(runs: list[Run]) -> Line:
    runs.sort(key=lambda r: r.x)
    text = ""
    for prev, run in zip([None, *runs], runs, strict=False):
        piece = run.text
        if prev is not None and run.x > prev.x + len(prev.text) * prev.size * CHAR_EM + prev.size:
            piece = "\t" + piece.lstrip()  # far past the run before: a cell of a table drawn row by row
        elif text and not text.endswith(" ") and not piece.startswith(" ") and _gap(text, run):
            piece = " " + piece
        text += piece
    sizes: Counter = Counter()
    bold = 0
    for run in runs:
        sizes[round(run.size * 2) / 2] += len(run.text)
        bold += len(run.text) if run.bold else 0
    chars = sum(sizes.values())
    text = re.sub(r"[ \u00a0]+", " ", text).strip(" ")
    return Line(runs[0].y, sizes.most_common(1)[0][0], bold * 2 > chars, re.sub(r" *\t *", "\t", text), chars)


def _gap(text: str, run: Run) -> bool:
    """Whether two runs on a line need a space: pypdf gives none when a run starts a new word."""
    return bool(text[-1:].isalnum() and run.text[:1].isalnum())


def _hyphen_stays(before: str, after: str) -> bool:
    """A line-end hyphen that is part of the word: "hoiva-asuminen" (the same vowel meets, and
    Finnish spelling keeps the hyphen) or "TE-toimisto" (after an abbreviation)."""
    return (before[-1:].lower() == after[:1] and after[:1] in "aeiouyäöå") or before[-1:].isupper()


def join_lines(texts: list[str]) -> str:
    """One paragraph from its lines, a line-end hyphen joined where it only cut the word."""
    out = ""
    for text in texts:
        text = text.strip()
        if not out or not text:
            out = out or text
        elif not (out.endswith("-") and out[-2:-1].isalpha()):
            out += " " + text
        elif not text[:1].islower() or _hyphen_stays(out[:-1], text):
            out += text  # "Kunta-" + "Kela", "hoiva-" + "asumisesta"
        elif text.split()[0] in _KEEP_HYPHEN_BEFORE:
            out += " " + text  # "sosiaali- ja terveyspalvelut"
        else:
            out = out[:-1] + text
    return out
