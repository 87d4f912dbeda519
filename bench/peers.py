"""The product's search path beside bare engines on the same passages and queries, in one process.

Kokeiluhaku is timed through the whole `/api/search` path (Flask test client:
planning with expansions and typo repair, scoring, rerank, excerpts, facets,
JSON), every query once (each a response-cache miss); the peers are bare
engines over the same passages from the parse stage: Whoosh with the Snowball
Finnish stemmer (`quality.baseline`), and, when installed, bm25s and tantivy
(dev-only benchmark peers, not dependencies: `pip install bm25s==0.3.16
tantivy==0.27.0`). Queries: the dev and extra sets, the corpus-word queries
of `bench/latency.py` and misspelt corpus words (never the blind sets). Typo look-ups are timed inside the
product's run: the slowest query's total is the figure to keep under 2 ms.

    python bench/peers.py [--extra 130] [--typos 40] [--write]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from common import ROOT, machine, percentile, write_section
from latency import query_set
from quality import baseline
from whoosh.analysis import LanguageAnalyzer

from indexer.builder import ensure_index
from indexer.sources.load import load_corpus
from tests.support import make_test_app

Search = Callable[[str], object]
EXTRA_QUERIES = ROOT / "bench" / "data" / "extra_queries.yaml"


def product(tmp: Path) -> tuple[Search, list[float]]:
    """The app's /api/search through Flask's test client; also the typo look-up time of each query."""
    ensure_index(ROOT / "corpus", tmp / "index", tmp / "cache")
    app = make_test_app(tmp / "index", tmp / "cache")
    client = app.test_client()
    client.get("/healthz")
    typo_ms: list[float] = []
    with app.extensions["library"].acquire() as snap:
        engine = snap.engine
    plain = engine.suggest

    def timed(*args, **kwargs):
        t = time.process_time()  # CPU time: a look-up preempted by other work on the machine is not slower
        try:
            return plain(*args, **kwargs)
        finally:
            typo_ms[-1] += (time.process_time() - t) * 1000
    engine.suggest = timed

    def search(q: str):
        typo_ms.append(0.0)
        resp = client.get("/api/search", query_string={"q": q, "limit": 10})
        assert resp.status_code == 200, (q, resp.status_code)
        return resp.get_json()
    return search, typo_ms


def bm25s_peer(texts: list[str]) -> Search | None:
    try:
        import bm25s
    except ImportError:
        return None
    from whoosh.lang.snowball.finnish import FinnishStemmer
    stem = FinnishStemmer().stem
    stemmer = lambda words: [stem(w) for w in words]  # noqa: E731 (bm25s takes a list -> list callable)
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords=None, stemmer=stemmer, show_progress=False), show_progress=False)

    def search(q: str):
        tokens = bm25s.tokenize([q], stopwords=None, stemmer=stemmer, show_progress=False)
        return retriever.retrieve(tokens, k=min(10, len(texts)), show_progress=False)
    return search


def tantivy_peer(texts: list[str], tmp: Path) -> Search | None:
    try:
        import tantivy
    except ImportError:
        return None
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=True)
    schema = builder.build()
    (tmp / "tantivy").mkdir()
    index = tantivy.Index(schema, path=str(tmp / "tantivy"))
    writer = index.writer()
    for t in texts:
        writer.add_document(tantivy.Document(text=t))
    writer.commit()
    index.reload()
    searcher = index.searcher()

    def search(q: str):
        words = " ".join(w for w in q.replace('"', " ").replace(":", " ").split() if w.isalnum())
        query = index.parse_query(words or "kokeilu", ["text"])
        return [searcher.doc(a)["text"] for _, a in searcher.search(query, 10).hits]
    return search


def typo_queries(n: int, seed: int = 13) -> list[str]:
    """n corpus words (7+ letters) each typed with one letter dropped, doubled or swapped for another."""
    import random
    import re

    text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "corpus").glob("*.txt")))
    rng = random.Random(seed)
    words = rng.sample(sorted({w.lower() for w in re.findall(r"[^\W\d_]{7,}", text)}), n)
    out = []
    for w in words:
        i = rng.randrange(1, len(w))
        out.append(rng.choice((w[:i] + w[i + 1:], w[:i] + w[i] + w[i:], w[:i] + rng.choice("aeiklnorst") + w[i + 1:])))
    return out


def measure(systems: dict[str, Search], queries: list[str]) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each query through every system in turn (load on the machine hits them alike): wall and CPU ms.

    The CPU time (this process's) is the steadier figure on a machine shared with other work."""
    wall: dict[str, list[float]] = {name: [] for name in systems}
    cpu: dict[str, list[float]] = {name: [] for name in systems}
    for q in queries:
        for name, search in systems.items():
            t, c = time.perf_counter(), time.process_time()
            search(q)
            wall[name].append((time.perf_counter() - t) * 1000)
            cpu[name].append((time.process_time() - c) * 1000)
    return wall, cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra", type=int, default=130, help="corpus-word queries besides the dev set")
    ap.add_argument("--typos", type=int, default=40, help="misspelt corpus words besides those")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    extra = [q["q"] for q in yaml.safe_load(EXTRA_QUERIES.read_text(encoding="utf-8"))]
    queries = query_set(args.extra) + extra + typo_queries(args.typos)
    texts = [p.text for p in load_corpus(ROOT / "corpus").passages]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "fi").mkdir()
        ours, typo_ms = product(tmp)
        systems = {"Kokeiluhaku /api/search": ours}
        whoosh = baseline(load_corpus(ROOT / "corpus").passages, LanguageAnalyzer("fi"), tmp / "fi")
        systems["Whoosh + Snowball Finnish"] = lambda q: whoosh(q, 10)
        for name, peer in (("bm25s (Snowball stems)", bm25s_peer(texts)), ("tantivy", tantivy_peer(texts, tmp))):
            if peer is not None:
                systems[name] = peer
        wall, cpu = measure(systems, queries)
    lines = [f"{len(queries)} queries (the dev and extra sets, `bench/latency.py`'s corpus-word queries and "
             f"{args.typos} misspelt corpus words), {len(texts)} passages, one process, each query once; {machine()}. "
             "Command: `python bench/peers.py --write`.", "",
             "| system | p50 / p95 ms | × Whoosh+Snowball | CPU p50 / p95 ms | × Whoosh+Snowball |",
             "|---|---|---|---|---|"]
    ref = "Whoosh + Snowball Finnish"
    for name in systems:
        cells = []
        for t in (wall, cpu):
            p50, p95 = percentile(t[name], 50), percentile(t[name], 95)
            cells += [f"{p50:.2f} / {p95:.2f}",
                      f"{p50 / percentile(t[ref], 50):.1f}× / {p95 / percentile(t[ref], 95):.1f}×"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    corrected = [t for t in typo_ms if t > 0]
    lines += ["", f"Typo look-ups inside the product's run: {len(corrected)} queries looked one up; the slowest "
              f"query spent {max(corrected, default=0):.2f} ms of CPU on them in all (p50 "
              f"{percentile(corrected, 50):.2f} ms)."]
    body = "\n".join(lines)
    print(body)
    if args.write:
        write_section("peers", "## Beside other engines (issue 13)\n\n" + body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
