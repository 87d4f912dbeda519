"""Lighthouse (mobile) on the main pages of a running server: the four category scores and the
layout shift and largest paint behind the performance score.

Lighthouse 12 comes from the npm registry into var/lighthouse on first use and drives Debian's
Chromium headless, with its default mobile emulation (a mid-range phone on a slow network, the
CPU slowed 4x): the figures say how a phone user on a poor connection gets the pages.

    python bench/lighthouse.py [--url http://127.0.0.1:5000] [--write]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from common import ROOT, machine, write_section

VERSION = "12.8.2"
PAGES = [("home", "/"), ("results", "/?q=perhehoito+Vantaa"),
         ("poster", "/posterit/vantaa-perhehoito-erityista-tukea-tarvitseville"),
         ("report", "/asiakirjat/vm-loppuraportti-2017")]
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


def lighthouse() -> Path:
    """The lighthouse CLI, installed into var/lighthouse once."""
    home = ROOT / "var" / "lighthouse"
    cli = home / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(home), f"lighthouse@{VERSION}"], check=True)
    return cli


def audit(cli: Path, url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run([str(cli), url, "--quiet", "--form-factor=mobile", "--output=json", f"--output-path={out}",
                        "--chrome-path=/usr/bin/chromium", f"--chrome-flags={FLAGS}"],
                       check=True, capture_output=True, timeout=180)
        return json.loads(out.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:5000")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    cli = lighthouse()
    rows = ["| page | performance | accessibility | best practices | SEO | layout shift | largest paint |",
            "|---|---|---|---|---|---|---|"]
    for name, path in PAGES:
        report = audit(cli, args.url.rstrip("/") + path)
        score = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        shift = report["audits"]["cumulative-layout-shift"]["displayValue"]
        paint = report["audits"]["largest-contentful-paint"]["displayValue"]
        rows.append(f"| {name} `{path}` | {score['performance']} | {score['accessibility']} | "
                    f"{score['best-practices']} | {score['seo']} | {shift} | {paint} |")
    table = "\n".join(rows)
    print(table)
    if args.write:
        write_section("lighthouse", "## Lighthouse, mobile (issue 12)\n\n"
                      f"Command: `python bench/lighthouse.py --write` (Lighthouse {VERSION}, its default mobile "
                      f"emulation, Debian's Chromium; a server started with the README's first command); "
                      f"{machine()}.\n\n" + table + "\n\nBefore `web/static/fold.js` (the filter and contents "
                      "panels folded after the first paint on phones) the results and report pages scored 81 "
                      "for performance, with a layout shift of 0.42 and 0.40.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
