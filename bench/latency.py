"""Start-up time and /api/search latency over HTTP with concurrent clients.

Starts `python server.py` as a subprocess on a free port with a fresh index
directory (cold start: the index is built), restarts it on the same index
(warm start), sends every query once from one client (each a cache miss: the
full query path), then runs C client threads, each sending the query set R
times in its own order (repeats are served from the response cache, as in
production), and with --misses N, N further queries none of them asked, shared out among the
clients (the throughput of the whole search path rather than of the cache). The query set is
the dev queries plus 2-3 word queries drawn from the corpus vocabulary with a fixed seed.

    python bench/latency.py [--clients 8] [--rounds 10] [--misses 400] [--workers N] [--ratelimit]
                            [--server PATH] [--write]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml
from common import DEV_QUERIES, ROOT, machine, percentile, write_section


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(index_dir: Path, port: int, timeout: float = 120, ratelimit: bool = False,
          server: Path = ROOT / "server.py") -> tuple[subprocess.Popen, float]:
    """Start the server; returns it and the seconds until /healthz answered 200.

    One load generator on 127.0.0.1 is one "client" to the rate limiter: without
    `ratelimit` it is off (measure search, not 429s); with it, it is on with a limit
    no run reaches, so what is measured is what counting costs.
    """
    env = dict(os.environ, KOKEILUHAKU_INDEX_DIR=str(index_dir), KOKEILUHAKU_CACHE_DIR=str(index_dir / "cache"),
               KOKEILUHAKU_RATELIMIT_ENABLED="true" if ratelimit else "false",
               KOKEILUHAKU_RATELIMIT_PER_MINUTE="1000000000", KOKEILUHAKU_RATELIMIT_FILE=str(index_dir / "rl.sqlite3"))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(server), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/healthz"
    while time.perf_counter() - t0 < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200 and json.load(r).get("ok"):
                    return proc, time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not become ready")


def load(port: int, queries: list[str], clients: int, rounds: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        for r in range(rounds):
            for i in range(len(queries)):
                q = queries[(i + offset + r) % len(queries)]
                url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10})
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=30) as resp:
                        resp.read()
                except OSError:
                    with lock:
                        errors[0] += 1
                    continue
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def load_misses(port: int, queries: list[str], clients: int) -> tuple[list[float], float]:
    """C clients sharing out queries no server has seen (each asked once): the throughput of
    the whole search path, not of the response cache. Returns latencies and wall seconds."""
    shares = [queries[i::clients] for i in range(clients)]
    t0 = time.perf_counter()
    latencies: list[float] = []
    lock = threading.Lock()

    def client(share: list[str]) -> None:
        got, _ = load(port, share, 1, 1)
        with lock:
            latencies.extend(got)
    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0


def query_set(n: int, seed: int = 7) -> list[str]:
    """Dev queries plus n corpus-word queries, fixed by the seed."""
    import random
    import re

    dev = [q["q"] for q in yaml.safe_load(DEV_QUERIES.read_text(encoding="utf-8"))]
    text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "corpus").glob("*.txt")))
    vocab = sorted({w.lower() for w in re.findall(r"[^\W\d_]{5,}", text)})
    rng = random.Random(seed)
    return dev + [" ".join(rng.sample(vocab, rng.choice((2, 3)))) for _ in range(n)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--extra", type=int, default=170, help="corpus-word queries besides the dev set")
    ap.add_argument("--misses", type=int, default=0, help="then this many unseen queries shared out among the clients")
    ap.add_argument("--workers", type=int, help="the server's WORKERS (default: its own, one per core)")
    ap.add_argument("--ratelimit", action="store_true", help="rate limiter on (a limit never reached)")
    ap.add_argument("--server", type=Path, default=ROOT / "server.py", help="server.py of another checkout")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    queries = query_set(args.extra)
    if args.workers is not None:
        os.environ["KOKEILUHAKU_WORKERS"] = str(args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        port = free_port()
        proc, cold = start(index_dir, port, ratelimit=args.ratelimit, server=args.server)
        proc.terminate()
        proc.wait()
        proc, warm = start(index_dir, port, ratelimit=args.ratelimit, server=args.server)
        try:
            misses, _ = load(port, queries, 1, 1)  # one client, every query a cache miss
            t0 = time.perf_counter()
            lat, errors = load(port, queries, args.clients, args.rounds)
            wall = time.perf_counter() - t0
            seen = set(queries)  # the dev queries among them too
            fresh = [q for q in query_set(args.misses, seed=11) if q not in seen]
            missed, miss_wall = load_misses(port, fresh, args.clients) if fresh else ([], 1.0)
        finally:
            proc.terminate()
            proc.wait()
    body = (f"{machine()}. Command: `python bench/latency.py --write`.\n\n"
            f"| measure | value |\n|---|---|\n"
            f"| cold start incl. index build (to /healthz 200) | {cold:.1f} s |\n"
            f"| warm start on an existing index | {warm:.1f} s |\n"
            f"| one client, {len(misses)} distinct queries (cache misses): p50 / p95 | "
            f"{percentile(misses, 50):.1f} / {percentile(misses, 95):.1f} ms |\n"
            f"| /api/search requests ({args.clients} concurrent clients, {args.rounds} rounds) | "
            f"{len(lat)} ok, {errors} errors |\n"
            f"| p50 / p95 / p99 latency | {percentile(lat, 50):.1f} / {percentile(lat, 95):.1f} / "
            f"{percentile(lat, 99):.1f} ms |\n"
            f"| throughput | {len(lat) / wall:.0f} requests/s |\n"
            + (f"| {len(missed)} further distinct queries shared out among the {args.clients} clients (every one a "
               f"cache miss): p50 / p95, throughput | {percentile(missed, 50):.1f} / {percentile(missed, 95):.1f} ms, "
               f"{len(missed) / miss_wall:.0f} requests/s |\n" if missed else ""))
    print(body)
    if args.write:
        write_section("latency", "## Latency and start-up\n\n" + body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
