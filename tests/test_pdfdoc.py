"""PDF reports as they arrive: pages, printed page labels, headings, furniture, bad and scanned files."""
from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

from indexer.search.results import citation
from indexer.sources.corpus import load_documents
from indexer.sources.load import load_corpus
from indexer.sources.pdfdoc import read_pdf
from tests.support import make_pdf

RESULTS = ("Tulokset", 16, True)
BODY1 = ("Porvoon kokeilussa perhehoitajien koulutus onnistui ja asiakkaat olivat tyytyväisiä.", 11)
BODY2 = ("Kotihoidon uusi työnjako vähensi kiirettä ja henkilöstö piti mallia hyvänä.", 11)
BODY3 = ("Kokeilun jatkamista suositellaan kaikissa kunnissa vuodesta 2019 alkaen.", 11)


def three_pages(tmp_path: Path, **kwargs) -> Path:
    pages = [[("1 Tulokset", 16, True), BODY1], [("2 Johtopäätökset", 16, True), BODY2],
             [("2.1 Suositukset", 13, True), BODY3]]
    return make_pdf(tmp_path / "porvoo.pdf", pages, header="Porvoon kokeilu 2018", footer=True, **kwargs)


def test_each_passage_carries_its_page_and_headings_become_numbered_sections(tmp_path: Path) -> None:
    three_pages(tmp_path)
    corpus = load_corpus(tmp_path)
    (doc,) = corpus.documents
    assert [(s.number, s.title, s.level, s.page) for s in doc.sections] == [
        ("1", "Tulokset", 1, 1), ("2", "Johtopäätökset", 1, 2), ("2.1", "Suositukset", 2, 3)]
    by_text = {p.text.split("\n")[-1]: p for p in corpus.passages}
    assert [by_text[b[0]].page for b in (BODY1, BODY2, BODY3)] == [1, 2, 3]
    assert [by_text[b[0]].file_page for b in (BODY1, BODY2, BODY3)] == [1, 2, 3]
    assert by_text[BODY3[0]].section == ["Johtopäätökset", "Suositukset"]
    assert by_text[BODY3[0]].section_no == "2.1"
    for p in corpus.passages:  # the running header and the page numbers are furniture
        assert "Porvoon kokeilu 2018" not in p.text
        assert not any(line.strip().isdigit() for line in p.text.split("\n"))


def test_printed_page_labels_are_the_cited_pages(tmp_path: Path) -> None:
    """Front matter numbered i, ii, then 1, 2: a citation gives the page as printed."""
    three_pages(tmp_path, labels={0: "/r", 2: "/D"})
    passages = {p.file_page: p for p in load_corpus(tmp_path).passages}
    assert (passages[1].page, passages[1].page_label) == (1, "i")
    assert (passages[2].page, passages[2].page_label) == (2, "ii")
    assert (passages[3].page, passages[3].page_label) == (1, "")  # a number: `page` is enough
    info = {"section": passages[2].section, "section_no": "2", "page_label": "ii"}
    assert citation({"short": "Porvoo 2018"}, info, 2) == "Porvoo 2018, luku 2 Johtopäätökset, s. ii"


def test_line_end_hyphens_are_joined_also_over_a_page_break(tmp_path: Path) -> None:
    pages = [[("Kokeilu", 16, True), ("Kokeilussa kehitettiin asiakasvastaavan työtä ja sosiaali-", 11),
              ("ja terveyspalvelujen yhteistä kunta-", 11)],
             [("liitosta valmistelevaa suunnittelua kahden vuoden ajan.", 11)]]
    text, _ = read_pdf(make_pdf(tmp_path / "tavu.pdf", pages))
    assert "sosiaali- ja terveyspalvelujen yhteistä kuntaliitosta valmistelevaa" in text
    assert text.page_at(text.index("liitosta")).number == 1  # the word starts on page 1
    assert text.page_at(text.index("valmistelevaa")).number == 2


def test_title_language_and_date_come_from_the_pdf_when_the_manifest_has_none(tmp_path: Path) -> None:
    path = three_pages(tmp_path)
    writer = PdfWriter(clone_from=str(path))
    writer.add_metadata({"/Title": "Porvoon kokeilu: loppuraportti", "/CreationDate": "D:20180315120000+02'00'"})
    writer._root_object[NameObject("/Lang")] = TextStringObject("sv-FI")
    writer.write(str(path))
    (doc, _), = load_documents(tmp_path)[0]
    assert (doc.title, doc.lang, doc.date) == ("Porvoon kokeilu: loppuraportti", "sv", "2018-03-15")
    (tmp_path / "manifest.yaml").write_text("porvoo.pdf:\n  title: Porvoo 2018\n  lang: fi\n", encoding="utf-8")
    (doc, _), = load_documents(tmp_path)[0]
    assert (doc.title, doc.lang, doc.date) == ("Porvoo 2018", "fi", "2018-03-15")


def test_bad_pdfs_are_skipped_with_a_reason_and_the_rest_loads(tmp_path: Path) -> None:
    three_pages(tmp_path)
    make_pdf(tmp_path / "salainen.pdf", [[BODY1]], password="salasana")
    make_pdf(tmp_path / "kuva.pdf", [[], []], scanned={0: bytes(256), 1: bytes(256)})
    (tmp_path / "rikki.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF")
    loaded, skipped = load_documents(tmp_path)
    reasons = dict(skipped)
    assert [doc.path.split("/")[-1] for doc, _ in loaded] == ["porvoo.pdf"]
    assert "password" in reasons["salainen.pdf"]
    assert "no text layer" in reasons["kuva.pdf"] and "OCR_ENABLED" in reasons["kuva.pdf"]
    assert "rikki.pdf" in reasons


def test_a_scanned_page_is_skipped_with_a_warning_naming_file_and_page(tmp_path: Path, monkeypatch,
                                                                      caplog) -> None:
    monkeypatch.setenv("KOKEILUHAKU_OCR_ENABLED", "false")
    make_pdf(tmp_path / "skannattu.pdf", [[BODY1], []], scanned={1: bytes(256)})
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(tmp_path)
    assert any("skannattu.pdf page 2" in r.getMessage() and "OCR_ENABLED: true" in r.getMessage()
               for r in caplog.records)
    assert any(name == "skannattu.pdf#page=2" for name, _ in corpus.skipped)
    assert [p.text for p in corpus.passages] == [BODY1[0]]  # the text page is kept


def fake_tesseract(tmp_path: Path, text: str) -> Path:
    """A stand-in `tesseract` that prints `text` when asked for Finnish and Swedish."""
    script = tmp_path / "tesseract"
    script.write_text(f'#!/bin/sh\n[ "$2" = stdout ] && [ "$4" = fin+swe ] && [ -s "$1" ] || exit 3\n'
                      f"printf '%s\\n' '{text}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_a_scanned_page_is_ocrd_when_config_enables_it(tmp_path: Path, monkeypatch) -> None:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    scanned = "Skannatulla sivulla kerrotaan Loviisan perhehoitajien koulutuksesta ja sen tuloksista."
    monkeypatch.setenv("KOKEILUHAKU_OCR_ENABLED", "true")
    monkeypatch.setenv("KOKEILUHAKU_OCR_BINARY", str(fake_tesseract(tmp_path, scanned)))
    path = make_pdf(corpus_dir / "skannattu.pdf", [[BODY1], []], scanned={1: bytes(range(256))})
    text, meta = read_pdf(path)
    assert meta["skipped_pages"] == [] and text.page_at(text.index("Loviisan")).number == 2
    corpus = load_corpus(corpus_dir)
    assert corpus.skipped == []
    assert any(scanned in p.text for p in corpus.passages)


def test_ocr_on_without_tesseract_says_how_to_install_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KOKEILUHAKU_OCR_ENABLED", "true")
    monkeypatch.setenv("KOKEILUHAKU_OCR_BINARY", str(tmp_path / "no-such-tesseract"))
    make_pdf(tmp_path / "skannattu.pdf", [[BODY1], []], scanned={1: bytes(256)})
    _, skipped = load_documents(tmp_path)
    (reason,) = [r for name, r in skipped if name == "skannattu.pdf#page=2"]
    assert "not installed" in reason and "tesseract-ocr-fin" in reason
    assert os.environ["KOKEILUHAKU_OCR_ENABLED"] == "true"
