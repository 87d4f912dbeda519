"""`python -m indexer build [--force] [--no-wait] [--json]`: build (or reuse) the index with a progress bar.

Exit codes: 0 built or current, 1 failed (the message says whether a live generation keeps serving),
3 another build is running and --no-wait was given. With --json, stdout is one
JSON object a line: {"progress": [done, total]} while indexing, then
{"report": {...}} or {"error": "..."}; the server builds this way, in a child
process, so a build's memory (~700 MB peak at 100x the corpus) is never its own.
"""
from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from indexer.builder import DEFAULT_CACHE, DEFAULT_CORPUS, DEFAULT_INDEX, BuildBusy, ensure_index, text_progress
from indexer.builder.child import EXIT_BUSY, EXIT_FAILED, emit, emit_progress
from indexer.builder.run import what_serves


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m indexer")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the index if the corpus or code changed")
    b.add_argument("--force", action="store_true", help="rebuild even if the index is current")
    b.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    b.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    b.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    b.add_argument("--no-wait", action="store_true", help="exit (code 3) instead of waiting for a running build")
    b.add_argument("--json", action="store_true", help="progress and the report as JSON lines on stdout")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    progress = emit_progress if args.json else text_progress()
    try:
        report = ensure_index(args.corpus, args.index, args.cache, force=args.force, progress=progress,
                              wait=not args.no_wait)
    except BuildBusy as exc:
        return fail(f"not building: {exc}", EXIT_BUSY, args.json)
    except Exception as exc:  # noqa: BLE001 - one clear line; the traceback goes to the log
        logging.getLogger("indexer").debug("build failed", exc_info=True)
        return fail(f"build failed ({what_serves(args.index)}): {type(exc).__name__}: {exc}", EXIT_FAILED,
                    args.json)
    if args.json:
        emit({"report": dataclasses.asdict(report)})
        return 0
    if not report.built:
        print(f"index is current: {report.generation} ({report.passages} passages, {report.posters} posters)")
        return 0
    print(f"built {report.generation}: {report.documents} documents, {report.passages} passages, "
          f"{report.posters} posters in {report.seconds:.1f} s")
    for name, reason in report.skipped:
        print(f"  skipped {name}: {reason}")
    return 0


def fail(message: str, code: int, as_json: bool) -> int:
    if as_json:
        emit({"error": message})
    else:
        print(message, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
