"""Pages on a phone (headless Debian chromium): how wide and how tall each page is at 320 and 390 px.

Reflow (WCAG 1.4.10) asks that nothing be wider than a 320 px screen; a page's height says how far
a person scrolls on a phone (issue 12 measured /kunnat/Kouvola at 16,755 px and the report at
212,748 px before posters were summarised and the report split into parts). Every poster page is
measured and the widest reported.

    python bench/phone.py [--write]
"""
from __future__ import annotations

import argparse
import json
import tempfile
import urllib.request
from pathlib import Path

from browser import ARGS, CHROMIUM, start_server
from common import machine, write_section

PAGES = ["/", "/?q=kokeilu", "/kunnat", "/kunnat/Kouvola", "/kunnat/Kouvola?lang=sv",
         "/asiakirjat/vm-loppuraportti-2017", "/keskustelu?q=Mit%C3%A4+Kouvola+kokeili%3F"]
SIZE = "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"


def measure(url: str) -> dict:
    """{width: {path: (scroll width, scroll height)}}, poster pages folded into their widest, and the
    report's parts into their tallest."""
    from playwright.sync_api import sync_playwright

    with urllib.request.urlopen(url + "/api/posters") as r:
        posters = [f"/posterit/{p['id']}" for p in json.loads(r.read())["posters"]]
    with urllib.request.urlopen(url + "/asiakirjat/vm-loppuraportti-2017.json") as r:
        parts = [p["url"] for p in json.loads(r.read())["parts"]]
    out: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (320, 390):
            page = browser.new_context(viewport={"width": width, "height": 700}, is_mobile=True).new_page()
            sizes = {}
            for path in PAGES + posters + parts:
                page.goto(url + path)
                sizes[path] = tuple(page.evaluate(SIZE))
            out[width] = {path: sizes[path] for path in PAGES}
            out[width]["every poster (widest)"] = max((sizes[x] for x in posters), key=lambda s: s[0])
            out[width]["report parts (tallest)"] = max((sizes[x] for x in parts), key=lambda s: s[1])
        browser.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the result to docs/benchmarks.md")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url, server = start_server(Path(tmp) / "index")
        try:
            sizes = measure(url)
        finally:
            server.close()
    rows = [f"| `{path}` | {sizes[320][path][0]} | {sizes[390][path][1]:,} |" for path in sizes[320]]
    body = "\n".join([
        "## Phones: reflow and page height",
        "",
        "Each page in headless chromium as a phone (`is_mobile`): its scroll width at a 320 px screen "
        "(320 means it fits, WCAG 1.4.10) and its height at 390 px; `python bench/phone.py --write`.",
        "",
        "Before issue 12's changes: poster pages 403–499 px wide at 320, `/kunnat/Kouvola` 387 (sv) and "
        "16,812 px tall, the report one page of 213,792 px; `/kunnat` tables broke words mid-word.",
        "",
        "| page | width at 320 px | height at 390 px |",
        "|---|---|---|",
        *rows,
        "",
        f"Machine: {machine()}.",
    ])
    print(body)
    if args.write:
        write_section("phone", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
