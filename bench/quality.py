"""Retrieval quality per query kind: plain Whoosh, Whoosh + Snowball Finnish, Kokeiluhaku.

All three index the same passages from the parse stage and are scored with
the shared evaluator's rules (gold snippet inside a returned passage).

    python bench/quality.py [--queries ../shared/eval/dev_queries.yaml] [--write]
"""
from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from pathlib import Path

from common import DEV_QUERIES, ROOT, machine, scorer, write_section
from whoosh import index as windex
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser

from indexer.builder import ensure_index
from indexer.search.library import Library
from indexer.sources.load import load_corpus


def baseline(passages, analyzer, tmp: Path):
    """A stock Whoosh index over the same passages; returns a search function."""
    ix = windex.create_in(str(tmp), Schema(id=ID(stored=True), text=TEXT(analyzer=analyzer, stored=True)))
    with ix.writer() as w:
        for p in passages:
            w.add_document(id=p.id, text=p.text)
    searcher = ix.searcher()
    parser = QueryParser("text", ix.schema, group=OrGroup.factory(0.9))

    def search(q: str, limit: int) -> list[dict]:
        return [{"text": h["text"]} for h in searcher.search(parser.parse(q), limit=limit)]
    return search


def evaluate(search, queries, ev) -> dict[str, list]:
    ranks = defaultdict(list)
    for q in queries:
        rank = ev.first_hit(search(q["q"], 10), q["gold"])
        ranks[q.get("kind", "-")].append(rank)
        ranks["ALL"].append(rank)
    return ranks


def summary(ranks: list) -> tuple[float, float, float]:
    n = len(ranks) or 1
    return (sum(r == 1 for r in ranks) / n, sum(bool(r and r <= 5) for r in ranks) / n,
            sum(1 / r for r in ranks if r and r <= 10) / n)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=Path, default=DEV_QUERIES)
    ap.add_argument("--write", action="store_true", help="write the table to docs/benchmarks.md")
    args = ap.parse_args(argv)
    ev = scorer()
    queries = ev.load_queries(str(args.queries))
    passages = load_corpus(ROOT / "corpus").passages
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "std").mkdir()
        (tmp / "fi").mkdir()
        ensure_index(ROOT / "corpus", tmp / "product", tmp / "cache")
        lib = Library(tmp / "product")

        def product(q, limit):
            with lib.acquire() as snap:
                return snap.search(q, limit=limit)["results"]
        systems = {"Whoosh StandardAnalyzer": baseline(passages, StandardAnalyzer(), tmp / "std"),
                   "Whoosh + Snowball Finnish": baseline(passages, LanguageAnalyzer("fi"), tmp / "fi"),
                   "Kokeiluhaku": product}
        results = {name: evaluate(fn, queries, ev) for name, fn in systems.items()}
    kinds = sorted(k for k in results["Kokeiluhaku"] if k != "ALL") + ["ALL"]
    lines = [f"Query set: `{args.queries.name}` ({len(queries)} queries), {len(passages)} passages; {machine()}.",
             "Command: `python bench/quality.py --write`. Cells: hit@5 / MRR@10.", "",
             "| kind | n | " + " | ".join(results) + " |", "|---|---|" + "---|" * len(results)]
    for k in kinds:
        cells = [f"{summary(r[k])[1]:.2f} / {summary(r[k])[2]:.2f}" for r in results.values()]
        lines.append(f"| {k} | {len(results['Kokeiluhaku'][k])} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section("quality", "## Retrieval quality\n\n" + table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
