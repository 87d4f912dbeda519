"""Results people can scan: repeated posters and excerpts without a highlighted word.

Over 20 everyday queries, on a running server (GET /api/search), so it measures what
people see:
- flooding: the share of the top-10 passages (`results`) that repeat a poster already
  shown, and the same among the first 10 rows people see (`group=1`: a poster or section
  per row), which should be none;
- highlights: the share of shown excerpts that carry a <mark>. A result whose excerpt shows
  none of the words it was found by makes people re-read the whole passage (or skip a
  good hit), so every shown excerpt of a matching passage should hold one.

    python bench/scan.py [--url http://127.0.0.1:5000] [--show-misses] [--write]
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


def search(url: str, q: str, limit: int = 10, **extra: str) -> dict:
    query = urllib.parse.urlencode({"q": q, "limit": limit, **extra})
    with urllib.request.urlopen(f"{url.rstrip('/')}/api/search?{query}", timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8"))


def repeats(keys: list[str | None]) -> int:
    """Slots whose poster already stood in an earlier slot (passages of no poster never repeat)."""
    seen: set[str] = set()
    n = 0
    for k in keys:
        if k is not None:
            n += k in seen
            seen.add(k)
    return n


def measure(url: str, queries: list[str]) -> dict:
    """Counts over the queries: flat and grouped repeats, marked and shown excerpts, misses."""
    out = {"slots": 0, "flat_repeats": 0, "rows": 0, "row_repeats": 0, "marked": 0, "shown": 0, "misses": [],
           "rows_marked": 0}
    for q in queries:
        flat = search(url, q)["results"]
        out["slots"] += len(flat)
        out["flat_repeats"] += repeats([r.get("poster") for r in flat])
        rows = search(url, q, group="1")["groups"]
        out["rows"] += len(rows)
        out["row_repeats"] += repeats([g["key"] if g["kind"] == "poster" else None for g in rows])
        for rank, g in enumerate(rows, 1):
            out["rows_marked"] += any(MARK.search(x or "") for x in [g.get("title_html")]
                                      + [r.get("excerpt_html") for r in g["hits"]])
            for r in g["hits"]:
                out["shown"] += 1
                if MARK.search(r.get("excerpt_html") or ""):
                    out["marked"] += 1
                else:
                    out["misses"].append((q, rank, r.get("excerpt_html") or ""))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:5000")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--write", action="store_true", help="write the figure to docs/benchmarks.md")
    args = ap.parse_args(argv)
    m = measure(args.url, QUERIES)
    if args.show_misses:
        for q, rank, html in m["misses"]:
            print(f"[{q} #{rank}] {html[:200]}")
    lines = [
        f"- Top-10 passages (`results`) repeating a poster already shown: {m['flat_repeats']}/{m['slots']} = "
        f"{m['flat_repeats'] / max(1, m['slots']):.0%}",
        f"- First 10 rows (`group=1`, what the page and widget show) repeating a poster: "
        f"{m['row_repeats']}/{m['rows']}",
        f"- Shown excerpts (every passage under those rows) with a <mark>: {m['marked']}/{m['shown']} = "
        f"{m['marked'] / max(1, m['shown']):.1%}",
        f"- Rows showing a <mark> in their title or an excerpt: {m['rows_marked']}/{m['rows']} = "
        f"{m['rows_marked'] / max(1, m['rows']):.1%}",
    ]
    print("\n".join(lines))
    if args.write:
        write_section("excerpts", f"## Results people can scan\n\nCommand: `python bench/scan.py --write` "
                      f"(a server on --url); {len(QUERIES)} everyday queries; {machine()}.\n\n"
                      + "\n".join(lines).replace("<mark>", "`<mark>`"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
