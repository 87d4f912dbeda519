"""The CSV and JSON twins (web/export.py): a search's CSV holds all its rows up to the cap, Excel-ready
for Finnish locales (UTF-8 with a BOM, ';'), and the chat page has a JSON twin."""
from __future__ import annotations

import csv
import io

import pytest

from tests.support import make_test_app


def read_csv(resp) -> list[dict]:
    body = resp.get_data()
    assert body.startswith("\ufeff".encode()), "a BOM, so Excel reads UTF-8"
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture(scope="module")
def capped(corpus_index, cache_dir):
    return make_test_app(corpus_index, cache_dir, EXPORT_MAX_ROWS=7).test_client()


def test_search_csv_holds_every_matching_row_not_one_page(client):
    api = client.get("/api/search?q=nuorisotakuu&limit=50").get_json()
    resp = client.get("/haku.csv?q=nuorisotakuu")
    rows = read_csv(resp)
    assert len(rows) == api["total"] > 10, "more than the page's 10"
    assert int(resp.headers["X-Total-Count"]) == api["total"]
    assert [r["id"] for r in rows[:len(api["results"])]] == [r["id"] for r in api["results"]]


def test_search_csv_keeps_the_filters(client):
    rows = read_csv(client.get("/haku.csv?q=kokeilu&municipality=Kouvola"))
    assert rows and all("Kouvola" in r["municipalities"] for r in rows)


def test_search_csv_stops_at_the_configured_cap(capped):
    resp = capped.get("/haku.csv?q=kokeilu")
    assert len(read_csv(resp)) == 7 < int(resp.headers["X-Total-Count"])


def test_csv_is_semicolon_separated_with_finnish_letters_intact(client):
    resp = client.get("/kunnat.csv")
    header = resp.get_data().decode("utf-8-sig").splitlines()[0]
    assert ";" in header and "," not in header
    rows = read_csv(resp)
    assert any("ä" in r["name"] for r in rows), "Hämeenlinna and the like survive"


def test_chat_page_has_a_json_twin(client):
    resp = client.get("/keskustelu.json?q=Mitä nuorisotakuukokeilussa opittiin?")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    data = resp.get_json()
    assert data["ok"] and data["question"].startswith("Mitä")
    api = client.post("/api/chat", json={"message": data["question"], "history": []}).get_json()
    assert data["reply"]["answer"] == api["answer"]
    assert [c["text"] for c in data["reply"]["citations"]] == [c["text"] for c in api["citations"]]
    assert client.get("/keskustelu?format=json").get_json() == {
        "ok": True, "question": "", "reply": None, "formats": {"json": "/keskustelu.json", "csv": "/keskustelu.csv"}}


def test_chat_csv_lists_the_citations(client):
    rows = read_csv(client.get("/keskustelu.csv?q=Mitä nuorisotakuukokeilussa opittiin?"))
    assert rows and all(r["text"] for r in rows)


def test_chat_page_links_its_twins(client):
    html = client.get("/keskustelu?q=kotihoito").get_data(as_text=True)
    assert 'href="/keskustelu.json?q=kotihoito"' in html
