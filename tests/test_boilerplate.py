"""Page furniture of saved web pages is neither indexed nor shown in a table of contents."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.model import Document
from indexer.sources.boilerplate import boilerplate_lines, kind_of
from indexer.sources.corpus import read_text
from indexer.sources.parse import parse_document

WEB = Path(__file__).resolve().parent / "data" / "web"


def parsed(name: str, lang: str = "fi"):
    raw = (WEB / name).read_text(encoding="utf-8")
    sections, passages = parse_document(Document(id="d", path=name, title="T", lang=lang), raw)
    return raw, [s.title for s in sections], "\n".join(p.text for p in passages)


@pytest.mark.parametrize("line, kind", [
    ("Siirry sisältöön", "nav"), ("Hoppa till huvudinnehåll", "nav"), ("Skip to main content", "nav"),
    ("Etusivu › Uutiset › Kunnat", "nav"),
    ("Jaa Facebookissa Twitterissä LinkedInissä", "share"), ("Facebook Twitter", "share"),
    ("Dela på Facebook", "share"), ("Seuraa meitä Instagramissa @kunta", "share"),
    ("Sähköpostiosoitettasi ei julkaista.", "comment"), ("Din e-postadress kommer inte publiceras.", "comment"),
    ("Leave a Reply", "comment"), ("Kommentoi", "comment"), ("Lisää kommentteja", "comment"),
])
def test_controls_are_recognised(line, kind) -> None:
    assert kind_of(line) == kind


@pytest.mark.parametrize("line", [
    "Nuoret tavoitettiin Facebookissa ja Instagramissa, ja moni heistä tuli Ohjaamoon.",
    "Kotihoidon kokeilu laajenee kolmeen kuntaan", "Valvonta ei heikentänyt palvelun laatua",
    "Kuntalaiset saivat kommentoida suunnitelmaa verkossa.", "Ytterligare information:",
])
def test_story_lines_are_not_controls(line) -> None:
    assert kind_of(line) is None


def test_a_cue_inside_a_long_paragraph_keeps_it() -> None:
    lines = ["Kokeilun aikana asukkaat saivat kommentoida suunnitelmia, ja palaute jaettiin Facebookissa "
             "sekä Twitterissä kaikille kuntalaisille, jotka halusivat seurata kokeilun etenemistä tarkemmin.",
             "", "Jaa Facebookissa"]
    assert boilerplate_lines(lines) == {2}


def test_news_page_furniture_is_not_indexed_nor_a_section() -> None:
    raw, sections, text = parsed("news_article.txt")
    assert sections == ["Kotihoidon kokeilu laajenee kolmeen kuntaan", "Etäkäynnit säästivät aikaa"]
    for furniture in ("Siirry sisältöön", "Uutiset › Kunnat", "Jaa Facebookissa", "Jatka keskustelua",
                      "Kommentoi", "Sähköpostiosoitettasi", "Pakolliset kentät", "Nimi", "Lähetä"):
        assert furniture not in text, furniture
    assert "Lue koko selvitys kunnan verkkosivuilta" in text  # the story's last line is text


def test_blog_comment_form_goes_and_the_footer_paragraph_stays() -> None:
    _, sections, text = parsed("blog.txt")
    assert "Lisää kommentteja" not in sections and "Lisää kommentteja" not in text
    assert "Syötä kommenttisi" not in text
    assert "Blogissa julkaistaan kokeiluihin liittyviä kirjoituksia." in text
    assert "www.example.fi/kokeilut" in text and not any("www." in s for s in sections)


def test_html_page_furniture_outside_nav_and_form_tags_is_dropped() -> None:
    raw, hint = read_text(WEB / "article.html")
    sections, passages = parse_document(Document(id="h", path="article.html", title=hint, lang="fi"), raw)
    text = "\n".join(p.text for p in passages)
    assert [s.title for s in sections] == ["Ohjaamo laajenee"]
    assert "moni heistä löysi opiskelupaikan" in text
    for furniture in ("Siirry sisältöön", "Facebook", "Kommentoi", "Sähköpostiosoitettasi", "Lähetä"):
        assert furniture not in text, furniture
