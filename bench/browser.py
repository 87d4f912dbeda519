"""Time to first result for a typed query in a real browser (headless Debian chromium).

Starts the app on a free port (waitress, as in production), opens the search
page, types a query at a brisk typing speed and measures, inside the page,
from the last keystroke to the moment the results for that query are in the
DOM. That span includes search.js's debounce, the fetch of the results
fragment, server time and the DOM swap: what a person actually waits for.

    python bench/browser.py [--runs 20] [--write]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
from pathlib import Path

from common import ROOT, machine, percentile, write_section

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
QUERIES = ["kotihoito", "nuorisotakuu", "ohjaamo", "asumispalvelut", "kouvola", "mitä opittiin",
           "valvonta", "kela yhteistyö", "hemvård", "ungdomsgaranti", "lukio", "päihdekuntoutus",
           "ikäihmiset", "työllisyys", "perhekeskus", "säästöt", "hyvinvointi", "joensuu", "tampere",
           "kokeilulaki"]
TYPING_DELAY_MS = 40

WATCH = """want => { window.ttfr = new Promise(resolve => {
  const box = document.getElementById('q');
  let last = 0;
  box.addEventListener('input', () => { last = performance.now(); });
  const region = document.getElementById('results-region');
  new MutationObserver((_, obs) => {
    const r = document.getElementById('results');
    if (r && r.dataset.query === want && r.querySelector('.hit')) {
      obs.disconnect();
      resolve(performance.now() - last);
    }
  }).observe(region, {childList: true, subtree: true});
}); }"""


def start_server(index_dir: Path):
    """The app on a free port in a daemon thread; returns (url, server)."""
    from waitress.server import create_server

    from server import create_app

    app = create_app({"INDEX_DIR": str(index_dir), "CACHE_DIR": str(ROOT / "var" / "cache"),
                      "TESTING": True, "BUILD_ON_START": True})
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}", server


def measure(url: str, runs: int) -> list[float]:
    """Milliseconds from last keystroke to results, one fresh page per query."""
    from playwright.sync_api import sync_playwright

    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(url + "/")  # warm-up: first page load, suggestion table, caches
        page.locator("#q").press_sequentially("kokeilu", delay=TYPING_DELAY_MS)
        page.wait_for_selector('#results[data-query="kokeilu"] .hit')
        for i in range(runs):
            q = QUERIES[i % len(QUERIES)]
            page.goto(url + "/")
            page.evaluate(WATCH, q)  # stores window.ttfr, a promise of the span in ms
            page.locator("#q").press_sequentially(q, delay=TYPING_DELAY_MS)
            timings.append(float(page.evaluate("Promise.race([window.ttfr, new Promise((_, no) => "
                                               "setTimeout(() => no(new Error('no results')), 10000))])")))
        browser.close()
    return timings


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--write", action="store_true", help="write the result to docs/benchmarks.md")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url, server = start_server(Path(tmp) / "index")
        try:
            ms = measure(url, args.runs)
        finally:
            server.close()
    body = "\n".join([
        "## Browser: time to first result",
        "",
        f"A query typed into the search page (headless chromium, {TYPING_DELAY_MS} ms between keys), "
        "measured in the page from the last keystroke until that query's results are in the DOM "
        "(includes search.js's 180 ms debounce, the fragment fetch, the search and the swap). "
        f"{len(ms)} runs over {len(set(QUERIES[:len(ms)]))} different queries; `python bench/browser.py --write`.",
        "",
        "| median | p90 | min | max |",
        "|---|---|---|---|",
        f"| {statistics.median(ms):.0f} ms | {percentile(ms, 90):.0f} ms | {min(ms):.0f} ms | {max(ms):.0f} ms |",
        "",
        f"Machine: {machine()}.",
    ])
    print(body)
    if args.write:
        write_section("browser", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
