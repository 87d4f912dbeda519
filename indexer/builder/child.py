"""The build child's protocol, in one place: how the server runs `python -m indexer build --json`.

The server builds in a child process so a build's memory (~700 MB peak at 100x the corpus)
is never its own. Both ends of the pipe live here: `command` is the child's command line,
`emit` writes one JSON line in the child (`{"progress": [done, total]}`, then `{"report": …}`
or `{"error": …}`), `read` parses them in the parent; `EXIT_BUSY` is the exit code of a child
that found another build running with `--no-wait`.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from indexer.builder.run import ROOT, BuildBusy, BuildReport, reuse
from indexer.index import generations

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_BUSY = 0, 1, 3


def command(corpus_dir: Path, index_dir: Path, cache_dir: Path, force: bool = False,
            json_lines: bool = True, wait: bool = True) -> list[str]:
    """The command line of a build child (the same as a person would type, plus --json)."""
    cmd = [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus_dir), "--index", str(index_dir),
           "--cache", str(cache_dir)]
    return cmd + (["--json"] if json_lines else []) + (["--force"] if force else []) + ([] if wait else ["--no-wait"])


def emit(message: dict) -> None:
    """One JSON line on stdout. If the reader (the server) is gone, the build still finishes:
    the next start finds the index current instead of building again."""
    try:
        print(json.dumps(message, ensure_ascii=False), flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit


def emit_progress(i: int, total: int) -> None:
    """Progress as JSON lines, about a hundred per build."""
    if total and (i == total or i % max(1, total // 100) == 0):
        emit({"progress": [i, total]})


def read(lines: Iterable[str]) -> Iterator[dict]:
    """The child's messages; lines that are not JSON objects (stray prints) are skipped."""
    for line in lines:
        if line.startswith("{"):
            yield json.loads(line)


def ensure_index_in_child(corpus_dir: Path, index_dir: Path, cache_dir: Path, force: bool = False,
                          progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """`ensure_index` in a child process (`command`): how the server builds.

    A build holds the corpus's passages, their analyses and Whoosh's writer
    buffers at once (~700 MB peak at 100x the corpus); in a child, that memory
    goes back to the system when it exits, and the serving process keeps its
    own size (~490 MB at 100x). Warnings the child logs go to our stderr.
    """
    if not force and (reused := reuse(index_dir, corpus_dir)):
        return reused
    report, error = None, ""
    before = generations.current_name(index_dir)
    with subprocess.Popen(command(corpus_dir, index_dir, cache_dir, force), cwd=ROOT, stdout=subprocess.PIPE,
                          text=True, encoding="utf-8") as proc:
        for msg in read(proc.stdout):
            if "progress" in msg and progress:
                progress(*msg["progress"])
            report = msg.get("report", report)
            error = msg.get("error", error)
    if report is None and (switched := _switched_from(before, index_dir, corpus_dir)):
        log.warning("the build child exited with %s after its generation went live", proc.returncode)
        return switched
    if report is None:
        raise (BuildBusy if proc.returncode == EXIT_BUSY else RuntimeError)(
            error or f"build exited with {proc.returncode}")
    return BuildReport(**dict(report, skipped=[tuple(s) for s in report["skipped"]]))


def _switched_from(before: str, index_dir: Path, corpus_dir: Path) -> BuildReport | None:
    """A child killed after its switch (cleaning up) still built what is live: that is no failure."""
    reused = reuse(index_dir, corpus_dir)
    if reused is None or reused.generation == before:
        return None
    reused.built = True
    return reused
