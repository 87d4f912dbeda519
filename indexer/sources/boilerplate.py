"""Recognise the furniture of saved web pages: skip links and menus, share buttons, comment forms.

News articles, blogs and press releases saved as text keep their page around the story
("Hoppa till innehåll", "Jatka keskustelua #lehti Twitterissä", "Sähköpostiosoitettasi ei
julkaista", a lone "*" of a required field). Indexed, such lines answer queries with noise
and turn into headings of the document's table of contents. HTML files lose <nav>, <form>
and <footer> in `indexer.sources.htmldoc`; this module finds the same blocks in plain text.

It works on blocks (runs of non-blank lines), because page furniture comes as short blocks
of short lines: a block is furniture when it is short and one of its lines reads as a
navigation, share or comment-form control. A comment form also takes the short blocks
after it (its field labels and buttons). A cue inside a real paragraph never removes it.
"""
from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

MAX_LINE_WORDS = 12  # a control's label, not a sentence of the story
MAX_BLOCK_WORDS = 30

# Skip links, menus and page tools, fi/sv/en.
_NAV = re.compile(
    r"^(?:siirry|hyppää|hoppa|gå|skip|jump)\b.{0,20}\b\w*(?:sisältöön|innehåll\w*|content|main)\b"
    r"|^(?:(?:pää)?valikko|meny|menu|etusivu|startsida|home|takaisin ylös|tillbaka upp|back to top"
    r"|tulosta|skriv ut|print|sivun alkuun|till början av sidan)$"
    r"|[^\W\d]\s(?:›|»|>)\s[^\W\d]", re.IGNORECASE)  # a breadcrumb trail: "Etusivu › Uutiset"
_SOCIAL = re.compile(r"\b(?:facebook|twitter|linkedin|whatsapp|instagram|youtube|tiktok|threads|bluesky)\w*",
                     re.IGNORECASE)
_SHARE_WORD = re.compile(r"\b(?:jaa|jaa\w+|dela|share|seuraa|följ|follow|tweet\w*|keskustel\w*|diskutera)\b"
                         r"|(?<![\w.])[#@]\w", re.IGNORECASE)
_COMMENT = re.compile(
    r"sähköpostiosoitettasi ei julkaista|pakolliset kentät|(?:jätä|kirjoita|lisää|syötä|lähetä) kommentt"
    r"|^kommentoi\b|^keskustele\b|jatka keskustelua|^kommentit$"
    r"|din e-postadress (?:kommer inte|publiceras inte)|obligatoriska fält|lämna (?:en )?kommentar"
    r"|skriv (?:en )?kommentar|^kommentera\b|^kommentarer$"
    r"|your email address will not be published|required fields are marked|leave a (?:reply|comment)"
    r"|post comment|add (?:a )?comment|^comments?$", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def _blocks(lines: list[str]) -> list[list[int]]:
    """Line indexes of every run of non-blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if line.strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _short(lines: list[str], block: list[int]) -> bool:
    """Short lines only, no table rows, few words: the shape of page controls."""
    counts = [_words(lines[i]) for i in block]
    return (all(c <= MAX_LINE_WORDS for c in counts) and sum(counts) <= MAX_BLOCK_WORDS
            and not any("\t" in lines[i] for i in block))


def is_share(line: str) -> bool:
    """A share/follow control: a social network named with a share verb, #tag or @handle,
    or a row of network names alone ("Facebook Twitter LinkedIn")."""
    if not _SOCIAL.search(line):
        return False
    rest = _WORD.findall(_SOCIAL.sub(" ", line))
    return bool(_SHARE_WORD.search(line)) or len(rest) <= 1


def kind_of(line: str) -> str | None:
    """"nav", "share" or "comment" when the line reads as that control, else None."""
    text = " ".join(line.replace("*", " ").split()).lstrip("#").strip(" .:!")  # "### Kommentoi" too
    if not text:
        return None
    if _COMMENT.search(text):
        return "comment"
    if is_share(text):
        return "share"
    if _NAV.search(text):
        return "nav"
    return None


def boilerplate_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are page furniture, not text of the document."""
    out: set[int] = set()
    in_form = False
    for block in _blocks(lines):
        short = _short(lines, block)
        kinds = {k for i in block if (k := kind_of(lines[i]))} if short else set()
        if "comment" in kinds:
            in_form = True
        no_words = all(not _WORD.search(lines[i]) for i in block)
        if kinds or (in_form and short) or (in_form and no_words):
            out.update(block)
        else:
            in_form = False
    if out:
        log.debug("boilerplate lines: %s", sorted(out))
    return out
