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


def _pdf_string(text: str) -> bytes:
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(path: Path, pages: list[list[tuple]], labels: dict | None = None, header: str = "",
             footer: bool = False, scanned: dict[int, bytes] | None = None, password: str = "") -> Path:
    """A small PDF written with pypdf at test time: no PDF tool, no binary fixture.

    `pages`: per page, lines from the top as (text, size) or (text, size, bold), in Helvetica
    (WinAnsi, so ä/ö/å work). `labels`: pypdf `set_page_label` arguments keyed by first page
    index, e.g. {0: "/r", 2: "/D"} for i, ii, 1, 2. `header` is printed atop every page and
    `footer` prints the page number at the foot. `scanned`: page index -> 8-bit gray pixels of
    a 16x16 image drawn on that page instead of text. `password` encrypts the file.
    """
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

    writer = PdfWriter()
    fonts = DictionaryObject()
    for key, base in (("/F1", "/Helvetica"), ("/F2", "/Helvetica-Bold")):
        fonts[NameObject(key)] = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(base), NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))
    for i, lines in enumerate(pages):
        page = writer.add_blank_page(595, 842)
        resources = DictionaryObject({NameObject("/Font"): fonts})
        ops, y = [], 780
        if scanned and i in scanned:
            image = StreamObject()
            image.set_data(scanned[i])
            image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                          NameObject("/Width"): NumberObject(16), NameObject("/Height"): NumberObject(16),
                          NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                          NameObject("/BitsPerComponent"): NumberObject(8)})
            resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Im1"): writer._add_object(image)})
            ops.append(b"q 500 0 0 700 50 80 cm /Im1 Do Q")
        if header:
            ops.append(b"BT /F1 8 Tf 72 815 Td (" + _pdf_string(header) + b") Tj ET")
        for text, size, *bold in lines:
            font = b"F2" if bold and bold[0] else b"F1"
            ops.append(b"BT /" + font + b" %d Tf 72 %d Td (" % (size, y) + _pdf_string(text) + b") Tj ET")
            y -= int(size * 1.5)
        if footer:
            ops.append(b"BT /F1 8 Tf 290 30 Td (%d) Tj ET" % (i + 1))
        content = StreamObject()
        content.set_data(b"\n".join(ops))
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = writer._add_object(content)
    for start, style in (labels or {}).items():
        end = min([s for s in labels if s > start], default=len(pages)) - 1
        writer.set_page_label(start, end, style=style)
    if password:
        writer.encrypt(password, algorithm="RC4-128")  # AES would need the cryptography package
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


# Host-page sheets the embedded widget must withstand: an ordinary CMS rule and a hostile one.
HOST_CSS = {"cms": "aside div { color: rgb(0, 128, 0); font-family: Impact, fantasy; font-size: 30px;"
                  " line-height: 3; letter-spacing: 4px; }",
            "important": "* { color: rgb(255, 0, 0) !important; font-family: Impact, fantasy !important;"
                         " letter-spacing: 4px !important; }"}
