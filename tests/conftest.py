"""Shared fixtures: real indexes on disk in tmp dirs, the Flask app, a live HTTP server.

`corpus_index` builds the repository's corpus once per session (~5 s);
`small_index` builds the tiny corpus in tests/data/corpus for tests that
must not depend on the real report. Nothing here is mocked.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.builder import ensure_index
from indexer.search.library import Library
from tests.support import CHROMIUM, CHROMIUM_ARGS, DATA, HOST_CSS, ROOT, LiveServer, StaticSite, make_test_app


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, cache_dir) -> Path:
    """A real index of corpus/ (the five seed documents)."""
    index_dir = tmp_path_factory.mktemp("index")
    ensure_index(ROOT / "corpus", index_dir, cache_dir)
    return index_dir


@pytest.fixture(scope="session")
def library(corpus_index) -> Library:
    return Library(corpus_index, time_limit=5.0)


@pytest.fixture
def snap(library):
    with library.acquire() as s:
        yield s


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A writable copy of tests/data/corpus, for tests that add or break files."""
    dst = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", dst)
    return dst


@pytest.fixture
def small_index(tmp_path, small_corpus, cache_dir) -> Path:
    index_dir = tmp_path / "index"
    ensure_index(small_corpus, index_dir, cache_dir)
    return index_dir


@pytest.fixture(scope="session")
def app(corpus_index, cache_dir):
    return make_test_app(corpus_index, cache_dir)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (Playwright's sync API
    allows one running instance per thread, so every browser test shares it)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _fresh_page(browser, **options):
    """A page in a fresh context; any JavaScript error on it fails the test."""
    context = browser.new_context(locale="fi-FI", **options)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser):
    """A fresh desktop-sized browser context per test."""
    yield from _fresh_page(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser):
    """A fresh phone-sized context (390 x 844, touch, mobile viewport)."""
    yield from _fresh_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


@pytest.fixture(scope="session")
def live_server(app):
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def widget_setup(corpus_index, cache_dir, tmp_path_factory):
    """The host page on one origin, a disallowed copy on another, the app allowing only the first."""
    site_dir = tmp_path_factory.mktemp("intranet")
    allowed, refused = StaticSite(site_dir), StaticSite(site_dir)
    app = make_test_app(corpus_index, cache_dir, CORS_ORIGINS=[allowed.origin])
    with LiveServer(app) as server:
        html = (ROOT / "web" / "examples" / "intranet.html").read_text(encoding="utf-8")
        html = html.replace("http://127.0.0.1:5000", server.url)
        (site_dir / "intranet.html").write_text(html, encoding="utf-8")
        (site_dir / "intranet-sv.html").write_text(html.replace('data-lang="fi"', 'data-lang="sv"'), encoding="utf-8")
        for name, rules in HOST_CSS.items():  # the same page under an ordinary CMS sheet, and a hostile one
            (site_dir / f"{name}.html").write_text(html.replace("</style>", rules + "</style>"), encoding="utf-8")
        yield server, allowed, refused
    allowed.close()
    refused.close()
