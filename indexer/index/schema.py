"""Stage 3: the index schema and how a Passage becomes a document of it.

Per-language text fields are filled only for the passage's own language, so a
Swedish passage is never run through the Finnish lemmatiser. Headings, poster
titles and field labels go to `head_<lang>` and municipality/model names to
`meta`: weighted fields of their own instead of text repeated in every cell.
"""
from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.index.analysis import make_analyzer
from indexer.model import CARD_FIELD, Passage

LANGS = ("fi", "sv", "en")


def text_fields() -> dict[str, tuple[str, str]]:
    """Indexed text field name -> (analyzer kind, language)."""
    fields = {"surface": ("surface", "fi"), "fold": ("fold", "fi"), "meta": ("lemma", "fi"),
              "parts_fi": ("parts", "fi"), "headparts_fi": ("parts", "fi"), "stem_fi": ("stem", "fi")}
    for lang in LANGS:
        fields[f"lemma_{lang}"] = ("lemma", lang)
        fields[f"head_{lang}"] = ("lemma", lang)
    return fields


def build_schema() -> Schema:
    """The passage schema; stored fields are what a result needs to be shown."""
    schema = Schema(
        id=ID(stored=True, unique=True),
        doc=ID(stored=True, sortable=True),
        lang=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        poster=ID(stored=True),
        poster_field=ID(stored=True, sortable=True),
        model=ID(stored=True, sortable=True),
        municipality=KEYWORD(stored=True, commas=True, lowercase=True),  # multi-valued facet
        page=NUMERIC(stored=True),
        order=NUMERIC(stored=True, sortable=True),
        text=STORED(),
        info=STORED(),
    )
    for name, (kind, lang) in text_fields().items():
        phrase = name in ("surface",) or name.startswith("lemma_")
        schema.add(name, TEXT(analyzer=make_analyzer(kind, lang), phrase=phrase))
    return schema


def heading_text(p: Passage) -> str:
    """What the heading fields index: section path, poster title and field label."""
    # a poster's operating model is tagged in `meta`; in the heading it would
    # make every cell of every poster of that model match the model's words
    parts = [s for s in p.section if not (p.kind == "poster" and s == p.model)]
    if p.heading and p.heading not in parts:
        parts.append(p.heading)
    if p.poster_title and p.poster_title not in parts:
        parts.append(p.poster_title)
    return " \n".join(parts)


def to_document(p: Passage) -> dict[str, Any]:
    """A Passage as the keyword arguments of `writer.add_document`."""
    lang = p.lang if p.lang in LANGS else "fi"
    # a poster card's text is its title: indexing the title again as its heading
    # would count the same words twice and let cards outrank the cells that answer
    head = "" if p.poster_field == CARD_FIELD else heading_text(p)
    doc: dict[str, Any] = {
        "id": p.id, "doc": p.doc, "lang": lang, "kind": p.kind,
        "poster": p.poster, "poster_field": p.poster_field, "model": p.model,
        "municipality": ",".join(m.lower() for m in p.municipalities),
        "order": p.order, "text": p.text,
        "info": {"section": p.section, "section_no": p.section_no, "heading": p.heading,
                 "poster_title": p.poster_title, "municipalities": p.municipalities,
                 **({"page_label": p.page_label} if p.page_label else {}),
                 **({"file_page": p.file_page} if p.file_page else {})},
        "surface": p.text, "fold": p.text,
        f"lemma_{lang}": p.text, f"head_{lang}": head,
        "meta": " ".join(p.municipalities + ([p.model] if p.model else [])),
    }
    if p.page is not None:
        doc["page"] = p.page
    if lang == "fi":
        doc["parts_fi"] = p.text
        doc["stem_fi"] = p.text
        doc["headparts_fi"] = head
    return doc
