"""Cost of one rate-limiter hit with 8 threads at once, this checkout's Limiter against another's.

The limiter alone, in one process: on a shared 2-core machine a whole-server p99 moves more
with the neighbours' load than with the limiter.

    python bench/ratelimit_cost.py [--other ../main/web/ratelimit.py]
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod

def run(mod, threads: int = 8, hits: int = 1500) -> str:
    """`threads` threads each hitting one limiter `hits` times (4 client addresses, a limit never reached)."""
    with tempfile.TemporaryDirectory() as tmp:
        limiter = mod.Limiter(Path(tmp) / "rl.sqlite3", per_minute=10**9)
        latencies: list[float] = []
        lock = threading.Lock()

        def worker(i: int) -> None:
            mine = []
            for n in range(hits):
                t = time.perf_counter()
                limiter.hit(f"10.0.0.{(i + n) % 4}")
                mine.append((time.perf_counter() - t) * 1e6)
            with lock:
                latencies.extend(mine)

        workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        t0 = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall = time.perf_counter() - t0
    latencies.sort()

    def q(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]

    return (f"p50 {q(50):.0f} µs, p99 {q(99):.0f} µs, max {latencies[-1] / 1000:.1f} ms, "
            f"{len(latencies) / wall:.0f} hits/s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--other", type=Path, help="another checkout's web/ratelimit.py to compare with")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    mods = {"this": load(ROOT / "web" / "ratelimit.py", "this_ratelimit")}
    if args.other:
        mods["other"] = load(args.other, "other_ratelimit")
    for _ in range(args.rounds):
        for name, mod in mods.items():
            print(f"{name:5} {run(mod)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
