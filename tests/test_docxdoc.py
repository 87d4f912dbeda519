"""Word reports: headings from styles (numbered as Word numbers them), tables as rows, metadata."""
from __future__ import annotations

import datetime
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from indexer.sources.corpus import load_documents
from indexer.sources.docxdoc import read_docx
from indexer.sources.load import load_corpus
from indexer.sources.pagemap import PagedText

BODY = "Kokeilussa kotihoidon työnjakoa muutettiin niin, että hoitajilla oli enemmän aikaa asiakkaille."


def word_file(path: Path, numbered: bool = False, page_break: bool = False) -> Path:
    document = docx.Document()
    document.core_properties.title = "Loviisan kokeilu"
    document.core_properties.language = "fi-FI"
    document.core_properties.created = datetime.datetime(2018, 5, 4, 12, 0)
    for level, title in ((1, "Tulokset"), (2, "Kotihoito"), (1, "Johtopäätökset")):
        heading = document.add_heading(title, level=level)
        if numbered:
            heading._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/><w:numId w:val="1"/></w:numPr>'))
        paragraph = document.add_paragraph(BODY if title != "Johtopäätökset" else "Mallia kannattaa jatkaa. " * 3)
        if page_break and title == "Kotihoito":
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph().add_run("Asiakkaiden palaute").bold = True
    document.add_paragraph("Asiakkaat pitivät uudesta mallista, koska käynnit olivat säännöllisempiä.")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, (("Kunta", "Asiakkaita", "Säästö"), ("Loviisa", "120", "40 000 €")),
                          strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def test_headings_from_styles_become_sections_and_tables_rows(tmp_path: Path) -> None:
    word_file(tmp_path / "loviisa.docx")
    corpus = load_corpus(tmp_path)
    (doc,) = corpus.documents
    assert [(s.title, s.level) for s in doc.sections] == [("Tulokset", 1), ("Kotihoito", 2),
                                                          ("Johtopäätökset", 1), ("Asiakkaiden palaute", 2)]
    (home,) = [p for p in corpus.passages if BODY in p.text and p.heading == "Kotihoito"]
    assert home.section == ["Tulokset", "Kotihoito"]
    (table,) = [p for p in corpus.passages if p.kind == "table"]
    assert "Loviisa" in table.text and "40 000 €" in table.text and "Asiakkaita" in table.text


def test_word_numbering_is_counted_into_the_heading(tmp_path: Path) -> None:
    text, _ = read_docx(word_file(tmp_path / "n.docx", numbered=True))
    assert "# 1 Tulokset" in text and "## 1.1 Kotihoito" in text and "# 2 Johtopäätökset" in text
    doc = load_corpus(tmp_path).documents[0]
    assert [s.number for s in doc.sections] == ["1", "1.1", "2", ""]


def test_saved_page_breaks_give_pages(tmp_path: Path) -> None:
    text, _ = read_docx(word_file(tmp_path / "p.docx", page_break=True))
    assert isinstance(text, PagedText)
    assert text.page_at(text.index("Johtopäätökset")).number == 2
    passages = load_corpus(tmp_path).passages
    assert {p.heading: p.file_page for p in passages}["Tulokset"] == 1


def test_metadata_from_core_properties(tmp_path: Path) -> None:
    word_file(tmp_path / "loviisa.docx")
    (doc, text), = load_documents(tmp_path)[0]
    assert (doc.title, doc.lang, doc.date) == ("Loviisan kokeilu", "fi", "2018-05-04")
    assert not isinstance(text, PagedText)  # no saved page breaks: no page is claimed


def test_a_corrupt_word_file_is_skipped_with_its_name(tmp_path: Path) -> None:
    word_file(tmp_path / "hyva.docx")
    (tmp_path / "rikki.docx").write_bytes(b"PK\x03\x04 not really a zip archive")
    loaded, skipped = load_documents(tmp_path)
    assert [doc.path.split("/")[-1] for doc, _ in loaded] == ["hyva.docx"]
    assert [name for name, _ in skipped] == ["rikki.docx"]
