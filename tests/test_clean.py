"""Clean-up rules: each repair both ways, so a fix never over-corrects."""
from __future__ import annotations

import pytest

from indexer.sources.clean import (
    clean_text,
    html_to_lines,
    html_to_text,
    normalize_whitespace,
    remove_ad_markers,
    repair_emails,
    repair_hyphenation,
    slugify,
    strip_markdown,
)


@pytest.mark.parametrize("broken, fixed", [
    ("kustannussäästöjä henkilös- tökuluissa", "kustannussäästöjä henkilöstökuluissa"),
    ("uusi asiakasläh- töinen toimintamalli", "uusi asiakaslähtöinen toimintamalli"),
    ("Vammaisten asumis- palvelujen kehittäminen", "Vammaisten asumispalvelujen kehittäminen"),
    ("matalan kyn-nyksen piste", "matalan kynnyksen piste"),
    ("TE- toimiston asiantuntija", "TE-toimiston asiantuntija"),
])
def test_line_break_hyphens_are_joined(broken: str, fixed: str) -> None:
    assert repair_hyphenation(broken) == fixed


@pytest.mark.parametrize("text", [
    "Ihmislähtöisen kulttuuri- ja hoivamallin kehittäminen",
    "sosiaali- ja terveyspalvelut",
    "asumis-, hoito- ja kuntoutuspalvelut",
    "työ- tai opiskelupaikka",
    "Kommun- och regionförvaltningsavdelningen",
    "Sote- / maakuntauudistus",
    "opinto-ohjauksen malli",
    "Anne-Mari Salonen",
    "kunta-Kela yhteistyö",
])
def test_real_hyphens_stay(text: str) -> None:
    assert repair_hyphenation(text) == text


def test_same_vowel_seam_keeps_hyphen() -> None:
    assert repair_hyphenation("monisukupolvi- idealla toimiva") == "monisukupolvi-idealla toimiva"


@pytest.mark.parametrize("broken, fixed", [
    ("(etunimi.su-kunimi@vantaa.fi)", "(etunimi.sukunimi@vantaa.fi)"),
    ("(etuni- mi.sukunimi@kouvola.fi)", "(etunimi.sukunimi@kouvola.fi)"),
    ("kauko.pursiainen@kuopio.fi", "kauko.pursiainen@kuopio.fi"),
    ("(e.tunimi.sukunimi@jns.fi)", "(e.tunimi.sukunimi@jns.fi)"),
    ("anna-kaarina.autere@jkl.fi", "anna-kaarina.autere@jkl.fi"),
])
def test_split_email_addresses_are_repaired(broken: str, fixed: str) -> None:
    assert repair_emails(broken) == fixed


def test_mainos_markers_are_removed() -> None:
    text = "Tausta.\n\nMainosHyvinvointimallin kokeilussa keskeistä\n\nMainosKoulutuspalvelukokeilun pääpaino"
    cleaned = remove_ad_markers(text)
    assert "Mainos" not in cleaned
    assert "Hyvinvointimallin kokeilussa keskeistä" in cleaned
    assert "Koulutuspalvelukokeilun pääpaino" in cleaned


def test_mainos_inside_a_word_stays() -> None:
    assert remove_ad_markers("Mainostoimisto ja mainoskampanja") == "Mainostoimisto ja mainoskampanja"


def test_html_cell_to_lines() -> None:
    cell = '<p>Tavoite on <b>selkeä</b>.</p> <ul><li>eka kohta</li><li>toka <a href="x">linkki</a></li></ul>'
    assert html_to_lines(cell) == ["Tavoite on selkeä.", "eka kohta", "toka linkki"]
    assert html_to_text("<ul><li>a</li><li>b</li></ul>", sep="; ") == "a; b"


def test_html_without_tags_and_url_like_text() -> None:
    assert html_to_lines("http://urn.fi/URN:ISBN:978-952-251-874-3") == ["http://urn.fi/URN:ISBN:978-952-251-874-3"]
    assert html_to_lines("A &amp; B") == ["A & B"]


def test_markdown_emphasis_and_links() -> None:
    text = '*”Kokeilu herätti kiinnostusta”.* **12 kk säästö** [www.vm.fi](http://www.vm.fi) <http://x.fi>'
    assert strip_markdown(text) == "”Kokeilu herätti kiinnostusta”. 12 kk säästö www.vm.fi http://x.fi"


def test_clean_text_normalises_whitespace_and_tags() -> None:
    assert clean_text("<b>Julkaisija</b>\u00a0  Valtiovarainministeriö ") == "Julkaisija Valtiovarainministeriö"
    assert normalize_whitespace("a  b\n\n\n\nc ") == "a b\n\nc"


def test_slugify_folds_to_ascii() -> None:
    assert slugify("Kouvola Ennaltaehkäisevä työote Ohjaamossa") == "kouvola-ennaltaehkaiseva-tyoote-ohjaamossa"
    assert slugify("Ä" * 200, max_len=10) == "a" * 10
