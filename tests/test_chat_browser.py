"""The chat page /keskustelu in headless Chromium: a conversation with a follow-up, and feedback.

Its own app on a live socket, so "not helpful" votes go to a temporary JSONL
file. Skipped when Debian's chromium is not installed (as tests/test_browser.py).
"""
from __future__ import annotations

import json

import pytest

from tests.support import CHROMIUM, LiveServer, make_test_app

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def chat_server(corpus_index, cache_dir, tmp_path_factory):
    feedback = tmp_path_factory.mktemp("feedback") / "feedback.jsonl"
    app = make_test_app(corpus_index, cache_dir, FEEDBACK_FILE=str(feedback))
    with LiveServer(app) as server:
        yield server, feedback


def ask(page, question: str) -> None:
    page.get_by_label("Kysymys").fill(question)
    page.get_by_role("button", name="Kysy", exact=True).click()


def test_conversation_with_follow_up_and_feedback(page, chat_server):
    server, feedback = chat_server
    page.goto(server.url + "/keskustelu")
    ask(page, "Mitä Kouvolan Ohjaamossa opittiin?")
    first = page.locator("li.chat-a").nth(0)
    expect(first.locator("blockquote").first).to_contain_text("Ohjaamo-toiminnalle on selkeä tarve")
    expect(first.locator(".citation a").first).to_have_attribute("href", "/asiakirjat/vm-loppuraportti-2017#"
                                                                 "vm-loppuraportti-2017:poster:kouvola-"
                                                                 "ennaltaehkaiseva-tyoote-ohjaamossa:learned:1")

    ask(page, "Juurtuiko se?")  # the page sends the first question as history
    second = page.locator("li.chat-a").nth(1)
    expect(second.locator("blockquote").first).to_contain_text("vakinaistamassa Kouvolassa")
    second.locator("summary").click()
    expect(second.locator("dl")).to_contain_text("Edellisestä kysymyksestä")

    second.get_by_role("button", name="Ei auttanut").first.click()
    expect(second.get_by_role("status")).to_have_text("Kiitos, palaute tallennettu.")
    record = json.loads(feedback.read_text(encoding="utf-8").splitlines()[-1])
    assert record["question"] == "Juurtuiko se?" and "vakinaistamassa" in record["citation"]["text"]


def test_untrusted_text_is_shown_as_text(page, chat_server):
    server, _ = chat_server
    page.goto(server.url + "/keskustelu")
    ask(page, "<img src=x onerror=alert(1)> Kuka voitti jääkiekon MM-kultaa?")
    expect(page.locator("li.chat-q").first).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator("li.chat-a .lead").first).to_contain_text("En löytänyt")
    expect(page.locator("#chat img")).to_have_count(0)


def test_swedish_page_writes_citations_in_swedish_marking_the_finnish_words(page, chat_server):
    server, _ = chat_server
    page.goto(server.url + "/keskustelu?lang=sv")
    page.get_by_label("Fråga", exact=True).fill("Mitä Kouvolan Ohjaamossa opittiin?")
    page.get_by_role("button", name="Fråga", exact=True).click()
    cite = page.locator("li.chat-a .citation a").first
    expect(cite).to_contain_text("Bilaga 1")
    expect(cite).not_to_contain_text("Liite")
    expect(cite.locator('span[lang="fi"]', has_text="Posterikooste")).to_have_count(1)
    assert cite.evaluate("a => a.closest('[lang]').lang") == "sv"
