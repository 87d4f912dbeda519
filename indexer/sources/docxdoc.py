"""Read a Word (.docx) report with python-docx: headings from styles, tables as rows, metadata.

Headings are the paragraphs whose style (or the style it is based on) is a heading style,
"Heading 2" in any of Word's languages ("Otsikko 2", "Rubrik 2") or any style with an outline
level, and a heading Word numbers itself (a numbering definition, no digits in the text) gets
its number counted here, "2.1", as the reader sees it printed. Table rows become tab-separated
lines, which the parse stage renders as row text. A Word file has no fixed pages; where Word
saved its page breaks (`lastRenderedPageBreak`, or explicit page breaks) they give the pages.
"""
from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from indexer.sources.pagemap import PagedText, PageStart, file_title

log = logging.getLogger(__name__)

_HEADING_STYLE = re.compile(r"^(?:heading|otsikko|rubrik|überschrift|titre)\s*(\d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style_level(style) -> int:
    """Heading level of a paragraph style (following base styles), 0 for body text."""
    while style is not None:
        match = _HEADING_STYLE.match((style.name or "").strip()) or _HEADING_STYLE.match(style.style_id or "")
        if match:
            return int(match.group(1))
        outline = style.element.find(f"{_W}pPr/{_W}outlineLvl")
        if outline is not None and outline.get(f"{_W}val", "9").isdigit() and int(outline.get(f"{_W}val")) < 9:
            return int(outline.get(f"{_W}val")) + 1
        style = style.base_style
    return 0


def _numbered(paragraph) -> bool:
    """Does Word number this paragraph (directly or through its style)?"""
    if paragraph._p.find(f"{_W}pPr/{_W}numPr") is not None:
        return True
    style = paragraph.style
    while style is not None:
        if style.element.find(f"{_W}pPr/{_W}numPr") is not None:
            return True
        style = style.base_style
    return False


def _page_breaks(paragraph) -> int:
    """Page breaks inside a paragraph: Word's saved pagination and explicit breaks."""
    rendered = len(paragraph._p.findall(f".//{_W}lastRenderedPageBreak"))
    explicit = sum(1 for br in paragraph._p.findall(f".//{_W}br") if br.get(f"{_W}type") == "page")
    return max(rendered, explicit)


def _rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats for every grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _heading(paragraph, level: int, counters: list[int]) -> str:
    text = " ".join(paragraph.text.split())
    if _numbered(paragraph) and not text[:1].isdigit():
        del counters[level:]
        counters.extend([0] * (level - len(counters)))
        counters[level - 1] += 1
        text = ".".join(str(n) for n in counters[:level]) + " " + text
    return "#" * min(level, 6) + " " + text


def _paragraph(paragraph) -> str:
    """Body text; a short paragraph set all in bold is written **so**, a heading as in text files."""
    text = " ".join(paragraph.text.split())
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and len(text.split()) <= 15 and not text.endswith((".", ",", ";")):
        return f"**{text}**"
    return text


def metadata(core) -> dict[str, str]:
    """Title, language and date from the file's core properties."""
    out: dict[str, str] = {}
    if file_title(core.title):
        out["title"] = file_title(core.title)
    lang = (core.language or "")[:2].lower()
    if lang in ("fi", "sv", "en"):
        out["lang"] = lang
    if core.created:
        out["date"] = core.created.date().isoformat()
    return out


def read_docx(path: Path) -> tuple[str, dict]:
    """(text, metadata) of a .docx; a PagedText where Word saved page breaks."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"not a readable Word file ({type(exc).__name__})") from exc
    parts: list[str] = []
    offset, page, starts = 0, 1, [PageStart(0, 1, "1")]
    counters: list[int] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            text = "\n".join(_rows(block))
        else:
            breaks = _page_breaks(block)
            if breaks:
                page += breaks
                starts.append(PageStart(offset, page, str(page)))
            level = _style_level(block.style)
            text = _heading(block, level, counters) if level and block.text.strip() else _paragraph(block)
        if text:
            parts.append(text)
            offset += len(text) + 2
    text = "\n\n".join(parts)
    meta = metadata(document.core_properties)
    return (PagedText(text, starts) if page > 1 else text), meta
