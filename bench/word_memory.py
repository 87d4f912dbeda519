"""RSS growth of a serving process over made-up query words (issue 14: at most 20 MB per 100,000).

What a search does for each word before correcting it (`Planner.known`: a Voikko analysis,
then a look-up of every form in the index) for N words nobody indexed, with the word memo
bounded as the server bounds it (`bounded`) or not (`unbounded`, as a build keeps it).

    python bench/word_memory.py bounded|unbounded [N] [--index var/index]
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.builder import DEFAULT_CACHE, DEFAULT_INDEX, ensure_index  # noqa: E402
from indexer.index import generations  # noqa: E402
from indexer.language import morph  # noqa: E402
from indexer.search.snapshot import Snapshot  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["bounded", "unbounded"])
    ap.add_argument("n", type=int, nargs="?", default=100_000)
    ap.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    args = ap.parse_args(argv)
    ensure_index(ROOT / "corpus", args.index, DEFAULT_CACHE)
    morph.load_cache(DEFAULT_CACHE)
    if args.mode == "bounded":
        morph.bound_memo()
    snap = Snapshot(generations.current_generation(args.index))
    for q in ("kokeilu", "nuorisotakuu kouvola"):
        snap.search(q)
    rng = random.Random(1)
    words = ["".join(rng.choice("aeiouykstlnmrpvhj") for _ in range(rng.randint(6, 12))) for _ in range(args.n)]
    before = rss_mb()
    for w in words:
        snap.planner.known(w)
    after = rss_mb()
    print(f"{args.mode}, {args.n} words: RSS {before:.0f} -> {after:.0f} MB (+{after - before:.1f} MB), "
          f"memo (corpus, recent) {morph.memo_sizes()}")
    snap.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
