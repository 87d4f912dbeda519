"""The Swedish UI (web/i18n.py): operating models named as the Swedish press release names them,
Swedish field labels, and Finnish content marked lang="fi" so that Swedish labels never sit inside it."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

FINNISH_MODELS = ("Nuorisotakuu", "Asumispalvelut", "Hyvinvoinnin integroitu toimintamalli", "Valvonta")
SWEDISH_MODELS = ("Ungdomsgaranti", "Boendeservice", "Integrerad verksamhetsmodell för välfärd", "Tillsyn")


def swedish_text(html: str) -> str:
    """The page's main text outside anything marked as another language than Swedish."""
    main = BeautifulSoup(html, "html.parser").find("main")
    for el in main.find_all(lang=lambda v: v and v != "sv"):
        el.decompose()
    return main.get_text(" ")


@pytest.mark.parametrize("url", ["/kunnat?lang=sv", "/kunnat/Kouvola?lang=sv", "/?q=nuorisotakuu&lang=sv",
                                 "/posterit/{poster}?lang=sv"])
def test_swedish_pages_name_models_in_swedish(client, snap, url):
    poster = next(p for p in snap.posters if p.model == "Nuorisotakuu")
    html = client.get(url.format(poster=poster.id)).get_data(as_text=True)
    text = swedish_text(html)
    assert not [m for m in FINNISH_MODELS if m in text], "a Finnish model name outside lang=fi"
    assert any(m in text for m in SWEDISH_MODELS)


def test_model_facet_is_swedish_and_marked(client):
    html = client.get("/?q=nuorisotakuu&lang=sv").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    labels = soup.select('[data-group="model"] .label')
    assert ("sv", "Ungdomsgaranti") in {(el.get("lang"), el.get_text()) for el in labels}


def test_finnish_ui_keeps_the_report_names(client):
    html = client.get("/kunnat").get_data(as_text=True)
    assert "Nuorisotakuu" in html and "Ungdomsgaranti" not in html


def test_poster_field_labels_are_swedish_and_not_inside_finnish(client):
    soup = BeautifulSoup(client.get("/kunnat/Kouvola?lang=sv").get_data(as_text=True), "html.parser")
    labels = soup.select(".poster-fields dt")
    assert labels and labels[0].get_text() == "Mål"
    assert all(dt.find_parent(lang="fi") is None for dt in labels), "a Swedish label inside lang=fi"
    assert all(dd.get("lang") == "fi" for dd in soup.select(".poster-fields dd"))


def test_json_keeps_the_models_as_data(client):
    page = client.get("/haku.json?q=nuorisotakuu&lang=sv").get_json()
    models = next(f for f in page["facets"] if f["group"] == "model")["options"]
    assert any(o["value"] == "Nuorisotakuu" and o["label"] == "Ungdomsgaranti" for o in models)


# Finnish words of the UI that once showed in the Swedish one: citation words, area names, labels
FINNISH_UI = ("luku ", "Liite ", "muuta kuntaa", "Tavoite", "Kokeilualue", "Lähde", "Rajaa", "Posterikooste")


@pytest.mark.parametrize("url", ["/?q=kokeilulaki&lang=sv", "/?q=nuorisotakuu&lang=sv", "/kunnat?lang=sv",
                                 "/kunnat/Lappeenranta?lang=sv", "/posterit/{poster}?lang=sv",
                                 "/asiakirjat/vm-loppuraportti-2017?lang=sv&luku=14",
                                 "/keskustelu?q=Mit%C3%A4+Kouvola+kokeili%3F&lang=sv"])
def test_swedish_pages_show_no_finnish_ui_words_outside_finnish_content(client, snap, url):
    poster = next(p for p in snap.posters if p.area.endswith("muuta kuntaa"))
    text = swedish_text(client.get(url.format(poster=poster.id)).get_data(as_text=True))
    assert not [w for w in FINNISH_UI if w in text], [w for w in FINNISH_UI if w in text]


def test_swedish_areas_citations_and_appendix(client, snap):
    areas = swedish_text(client.get("/kunnat?lang=sv").get_data(as_text=True))
    assert "Lahtis och 5 andra kommuner" in areas and "Vasa, Korsholm" in areas
    results = swedish_text(client.get("/?q=kokeilulaki&lang=sv").get_data(as_text=True))
    assert "kapitel 9" in results and "Bilaga 1" in results
    poster = next(p for p in snap.posters if p.appendix)
    html = client.get(f"/posterit/{poster.id}?lang=sv").get_data(as_text=True)
    assert "Bilaga 1" in swedish_text(html) and '<span lang="fi">Posterikooste</span>' in html
    english = client.get("/kunnat?lang=en").get_data(as_text=True)
    assert "Lahti and 5 other municipalities" in english


def swedish_ui_inside_finnish(html: str) -> set[str]:
    """Swedish UI strings (web/strings.py) found in text marked lang="fi" (outside parts marked otherwise)."""
    from web.strings import STRINGS

    labels = {sv for fi, sv, _ in STRINGS.values() if sv != fi and len(sv) >= 6 and "{" not in sv}
    found = set()
    for el in BeautifulSoup(html, "html.parser").find_all(lang="fi"):
        for other in el.find_all(lang=lambda v: v and v != "fi"):
            other.extract()
        text = el.get_text(" ")
        found |= {s for s in labels if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)}
    return found


@pytest.mark.parametrize("url", ["/?q=kotihoito&lang=sv", "/posterit/{poster}?lang=sv", "/kunnat/Kouvola?lang=sv",
                                 "/asiakirjat/vm-loppuraportti-2017?lang=sv&luku=15", "/embed?q=kotihoito&lang=sv",
                                 "/keskustelu?q=Mit%C3%A4+Kouvola+kokeili%3F&lang=sv"])
def test_swedish_labels_never_sit_inside_finnish_content(client, snap, url):
    html = client.get(url.format(poster=snap.posters[0].id)).get_data(as_text=True)
    assert not swedish_ui_inside_finnish(html)
