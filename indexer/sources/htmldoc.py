"""Convert an HTML page into the markdown-like text the parser reads.

Headings become "#" lines, list items and paragraphs become their own lines
and table rows become tab-separated lines, so an HTML report gets the same
sections, passages and table handling as the text seeds.
"""
from __future__ import annotations

import logging
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag

from indexer.sources.clean import normalize_space

log = logging.getLogger(__name__)

_SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "form", "svg"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "pre", "header", "aside",
           "ul", "ol", "dl", "dd", "dt", "figure", "figcaption", "body", "html"}


def _inline(tag: Tag) -> str:
    """Text of an element; nested blocks are separated, " ." artefacts removed."""
    return re.sub(r"\s+([.,;:!?)])", r"\1", normalize_space(tag.get_text(" ")))


def _emit_block(node: Tag, out: list[str]) -> None:
    """Append the lines of `node` to `out`, recursing into block containers."""
    buffer: list[str] = []

    def flush() -> None:
        text = normalize_space("".join(buffer))
        if text:
            out.extend(["", text])
        buffer.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # skip comments, CDATA, doctype
                buffer.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        if child.name in _HEADINGS:
            flush()
            out.extend(["", "#" * _HEADINGS[child.name] + " " + _inline(child), ""])
        elif child.name == "li":
            flush()
            out.append("- " + _inline(child))
        elif child.name == "table":
            flush()
            _emit_table(child, out)
        elif child.name == "br":
            flush()
        elif child.name in _BLOCKS:
            flush()
            _emit_block(child, out)
        else:
            buffer.append(child.get_text())
    flush()


def _emit_table(table: Tag, out: list[str]) -> None:
    out.append("")
    for row in table.find_all("tr"):
        cells = [normalize_space(c.get_text(" ")) for c in row.find_all(["td", "th"])]
        if any(cells):
            out.append("\t".join(cells))
    out.append("")


def html_to_markdown(html: str) -> tuple[str, str]:
    """(markdown-like text, title) of an HTML document."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    h1 = soup.find("h1")
    title = _inline(title_tag) if title_tag else ""
    title = title or (_inline(h1) if h1 else "")
    out: list[str] = []
    _emit_block(soup.body or soup, out)
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n", title
