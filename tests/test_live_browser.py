"""Live search in Chromium: typing a word letter by letter never shows "0 osumaa" from the third
letter on, offers no "did you mean" for a word still being typed, and groups rows by poster."""
from __future__ import annotations

import pytest

from tests.support import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402


@pytest.mark.parametrize("word", ["nuorisotakuu", "kouvola"])
def test_typing_a_corpus_word_letter_by_letter_always_finds_something(page, live_server, word):
    page.goto(live_server.url + "/")
    box = page.locator("#q")
    for n in range(1, len(word) + 1):
        box.press_sequentially(word[n - 1])
        if n < 3:
            continue
        results = page.locator(f'#results[data-query="{word[:n]}"]')
        expect(results).to_be_attached(timeout=5000)
        assert results.get_attribute("data-total") != "0", word[:n]
        assert page.locator(".did-you-mean").count() == 0, word[:n]
    expect(page.locator("#results-region")).not_to_have_attribute("aria-busy", "true")


def test_rows_show_each_poster_once_with_its_cells_under_it(page, live_server):
    page.goto(live_server.url + "/?q=perhehoito+kouvola")
    rows = page.locator("#results li.hit.group")
    expect(rows.first).to_be_visible()
    keys = rows.evaluate_all("els => els.map(e => e.dataset.group)")
    assert len(keys) == len(set(keys))
    expect(page.locator(".not-all-words")).to_be_visible()
    expect(page.locator(".missing").first).to_be_visible()
