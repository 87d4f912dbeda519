"""The HTML pages and their JSON/CSV twins, through Flask's test client on the real corpus.

What matters here: every page renders from the real index, its JSON and CSV say
the same as its HTML, the state of a search lives in the URL, corpus text is
escaped, names are resolved however they are typed, errors are friendly pages,
and cross-origin access follows the allowlist exactly.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support import make_test_app

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def get_json(client, url: str) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return resp.get_json()


def csv_rows(resp) -> list[dict]:
    """Rows of an Excel-ready CSV (UTF-8 with a BOM, ';' between fields)."""
    assert resp.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(resp.get_data().decode("utf-8-sig")), delimiter=";"))


# -- search page ---------------------------------------------------------------

def test_search_page_has_highlighted_results_with_citation_links(client):
    html = client.get("/?q=kotihoito").get_data(as_text=True)
    assert "<mark>" in html
    links = re.findall(r'class="cite-link" href="(/asiakirjat/[^"#]+#[^"]+)"', html)
    assert links, "every result cites its passage"
    doc_url, anchor = links[0].split("#")
    reader = client.get(doc_url).get_data(as_text=True)
    assert f'id="{anchor}"' in reader, "the citation link lands on an anchor in the reader"


def test_json_and_csv_twins_come_from_the_same_dict(client):
    page = get_json(client, "/haku.json?q=nuorisotakuu")
    other = get_json(client, "/?q=nuorisotakuu&format=json")
    assert page.pop("took_ms") >= 0 and other.pop("took_ms") >= 0
    assert page == other
    assert page["query"] == "nuorisotakuu" and page["total"] > len(page["results"]) > 0
    assert {g["group"] for g in page["facets"]} >= {"doc", "municipality"}
    rows = csv_rows(client.get("/haku.csv?q=nuorisotakuu"))
    by_id = {r["id"]: r for r in rows}
    assert {r["id"] for r in page["results"]} <= set(by_id), "the CSV holds every row, the page's too"
    first = page["results"][0]
    assert by_id[first["id"]]["citation"] == first["citation"]


def test_state_lives_in_the_url_and_facet_links_toggle_values(client):
    page = get_json(client, "/haku.json?q=kokeilu&municipality=kouvolassa")
    assert page["filters"] == {"municipality": ["Kouvola"]}, "names are normalised in the state"
    groups = {g["group"]: g for g in page["facets"]}
    kouvola = next(o for o in groups["municipality"]["options"] if o["value"] == "Kouvola")
    assert kouvola["selected"]
    assert parse_qs(urlsplit(kouvola["url"]).query) == {"q": ["kokeilu"]}, "clicking again removes it"
    other = next(o for o in groups["municipality"]["options"] if o["value"] != "Kouvola")
    assert parse_qs(urlsplit(other["url"]).query)["municipality"] == [f"Kouvola,{other['value']}"]
    assert page["pagination"]["page"] == 1
    second = get_json(client, "/haku.json?q=kokeilu&page=2")
    assert second["offset"] == 10 and second["pagination"]["prev"] == "/?q=kokeilu"


def test_repeated_and_comma_separated_filters_mean_the_same(client):
    a = get_json(client, "/haku.json?q=nuoret&municipality=Kouvola&municipality=Lahti")
    b = get_json(client, "/haku.json?q=nuoret&municipality=Kouvola,Lahti")
    assert a["filters"] == b["filters"] == {"municipality": ["Kouvola", "Lahti"]}
    assert [r["id"] for r in a["results"]] == [r["id"] for r in b["results"]]


def test_did_you_mean_links_to_the_corrected_search(client):
    page = get_json(client, "/haku.json?q=kuovola")
    assert page["did_you_mean"]["query"] == "kouvola"
    assert page["did_you_mean"]["url"] == "/?q=kouvola"
    html = client.get("/?q=kuovola").get_data(as_text=True)
    assert 'href="/?q=kouvola"' in html


def test_empty_search_shows_the_intro_not_an_error(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'class="intro"' in html and 'href="/keskustelu"' in html


def test_fragment_is_only_the_results_part(client):
    html = client.get("/?q=ohjaamo&fragment=results").get_data(as_text=True)
    assert 'id="results"' in html and 'data-query="ohjaamo"' in html
    assert "<html" not in html and 'id="search-form"' not in html


def test_user_input_is_escaped_everywhere(client):
    evil = '"><script>alert(1)</script>'
    html = client.get("/", query_string={"q": evil, "municipality": evil}).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html or "%3Cscript%3E" in html


@pytest.mark.parametrize("url,fragment", [
    ("/?page=0", "page"), ("/?page=x", "page"), ("/?format=xml", "format"), ("/?q=a%01b", "control"),
])
def test_bad_parameters_are_a_friendly_400(client, url, fragment):
    resp = client.get(url)
    assert resp.status_code == 400 and resp.mimetype == "text/html"
    body = resp.get_data(as_text=True)
    assert fragment in body and "Traceback" not in body


def test_embed_page_is_compact_and_opens_links_in_the_top_window(client):
    html = client.get("/embed?q=ohjaamo").get_data(as_text=True)
    assert '<base target="_top">' in html and 'class="site-header"' not in html
    assert html.count('class="hit"') == 5 and "<mark>" in html
    assert get_json(client, "/embed.json?q=ohjaamo")["per_page"] == 5


# -- municipalities, posters, documents ----------------------------------------------

def test_municipalities_page_lists_16_areas_and_57_municipalities(client):
    page = get_json(client, "/kunnat.json")
    assert page["area_count"] == 16 and page["municipality_count"] == 57
    assert sum(len(a["municipalities"]) for a in page["areas"]) == 57
    rows = csv_rows(client.get("/kunnat.csv"))
    assert len(rows) == 57 and {"name", "area", "models", "poster_count"} <= set(rows[0])
    html = client.get("/kunnat").get_data(as_text=True)
    assert html.count('<section class="area-card"') == 16 and 'href="/kunnat/Kouvola"' in html


def test_kouvola_page_has_its_six_posters_with_fields_and_mentions(client):
    page = get_json(client, "/kunnat/Kouvola.json")
    assert page["municipality"]["name"] == "Kouvola" and page["area"]["name"] == "Kouvola"
    assert len(page["posters"]) == 6 and page["posters_via"] == "municipality"
    for card in page["posters"]:
        assert card["fields_ordered"] and card["source_url"].startswith("/asiakirjat/")
    assert all(r["kind"] != "poster" for r in page["mentions"]), "mentions are report passages"
    html = client.get("/kunnat/Kouvola").get_data(as_text=True)
    assert html.count('<article class="poster-card"') == 6 and "Mitä opittiin?" in html


@pytest.mark.parametrize("typed,canonical", [
    ("kouvolassa", "Kouvola"), ("Helsingfors", "Helsinki"), ("jyvaskyla", "Jyv%C3%A4skyl%C3%A4"),
    ("Vantaalla", "Vantaa"),
])
def test_municipality_names_resolve_however_typed(client, typed, canonical):
    resp = client.get(f"/kunnat/{typed}")
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/kunnat/{canonical}")
    twin = client.get(f"/kunnat/{typed}.json")
    assert twin.headers["Location"].endswith(f"/kunnat/{canonical}.json")


def test_small_municipality_falls_back_to_its_area_posters(client):
    page = get_json(client, "/kunnat/Ypäjä.json")
    assert page["posters_via"] == "area" and page["posters"]
    assert all("Forssa" in p["municipalities"] for p in page["posters"])


def test_unknown_names_are_friendly_404_pages(client):
    for url in ("/kunnat/Tukholma", "/posterit/ei-ole", "/asiakirjat/ei-ole"):
        resp = client.get(url)
        assert resp.status_code == 404 and resp.mimetype == "text/html", url
        assert "Sivua ei löytynyt" in resp.get_data(as_text=True)
    resp = client.get("/kunnat/Tukholma.json")
    assert resp.status_code == 404 and resp.get_json()["ok"] is False


def test_poster_page_shows_all_fields_contact_and_source(client, snap):
    poster = next(p for p in snap.posters if len(p.fields) == 6 and p.contact)
    page = get_json(client, f"/posterit/{poster.id}.json")["poster"]
    assert [f["key"] for f in page["fields_ordered"]] == list(poster.fields) or len(page["fields_ordered"]) == 6
    html = client.get(f"/posterit/{poster.id}").get_data(as_text=True)
    assert poster.contact.split(" (")[0] in html and html.count('<section class="poster-field"') == 6
    assert f'#posteri-{poster.id}"' in html, "links to the poster's place in the report"
    reader = client.get(page["source_url"]).get_data(as_text=True)  # the part of the report holding it
    assert f'id="posteri-{poster.id}"' in reader
    assert len(csv_rows(client.get(f"/posterit/{poster.id}.csv"))) == 6


def test_document_reader_shows_it_part_by_part_with_an_anchor_per_passage(client):
    page = get_json(client, "/asiakirjat/vm-loppuraportti-2017.json")  # the JSON twin: the whole document
    api = get_json(client, "/api/documents/vm-loppuraportti-2017")
    assert [p["id"] for p in page["passages"]] == [p["id"] for p in api["passages"]]
    assert len(page["parts"]) > 10 and page["part"] is None
    seen: list[str] = []
    for part in page["parts"]:
        html = client.get(part["url"]).get_data(as_text=True)
        ids = re.findall(r'<section class="passage[^"]*" id="([^"]+)"', html)
        assert ids and len(html) < 120_000, (part["url"], len(ids), len(html))
        seen += ids
        contents = re.findall(r'<li class="toc-l\d"><a href="#([^"]+)"', html)
        assert all(f'id="{a}"' in html for a in contents), "every contents link has a target on its part"
    assert sorted(seen) == sorted(p["id"] for p in page["passages"]), "each passage on exactly one part"
    for s in page["toc"]:
        if s["placed"]:
            assert f'id="{s["anchor"]}"' in client.get(s["url"]).get_data(as_text=True), s


# -- language --------------------------------------------------------------------

def test_swedish_switch_is_kept_in_url_and_cookie(app):
    client = app.test_client()
    resp = client.get("/?q=kotihoito&lang=sv")
    html = resp.get_data(as_text=True)
    assert '<html lang="sv">' in html and "Sök i rapporterna" in html
    assert "lang=sv" in resp.headers.get("Set-Cookie", "")
    assert 'name="lang" value="sv"' in html, "a new search keeps the language"
    later = client.get("/kunnat").get_data(as_text=True)  # cookie only
    assert "Försöksområden och kommuner" in later and "Helsingfors (Helsinki)" in later
    assert "Kokeilualueet" in client.get("/kunnat?lang=fi").get_data(as_text=True)


def test_unknown_language_falls_back_to_finnish(client):
    assert '<html lang="fi">' in client.get("/?lang=xx").get_data(as_text=True)


# -- suggestions -------------------------------------------------------------------

def test_suggest_offers_terms_municipalities_and_posters(client):
    found = get_json(client, "/api/suggest?q=kouv")["suggestions"]
    kinds = {s["kind"]: s for s in found}
    assert kinds["municipality"]["url"] == "/kunnat/Kouvola"
    assert any(s["kind"] == "term" and s["value"].startswith("kouvola") for s in found)
    accentless = get_json(client, "/api/suggest?q=jarvenp")["suggestions"]
    assert {"Järvenpää"} <= {s["value"] for s in accentless if s["kind"] == "municipality"}
    posters = get_json(client, "/api/suggest?q=ohjaamo")["suggestions"]
    assert any(s["kind"] == "poster" and s["url"].startswith("/posterit/") for s in posters)
    multi = get_json(client, "/api/suggest?q=nuoret ohjaa")["suggestions"]
    assert any(s["value"].startswith("nuoret ohjaamo") for s in multi), "completes the last word"
    assert get_json(client, "/api/suggest?q=")["suggestions"] == []


def test_suggest_answers_every_prefix_from_one_table(client):
    """Every prefix answers (its speed is bench/latency.py's business, not a unit test's)."""
    first = get_json(client, "/api/suggest?q=ko")["suggestions"]
    for q in ("k", "ko", "kou", "nuoriso", "asumis", "helsingf", "vård", "jarv"):
        assert isinstance(get_json(client, "/api/suggest?q=" + q)["suggestions"], list)
    assert get_json(client, "/api/suggest?q=ko")["suggestions"] == first  # the table is built once per snapshot


# -- CORS, frame-ancestors, CSP -----------------------------------------------------

ALLOWED = "http://intranet.example:8080"


@pytest.fixture(scope="module")
def cors_client(corpus_index, cache_dir):
    app = make_test_app(corpus_index, cache_dir, CORS_ORIGINS=[ALLOWED + "/", "null", "*", "not an origin"])
    return app.test_client()


def test_allowed_origin_gets_cors_header_and_vary(cors_client):
    resp = cors_client.get("/api/search?q=kotihoito", headers={"Origin": ALLOWED})
    assert resp.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "Origin" in resp.headers["Vary"]
    pre = cors_client.options("/api/search", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"})
    assert pre.status_code == 200 and "Content-Type" in pre.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://intranet.example:8081",
                                    "http://intranet.example:8080.evil.example"])
def test_other_origins_get_no_cors_header(cors_client, origin):
    resp = cors_client.get("/api/search?q=kotihoito", headers={"Origin": origin})
    assert resp.status_code == 200
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "Origin" in resp.headers["Vary"], "caches must not reuse an allowed origin's response"


def test_frame_ancestors_follow_the_allowlist_and_every_page_has_a_csp(cors_client, client):
    csp = cors_client.get("/embed").headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {ALLOWED}" in csp and "null" not in csp and "*" not in csp
    for url in ("/", "/kunnat", "/kunnat/Kouvola", "/asiakirjat/kuntalehti-2016", "/embed", "/kunnat/Ei"):
        csp = client.get(url).headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp, url
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp


# -- budget --------------------------------------------------------------------------

def test_search_page_assets_are_own_and_small(client):
    html = client.get("/?q=kotihoito").get_data(as_text=True)
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert all(a.startswith("/") or a.startswith("data:") for a in assets), assets
    own = [STATIC / "style.css", STATIC / "search.js"]
    assert sum(p.stat().st_size for p in own) <= 60 * 1024


def test_a_search_cut_short_by_the_time_budget_says_so_on_the_page(corpus_index, cache_dir):
    """A partial answer must not pass for the whole truth: the page tells the reader."""
    slow = make_test_app(corpus_index, cache_dir, SEARCH_TIME_LIMIT=1e-9).test_client()
    # an unknown word needs repairing (typo search), which the spent budget no longer allows
    page = slow.get("/?q=kokeilu+zzqxyvw").get_data(as_text=True)
    assert 'class="partial"' in page and "aikarajaan" in page
    whole = make_test_app(corpus_index, cache_dir).test_client().get("/?q=kokeilu+zzqxyvw").get_data(as_text=True)
    assert 'class="partial"' not in whole


def test_a_pdf_report_offers_its_file_at_the_page_of_each_passage(tmp_path, cache_dir):
    """The reader links page markers to file.pdf#page=N; the file is served as dropped in."""
    from indexer.builder import ensure_index
    from tests.support import make_pdf

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first = "Porvoon kokeilussa perhehoitajien koulutus onnistui ja asiakkaat kiittivät."
    second = "Kotihoidon uusi työnjako vähensi kiirettä, ja mallia kannattaa jatkaa."
    make_pdf(corpus / "porvoo.pdf", [[("1 Tulokset", 16, True), (first, 11)],
                                     [("2 Johtopäätökset", 16, True), (second, 11)]], labels={0: "/r", 1: "/D"})
    (corpus / "muistio.md").write_text("# Muistio\n\nKokeilusta kirjoitettiin muistio vuonna 2018 kunnille.\n",
                                       encoding="utf-8")
    ensure_index(corpus, tmp_path / "index", cache_dir)
    client = make_test_app(tmp_path / "index", cache_dir, corpus, BUILD_ON_START=False).test_client()
    html = client.get("/asiakirjat/porvoo").get_data(as_text=True)
    assert 'href="/asiakirjat/porvoo/tiedosto" class="original-file"' in html
    html += client.get("/asiakirjat/porvoo?luku=2").get_data(as_text=True)  # the reader shows a chapter a time
    assert 'href="/asiakirjat/porvoo/tiedosto#page=2"' in html and ">s. 1</a>" in html and ">s. i</a>" in html
    with client.get("/asiakirjat/porvoo/tiedosto") as original:  # a file response: closed after use
        assert original.status_code == 200 and original.mimetype == "application/pdf"
        assert original.data == (corpus / "porvoo.pdf").read_bytes()
        assert "attachment" not in original.headers.get("Content-Disposition", "")
    hits = client.get("/api/search?q=perhehoitajien+koulutus").get_json()["results"]
    assert any(r["citation"].endswith("luku 1 Tulokset, s. i") for r in hits)  # the page as printed
    assert all(r["url"].startswith("/asiakirjat/porvoo#porvoo:") for r in hits if r["doc"] == "porvoo")
    assert client.get("/asiakirjat/muistio/tiedosto").status_code == 404  # a text file is shown, not served
    assert "original-file" not in client.get("/asiakirjat/muistio").get_data(as_text=True)
