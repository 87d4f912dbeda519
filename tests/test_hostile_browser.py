"""Hostile corpus text stays inert text in a real Chromium, on every surface that shows it.

tests/data/hostile/ is a report whose prose, poster appendix (one poster with all six
fields), poster title, model heading and document title carry `<script>`, `onerror=`,
`"><svg onload=…>` and a stray `</b>`; the real indexer turns it into passages and a
poster. Each page is opened with the CSP bypassed, so escaping is the only defence
being tested: the payloads must show up as the literal text they are, no element
may gain an event handler, `window.__pwned` must stay unset and no dialog may open.
The last test is the control: with autoescaping switched off, the same check fires.
"""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.support import CHROMIUM, LiveServer, StaticSite, make_test_app

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload=window.__pwned=1>'
STRAY = "irrallinen </b> merkintä"
TITLE = f'Hyökkäysraportti ">{IMG}'
POSTER = f"Hyökkäysposteri {SVG}"
MODEL = f"Turvamalli {SVG}"
QUESTION = "Mitä Kouvolan hyökkäysposterissa opittiin?"
# Everything that could run (handlers, inline scripts, injected elements) and any tag but <mark>
# inside an excerpt; open shadow roots too.
PROBE = """() => {
  const found = [];
  const walk = root => root.querySelectorAll('*').forEach(el => {
    if (el.shadowRoot) walk(el.shadowRoot);
    for (const a of el.attributes) if (/^on/i.test(a.name)) found.push(`${el.localName}[${a.name}]`);
    if (el.localName === 'script' && !el.src) found.push('inline script');
    if (el.localName === 'svg' || el.localName === 'iframe' || el.getAttribute('src') === 'x') found.push(el.localName);
    if (el.parentElement && el.parentElement.closest('.excerpt, .x') && el.localName !== 'mark')
      found.push(`${el.localName} in an excerpt`);  // highlights are <mark> and nothing else
  });
  walk(document);
  return {pwned: window.__pwned === undefined ? null : window.__pwned, found};
}"""


@pytest.fixture(scope="module")
def hostile(cache_dir, tmp_path_factory):
    """The hostile corpus indexed by the real indexer, served on a socket; a widget host page
    on a second, allowed origin."""
    site_dir, index_dir = tmp_path_factory.mktemp("intranet"), tmp_path_factory.mktemp("hostile-index")
    site = StaticSite(site_dir)
    app = make_test_app(index_dir, cache_dir, HOSTILE, CORS_ORIGINS=[site.origin],
                        FEEDBACK_FILE=str(site_dir / "feedback.jsonl"))
    with LiveServer(app) as server:
        html = (ROOT / "web" / "examples" / "intranet.html").read_text(encoding="utf-8")
        (site_dir / "intranet.html").write_text(html.replace("http://127.0.0.1:5000", server.url), encoding="utf-8")
        with urllib.request.urlopen(server.url + "/api/posters") as r:
            posters = json.loads(r.read())["posters"]
        poster_id = next(p["id"] for p in posters if p["title"] == POSTER)
        yield SimpleNamespace(url=server.url, site=site, poster_id=poster_id, index_dir=index_dir)
    site.close()


@pytest.fixture
def hpage(browser):
    """A page with the CSP bypassed (escaping alone must hold), recording errors and dialogs."""
    context = browser.new_context(bypass_csp=True, locale="fi-FI")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.errors, pg.dialogs = [], []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()
    assert not pg.errors, f"JavaScript errors: {pg.errors}"


def assert_inert(pg, *texts: str) -> None:
    """Every payload shown as text; nothing injected ran or could run."""
    for text in texts:
        expect(pg.get_by_text(text, exact=False).first).to_be_visible()
    pg.wait_for_load_state("load")  # images (src=x) have failed by now: onerror would have run
    probe = pg.evaluate(PROBE)
    assert probe == {"pwned": None, "found": []}, probe
    assert pg.dialogs == []


def url(server, path: str, **query: str) -> str:
    return server.url + path + ("?" + urllib.parse.urlencode(query) if query else "")


def test_search_page_excerpts_facets_and_live_results(hpage, hostile):
    hpage.goto(url(hostile, "/", q=f"hyökkäysteksti {SVG}"))
    assert_inert(hpage, SCRIPT, IMG, STRAY)
    expect(hpage.locator("#q")).to_have_value(f"hyökkäysteksti {SVG}")
    expect(hpage.locator("#results")).to_have_attribute("data-query", f"hyökkäysteksti {SVG}")
    expect(hpage.locator('.facet-value[data-param="model"]')).to_have_attribute("data-value", MODEL)
    box = hpage.locator("#q")  # live results: the fragment is parsed and adopted by search.js
    box.fill("")
    box.press_sequentially("turvallisuutta", delay=20)
    expect(hpage.locator('#results[data-query="turvallisuutta"] .hit').first).to_be_visible()
    assert_inert(hpage, SCRIPT)


def test_embed_page(hpage, hostile):
    hpage.goto(url(hostile, "/embed", q="hyökkäysteksti"))
    assert_inert(hpage, SCRIPT, IMG, STRAY, POSTER)


def test_poster_cards_on_the_municipality_page(hpage, hostile):
    hpage.goto(url(hostile, "/kunnat/Kouvola"))
    card = hpage.locator(".poster-card")
    expect(card).to_have_count(1)
    expect(card.locator("h3")).to_have_text(POSTER)
    expect(card.locator(".tag", has_text="Turvamalli")).to_have_text(MODEL)
    card.locator(".poster-more summary").click()  # the fields open below the summary
    assert_inert(hpage, SCRIPT, IMG, "sulkevaa </b> merkkiä", f"torjumaan {SVG}")


def test_poster_page(hpage, hostile):
    hpage.goto(url(hostile, f"/posterit/{hostile.poster_id}"))
    expect(hpage.locator("h1")).to_have_text(POSTER)
    expect(hpage).to_have_title(f"{POSTER} – Kokeiluhaku")
    assert_inert(hpage, SCRIPT, IMG, MODEL, TITLE)


def test_document_reader(hpage, hostile):
    hpage.goto(url(hostile, "/asiakirjat/hyokkaysraportti"))
    expect(hpage.locator("h1")).to_have_text(TITLE)
    parts = [a.get_attribute("href") for a in hpage.locator(".toc-l1 > a").all()] or ["/asiakirjat/hyokkaysraportti"]
    shown = ""
    for part in parts:  # the reader shows one part at a time: every part inert, every payload shown somewhere
        hpage.goto(hostile.url + part)
        assert_inert(hpage)
        shown += hpage.locator("main").inner_text()
    assert all(text in shown for text in (SCRIPT, IMG, STRAY, POSTER, MODEL)), shown[:500]


def test_chat_page_server_answer_and_script_answer(hpage, hostile):
    question = f"{QUESTION} {SVG}"
    hpage.goto(url(hostile, "/keskustelu", q=question))
    expect(hpage.locator("[data-question]")).to_have_attribute("data-question", question)
    assert_inert(hpage, question, SCRIPT, TITLE)
    hpage.get_by_label("Kysymys").fill("Mitä raportin tekstissä on koodia?")
    hpage.get_by_role("button", name="Kysy", exact=True).click()
    answer = hpage.locator("li.chat-a").nth(1)
    expect(answer.locator("blockquote").first).to_contain_text(SCRIPT)
    assert_inert(hpage, IMG, STRAY)


def test_embed_widget_search_and_chat_on_another_origin(hpage, hostile):
    hpage.goto(hostile.site.origin + "/intranet.html")
    widget = hpage.locator("[data-kokeiluhaku]")
    widget.get_by_role("searchbox", name="Hae kuntakokeilujen raporteista").press_sequentially("hyökkäysteksti")
    expect(widget.locator("ol.results li").first).to_be_visible()
    assert_inert(hpage, SCRIPT, IMG, POSTER)
    widget.get_by_role("tab", name="Kysy").click()
    widget.get_by_label("Kysy kuntakokeiluista").fill(QUESTION)
    widget.get_by_role("button", name="Lähetä").click()
    source = widget.locator(".src li").first
    expect(source).to_contain_text(SCRIPT)
    expect(source.locator("a")).to_contain_text(TITLE)
    assert_inert(hpage)


def test_the_probe_catches_a_payload_when_escaping_is_off(hpage, hostile, cache_dir):
    """The control: the corpus payloads are live, so the tests above can fail."""
    app = make_test_app(hostile.index_dir, cache_dir, HOSTILE, BUILD_ON_START=False)
    app.jinja_env.autoescape = False
    with LiveServer(app) as server:
        hpage.goto(server.url + "/asiakirjat/hyokkaysraportti")
        hpage.wait_for_function("window.__pwned === 1")
        assert hpage.evaluate(PROBE)["found"]
