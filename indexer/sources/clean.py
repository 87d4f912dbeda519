"""Text clean-up shared by the parsers: HTML cells, markdown, print artefacts.

The seeds are OCR/PDF extractions: table cells hold HTML fragments, words are
split by line-break hyphens ("henkilös- tökuluissa"), e-mail addresses are
broken ("etunimi.su-kunimi@vantaa.fi") and the news article has "Mainos"
glued to paragraphs. Users read and the evaluator scores the cleaned text, so
every repair here is a general rule (with Voikko as a referee where it helps),
never a list of one-off replacements.
"""
from __future__ import annotations

import html
import logging
import re
import unicodedata
import warnings
from functools import lru_cache

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

log = logging.getLogger(__name__)

try:  # Voikko only sharpens decisions; every rule works without it.
    import pyvoikko as _voikko
except ImportError:  # pragma: no cover - depends on the machine
    _voikko = None

# Words after "X- " that make it a suspended compound ("sosiaali- ja terveys").
CONJUNCTIONS = frozenset(
    "ja tai sekä eli että kuin mutta vai tahi ym yms tms jne and or och eller samt respektive".split()
)
_BLOCK_TAGS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_LETTERS = "A-Za-zÅÄÖåäöÜüÉé"
# "henkilös- tökuluissa": letters, hyphen, whitespace, a lowercase letter run.
_SPACED_HYPHEN = re.compile(rf"(?<!\w)([{_LETTERS}][\w]*)-[ \t]+([a-zåäöü][\w]*)")
# "kyn-nyksen": a hyphen with no space; joined only when Voikko vouches for it.
_INNER_HYPHEN = re.compile(rf"(?<![\w-])([{_LETTERS}]+)-([a-zåäö]+)(?![\w-])")
_EMAIL = re.compile(r"([\w.]+(?:-\s?[\w.]+)*)@([\w-]+(?:\.[\w-]+)+)")
_AD_MARKER = re.compile(r"\bMainos(?=[A-ZÅÄÖ])|^Mainos\s*$", re.MULTILINE)
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


@lru_cache(maxsize=20000)
def is_word(word: str) -> bool:
    """True when Voikko recognises `word` (always False without Voikko)."""
    if _voikko is None or not word:
        return False
    try:
        return bool(_voikko.analyse(word.lower()))
    except Exception:  # noqa: BLE001 - a broken Voikko must not stop parsing
        return False


def html_to_lines(fragment: str) -> list[str]:
    """Convert an HTML fragment (a table cell) to clean lines of text.

    Paragraphs, list items and <br> become separate lines; inline tags
    (<b>, <a>, <u>) keep only their text.
    """
    if not _TAG.search(fragment):
        return [line for line in (normalize_space(x) for x in html.unescape(fragment).split("\n")) if line]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(fragment, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return [line for line in (normalize_space(x) for x in text.split("\n")) if line]


def html_to_text(fragment: str, sep: str = "\n") -> str:
    """HTML fragment to text; lines joined by `sep` (e.g. "; " for one line)."""
    return sep.join(html_to_lines(fragment))


def strip_tags(text: str) -> str:
    """Drop HTML tags without structure (for short labels like "<b>4</b>")."""
    return html.unescape(_TAG.sub("", text))


def normalize_space(text: str) -> str:
    """Collapse runs of spaces/tabs/NBSP inside one line and trim it."""
    return re.sub(r"[ \t\u00a0\u2007\u202f]+", " ", text).strip()


def normalize_whitespace(text: str) -> str:
    """Normalise spaces per line and collapse blank-line runs to one."""
    lines = [normalize_space(line) for line in text.replace("\r\n", "\n").split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def strip_markdown(text: str) -> str:
    """Remove **bold**/*italic* markers and turn markdown links into their text."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = re.sub(r"^\*\s+", "- ", text, flags=re.MULTILINE)
    return text.replace("*", "")


def remove_ad_markers(text: str) -> str:
    """Remove the news site's "Mainos" (advert) labels glued to paragraphs."""
    return _AD_MARKER.sub("", text)


def _join_spaced(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if right.lower() in CONJUNCTIONS:
        return match.group(0)  # suspended compound: "sosiaali- ja terveys..."
    return _join_parts(left, right)


def _join_parts(left: str, right: str) -> str:
    """Join two halves of a word split at a line-break hyphen.

    Voikko referees when it knows the words: a known joined word wins, a
    proper-noun first part keeps its hyphen ("Kela-kokeilujen"), and a known
    second part after an unknown first part keeps it too ("excel-taulukoksi").
    """
    hyphenated, joined = f"{left}-{right}", left + right
    if (left.isupper() and len(left) > 1) or left[-1].isdigit():
        return hyphenated  # "TE- toimiston" -> "TE-toimiston"
    if left[-1].lower() == right[0] and left[-1].lower() in "aeiouyäö":
        return hyphenated  # Finnish: same vowel at a compound seam keeps "-"
    joined_ok, hyphenated_ok = is_word(joined), is_word(hyphenated)
    if joined_ok and hyphenated_ok:
        return hyphenated if left[0].isupper() and is_word(left) else joined
    if joined_ok or hyphenated_ok:
        return joined if joined_ok else hyphenated
    return hyphenated if is_word(right) else joined


def _join_inner(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    hyphenated = match.group(0)
    if left.isupper() or is_word(hyphenated) or not is_word(left + right):
        return hyphenated
    return left + right


def repair_hyphenation(text: str) -> str:
    """Re-join words split by line-break hyphens, keep real suspended hyphens.

    "henkilös- tökuluissa" -> "henkilöstökuluissa", but "sosiaali- ja
    terveyspalvelut", "asumis-, hoito-" and "Kela- Vantaa" stay as printed:
    a spaced hyphen is joined when the next fragment starts lowercase and is
    not a conjunction. An unspaced hyphen ("kyn-nyksen") is joined only when
    Voikko knows the joined word but not the hyphenated one.
    """
    text = _SPACED_HYPHEN.sub(_join_spaced, text)
    return _INNER_HYPHEN.sub(_join_inner, text)


def _fix_email(match: re.Match[str]) -> str:
    local, domain = match.group(1), match.group(2)
    parts = re.split(r"-\s?", local)
    fixed = parts[0]
    for part, sep in zip(parts[1:], re.findall(r"-\s?", local), strict=False):
        tail = fixed.rsplit(".", 1)[-1]
        head = part.split(".", 1)[0]
        if " " in sep or (is_word(tail + head) and not is_word(f"{tail}-{head}")):
            fixed += part  # line-break artefact: addresses never contain spaces
        else:
            fixed += "-" + part
    return f"{fixed}@{domain}"


def repair_emails(text: str) -> str:
    """Fix e-mail addresses split by hyphenation ("etunimi.su-kunimi@x.fi")."""
    return _EMAIL.sub(_fix_email, text)


def clean_text(text: str) -> str:
    """Full clean-up for one block of prose: tags, markdown, artefacts, spaces."""
    if _TAG.search(text):
        text = html_to_text(text)
    else:
        text = html.unescape(text)
    text = strip_markdown(text)
    text = remove_ad_markers(text)
    text = repair_emails(text)
    text = repair_hyphenation(text)
    return normalize_whitespace(text)


def slugify(text: str, max_len: int = 80) -> str:
    """ASCII-folded, lowercase, hyphen-separated slug ("Työote" -> "tyote")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug
