"""Growth to 100x the corpus: build time, index size, memory and search latency per scale.

The seed corpus (corpus/, 5 files) is grown with synthetic reports of its own
text recombined across documents and municipalities (`scale_corpus`), written
as .md/.txt files beside copies of the seed files.

Per scale: `python -m indexer build --force` as a child process (the production
build path with its progress bar, a fresh analysis cache) for wall time and
peak RSS (wait4), and the generation's size on disk; then `python server.py`
on that index (BUILD_ON_START off: it serves the built generation even if the
code changes meanwhile) and, after one warm-up query, every query of the set
sent once by C concurrent clients, then once more by a single client. The
texts are distinct and the second pass asks a different page size, so every
request misses the response cache and runs the full query path. Last the
server's resident memory from /proc.

    python bench/scale.py [--scales 1,10,100] [--clients 6] [--write] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml
from common import ROOT, machine, percentile, write_section
from latency import free_port, query_set
from scale_corpus import Pools, make_corpus

from indexer.index.generations import current_generation

SEED = ROOT / "corpus"
EXTRA_QUERIES = ROOT / "bench" / "data" / "extra_queries.yaml"
TARGETS = {"build_s": 600.0, "p95_ms": 150.0, "rss_mb": 500.0}  # the targets at 100x


def build(corpus: Path, work: Path) -> dict:
    """The production CLI build in a child process: wall time, peak RSS, counts, size on disk."""
    cmd = [sys.executable, "-m", "indexer", "build", "--force", "--corpus", str(corpus),
           "--index", str(work / "index"), "--cache", str(work / "cache")]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)  # stderr: the progress bar
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    m = re.search(r"(\d+) documents, (\d+) passages", out)
    if proc.returncode or not m:
        raise RuntimeError(f"build failed ({proc.returncode}): {out}")
    gen = current_generation(work / "index")
    size = sum(p.stat().st_size for p in gen.iterdir() if p.is_file())
    return {"docs": int(m.group(1)), "passages": int(m.group(2)), "build_s": seconds,
            "build_rss": usage.ru_maxrss / 1024, "index_mb": size / 2**20}


def serve(corpus: Path, work: Path, port: int, timeout: float = 300) -> subprocess.Popen:
    """server.py on the built index (no build on start, no rate limit); returns once /healthz is 200."""
    env = dict(os.environ, KOKEILUHAKU_INDEX_DIR=str(work / "index"), KOKEILUHAKU_CORPUS_DIR=str(corpus),
               KOKEILUHAKU_CACHE_DIR=str(work / "cache"), KOKEILUHAKU_RATELIMIT_ENABLED="false",
               KOKEILUHAKU_BUILD_ON_START="false")
    with open(work / "server.log", "w") as log:
        proc = subprocess.Popen([sys.executable, str(ROOT / "server.py"), "--port", str(port)], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not become ready")


def query(port: int, q: str, limit: int) -> tuple[float, bool]:
    """(HTTP latency in ms, cut short by the time budget) of one /api/search."""
    url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q, "limit": limit})
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as resp:
        body = json.load(resp)
    return (time.perf_counter() - t) * 1000, bool(body.get("partial"))


class Tally:
    """Answers from many client threads: [(latency ms, partial)] and a count of failed requests."""

    def __init__(self) -> None:
        self.out: list[tuple[float, bool]] = []
        self.errors = 0
        self._lock = threading.Lock()

    def ask(self, port: int, q: str, limit: int) -> None:
        try:
            r = query(port, q, limit)
        except (OSError, ValueError):
            with self._lock:
                self.errors += 1
            return
        with self._lock:
            self.out.append(r)


def load(port: int, queries: list[str], clients: int, limit: int) -> tuple[list[tuple[float, bool]], int]:
    """Each query once, split over `clients` threads: [(latency, partial)], errors."""
    tally = Tally()

    def client(mine: list[str]) -> None:
        for q in mine:
            tally.ask(port, q, limit)

    threads = [threading.Thread(target=client, args=(queries[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.out, tally.errors


def open_loop(port: int, queries: list[str], rate: float, limit: int,
              seed: int = 7) -> tuple[list[tuple[float, bool]], int]:
    """Requests arriving at `rate` a second (Poisson, each on its own thread), not waiting for each
    other: the latency a user sees when the server carries that load. (Closed-loop clients that
    send the next request the moment an answer comes measure the queue at saturation instead.)"""
    rng = random.Random(seed)
    tally = Tally()
    threads = []
    due = time.perf_counter()
    for q in rng.sample(queries, len(queries)):
        due += rng.expovariate(rate)
        time.sleep(max(0.0, due - time.perf_counter()))
        threads.append(threading.Thread(target=tally.ask, args=(port, q, limit)))
        threads[-1].start()
    for t in threads:
        t.join()
    return tally.out, tally.errors


def memory(pid: int) -> dict:
    """Resident memory of a process from /proc, in MB: now, peak, and its private (anonymous) part."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {k: int(status[f].split()[0]) / 1024 for k, f in (("rss", "VmRSS"), ("hwm", "VmHWM"), ("anon", "RssAnon"))}


def measure_server(corpus: Path, work: Path, queries: list[str], clients: int) -> dict:
    """Concurrent pass (limit=10), then a one-client pass on the same texts with limit=9: another
    response-cache key, so again the full query path, with the engine's own caches warm; then the
    same texts (limit=8) arriving open-loop at half the concurrent pass's throughput."""
    port = free_port()
    proc = serve(corpus, work, port)
    try:
        query(port, "kuntakokeilu", 10)  # warm-up: opens the snapshot's lazy parts once
        t0 = time.perf_counter()
        conc, errors = load(port, queries, clients, 10)
        wall = time.perf_counter() - t0
        seq, errors_seq = load(port, queries, 1, 9)
        rate = len(conc) / wall / 2
        steady, errors_steady = open_loop(port, queries, rate, 8)
        mem = memory(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    lat, one, steady_ms = [r[0] for r in conc], [r[0] for r in seq], [r[0] for r in steady]
    return {"p50": percentile(lat, 50), "p95": percentile(lat, 95), "qps": len(lat) / wall,
            "seq50": percentile(one, 50), "seq95": percentile(one, 95), "rate": rate,
            "open50": percentile(steady_ms, 50), "open95": percentile(steady_ms, 95),
            "errors": errors + errors_seq + errors_steady,
            "partial": sum(r[1] for r in conc + seq + steady), "requests": len(conc) + len(seq) + len(steady),
            **mem}


def queries_mix(extra: int) -> list[str]:
    """Dev and extra evaluation queries plus corpus-word queries, deduplicated."""
    more = [q["q"] for q in yaml.safe_load(EXTRA_QUERIES.read_text(encoding="utf-8"))]
    return list(dict.fromkeys(query_set(extra) + more))


COLUMNS = [("corpus MB", "mb", "{:.1f}"), ("documents", "docs", "{}"), ("passages", "passages", "{}"),
           ("build s", "build_s", "{:.0f}"), ("build peak RSS MB", "build_rss", "{:.0f}"),
           ("index MB", "index_mb", "{:.0f}"), ("p50 / p95 ms, C clients", ("p50", "p95"), "{:.0f}"),
           ("p50 / p95 ms, 1 client", ("seq50", "seq95"), "{:.0f}"), ("requests/s, C clients", "qps", "{:.1f}"),
           ("p50 / p95 ms at half that rate", ("open50", "open95"), "{:.0f}"),
           ("server RSS / peak MB", ("rss", "hwm"), "{:.0f}"), ("server private MB", "anon", "{:.0f}")]


def tables(rows: list[dict], clients: int) -> str:
    """The figures per scale, then each figure relative to the first scale."""
    def cell(r: dict, keys, fmt: str, base: dict | None) -> str:
        keys = keys if isinstance(keys, tuple) else (keys,)
        if base is None:
            return " / ".join(fmt.format(r[k]) for k in keys)
        return " / ".join(f"×{r[k] / base[k]:.1f}" if base[k] else "–" for k in keys)

    head = ("| scale | " + " | ".join(c[0].replace("C clients", f"{clients} clients") for c in COLUMNS)
            + " |\n|---" + "|---" * len(COLUMNS) + "|\n")
    out = []
    for base in (None, rows[0]):
        out.append(head + "".join(f"| {r['scale']}× | " + " | ".join(cell(r, k, f, base) for _, k, f in COLUMNS)
                                  + " |\n" for r in rows))
    return f"{out[0]}\nGrowth relative to {rows[0]['scale']}×:\n\n{out[1]}"


def verdict(row: dict, clients: int) -> str:
    checks = [("build", row["build_s"], TARGETS["build_s"], "s"),
              ("p95 search, 1 client", row["seq95"], TARGETS["p95_ms"], "ms"),
              (f"p95 search at {row['rate']:.1f} requests/s", row["open95"], TARGETS["p95_ms"], "ms"),
              ("server memory (peak RSS)", row["hwm"], TARGETS["rss_mb"], "MB")]
    return "; ".join(f"{name} {v:.0f} {u} (≤ {t:.0f}: {'met' if v <= t else 'missed'})"
                     for name, v, t, u in checks)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the seed corpus")
    ap.add_argument("--clients", type=int, default=6)
    ap.add_argument("--extra", type=int, default=150, help="corpus-word queries besides the evaluation sets")
    ap.add_argument("--keep", type=Path, help="build the corpora and indexes here and keep them")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    queries = queries_mix(args.extra)
    pools = Pools(SEED)
    base = args.keep or Path(tempfile.mkdtemp(prefix="kokeiluhaku-scale-"))
    rows = []
    try:
        for scale in scales:
            work = base / f"x{scale}"
            shutil.rmtree(work, ignore_errors=True)
            reports = make_corpus(pools, SEED, work / "corpus", scale)
            mb = sum(p.stat().st_size for p in (work / "corpus").iterdir()) / 2**20
            print(f"{scale}×: {reports} synthetic reports, {mb:.1f} MB; building", file=sys.stderr, flush=True)
            row = {"scale": scale, "mb": mb, **build(work / "corpus", work)}
            row.update(measure_server(work / "corpus", work, queries, args.clients))
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    body = report(rows, args, len(queries))
    print(body)
    if args.write:
        write_section("scale", "## Growth to 100× the corpus\n\n" + body)
    return 0


def report(rows: list[dict], args, n: int) -> str:
    body = (f"{machine()}. Command: `python bench/scale.py --scales {args.scales} --write`; one run. "
            "Scale 1× is corpus/; larger scales add synthetic reports recombined from its passages "
            "(`bench/scale_corpus.py`). Build: `python -m indexer build --force` in a child process, cold "
            "analysis cache, peak RSS from wait4. Search over HTTP (`python server.py`): "
            f"{n} distinct queries (dev and extra evaluation sets, corpus-word queries), every one a "
            f"response-cache miss: each sent once by {args.clients} concurrent clients without pauses "
            "(a saturation test: its figure is the throughput; on 2 cores with one Python process its latency "
            "is mostly queueing), then once more by one client (the time a search takes), then once more "
            "arriving open-loop (Poisson) at half the saturation throughput (the latency under a steady load "
            "the process can carry). Server memory from /proc after the three passes; private = RssAnon, the "
            "rest of RSS is the index's mapped pages (page cache, shared).\n\n"
            f"{tables(rows, args.clients)}\n"
            f"Errors: {sum(r['errors'] for r in rows)}; responses cut by the 2 s time budget: "
            + ", ".join(f"{r['scale']}×: {r['partial']}/{r['requests']}" for r in rows) + ".\n")
    if rows and rows[-1]["scale"] == 100:
        body += (f"\nTargets at 100×: {verdict(rows[-1], args.clients)}. At saturation ({args.clients} clients "
                 f"without pauses) p95 is {rows[-1]['p95']:.0f} ms: requests queue for the one Python "
                 "process; more load needs more processes (`docs/deployment.md`).\n")
    return body


if __name__ == "__main__":
    raise SystemExit(main())
