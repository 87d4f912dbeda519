"""Helpers shared by test modules: the app under test, a real server, a second origin, polling.

Fixtures live in conftest.py and use these; test modules import them from here
(never from conftest, which pytest loads under its own name).
"""
from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHOTS = ROOT / "docs" / "screenshots"  # the browser tests' screenshots, shown in the README
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

T = TypeVar("T")


def make_test_app(index_dir: Path, cache_dir: Path, corpus_dir: Path = ROOT / "corpus", **extra):
    """The real app on `index_dir`, built synchronously, without the rate limit (unless `extra` says so)."""
    from server import create_app

    config = {"TESTING": True, "INDEX_DIR": str(index_dir), "CACHE_DIR": str(cache_dir),
              "CORPUS_DIR": str(corpus_dir), "RATELIMIT_ENABLED": False}
    config.update(extra)
    return create_app(config)


def wait_until(predicate: Callable[[], T], timeout: float = 15.0, message: str = "",
               interval: float = 0.05) -> T:
    """Poll `predicate` until it returns something true and return that; fail after `timeout` seconds.

    The one poller of the suite: a test waits for a state, never for a guessed
    number of seconds. `message` may be a callable, for failures that should
    show the state at the deadline.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"not within {timeout} s: {message() if callable(message) else message}")
        time.sleep(interval)


def sideways(browser, live_server, width: int, height: int, paths: Iterable[str]) -> dict[str, int]:
    """How far each page scrolls sideways on a phone `width` px wide (0 or less: it fits)."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True)
    pg = context.new_page()
    out = {}
    for path in paths:
        pg.goto(live_server.url + path)
        out[path] = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    return out


class LiveServer:
    """The app on a real socket (waitress, as in production) in a daemon thread.

    It polls instead of select(): closing the server then cannot race the
    serving thread into EBADF (an unhandled-thread-exception warning).
    """

    def __init__(self, app, host: str = "127.0.0.1"):
        from waitress.server import create_server

        self.server = create_server(app, host=host, port=0, threads=8, asyncore_use_poll=True)
        self.port = self.server.effective_port
        self.url = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()


class StaticSite:
    """A second origin: http.server on its own port serving `directory`."""

    def __init__(self, directory: Path):
        handler = functools.partial(QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
