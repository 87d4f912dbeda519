"""The JSON API contract other tools rely on, through the Flask test client."""
import pytest


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json["ok"] is True and r.json["passages"] > 400


def test_search_contract(client):
    body = client.get("/api/search", query_string={"q": "nuorisotakuu", "limit": 3}).json
    assert body["ok"] is True and len(body["results"]) == 3 and body["total"] >= 3
    r = body["results"][0]
    assert isinstance(r["text"], str) and r["text"] and "<mark>" not in r["text"]
    assert {"facets", "did_you_mean", "took_ms"} <= set(body)


def test_limit_is_capped_and_bad_numbers_are_400(client):
    assert len(client.get("/api/search?q=kokeilu&limit=1000000").json["results"]) <= 50
    for bad in ("limit=abc", "limit=0", "offset=-1", "offset=1000000"):
        r = client.get(f"/api/search?q=kokeilu&{bad}")
        assert r.status_code == 400 and r.json == {"ok": False, "error": r.json["error"], "status": 400}


def test_control_characters_are_400(client):
    assert client.get("/api/search?q=ab%00c").status_code == 400


def test_all_fifty_posters(client):
    posters = client.get("/api/posters").json["posters"]
    assert len(posters) == 50
    assert {"id", "title", "municipalities", "model", "fields"} <= set(posters[0])
    assert len({p["id"] for p in posters}) == 50


@pytest.mark.parametrize("name", ["Kouvola", "kouvolan", "KOUVOLASSA", "Kouvolassa"])
def test_municipality_any_case_or_inflection(client, name):
    posters = client.get("/api/posters", query_string={"municipality": name}).json["posters"]
    assert len(posters) == 6 and all("Kouvola" in p["municipalities"] for p in posters)


@pytest.mark.parametrize("name,expected", [("Vantaalla", "Vantaa"), ("jyvaskyla", "Jyväskylä"),
                                           ("Vanda", "Vantaa"), ("i Helsingfors", "Helsinki"),
                                           ("hameenlinnan", "Hämeenlinna")])
def test_municipality_accent_swedish_and_inflection(client, name, expected):
    body = client.get("/api/posters", query_string={"municipality": name}).json
    assert body["posters"] and all(expected in p["municipalities"] for p in body["posters"])


def test_member_municipality_finds_its_area(client):
    body = client.get("/api/posters", query_string={"municipality": "Kerava"}).json
    assert body["interpreted"]["via"] == "area"
    assert body["posters"] and any("Järvenpää" in p["municipalities"] for p in body["posters"])


def test_poster_counts_match_the_report(client):
    counts = {m["name"]: m["poster_count"] for m in client.get("/api/municipalities").json["municipalities"]}
    assert len(counts) == 57
    assert counts["Kouvola"] == 6 and counts["Joensuu"] == 6 and counts["Vantaa"] == 5 and counts["Kuopio"] == 5


def test_unknown_poster_and_document_are_404_json(client):
    for url in ("/api/posters/nope", "/api/documents/nope"):
        r = client.get(url)
        assert r.status_code == 404 and r.json["ok"] is False


def test_documents(client):
    docs = client.get("/api/documents").json["documents"]
    assert len(docs) == 5
    report = next(d for d in docs if d["kind"] == "report")
    body = client.get(f"/api/documents/{report['id']}").json
    assert len(body["passages"]) > 100


def test_openapi_documents_every_api_route(corpus_index, cache_dir):
    """docs/openapi.yaml is what integrators read: every JSON route must be in it."""
    from pathlib import Path

    import yaml

    from tests.support import make_test_app

    spec = yaml.safe_load((Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml").read_text())
    app = make_test_app(corpus_index, cache_dir, BUILD_ON_START=False, ADMIN_TOKEN="t")  # admin routes too
    routes = {r.rule.replace("<", "{").replace(">", "}") for r in app.url_map.iter_rules()
              if r.rule.startswith(("/api/", "/healthz"))}
    documented = {p.replace("{id}", "{x}") for p in spec["paths"]}
    missing = {r for r in routes if r.split("{")[0] + ("{x}" if "{" in r else "") not in documented}
    assert not missing, f"routes missing from docs/openapi.yaml: {sorted(missing)}"


def test_a_swedish_page_view_leaves_the_api_answer_for_the_same_query_unchanged(client):
    """The page labels results in the UI language; the search layer's (cached) answer must not change."""
    url = "/api/search?q=mit%C3%A4+opittiin+ohjaamo"
    before = client.get(url).json
    assert any(r.get("poster") for r in before["results"]), "the query must reach a poster's field"
    assert client.get("/?q=mitä+opittiin+ohjaamo&lang=sv").status_code == 200
    after = client.get(url).json
    before.pop("took_ms"), after.pop("took_ms")
    assert after == before
    assert not any("poster_url" in r for r in after["results"])
