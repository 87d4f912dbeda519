"""The pages in a real headless Chromium (Debian's /usr/bin/chromium via Playwright).

One browser for the session, a fresh context (no cookies) per test. Covers what
people do: type a search and follow a citation to the highlighted passage, narrow
by a facet, open Kouvola's posters, switch to Swedish, use the embeddable widget on
a page of another origin (allowed, and refused for an origin not on the list), and
the page budget. Screenshots land in docs/screenshots/ for the README.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support import CHROMIUM, HOST_CSS, SHOTS, sideways

ROOT = Path(__file__).resolve().parent.parent

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

# -- search page ---------------------------------------------------------------

def test_typed_search_suggests_highlights_and_cites_the_exact_passage(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("/")
    box = page.locator("#q")
    expect(box).to_be_focused()
    box.press_sequentially("kotihoi", delay=20)
    expect(page.locator("#q-suggestions [role=option]").first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    box.press_sequentially("to", delay=20)
    results = page.locator('#results[data-query="kotihoito"] .hit')
    expect(results.first).to_be_visible()
    expect(page.locator("#results .hit mark").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/\?q=kotihoito$"))  # shareable state, no reload
    box.press("Escape")
    box.press("ArrowDown")  # list closed: arrows move into the results
    expect(page.locator(".hit-link").first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".hit-link").nth(1)).to_be_focused()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search.png"))

    cite = page.locator(".cite-link").first
    target_id = cite.get_attribute("href").split("#", 1)[1]
    cite.click()
    page.wait_for_url(re.compile(r"/asiakirjat/"))
    passage = page.locator(f'[id="{target_id}"]')
    expect(passage).to_be_in_viewport()
    assert passage.evaluate("el => el.matches(':target')")
    assert passage.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 246, 204)"


def test_facet_filtering_narrows_results_and_keeps_state_in_url(page, live_server):
    page.goto(live_server.url + "/?q=kokeilu")
    total = int(page.locator("#results").get_attribute("data-total"))
    kouvola = page.locator('.facet-value[data-param="municipality"][data-value="Kouvola"]')
    if not kouvola.is_visible():  # beyond the first eight values: behind "Näytä kaikki"
        page.locator('.facet[data-group="municipality"] summary').click()
    kouvola.click()
    page.wait_for_url(re.compile(r"municipality=Kouvola"))
    chosen = page.locator('.facet-value.selected[data-value="Kouvola"]')
    expect(chosen).to_have_attribute("aria-current", "true")
    narrowed = int(page.locator("#results").get_attribute("data-total"))
    assert 0 < narrowed < total
    hits = page.locator(".hit")
    for i in range(hits.count()):
        expect(hits.nth(i).locator(".tag", has_text="Kouvola")).to_have_count(1)
    # a second value in the same group is OR: more results, not fewer
    page.locator('.facet-value[data-param="municipality"]:not(.selected)').first.click()
    page.wait_for_url(re.compile(r"municipality=Kouvola%2C"))
    assert int(page.locator("#results").get_attribute("data-total")) > narrowed
    page.get_by_role("link", name="Poista rajaukset").click()
    page.wait_for_url(re.compile(r"/\?q=kokeilu$"))


def test_kouvola_page_shows_its_six_posters(page, live_server):
    page.goto(live_server.url + "/kunnat/kouvolassa")
    expect(page).to_have_url(re.compile(r"/kunnat/Kouvola$"))
    expect(page.locator("h1")).to_have_text("Kouvola")
    cards = page.locator(".poster-card")
    expect(cards).to_have_count(6)
    first = cards.first
    expect(first.locator(".poster-key")).to_contain_text("Tavoite:")  # a summary: the first field, shortened
    learned = first.locator("dt", has_text="Mitä opittiin?")
    expect(learned).to_be_hidden()
    first.locator(".poster-more summary").click()  # each poster opens in place
    expect(learned).to_be_visible()
    page.screenshot(path=str(SHOTS / "municipality.png"))


def test_swedish_switch(page, live_server):
    page.goto(live_server.url + "/?q=kotihoito")
    page.get_by_role("link", name="På svenska").click()
    page.wait_for_url(re.compile(r"lang=sv"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_label("Sök i rapporterna")).to_have_value("kotihoito")
    expect(page.locator(".hit").first).to_be_visible()
    page.get_by_role("link", name="Kommuner").click()  # no lang in this URL: the cookie keeps it
    expect(page.locator("h1")).to_have_text("Försöksområden och kommuner")
    expect(page.get_by_role("link", name="Helsingfors (Helsinki)")).to_be_visible()


def test_search_page_budget_and_no_other_hosts(page, live_server):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server.url + "/?q=kotihoito")
    page.locator("#q").press("End")
    page.locator("#q").press_sequentially(" ko", delay=20)  # live results and suggestions too
    expect(page.locator("#q-suggestions [role=option]").first).to_be_visible()
    own = live_server.url.split("//", 1)[1]
    assert all(urlsplit(u).netloc == own or u.startswith("data:") for u in requests), requests
    sizes = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => /\\.(js|css)(\\?|$)/.test(e.name))
        .map(e => e.decodedBodySize)""")
    assert sizes and sum(sizes) <= 60 * 1024, sizes


def test_pages_fit_a_phone_screen(browser, live_server):
    paths = ("/?q=kotihoito", "/kunnat", "/kunnat/Kouvola", "/asiakirjat/vm-loppuraportti-2017", "/embed?q=a")
    for path, overflow in sideways(browser, live_server, 360, 740, paths).items():
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at phone width"


def test_public_pages_reflow_at_320_px(browser, live_server):
    paths = ("/", "/?q=zzzqqxx", "/saavutettavuus", "/saavutettavuus?lang=sv", "/saavutettavuus?lang=en")
    for path, overflow in sideways(browser, live_server, 320, 640, paths).items():
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320 px"


# -- the embeddable widget on another origin -----------------------------------------

WIDGET_TEXT = {".kh label": "rgb(27, 31, 36)", ".kh [role=status]": "rgb(81, 96, 111)",  # web/static/embed.js
               ".kh ol.results li .x": "rgb(27, 31, 36)", ".kh [role=tab][aria-selected=true]": "rgb(27, 31, 36)"}


def test_embed_widget_on_an_allowed_origin_returns_results(page, widget_setup):
    server, allowed, _ = widget_setup
    page.goto(allowed.origin + "/intranet.html")
    widget = page.locator("[data-kokeiluhaku]")
    box = widget.get_by_role("searchbox", name="Hae kuntakokeilujen raporteista")  # pierces the open shadow root
    box.press_sequentially("ohjaamo", delay=20)
    links = widget.locator("ol.results li a.t")
    expect(links.first).to_be_visible()
    assert links.first.get_attribute("href").startswith(server.url + "/")
    expect(widget.locator("mark").first).to_be_visible()
    color = links.first.evaluate("el => getComputedStyle(el).color")
    assert color != "rgb(204, 0, 0)", "the host page's CSS must not leak into the widget"
    fallback_shown = page.evaluate("document.querySelector('[data-kokeiluhaku] > form').checkVisibility()")
    assert not fallback_shown, "the no-script form gives way to the widget"
    widget.screenshot(path=str(SHOTS / "widget.png"))


def test_a_swedish_widget_cites_in_swedish_words_and_marks_the_finnish_ones(page, widget_setup):
    _, allowed, _ = widget_setup
    page.goto(allowed.origin + "/intranet-sv.html")
    widget = page.locator("[data-kokeiluhaku]")
    widget.get_by_role("searchbox").press_sequentially("ohjaamo", delay=20)
    cite = widget.locator("ol.results li .c a").first
    expect(cite).to_contain_text("Bilaga 1")  # not "Liite 1": the citation's words are the widget's
    words = cite.evaluate("a => [...a.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('')")
    assert "Liite" not in words and "luku" not in words
    assert cite.locator("span[lang=fi]").count() >= 1  # the report's own words keep their language


def test_embed_widget_chat_tab_renders_answer_as_text(page, widget_setup):
    server, allowed, _ = widget_setup
    sent: list[str] = []

    def fake_chat(route):
        if route.request.method == "OPTIONS":
            return route.fulfill(status=204, headers={"Access-Control-Allow-Origin": allowed.origin,
                                                      "Access-Control-Allow-Headers": "Content-Type",
                                                      "Access-Control-Allow-Methods": "POST"})
        sent.append(route.request.post_data)
        route.fulfill(status=200, content_type="application/json",
                      headers={"Access-Control-Allow-Origin": allowed.origin},
                      body='{"answer": "<img src=x onerror=alert(1)> Kouvola kokeili.", "abstained": false,'
                           ' "interpreted": {}, "citations": [{"text": "Ote", "doc": "Loppuraportti",'
                           ' "section": "5.3", "page": 24, "url": "/asiakirjat/vm-loppuraportti-2017#x"}]}')

    page.route(server.url + "/api/chat", fake_chat)
    page.goto(allowed.origin + "/intranet.html")
    widget = page.locator("[data-kokeiluhaku]")
    widget.get_by_role("tab", name="Kysy").click()
    widget.get_by_label("Kysy kuntakokeiluista").fill("Mitä Kouvola kokeili?")
    widget.get_by_role("button", name="Lähetä").click()
    expect(widget.locator(".a p")).to_have_text("<img src=x onerror=alert(1)> Kouvola kokeili.")
    expect(widget.locator("img")).to_have_count(0)
    cite = widget.get_by_role("link", name="Loppuraportti, 5.3, s. 24")
    expect(cite).to_have_attribute("href", server.url + "/asiakirjat/vm-loppuraportti-2017#x")
    assert '"message": "Mitä Kouvola kokeili?"' in sent[0].replace('":"', '": "') and '"history"' in sent[0]


def test_embed_widget_ask_tab_enter_sends_shift_enter_breaks_and_each_quote_shows_once(page, widget_setup):
    server, allowed, _ = widget_setup
    page.goto(allowed.origin + "/intranet.html")
    widget = page.locator("[data-kokeiluhaku]")
    ask, search = widget.get_by_role("tab", name="Kysy"), widget.get_by_role("tab", name="Haku")
    ask.click()
    ask.press("ArrowLeft")  # the tabs follow the ARIA pattern: arrows move, the panel follows
    expect(search).to_have_attribute("aria-selected", "true")
    expect(widget.get_by_role("searchbox")).to_be_visible()
    search.press("ArrowRight")
    expect(ask).to_be_focused()
    box = widget.get_by_label("Kysy kuntakokeiluista")
    box.fill("Mitä Kouvolan Ohjaamossa")
    box.press("Shift+Enter")
    box.press_sequentially("opittiin?")
    assert box.input_value() == "Mitä Kouvolan Ohjaamossa\nopittiin?", "Shift+Enter breaks the line"
    with page.expect_response(server.url + "/api/chat") as sent:
        box.press("Enter")
    reply = sent.value.json()
    assert reply["citations"] and box.input_value() == ""
    expect(widget.locator(".src li").first).to_be_visible()
    shown = widget.locator(".a").inner_text()
    for c in reply["citations"]:
        assert shown.count(c["text"][:60]) == 1, f"quote shown {shown.count(c['text'][:60])} times"


@pytest.mark.parametrize("host", HOST_CSS)
def test_widget_text_keeps_its_own_font_and_colour_under_host_css(page, widget_setup, host):
    _, allowed, _ = widget_setup
    page.goto(f"{allowed.origin}/{host}.html")
    widget = page.locator("[data-kokeiluhaku]")
    widget.get_by_role("searchbox").press_sequentially("ohjaamo", delay=20)
    expect(widget.locator("ol.results li .x").first).to_be_visible()
    for sel, colour in WIDGET_TEXT.items():
        style = widget.locator(sel).first.evaluate(
            "el => { const s = getComputedStyle(el); return [s.color, s.fontFamily, s.letterSpacing, s.fontSize]; }")
        assert style[0] == colour and style[1].startswith("system-ui"), (host, sel, style)
        assert style[2] == "normal" and style[3] != "30px", (host, sel, style)
    page.keyboard.press("Tab")  # out of the box
    page.locator("h2").first.click()
    page.keyboard.press("/")
    expect(widget.get_by_role("searchbox")).to_be_focused()


def test_disallowed_origin_gets_a_link_and_the_owner_a_console_message(page, widget_setup):
    server, _, refused = widget_setup
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    page.goto(refused.origin + "/intranet.html?lang=sv")
    widget = page.locator("[data-kokeiluhaku]")
    widget.get_by_role("searchbox", name="Hae kuntakokeilujen raporteista").press_sequentially("ohjaamo", delay=20)
    fallback = widget.locator("[role=status] a")
    expect(fallback).to_have_text("Hae Kokeiluhaussa →")
    expect(fallback).to_have_attribute("href", server.url + "/?q=ohjaamo")
    expect(widget.locator("[role=status]")).not_to_contain_text("ei juuri nyt")
    expect(widget.locator("ol.results li")).to_have_count(0)
    assert any("CORS_ORIGINS" in m and refused.origin in m for m in messages), messages
    widget.get_by_role("tab", name="Kysy").click()
    widget.get_by_label("Kysy kuntakokeiluista").fill("Mitä Kouvola kokeili?")
    widget.get_by_role("button", name="Lähetä").click()
    expect(widget.locator(".a a")).to_have_attribute("href", server.url + "/keskustelu?q=Mit%C3%A4+Kouvola+kokeili%3F")
    blocked = page.evaluate("url => fetch(url).then(() => 'read', () => 'blocked')", server.url + "/api/search?q=a")
    assert blocked == "blocked"
