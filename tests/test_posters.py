"""Posters of appendix 1 and the municipalities of chapter 3.1.1."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from indexer.model import POSTER_FIELDS, Document
from indexer.sources.corpus import load_documents
from indexer.sources.municipalities import nominative, parse_areas
from indexer.sources.posterhead import parse_first_cell, resolve_name
from indexer.sources.posters import canonical_model, parse_municipalities, parse_posters, poster_passages

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MODELS = {"Asumispalvelut", "Hyvinvoinnin integroitu toimintamalli", "Koulutuspalvelut", "Kunta-Kela",
          "Nuorisotakuu", "Valvonta"}


@pytest.fixture(scope="module")
def report():
    loaded, _ = load_documents(ROOT / "corpus")
    return next((doc, raw) for doc, raw in loaded if doc.id == "vm-loppuraportti-2017")


@pytest.fixture(scope="module")
def posters(report):
    return parse_posters(*report)


@pytest.fixture(scope="module")
def municipalities(report, posters):
    return parse_municipalities(report[1], posters)


def by_title(posters, fragment: str):
    return next(p for p in posters if fragment in p.title)


def test_fifty_posters_with_unique_ids(posters) -> None:
    assert len(posters) == 50
    assert len({p.id for p in posters}) == 50
    assert all(re.fullmatch(r"[a-z0-9-]+", p.id) for p in posters)
    assert "kouvola-ennaltaehkaiseva-tyoote-ohjaamossa" in {p.id for p in posters}


def test_models_are_canonical_and_printed_heading_kept(posters) -> None:
    assert {p.model for p in posters} == MODELS
    counts = Counter(p.model for p in posters)
    assert counts == {"Asumispalvelut": 13, "Hyvinvoinnin integroitu toimintamalli": 9, "Koulutuspalvelut": 1,
                      "Kunta-Kela": 1, "Nuorisotakuu": 14, "Valvonta": 12}
    assert by_title(posters, "Liukumäki").model_heading == "Asumispalveluiden toimintamalli"


def test_poster_counts_per_municipality(posters) -> None:
    counts = Counter(m for p in posters for m in p.municipalities)
    expected = {"Kouvola": 6, "Joensuu": 6, "Vantaa": 5, "Kuopio": 5, "Tampere": 4, "Oulu": 3,
                "Riihimäki": 3, "Hausjärvi": 2, "Liperi": 2, "Helsinki": 1, "Loppi": 1, "Ypäjä": 0}
    assert {name: counts[name] for name in expected} == expected


def test_municipality_lists_and_ocr_repair(posters) -> None:
    lukio = by_title(posters, "Seutulukio")
    assert lukio.municipalities == ["Loppi", "Riihimäki", "Hausjärvi"]
    lahti = next(p for p in posters if "Lahti" in p.municipalities)
    assert lahti.municipalities == ["Lahti", "Hollola", "Hämeenkoski", "Iitti", "Kärkölä", "Nastola"]
    assert not any("litti" in p.municipalities for p in posters)
    assert len(by_title(posters, "Eksoten").municipalities) == 9


def test_titles_and_contacts(posters) -> None:
    assert by_title(posters, "Kunta-Kela").title == "Kunta-Kela, Vantaa"
    hausjarvi = next(p for p in posters if p.municipalities == ["Hausjärvi"])
    assert hausjarvi.title == "Asumispalvelut, Hausjärvi"
    assert hausjarvi.contact == "Teija Suorsa-Salonen (etunimi.sukunimi@hausjarvi.fi)"
    assert by_title(posters, "Liperin perhekeskus").contact == "Lija den Herder (etunimi.sukunimi@siunsote.fi)"
    investoinnit = by_title(posters, "investoinnit")
    assert investoinnit.contact == "Kaisa Kelka (etunimi.sukunimi@kouvola.fi)"
    assert by_title(posters, "Speed Date").contact == "Sanna Heimonen (etunimi.sukunimi@kouvola.fi)"
    assert by_title(posters, "Vammaisten asumispalvelujen").title.startswith("Vammaisten asumispalvelujen kehittäminen")
    assert by_title(posters, "hihasta").contact == ""


def test_sample_poster_of_chapter_five_is_not_counted(posters) -> None:
    assert sum("Senioripihan" in p.title or "Senioriiphan" in p.title for p in posters) == 1


def test_fields_are_clean_text(posters) -> None:
    for poster in posters:
        assert set(poster.fields) <= set(POSTER_FIELDS)
        assert {"goal", "tried", "learned"} <= set(poster.fields)
        for text in poster.fields.values():
            assert "<" not in text and text.strip() not in {"", "-"}
    goal = by_title(posters, "yhteistyömallin").fields["goal"]
    assert goal.startswith("Tavoitteena on kehittää hyvän ikääntymisen asuinympäristö, henkilöstön uusi "
                           "asiakaslähtöinen toimintamalli")  # "asiakasläh- töinen" in the source
    assert "\n- Vahvistetaan järjestötoimintaa." in by_title(posters, "yhteistyömallin").fields["tried"]


def test_pages_are_estimated_within_appendix(posters) -> None:
    pages = [p.page for p in posters]
    assert pages == sorted(pages)
    assert pages[0] == 55 and all(55 <= page < 103 for page in pages)


def test_poster_passages(posters) -> None:
    passages = poster_passages(posters, start=10)
    assert len(passages) >= sum(len(p.fields) for p in posters)
    assert passages[0].order == 10
    assert len({p.id for p in passages}) == len(passages)
    kouvola = [p for p in passages if p.poster == "kouvola-ennaltaehkaiseva-tyoote-ohjaamossa"]
    card = kouvola[0]
    assert card.poster_field == "card" and card.text.startswith("Kouvola – Ennaltaehkäisevä työote Ohjaamossa")
    first = kouvola[1]
    assert first.id == "vm-loppuraportti-2017:poster:kouvola-ennaltaehkaiseva-tyoote-ohjaamossa:goal:1"
    assert first.kind == "poster" and first.poster_field == "goal" and first.heading == "Tavoite"
    assert first.section == ["Liite 1 Posterikooste", "Nuorisotakuu", "Ennaltaehkäisevä työote Ohjaamossa"]
    assert first.municipalities == ["Kouvola"] and first.model == "Nuorisotakuu" and first.lang == "fi"
    fields = {p.id: p.fields for p in posters}
    for passage in passages:
        assert len(passage.text) <= 2000
        if passage.poster_field == "card":
            continue
        source = fields[passage.poster][passage.poster_field]
        assert " ".join(passage.text.split()) in " ".join(source.split())  # the field's own text only
        assert passage.heading == POSTER_FIELDS[passage.poster_field]["fi"]
    split = [p for p in passages if not p.id.endswith(":1")]
    assert split and all(len(p.text.split()) <= 250 for p in split)


def test_fifty_seven_municipalities_in_sixteen_areas(report, municipalities) -> None:
    assert len(municipalities) == 57
    assert len({m.area for m in municipalities}) == 16
    assert len(parse_areas(report[1])) == 16
    by_name = {m.name: m for m in municipalities}
    assert by_name["Järvenpää"].area == by_name["Tuusula"].area == by_name["Pornainen"].area
    assert {"Loppi", "Ypäjä", "Uurainen", "Iitti", "Kangasala", "Mustasaari"} <= set(by_name)
    assert by_name["Loppi"].area == "Loppi, Riihimäki, Hausjärvi"
    assert by_name["Helsinki"].area == "Helsinki"


def test_municipality_models_and_swedish_names(municipalities) -> None:
    by_name = {m.name: m for m in municipalities}
    assert by_name["Kouvola"].poster_count == 6
    assert by_name["Kouvola"].models == ["Asumispalvelut", "Hyvinvoinnin integroitu toimintamalli", "Nuorisotakuu"]
    assert by_name["Vantaa"].models == ["Asumispalvelut", "Kunta-Kela", "Nuorisotakuu"]
    assert by_name["Tuusula"].poster_count == 0 and by_name["Tuusula"].models == []
    assert all(m.sv_name for m in municipalities)
    assert {by_name[k].sv_name for k in ("Helsinki", "Vantaa", "Vaasa", "Mustasaari", "Lappeenranta")} == \
        {"Helsingfors", "Vanda", "Vasa", "Korsholm", "Villmanstrand"}
    assert sum(m.poster_count for m in municipalities) == 69  # 50 posters, 6 name several


def test_genitives_to_nominative() -> None:
    assert nominative("Lopen") == "Loppi"
    assert nominative("Hämeenlinnan") == "Hämeenlinna"
    assert nominative("Kangasalan") == "Kangasala"
    assert nominative("Ypäjäen") == "Ypäjä"  # misprint in the report, from the exceptions table


def test_first_cell_layouts() -> None:
    known = ["Helsinki", "Iitti", "Lahti", "Liperi", "Joensuu"]
    assert parse_first_cell("Helsinki Ohjaamo Helsinki Sirku Reponen (etunimi.sukunimi@hel.fi)", known) == \
        (["Helsinki"], "Ohjaamo Helsinki", "Sirku Reponen (etunimi.sukunimi@hel.fi)")
    assert parse_first_cell("<p>Lahti, litti</p> <p>Kokeilu</p>", known) == (["Lahti", "Iitti"], "Kokeilu", "")
    assert resolve_name("litti", known) == "Iitti" and resolve_name("Iso", known) is None
    assert canonical_model("ASUMISPALVELUIDEN TOIMINTAMALLI") == "Asumispalvelut"


def test_same_layout_in_another_document() -> None:
    raw = (DATA / "posters_sample.txt").read_text(encoding="utf-8")
    doc = Document(id="sample", path="posters_sample.txt", title="Testiraportti", lang="fi", pages=30)
    posters = parse_posters(doc, raw)
    assert [p.municipalities for p in posters] == [["Hausjärvi"], ["Kouvola"], ["Lahti", "Iitti", "Nastola"],
                                                   ["Loppi", "Riihimäki", "Hausjärvi"]]
    assert [p.model for p in posters] == ["Asumispalvelut", "Asumispalvelut", "Nuorisotakuu", "Nuorisotakuu"]
    assert posters[1].contact == "Maija Meikäläinen (etunimi.sukunimi@kouvola.fi)"
    assert posters[2].contact == "Katja Kokeilija (etunimi.sukunimi@lahti.fi)"
    assert all(10 <= p.page < 20 for p in posters)
    assert posters[2].area == "Lahti, Iitti, Nastola"
    municipalities = parse_municipalities(raw, posters)
    assert [m.name for m in municipalities] == ["Loppi", "Riihimäki", "Hausjärvi", "Lahti", "Iitti", "Nastola",
                                                "Kouvola"]
    assert {m.name: m.poster_count for m in municipalities}["Hausjärvi"] == 2
