"""Result posters of the report's appendix 1, parsed into Poster records.

Each poster is one 7-cell table row (municipalities + title + contact, then
the six poster fields) under a heading naming the operating model. Posters
are the most asked-about content, so every field becomes its own passage
with the poster's metadata instead of one long table-row passage. The layout
is recognised by its header row ("Kunta<TAB>Tavoite"), never by line numbers.
"""
from __future__ import annotations

import logging
import re

from indexer.language.lang import detect_lang
from indexer.model import CARD_FIELD, POSTER_FIELDS, Document, Passage, Poster
from indexer.sources.chunk import Unit, pack_groups, render, split_sentences, word_count
from indexer.sources.clean import clean_text, html_to_lines, slugify, strip_tags
from indexer.sources.municipalities import parse_areas, parse_municipalities
from indexer.sources.pagemap import FilePages, PagedText
from indexer.sources.posterhead import parse_first_cell
from indexer.sources.tables import split_row
from indexer.sources.toc import match_heading, read_toc, split_heading

__all__ = ["parse_posters", "poster_passages", "parse_municipalities", "is_poster_header",
           "canonical_model"]

log = logging.getLogger(__name__)

# Checked in this order: "Mitä vaikutuksia kokeiluilla..." also contains "kokeil".
FIELD_PATTERNS = [
    ("effects", r"vaikutu|effekt|effect"), ("rooted", r"juurt|slog rot|root"),
    ("learned", r"opit|lärde|learn"), ("successes", r"onnistu|lyckades|success"),
    ("goal", r"tavoite|mål|goal"), ("tried", r"kokeil|kehit|prövades|tried|develop"),
]
MODELS = [
    ("Asumispalvelut", r"asumis"), ("Hyvinvoinnin integroitu toimintamalli", r"hyvinvoin"),
    ("Koulutuspalvelut", r"koulutus"), ("Kunta-Kela", r"kela\b"),
    ("Nuorisotakuu", r"nuorisotakuu"), ("Valvonta", r"valvon"),
]
_APPENDIX = re.compile(r"^(liite|bilaga|appendix|annex)\s+\d+\b|posteri|poster", re.IGNORECASE)
_POSTERS = re.compile(r"posteri|poster", re.IGNORECASE)
MAX_FIELD_WORDS = 250


def is_poster_header(cells: list[str]) -> bool:
    """True for the header row of a poster table ("Kunta", "Tavoite", ...)."""
    if len(cells) < 3:
        return False
    first, second = (strip_tags(c).strip().lower() for c in cells[:2])
    return first in {"kunta", "kunnat", "kommun", "municipality"} and bool(
        re.match(r"tavoite|mål|goal", second))


def canonical_model(heading: str) -> str:
    """Canonical operating-model name for a printed heading."""
    for name, pattern in MODELS:
        if re.search(pattern, heading, re.IGNORECASE):
            return name
    return heading.strip()


def field_key(label: str, position: int) -> str:
    """POSTER_FIELDS key for a header label; falls back to column position."""
    for key, pattern in FIELD_PATTERNS:
        if re.search(pattern, label, re.IGNORECASE):
            return key
    keys = list(POSTER_FIELDS)
    return keys[position] if position < len(keys) else ""


def field_text(cell: str) -> str:
    """Clean text of a poster cell: paragraphs and list items as lines."""
    cell = re.sub(r"\s*•\s*", "\n", cell)
    lines = [part for line in html_to_lines(cell) for part in re.split(r"\s{2,}", line)]
    cleaned = [clean_text(line) for line in lines]
    text = "\n".join(line for line in cleaned if line)
    return text if re.search(r"[^\W_]", text) else ""  # "-" marks an empty field


def _poster_rows(raw: str) -> list[tuple[str, str, list[str], list[str], int]]:
    """(appendix title, model heading, header cells, row cells, offset) per row."""
    rows, appendix, model, header, offset = [], "", "", None, 0
    for line in raw.split("\n"):
        start, offset = offset, offset + len(line) + 1
        heading = match_heading(line)
        if heading:
            number, title = split_heading(heading[1])
            if _APPENDIX.search(title):
                appendix, model = (title, "") if _POSTERS.search(title) else ("", "")
            elif heading[0] == 1 or number:
                appendix = ""
            elif appendix:
                model = title
            header = None
            continue
        cells = split_row(line) if "\t" in line else []
        if is_poster_header(cells):
            header = cells
        elif appendix and header and len(cells) >= 2:
            rows.append((appendix, model, header, cells, start))
    return rows


def parse_posters(doc: Document, raw: str) -> list[Poster]:
    """All posters of the poster appendix of `doc` (empty if it has none)."""
    rows = _poster_rows(raw)
    if not rows:
        return []
    areas = parse_areas(raw)
    known = [m for area in areas for m in area.members]
    area_of = {m: area.name for area in areas for m in area.members}
    estimator = FilePages(raw) if isinstance(raw, PagedText) else read_toc(raw, doc.pages).estimator
    posters: list[Poster] = []
    for appendix, heading, header, cells, offset in rows:
        munis, title, contact = parse_first_cell(cells[0], known)
        model = canonical_model(heading)
        fields = {}
        for i, cell in enumerate(cells[1:]):
            label = clean_text(header[i + 1]) if i + 1 < len(header) else ""
            key, text = field_key(label, i), field_text(cell)
            if key and text:
                fields[key] = f"{fields[key]}\n{text}" if key in fields else text
        base = f"{munis[0] if munis else ''} {title or model}"
        title = title or f"{model}, {', '.join(munis)}"
        posters.append(Poster(
            id=_unique(slugify(base, 60) or "poster", posters), title=title, municipalities=munis,
            model=model, contact=contact, area=area_of.get(munis[0], "") if munis else "",
            doc=doc.id, page=estimator.page_at(offset), fields=fields, model_heading=heading,
            appendix=appendix))
    log.info("%s: %d posters", doc.id, len(posters))
    return posters


def _unique(base: str, posters: list[Poster]) -> str:
    taken = {p.id for p in posters}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _field_chunks(text: str) -> list[str]:
    if word_count(text) <= MAX_FIELD_WORDS and len(text) <= 2000:
        return [text]
    units = [Unit(s, i == 0) for para in text.split("\n") for i, s in enumerate(split_sentences(para))]
    return [render(group) for group in pack_groups(units, target=200)]


def card_text(poster: Poster) -> str:
    """The poster's first column ("Kunta"): who, what, and whom to ask."""
    who = ", ".join(poster.municipalities)
    lines = [f"{who} – {poster.title}" if who else poster.title]
    if poster.contact:
        lines.append(f"Yhteyshenkilö: {poster.contact}")
    return "\n".join(lines)


def poster_passages(posters: list[Poster], start: int = 0) -> list[Passage]:
    """A card passage (the first column) and one per non-empty field (long fields split)."""
    passages: list[Passage] = []
    for poster in posters:
        cells = [(CARD_FIELD, {"fi": "Kunta"}, card_text(poster))]
        cells += [(key, labels, poster.fields.get(key, "")) for key, labels in POSTER_FIELDS.items()]
        for key, labels, text in cells:
            for n, chunk in enumerate(_field_chunks(text) if text else [], start=1):
                passages.append(Passage(
                    id=f"{poster.doc}:poster:{poster.id}:{key}:{n}", doc=poster.doc, text=chunk,
                    lang=detect_lang(chunk, "fi"), order=start + len(passages),
                    section=[poster.appendix or "Liite 1 Posterikooste", poster.model, poster.title],
                    heading=labels["fi"], page=poster.page, kind="poster", poster=poster.id,
                    poster_field=key, poster_title=poster.title,
                    municipalities=list(poster.municipalities), model=poster.model))
    return passages
