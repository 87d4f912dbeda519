"""Parse stage: turn each document's text into sections and passages.

Headings become a section path that travels with every passage (a heading is
never a passage of its own), the table of contents is used only for page
numbers, the furniture of saved web pages (menus, share links, comment
forms; `indexer.sources.boilerplate`) is dropped, tables become readable row
text, and the poster appendix is left to `indexer.sources.posters`, which
turns it into per-field poster passages instead.
`indexer.sources.load` glues files, passages, posters and municipalities together.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from indexer.language.lang import detect_lang
from indexer.model import Document, Passage, Section
from indexer.sources.boilerplate import boilerplate_lines
from indexer.sources.chunk import Unit, pack_groups, render, split_sentences, word_count
from indexer.sources.clean import clean_text, slugify
from indexer.sources.pagemap import FilePages, PagedText
from indexer.sources.posters import is_poster_header
from indexer.sources.tables import render_table, split_row
from indexer.sources.toc import APPENDIX, TocIndex, TocInfo, match_heading, read_toc, split_heading

log = logging.getLogger(__name__)

TINY_WORDS = 8
MAX_CHARS = 2000
_TERMINAL = tuple('.!?:;"”»)…')
_NUMBER = re.compile(r"\d+(?:[.,:/–-]\d+)*")
_CONTACT = re.compile(r"@|\(at\)|\[at\]|https?://|www\.|\b[\w-]+\.(?:fi|se|com|org|net|eu)\b", re.IGNORECASE)
_WORDLIKE = re.compile(r"\w")


@dataclass
class _Open:
    level: int
    number: str
    title: str


@dataclass
class _Pending:
    text: str
    kind: str
    offset: int
    path: list[str]
    number: str
    heading: str


@dataclass
class _State:
    """Running state of one document walk."""

    stack: list[_Open] = field(default_factory=list)
    numbered_level: int = 0
    appendix: bool = False
    paragraphs: list[list] = field(default_factory=list)  # [text, offset, ends_with_hard_break]
    table: list[tuple[str, int]] = field(default_factory=list)
    pending: list[_Pending] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _heading_level(state: _State, md_level: int, number: str, title: str) -> int:
    """Nesting level: numbers win, then appendix rules, then markdown depth."""
    if APPENDIX.match(title):
        state.numbered_level, state.appendix = 0, True
        return 1
    if state.appendix and md_level != 1:
        return max(md_level, 2)  # numbered items inside an appendix are not chapters
    if number:
        state.numbered_level, state.appendix = number.count(".") + 1, False
        return state.numbered_level
    if md_level == 1:
        state.numbered_level, state.appendix = 0, False
        return 1
    if state.numbered_level:
        return state.numbered_level + 1
    if state.appendix:
        return max(md_level, 2)
    return md_level if md_level else (state.stack[-1].level + 1 if state.stack else 1)


def _open_heading(state: _State, md_level: int, text: str, offset: int, toc: TocInfo) -> None:
    number, title = split_heading(text)
    if state.stack and state.stack[-1].title == title and not number:
        return  # a bold repeat of the heading just opened
    level = _heading_level(state, md_level, number, title)
    if state.appendix and number and level > 1:
        number, title = "", text
    while state.stack and state.stack[-1].level >= level:
        state.stack.pop()
    state.stack.append(_Open(level, number, title))
    page = toc.index.page_for(number, title) or toc.estimator.page_at(offset)
    anchors = {s.anchor for s in state.sections}
    anchor = base = slugify(f"{number} {title}", 40) or "section"
    n = 2
    while anchor in anchors:
        anchor, n = f"{base}-{n}", n + 1
    state.sections.append(Section(number, title, level, page, anchor))


def _emit(state: _State, groups: list[list[Unit]], kind: str) -> None:
    path = [h.title for h in state.stack]
    number = next((h.number for h in reversed(state.stack) if h.number), "")
    heading = state.stack[-1].title if state.stack else ""
    for group in groups:
        text = render(group).strip()
        if text:
            state.pending.append(_Pending(text, kind, group[0].offset, path, number, heading))


def _flush_text(state: _State) -> None:
    units: list[Unit] = []
    for text, offset, _ in state.paragraphs:
        for i, sentence in enumerate(split_sentences(clean_text(text))):
            units.append(Unit(sentence, i == 0, offset))
    state.paragraphs = []
    _emit(state, pack_groups(units), "text")


def _flush_table(state: _State) -> None:
    lines = [line for line, _ in state.table]
    if lines and not is_poster_header(split_row(lines[0])):
        offset = state.table[0][1]
        _emit(state, pack_groups([Unit(row, True, offset) for row in render_table(lines)]), "table")
    state.table = []


def _add_line(state: _State, line: str, offset: int, after_blank: bool) -> None:
    """Add a text line, re-joining paragraphs cut by page or line breaks."""
    stripped = line.strip()
    if state.paragraphs:
        prev = state.paragraphs[-1]
        tail = prev[0].rstrip().rstrip("*").rstrip()
        head = stripped.lstrip("*").lstrip()
        if prev[2] and not after_blank:  # markdown hard break "  \n"
            prev[0] = f"{prev[0].rstrip()} {stripped}"
            prev[2] = line.endswith("  ")
            return
        if tail and head[:1].islower() and not tail.endswith(_TERMINAL) and not head.startswith("- "):
            joiner = "- " if tail.endswith("-") else " "
            prev[0] = (tail[:-1] if tail.endswith("-") else tail) + joiner + head
            prev[2] = line.endswith("  ")
            return
    state.paragraphs.append([stripped, offset, line.endswith("  ")])


def _heading_shaped(lines: list[str], i: int) -> bool:
    """A short unpunctuated line standing alone between blank lines."""
    line = lines[i].strip()
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    return (before and after and 0 < word_count(line) <= 12 and line[0].isupper()
            and not line.endswith(_TERMINAL + (",",)) and "\t" not in line
            and not _CONTACT.search(line) and _few_digits(line))


def _few_digits(line: str) -> bool:
    """No number but one short count ("Kuntakokeiluihin 28 hakemusta"): a dateline, a
    phone number or a line of figures is text, not a heading."""
    numbers = _NUMBER.findall(line)
    return not numbers or (len(numbers) == 1 and len(numbers[0]) <= 3 and numbers[0].isdigit())


def _implicit_heading(lines: list[str], i: int) -> bool:
    """A heading-shaped line of a heading-less text that has text of its own after it.

    The last line of a file (a contact line, a "read the report here") and a line
    followed by another heading-shaped line (a site name or kicker above the title)
    would head an empty section and so be indexed nowhere: they are text.
    """
    if not _heading_shaped(lines, i):
        return False
    nxt = next((j for j in range(i + 1, len(lines)) if _WORDLIKE.search(lines[j])), None)
    return nxt is not None and not _heading_shaped(lines, nxt)


def _walk(raw: str, toc: TocInfo) -> _State:
    state = _State()
    lines = raw.split("\n")
    furniture = boilerplate_lines(lines)
    lines = ["" if i in furniture else line for i, line in enumerate(lines)]  # offsets stay
    has_headings = any(match_heading(x) for x in lines)
    offset, blank = 0, True
    for i, line in enumerate(raw.split("\n")):
        start, offset = offset, offset + len(line) + 1
        line = lines[i]
        if toc.span[0] <= start < toc.span[1]:
            continue
        heading = match_heading(line)
        if heading is None and not has_headings and _implicit_heading(lines, i):
            heading = (1, clean_text(line))
        if heading:
            _flush_text(state)
            _flush_table(state)
            _open_heading(state, heading[0], heading[1], start, toc)
        elif "\t" in line and (len(split_row(line)) >= 2 or state.table):
            _flush_text(state)
            state.table.append((line, start))
        elif not line.strip():
            _flush_table(state)
        else:
            _flush_table(state)
            _add_line(state, line, start, blank)
        blank = not line.strip()
    _flush_text(state)
    _flush_table(state)
    return state


def _merge_tiny(pending: list[_Pending]) -> list[_Pending]:
    """Merge fragments under TINY_WORDS words into a neighbour (same section first)."""
    out = list(pending)
    i = 0
    while i < len(out):
        item = out[i]
        if word_count(item.text) >= TINY_WORDS or len(out) == 1:
            i += 1
            continue
        target = _neighbour(out, i)
        if target is None:
            i += 1
            continue
        other = out[target]
        other.text = f"{other.text}\n{item.text}" if target < i else f"{item.text}\n{other.text}"
        if target > i:
            other.offset = min(other.offset, item.offset)
        del out[i]
    return out


def _neighbour(items: list[_Pending], i: int) -> int | None:
    size = len(items[i].text) + 1
    candidates = [j for j in (i - 1, i + 1) if 0 <= j < len(items)
                  and len(items[j].text) + size <= MAX_CHARS]
    for j in candidates:
        if items[j].path == items[i].path:
            return j
    return candidates[0] if candidates else None


def _with_heading(item: _Pending, first: bool) -> str:
    """The first passage of a section opens with its heading line, as printed.

    Readers see where the text starts; the heading is also indexed on its own
    (weighted) for every passage of the section.
    """
    if not first or not item.heading or item.text.startswith(item.heading):
        return item.text
    return f"{item.heading}\n{item.text}"


def _pages(raw: str, item: _Pending, toc: TocInfo) -> dict:
    """Page fields of a passage: from the file's pages where it has them, else the TOC estimate."""
    if not isinstance(raw, PagedText):
        return {"page": toc.estimator.page_at(item.offset)}
    start = raw.page_at(raw.locate(item.text, item.offset))
    return {"page": start.page, "file_page": start.number,
            "page_label": start.label if start.label != str(start.page) else ""}


def parse_document(doc: Document, raw: str) -> tuple[list[Section], list[Passage]]:
    """Sections and text/table passages of one document (posters excluded).

    In a PDF (a `PagedText`) a passage's page is the page its first words are on. In other
    text `page` is an estimate: the TOC start page of its section, interpolated by character
    offset towards the next listed section.
    """
    toc = read_toc(raw, doc.pages)
    if isinstance(raw, PagedText):  # the printed TOC of a PDF is skipped but its pages not needed
        toc = TocInfo(TocIndex([]), FilePages(raw), toc.span)
    state = _walk(raw, toc)
    pending = _merge_tiny(state.pending)
    section_text: dict[tuple[str, ...], list[str]] = {}
    for item in pending:
        section_text.setdefault(tuple(item.path), []).append(item.text)
    section_lang = {key: detect_lang(" ".join(texts), doc.lang) for key, texts in section_text.items()}
    passages = []
    seen: set[tuple[str, ...]] = set()
    for order, item in enumerate(pending):
        lang = detect_lang(item.text, section_lang[tuple(item.path)])
        text = _with_heading(item, first=tuple(item.path) not in seen)
        seen.add(tuple(item.path))
        passages.append(Passage(
            id=f"{doc.id}:{order:04d}", doc=doc.id, text=text[:MAX_CHARS], lang=lang,
            order=order, section=list(item.path), section_no=item.number, heading=item.heading,
            kind=item.kind, **_pages(raw, item, toc)))
    log.info("%s: %d sections, %d passages", doc.id, len(state.sections), len(passages))
    return state.sections, passages
