"""Phones and navigation in Chromium: the filter button before the results at 390 px, no page wider
than a 320 px screen (WCAG 1.4.10), table words wrapped whole, the title and Back following a live
search, and focus staying on a facet that is chosen."""
from __future__ import annotations

import re

import pytest

from tests.support import CHROMIUM, SHOTS, sideways

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

KOUVOLA = '.facet-value[data-param="municipality"][data-value="Kouvola"]'
# words of a table cell that are drawn on more than one line (a word broken mid-word)
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.municipality-table th, .municipality-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_filter_button_comes_before_the_results_on_a_phone(phone, live_server):
    phone.goto(live_server.url + "/?q=kokeilu")
    toggle = phone.locator(".facets-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_contain_text("Rajaa")
    assert toggle.bounding_box()["y"] < phone.locator(".hit").first.bounding_box()["y"]
    expect(phone.locator(KOUVOLA)).to_be_hidden()  # closed until asked for
    toggle.click()
    facet = phone.locator(KOUVOLA)
    if not facet.is_visible():  # beyond the first eight values
        phone.locator('.facet[data-group="municipality"] summary').click()
    facet.click()
    phone.wait_for_url(re.compile(r"municipality=Kouvola"))
    chosen = phone.locator(KOUVOLA + ".selected")
    expect(chosen).to_be_focused()  # the panel stays open, focus on the facet just chosen
    expect(phone.locator(".facets-toggle")).to_contain_text("valittu 1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "phone-filters.png"))


@pytest.mark.parametrize("path", ["/?q=kokeilu", "/asiakirjat/vm-loppuraportti-2017"])
def test_the_panels_fold_while_parsed_on_a_phone(phone, live_server, path):
    # fold.js folds the filter and contents panels as the parser meets them, before the first paint;
    # folding them later, when search.js or reader.js start, moved the page (Lighthouse: CLS 0.4).
    # With those two scripts kept away, the panels are folded all the same.
    phone.route(re.compile(r".*/static/(search|reader)\.js.*"), lambda route: route.abort())
    phone.goto(live_server.url + path)
    assert phone.locator(".facets-panel, .toc-panel").count() == 1
    assert phone.locator(".facets-panel[open], .toc-panel[open]").count() == 0


def test_next_page_on_a_phone_moves_focus_to_the_results_heading_with_the_filters_folded(phone, live_server):
    phone.goto(live_server.url + "/?q=kokeilu")
    phone.locator('.pagination a[rel="next"]').click()
    phone.wait_for_url(re.compile(r"page=2"))
    heading = phone.locator("#results-title")
    expect(heading).to_be_focused()
    expect(heading).to_contain_text("11–")
    expect(phone.locator(".facets-panel")).not_to_have_attribute("open", "")
    expect(phone.locator("#search-status")).to_contain_text("11–")


def test_municipality_page_on_a_phone_lists_posters_as_summaries(phone, live_server):
    phone.goto(live_server.url + "/kunnat/Kouvola")
    expect(phone.locator(".poster-card")).to_have_count(6)
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"/kunnat/Kouvola is {height} px tall at 390 px"
    card = phone.locator(".poster-card").first
    card.locator(".poster-more summary").click()
    expect(card.locator(".poster-fields dt").first).to_be_visible()


def test_the_report_comes_in_parts_and_a_bare_passage_anchor_finds_its_part(phone, live_server, snap):
    phone.goto(live_server.url + "/asiakirjat/vm-loppuraportti-2017")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 25_000, f"the report's first part is {height} px tall at 390 px"
    expect(phone.locator(".toc-toggle")).to_be_visible()  # the contents folded on a phone
    poster = snap.posters[-1]
    cited = next(s for s in snap.engine.all_stored(doc=poster.doc) if s.get("poster") == poster.id)
    phone.goto(f"{live_server.url}/asiakirjat/{poster.doc}#{cited['id']}")  # as the API and the widget link
    phone.wait_for_url(re.compile(r"\?kohta="))
    target = phone.locator(f'[id="{cited["id"]}"]')
    expect(target).to_be_in_viewport()
    assert target.evaluate("el => el.matches(':target')")
    assert phone.evaluate("document.documentElement.scrollHeight") < 25_000


def test_wide_screen_shows_the_facets_without_the_button(page, live_server):
    page.goto(live_server.url + "/?q=kokeilu")
    expect(page.locator(".facets-toggle")).to_be_hidden()
    expect(page.locator(".facet-value").first).to_be_visible()


def test_choosing_a_facet_keeps_focus_on_it_and_announces_the_count(page, live_server):
    page.goto(live_server.url + "/?q=kokeilu")
    facet = page.locator(KOUVOLA)
    if not facet.is_visible():
        page.locator('.facet[data-group="municipality"] summary').click()
    facet.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"municipality=Kouvola"))
    expect(page.locator(KOUVOLA + ".selected")).to_be_focused()
    expect(page.locator("#search-status")).to_contain_text("/")  # "Tulokset 1–10 / 12"
    assert page.evaluate("window.scrollY") > 0 or page.locator(KOUVOLA).is_visible()
    # the filter travels with the next typed search
    box = page.locator("#q")
    box.fill("kotihoito")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=kotihoito&municipality=Kouvola"))
    page.go_back()  # back to the filtered "kokeilu"
    page.wait_for_url(re.compile(r"q=kokeilu&municipality=Kouvola$"))
    expect(page.locator("#results")).to_have_attribute("data-query", "kokeilu")
    page.go_back()  # and to the unfiltered one
    page.wait_for_url(re.compile(r"q=kokeilu$"))
    expect(page.locator(".facet-value.selected")).to_have_count(0)


def test_live_search_sets_the_title_and_back_returns_to_the_previous_query(page, live_server):
    page.goto(live_server.url + "/?q=kotihoito")
    expect(page).to_have_title(re.compile(r"^kotihoito – "))
    box = page.locator("#q")
    box.fill("")
    box.press_sequentially("nuorisotakuu", delay=15)
    expect(page.locator("#results")).to_have_attribute("data-query", "nuorisotakuu")
    expect(page).to_have_title(re.compile(r"^nuorisotakuu – Haku – Kokeiluhaku$"))
    expect(page).to_have_url(re.compile(r"\?q=nuorisotakuu$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?q=kotihoito$"))
    expect(box).to_have_value("kotihoito")
    expect(page.locator("#results")).to_have_attribute("data-query", "kotihoito")
    expect(page).to_have_title(re.compile(r"^kotihoito – "))
    page.go_forward()
    expect(box).to_have_value("nuorisotakuu")
    expect(page.locator("#results")).to_have_attribute("data-query", "nuorisotakuu")


def test_posters_municipalities_and_the_report_reflow_at_320_px(browser, live_server, snap):
    widest = sorted(snap.posters, key=longest_word, reverse=True)[:8]  # the hardest to fit
    paths = [f"/posterit/{p.id}" for p in widest]
    paths += ["/kunnat", "/kunnat?lang=sv", "/kunnat/Kouvola", "/kunnat/Kouvola?lang=sv", "/kunnat/Lappeenranta",
              "/asiakirjat/vm-loppuraportti-2017", "/asiakirjat/vm-loppuraportti-2017?luku=15", "/?q=kokeilu&lang=sv"]
    wide = {path: px for path, px in sideways(browser, live_server, 320, 640, paths).items() if px > 0}
    assert not wide, f"pages wider than a 320 px screen (px too wide): {wide}"


def longest_word(poster) -> int:
    words = " ".join([poster.title, poster.contact, poster.area, *poster.fields.values()]).split()
    return max(map(len, words), default=0)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_municipality_tables_never_break_a_word(browser, live_server, lang):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    pg = context.new_page()
    pg.goto(f"{live_server.url}/kunnat?lang={lang}")
    broken = pg.evaluate(BROKEN_WORDS)
    context.close()
    assert not broken, f"words broken mid-word at 320 px: {broken[:10]}"
