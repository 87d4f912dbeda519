"""`python -m indexer build [--force] [--no-wait]`: build (or reuse) the index with a progress bar.

Exit codes: 0 built or current, 1 failed (the live generation keeps serving),
3 another build is running and --no-wait was given.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from indexer.build import BuildBusy, ensure_index, text_progress

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m indexer")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the index if the corpus or code changed")
    b.add_argument("--force", action="store_true", help="rebuild even if the index is current")
    b.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    b.add_argument("--index", type=Path, default=ROOT / "var" / "index")
    b.add_argument("--cache", type=Path, default=ROOT / "var" / "cache")
    b.add_argument("--no-wait", action="store_true", help="exit (code 3) instead of waiting for a running build")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        report = ensure_index(args.corpus, args.index, args.cache, force=args.force, progress=text_progress(),
                              wait=not args.no_wait)
    except BuildBusy as exc:
        print(f"not building: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # noqa: BLE001 - one clear line; the traceback goes to the log
        logging.getLogger("indexer").debug("build failed", exc_info=True)
        print(f"build failed, the live generation keeps serving: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if not report.built:
        print(f"index is current: {report.generation} ({report.passages} passages, {report.posters} posters)")
        return 0
    print(f"built {report.generation}: {report.documents} documents, {report.passages} passages, "
          f"{report.posters} posters in {report.seconds:.1f} s")
    for name, reason in report.skipped:
        print(f"  skipped {name}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
