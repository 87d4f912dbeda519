"""Reading the corpus directory: manifest metadata, inference, bad files."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from indexer.builder import ensure_index
from indexer.language.lang import detect_lang
from indexer.search.library import Library
from indexer.sources import corpus as corpus_module
from indexer.sources.corpus import infer_title, load_documents, load_manifest
from indexer.sources.htmldoc import html_to_markdown
from indexer.sources.load import load_corpus

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = "002_3283d6e82b1271dc.txt"


def test_manifest_covers_the_seeds() -> None:
    manifest = load_manifest(ROOT / "corpus")
    seeds = sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))
    assert sorted(manifest) == seeds
    ids = {entry["id"] for entry in manifest.values()}
    assert ids == {"vm-loppuraportti-2017", "kuntalehti-2016", "kokeileva-suomi-blogi-2017",
                   "tiedote-hakemukset-2014", "pressmeddelande-2016"}


def test_seed_documents_get_manifest_metadata() -> None:
    loaded, skipped = load_documents(ROOT / "corpus")
    docs = {doc.id: doc for doc, _ in loaded}
    assert skipped == []
    report = docs["vm-loppuraportti-2017"]
    assert report.pages == 116 and report.lang == "fi" and report.kind == "report"
    assert report.url == "http://urn.fi/URN:ISBN:978-952-251-874-3"
    assert report.path == "corpus/004_59d5da49757b0894.txt"
    assert docs["pressmeddelande-2016"].lang == "sv"
    assert docs["kokeileva-suomi-blogi-2017"].date == "2017-03-22"
    assert {d.kind for d in docs.values()} == {"report", "news", "blog", "press release"}


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    shutil.copy(DATA / "sample_report.html", tmp_path / "sample_report.html")
    shutil.copy(DATA / "sample_note.md", tmp_path / "sample_note.md")
    shutil.copy(ROOT / "corpus" / SEED, tmp_path / SEED)
    (tmp_path / "latin1.txt").write_bytes("Kokeilu päättyi vuonna 2016.".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04")  # Word files are read: a corrupt one is skipped
    return tmp_path


def test_dropped_in_files_get_inferred_metadata(mixed_dir: Path) -> None:
    loaded, _ = load_documents(mixed_dir)
    docs = {doc.path.split("/")[-1]: (doc, text) for doc, text in loaded}
    html_doc, html_text = docs["sample_report.html"]
    assert html_doc.id == "sample-report"
    assert html_doc.title == "Municipal experiments in brief"
    assert html_doc.lang == "en"
    assert "## Operating models" in html_text and "- the youth guarantee model" in html_text
    md_doc, _ = docs["sample_note.md"]
    assert (md_doc.id, md_doc.title, md_doc.lang) == ("sample-note", "Kommunförsöken i korthet", "sv")
    seed_doc, _ = docs[SEED]
    assert seed_doc.id == "3283d6e82b1271dc" and seed_doc.lang == "fi"
    assert seed_doc.title == "Kuntakokeiluun osallistuu parikymmentä kuntaa"


def test_bad_files_are_skipped_with_a_warning(mixed_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="indexer.sources.corpus"):
        loaded, skipped = load_documents(mixed_dir)
    reasons = dict(skipped)
    assert set(reasons) == {"latin1.txt", "empty.txt", "blank.md", "broken.docx"}
    assert "UTF-8" in reasons["latin1.txt"] and reasons["empty.txt"] == "empty file"
    for name in reasons:
        assert any(name in record.getMessage() for record in caplog.records)
    assert len(loaded) == 3


def test_oversized_and_pdf_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.txt").write_text("Iso tiedosto, jossa on paljon tekstiä. " * 10, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    monkeypatch.setattr(corpus_module, "MAX_BYTES", 100)
    loaded, skipped = load_documents(tmp_path)
    reasons = dict(skipped)
    assert loaded == []
    assert reasons["big.txt"].startswith("too large")
    assert "scan.pdf" in reasons  # pypdf missing or the file is not a real PDF: skipped, not raised


def test_load_corpus_on_a_mixed_directory(mixed_dir: Path) -> None:
    corpus = load_corpus(mixed_dir)
    assert len(corpus.documents) == 3 and len(corpus.skipped) == 4
    html_passages = [p for p in corpus.passages if p.doc == "sample-report"]
    assert html_passages and all(p.lang == "en" for p in html_passages)
    assert any(p.section == ["Municipal experiments in brief", "Operating models"] for p in html_passages)
    assert any(p.kind == "table" and "Posters: 14" in p.text for p in html_passages)
    assert corpus.posters == [] and corpus.municipalities == []


def test_html_conversion_keeps_structure() -> None:
    text, title = html_to_markdown("<html><head><title>T</title><script>x()</script></head>"
                                   "<body><h2>Otsikko</h2><p>Teksti <b>tässä</b>.</p>"
                                   "<ol><li>yksi</li><li>kaksi</li></ol></body></html>")
    assert title == "T"
    assert text.split("\n") == ["## Otsikko", "", "Teksti tässä.", "- yksi", "- kaksi", ""]
    assert "x()" not in text


def test_title_inference() -> None:
    assert infer_title("\n\n# **Otsikko**\n\nTeksti") == "Otsikko"
    assert infer_title("Ensimmäinen rivi\nToinen") == "Ensimmäinen rivi"
    assert infer_title("", hint="Vihje") == "Vihje"


@pytest.mark.parametrize("text, lang", [
    ("Kokeilut ovat edenneet lähes kaikissa kokeilukunnissa ja jatkuvat suunnitelman mukaisesti.", "fi"),
    ("Försöken har framskridit enligt plan i så gott som alla försökskommuner och det är bra.", "sv"),
    ("The report describes the operational models used in the experiments and their results.", "en"),
    ("Utgivare: Finansministeriet Kommun- och regionförvaltningsavdelningen", "sv"),
])
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_detect_lang_falls_back_on_weak_evidence() -> None:
    assert detect_lang("ISBN 978-952-251-874-3", default="sv") == "sv"
    assert detect_lang("", default="en") == "en"


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    """A PDF report dropped into corpus/ is read with pypdf, title and language inferred."""
    shutil.copy(DATA / "sample-report.pdf", tmp_path / "sample-report.pdf")
    loaded, skipped = load_documents(tmp_path)
    assert skipped == []
    (doc, text), = loaded
    assert "Perhehoitajien koulutus onnistui Oulussa" in text
    assert doc.lang == "fi" and doc.title


def test_symlinks_out_of_the_corpus_are_refused_and_inside_it_followed(tmp_path: Path, cache_dir: Path,
                                                                      caplog) -> None:
    """A link to a file outside the corpus would publish it through search and the reader."""
    corpus_dir, outside = tmp_path / "corpus", tmp_path / "private"
    corpus_dir.mkdir()
    outside.mkdir()
    (outside / "salainen.txt").write_text("Salainen palkkalista: Kouvola 5000 euroa.", encoding="utf-8")
    shutil.copy(DATA / "sample_note.md", corpus_dir / "sample_note.md")
    (corpus_dir / "vuoto.txt").symlink_to(outside / "salainen.txt")
    (corpus_dir / "passwd.txt").symlink_to("/etc/passwd")
    (corpus_dir / "ylos.md").symlink_to("../private/salainen.txt")
    (corpus_dir / "kopio.md").symlink_to("sample_note.md")  # inside: allowed
    (corpus_dir / "rikki.txt").symlink_to(corpus_dir / "ei-ole.txt")  # dangling: nothing to read
    with caplog.at_level(logging.WARNING):
        loaded, skipped = load_documents(corpus_dir)
    names = sorted(doc.path.split("/")[-1] for doc, _ in loaded)
    assert names == ["kopio.md", "sample_note.md"]
    assert all("Salainen" not in text and "root:" not in text for _, text in loaded)
    reasons = dict(skipped)
    for name in ("vuoto.txt", "passwd.txt", "ylos.md"):
        assert "outside the corpus" in reasons[name]
        assert any(name in r.getMessage() for r in caplog.records)
    report = ensure_index(corpus_dir, tmp_path / "index", cache_dir)
    lib = Library(tmp_path / "index")
    with lib.acquire() as snap:
        assert snap.search("palkkalista")["total"] == 0 and snap.search("root")["total"] == 0
    lib.close()
    assert {name for name, _ in report.skipped} >= {"vuoto.txt", "passwd.txt", "ylos.md"}
