"""Every evaluation set, tuned-on and blind, scored on one running server with the shared tools.

Blind sets (bench/data/blind/<date>-<search|chat>-<x>.yaml) were written from corpus/ alone by
helpers who had not read the code; the README in that folder says which were looked at while
tuning and which were held back. This runs `../shared/tools/evaluate_search.py` and
`evaluate_chat.py` as a user's tools would (over HTTP), so the figures are the ones an outside
measurement gets, and writes one table.

    python bench/blind.py [--url http://127.0.0.1:5000] [--write]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys

from common import DEV_QUERIES, ROOT, SHARED, machine, write_section

BLIND = ROOT / "bench" / "data" / "blind"
SEARCH_SETS = [("dev (smoke, tuned on)", DEV_QUERIES),
               ("extra (tuned on)", ROOT / "bench" / "data" / "extra_queries.yaml")]


def run(tool: str, *args: str) -> str:
    cmd = [sys.executable, str(SHARED / "tools" / tool), *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout


def search_row(url: str, name: str, path) -> str:
    out = run("evaluate_search.py", "--url", url, "--queries", str(path))
    everything = re.search(r"^ALL\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out, re.M)
    cross = re.search(r"^crosslingual\s+(\d+)\s+[\d.]+\s+([\d.]+)\s+([\d.]+)", out, re.M)
    n, h1, h5, mrr = everything.groups()
    cl = f"{cross.group(2)} / {cross.group(3)} ({cross.group(1)})" if cross else "–"
    return f"| {name} | {n} | {h1} | {h5} | {mrr} | {cl} |"


def chat_row(url: str, name: str, path) -> str:
    out = run("evaluate_chat.py", "--url", url, "--questions", str(path))
    total = re.search(r"^ALL (\d+)/(\d+) right \(([\d.]+)%\); citations not verbatim: (\d+)/(\d+)", out, re.M)
    kinds = dict(re.findall(r"^(\w+)\s+(\d+/\d+)$", out, re.M))
    ok, n, pct, bad, quotes = total.groups()
    per = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    return f"| {name} | {n} | {pct}% | {per} | {bad}/{quotes} |"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:5000")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    search = SEARCH_SETS + [(f"blind {p.stem}", p) for p in sorted(BLIND.glob("*-search-*.yaml"))]
    chat = [(f"blind {p.stem}", p) for p in sorted(BLIND.glob("*-chat-*.yaml"))]
    lines = ["| search set | n | hit@1 | hit@5 | MRR@10 | cross-lingual hit@5 / MRR (n) |", "|---|---|---|---|---|---|"]
    lines += [search_row(args.url, name, path) for name, path in search]
    lines += ["", "| chat set | n | right | per kind | citations not verbatim |", "|---|---|---|---|---|"]
    lines += [chat_row(args.url, name, path) for name, path in chat]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("blind", "## Tuned-on and blind sets\n\nCommand: `python bench/blind.py --write` (a server "
                      f"started with the README's first command, on --url); {machine()}. Which sets were looked "
                      "at while tuning: `bench/data/blind/README.md`.\n\n" + table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
