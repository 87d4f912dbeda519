"""Plain dataclasses passed between the pipeline stages.

Every stage (parse -> analysis -> schema -> build -> search) takes and returns
these, never Whoosh objects, so a stage can be tested alone and the engine
behind `indexer.index` can be swapped without touching parsing or the API.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Section:
    """One heading of a document: its number ("4.2"), title and first page."""

    number: str
    title: str
    level: int
    page: int | None = None
    anchor: str = ""


@dataclass
class Document:
    """A source file with its metadata (from corpus/manifest.yaml or inferred)."""

    id: str
    path: str
    title: str
    lang: str
    kind: str = "report"
    publisher: str = ""
    date: str = ""
    url: str = ""
    pages: int | None = None
    short: str = ""  # how a citation names it ("VM 27/2017"); the title when empty
    sections: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Passage:
    """A retrievable unit: 40-250 words of one document, or one poster field.

    `text` is the plain text returned to users and scored by the evaluator;
    `heading` travels with it as a weighted field instead of being a passage.
    """

    id: str
    doc: str
    text: str
    lang: str
    order: int
    section: list[str] = field(default_factory=list)
    section_no: str = ""
    heading: str = ""
    page: int | None = None
    page_label: str = ""  # the page as printed where the file labels its pages ("iv"), else ""
    file_page: int | None = None  # 1-based page of a PDF/Word file, for file.pdf#page=N
    kind: str = "text"  # text | table | poster
    poster: str = ""  # poster id for kind == "poster"
    poster_field: str = ""  # field key, e.g. "learned"
    poster_title: str = ""
    municipalities: list[str] = field(default_factory=list)
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# The first column of a poster row (municipalities, title, contact) is indexed
# as a "card" passage of its own, beside the six content fields.
CARD_FIELD = "card"

# Poster field keys in display order with their Finnish labels as printed
# in appendix 1 of the report (and the Swedish labels for the UI).
POSTER_FIELDS: dict[str, dict[str, str]] = {
    "goal": {"fi": "Tavoite", "sv": "Mål"},
    "tried": {"fi": "Mitä kokeiltiin?", "sv": "Vad prövades?"},
    "learned": {"fi": "Mitä opittiin?", "sv": "Vad lärde man sig?"},
    "rooted": {"fi": "Mitä juurtui ja mitä kannattaa jakaa?", "sv": "Vad slog rot och vad lönar det sig att sprida?"},
    "effects": {"fi": "Mitä vaikutuksia kokeiluilla oli asiakkaisiin, talouteen?",
                "sv": "Vilka effekter hade försöken på klienterna och ekonomin?"},
    "successes": {"fi": "Missä onnistuttiin?", "sv": "Vad lyckades man med?"},
}


@dataclass
class Poster:
    """One result poster of appendix 1: a pilot of one operating model."""

    id: str
    title: str
    municipalities: list[str]
    model: str
    contact: str = ""
    area: str = ""
    doc: str = ""
    page: int | None = None
    fields: dict[str, str] = field(default_factory=dict)  # key from POSTER_FIELDS
    model_heading: str = ""  # operating-model heading as printed above the poster
    appendix: str = ""  # title of the appendix holding the poster

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Municipality:
    """A municipality taking part, resolved to its experiment area (chapter 3.1.1)."""

    name: str
    area: str
    sv_name: str = ""
    models: list[str] = field(default_factory=list)
    poster_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Corpus:
    """Everything the parse stage produces from corpus/."""

    documents: list[Document] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    posters: list[Poster] = field(default_factory=list)
    municipalities: list[Municipality] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
