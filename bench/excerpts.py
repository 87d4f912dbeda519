"""Excerpt quality: the share of top-10 excerpts that carry a highlighted word.

A result whose excerpt shows none of the words it was found by makes people
re-read the whole passage (or skip a good hit), so every shown excerpt of a
matching passage should hold a <mark>. Asks a running server (GET /api/search),
so it measures exactly what people see.

    python bench/excerpts.py [--url http://127.0.0.1:5300] [--show-misses] [--write]
"""
from __future__ import annotations

import argparse
import json
import re
import urllib.parse
import urllib.request

from common import machine, write_section

# Everyday queries over the corpus's topics (models, places, services), Finnish and Swedish,
# typed the way people type: inflected, compound parts, no accents, two-word asks.
QUERIES = [
    "perhehoito Kouvola", "nuorisotakuu", "kotihoito Tampere", "ohjaamo", "valvonta",
    "familjevård", "asumispalvelut", "toimeentulotuki Vantaa", "lukiokoulutus yhteistyö",
    "palvelusuunnitelma", "omavalvonta", "hyvinvointiteknologia", "matalan kynnyksen palvelut",
    "ungdomsgaranti", "säästöt", "kokeilulaki", "asiakasvastaava", "henkiloston resursointi",
    "kela yhteistyö", "kuntakokeilujen tulokset",
]
MARK = re.compile(r"<mark>")


def search(url: str, q: str, limit: int = 10) -> list[dict]:
    query = urllib.parse.urlencode({"q": q, "limit": limit})
    with urllib.request.urlopen(f"{url.rstrip('/')}/api/search?{query}", timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8"))["results"]


def measure(url: str, queries: list[str]) -> tuple[int, int, list[tuple[str, int, str]]]:
    """(excerpts with a mark, excerpts shown, misses as (query, rank, excerpt))."""
    marked = shown = 0
    misses = []
    for q in queries:
        for rank, r in enumerate(search(url, q), 1):
            shown += 1
            if MARK.search(r.get("excerpt_html") or ""):
                marked += 1
            else:
                misses.append((q, rank, r.get("excerpt_html") or ""))
    return marked, shown, misses


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:5300")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--write", action="store_true", help="write the figure to docs/benchmarks.md")
    args = ap.parse_args(argv)
    marked, shown, misses = measure(args.url, QUERIES)
    share = marked / shown if shown else 0.0
    if args.show_misses:
        for q, rank, html in misses:
            print(f"[{q} #{rank}] {html[:200]}")
    line = (f"Top-10 excerpts with a <mark>: {marked}/{shown} = {share:.1%} over {len(QUERIES)} "
            f"everyday queries; {machine()}.")
    print(line)
    if args.write:
        write_section("excerpts", "## Excerpts\n\nCommand: `python bench/excerpts.py --write` "
                      "(a server on --url).\n\n" + line.replace("<mark>", "`<mark>`"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
