"""Text that knows its pages: where each page of a PDF or Word file starts in the extracted text.

Readers of paged formats (`pdfdoc`, `docxdoc`) return a `PagedText`: the text as the parse
stage reads it (markdown headings, tab-separated table rows) plus the character offset at
which every page starts, with the page's number in the file (for `file.pdf#page=N`) and its
printed label (from the PDF's /PageLabels; the number itself where the file has none).
A `str` subclass, so every consumer of plain text keeps working; only the parse stage asks
it for pages.

Passages start mid-paragraph (a paragraph is packed into several passages), so a passage's
page is found by locating its first words in the text after its paragraph's start, on letters
and digits only: cleaning (spaces, quotes, joined hyphens) cannot make the look-up miss.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_PROBE = 60
_PLACEHOLDER_TITLE = re.compile(r"^(untitled|nimetön|namnlös|microsoft word\b.*|.*\.(docx?|pdf|odt|rtf))$",
                                re.IGNORECASE)  # letters and digits of a passage's start that locate it


@dataclass(frozen=True)
class PageStart:
    """A page of the source file: where it starts in the text, its number and printed label."""

    offset: int
    number: int  # 1-based page of the file, as a PDF viewer's #page=N counts
    label: str  # as printed ("iv", "12"); str(number) where the file has no page labels

    @property
    def page(self) -> int:
        """The page a citation gives: the printed number where it is one, else the file's."""
        return int(self.label) if self.label.isdigit() else self.number


class PagedText(str):
    """Extracted text plus its page starts (sorted by offset, the first at 0)."""

    pages: tuple[PageStart, ...]

    def __new__(cls, text: str, pages: list[PageStart] | tuple[PageStart, ...]) -> PagedText:
        obj = super().__new__(cls, text)
        obj.pages = tuple(sorted(pages, key=lambda p: p.offset)) or (PageStart(0, 1, "1"),)
        obj._offsets = [p.offset for p in obj.pages]
        obj._norm = None
        return obj

    def page_at(self, offset: int) -> PageStart:
        """The page holding character `offset`."""
        i = bisect.bisect_right(self._offsets, offset) - 1
        return self.pages[max(i, 0)]

    def locate(self, text: str, start: int) -> int:
        """Offset where `text` begins at or after `start` (compared on letters and digits), else `start`."""
        norm, where = self._normalised()
        probe = "".join(c for c in text.casefold() if c.isalnum())[:_PROBE]
        if not probe:
            return start
        pos = bisect.bisect_left(where, start)
        found = norm.find(probe, pos)
        if found < 0 and len(probe) > 20:
            found = norm.find(probe[:20], pos)
        return where[found] if found >= 0 else start

    def _normalised(self) -> tuple[str, list[int]]:
        if self._norm is None:
            chars, where = [], []
            for i, c in enumerate(self):
                if c.isalnum():
                    folded = c.casefold()
                    chars.append(folded)
                    where.extend([i] * len(folded))
            self._norm = ("".join(chars), where)
        return self._norm


class FilePages:
    """A page estimator (as `toc.PageEstimator`) for text that knows its pages: nothing to estimate."""

    def __init__(self, raw: PagedText) -> None:
        self.raw = raw

    def page_at(self, offset: int) -> int:
        return self.raw.page_at(offset).page


def file_title(title: str) -> str:
    """A title from a file's metadata, or "" for an empty or placeholder one ("Untitled", "x.docx")."""
    title = " ".join(str(title or "").split())
    return "" if len(title) < 3 or _PLACEHOLDER_TITLE.match(title) else title
