"""Table of contents parsing and page estimation.

The text has no page breaks, so the only page information is the printed
table of contents ("4.2 Kokeiluille asetettujen ... ..... 16"). Section start
pages come from it; a position inside a section is estimated by linear
interpolation of the character offset between the section's start page and
the next known section's start page. Pages are therefore estimates, exact
only at section starts.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from indexer.sources.clean import normalize_space, strip_tags

log = logging.getLogger(__name__)

TOC_TITLES = re.compile(r"^(sisältö|sisällys|sisällysluettelo|innehåll|innehållsförteckning|"
                        r"contents|table of contents)$", re.IGNORECASE)
APPENDIX = re.compile(r"^(liite|bilaga|appendix|annex)\s+\d+\b", re.IGNORECASE)
_ENTRY = re.compile(r"^(?:(\d{1,2}(?:\.\d{1,2})*)\.?\s+)?(.+?)\s*\.{2,}\s*(\d{1,4})\s*$")


@dataclass
class TocEntry:
    """One printed TOC line: section number (may be empty), title, start page."""

    number: str
    title: str
    page: int


def title_key(title: str) -> str:
    """Loose key for matching a heading title to a TOC title."""
    return re.sub(r"[\W_]+", " ", title.lower()).strip()


def parse_toc_line(line: str) -> TocEntry | None:
    """Parse "<b>4</b>\\t<b>Title</b> .....\\t16" or "\\t10.1 Title.....\\t41"."""
    text = normalize_space(strip_tags(line).replace("\t", " "))
    match = _ENTRY.match(text)
    if not match:
        return None
    number, title, page = match.groups()
    return TocEntry(number or "", title.strip(" .…"), int(page))


def parse_toc(lines: list[str]) -> list[TocEntry]:
    """Parse the lines of a TOC block; lines without a page are ignored."""
    return [entry for entry in (parse_toc_line(line) for line in lines) if entry]


class TocIndex:
    """Look up a heading's start page by section number or by title."""

    def __init__(self, entries: list[TocEntry]) -> None:
        self.entries = entries
        self.by_number = {e.number: e.page for e in entries if e.number}
        self.by_title = {title_key(e.title): e.page for e in entries}

    def page_for(self, number: str, title: str) -> int | None:
        """Start page of the section with this number, else with this title."""
        if number and number in self.by_number:
            return self.by_number[number]
        key = title_key(title)
        if key in self.by_title:
            return self.by_title[key]
        for toc_key, page in self.by_title.items():  # "Liite 1 Posterikooste" vs longer
            if key and (key.startswith(toc_key) or toc_key.startswith(key)) and len(key) > 8:
                return page
        return None


class PageEstimator:
    """Estimate the printed page at a character offset from known anchors."""

    def __init__(self, anchors: list[tuple[int, int]], end_offset: int,
                 last_page: int | None = None) -> None:
        cleaned: list[tuple[int, int]] = []
        for offset, page in sorted(anchors):
            if cleaned and page < cleaned[-1][1]:
                log.debug("ignoring non-monotonic page anchor %s at %s", page, offset)
                continue
            cleaned.append((offset, page))
        if cleaned and last_page and last_page >= cleaned[-1][1] and end_offset > cleaned[-1][0]:
            cleaned.append((end_offset, last_page))
        self.anchors = cleaned
        self.offsets = [offset for offset, _ in cleaned]

    def page_at(self, offset: int) -> int | None:
        """Page at `offset`, interpolated between the surrounding anchors."""
        if not self.anchors:
            return None
        i = bisect.bisect_right(self.offsets, offset) - 1
        if i < 0:
            return self.anchors[0][1]
        start, page = self.anchors[i]
        if i + 1 >= len(self.anchors):
            return page
        end, next_page = self.anchors[i + 1]
        if end <= start or next_page <= page:
            return page
        return page + int((offset - start) / (end - start) * (next_page - page))


HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
BOLD_HEADING = re.compile(r"^\*\*([^*]+?)\*\*\s*$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")


def match_heading(line: str) -> tuple[int, str] | None:
    """(markdown level, text) for a heading line; a **bold** line is level 0."""
    match = HEADING.match(line)
    if match:
        text = normalize_space(strip_tags(match.group(2)).replace("*", ""))
        return (len(match.group(1)), text) if text else None
    match = BOLD_HEADING.match(line.strip())
    if match and len(match.group(1).split()) <= 20:
        return 0, normalize_space(strip_tags(match.group(1)))
    return None


def split_heading(text: str) -> tuple[str, str]:
    """Split "4.2 Title" into ("4.2", "Title"); unnumbered gives ("", text)."""
    match = _NUMBERED.match(text)
    return (match.group(1), match.group(2).strip()) if match else ("", text)


@dataclass
class TocInfo:
    """What the TOC gives a document: entries, lookup, page estimator, span."""

    index: TocIndex
    estimator: PageEstimator
    span: tuple[int, int] = (0, 0)  # character range of the TOC block


def read_toc(raw: str, last_page: int | None = None) -> TocInfo:
    """Find the TOC block of `raw` and anchor every listed heading to its page."""
    lines = raw.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    headings = [(i, h) for i, h in ((i, match_heading(x)) for i, x in enumerate(lines)) if h]
    toc_at = next((k for k, (_, h) in enumerate(headings) if TOC_TITLES.match(h[1])), None)
    if toc_at is None:
        return TocInfo(TocIndex([]), PageEstimator([], len(raw)))
    first = headings[toc_at][0]
    last = headings[toc_at + 1][0] if toc_at + 1 < len(headings) else len(lines)
    index = TocIndex(parse_toc(lines[first + 1:last]))
    anchors = [(0, 1)] if index.entries else []
    in_appendix = False
    for i, (_, text) in headings[toc_at + 1:]:
        number, title = split_heading(text)
        in_appendix = in_appendix or bool(APPENDIX.match(title))
        page = index.page_for("" if in_appendix else number, title)
        if page is not None:
            anchors.append((offsets[i], page))
    end = offsets[last] if last < len(lines) else len(raw)
    return TocInfo(index, PageEstimator(anchors, len(raw), last_page), (offsets[first], end))
