"""Index generations on disk: create, switch, verify, and delete them safely.

An index lives in a generation directory `gen-<stamp>/` beside a `CURRENT`
file naming the live one. A build writes a new generation and switches by
atomically replacing `CURRENT`, so a reader never sees a half-written index.
`PREVIOUS` names the last whole generation before it, kept on disk as the
fallback a reader serves if the live one is found damaged (see `integrity`):
a build needs room for three generations at once (live, fallback, new).

Deletion is safe across processes because every process that has a generation
open holds a shared flock on its READERS file; a deleter needs the exclusive
lock (non-blocking), so it skips any generation someone still reads. flock, not
lockf: its locks belong to the open file, so they also separate two Library
objects in one process, and the kernel drops them when a process is killed.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from indexer.index import integrity

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"  # the last good generation before CURRENT: kept on disk as the fallback
READERS = "READERS.lock"  # shared flock per open generation, see lock_reader


def current_generation(root: Path) -> Path | None:
    """The live generation directory, or None if there is none (or it is broken)."""
    name = current_name(root)
    gen = root / name
    return gen if name and (gen / "meta.json").is_file() else None


def current_name(root: Path) -> str:
    return _read_name(root / CURRENT)


def previous_name(root: Path) -> str:
    """The fallback generation's name ("" if none is kept)."""
    return _read_name(root / PREVIOUS)


def previous_generation(root: Path) -> Path | None:
    name = previous_name(root)
    gen = root / name
    return gen if name and name != current_name(root) and (gen / "meta.json").is_file() else None


def _read_name(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def new_generation(root: Path) -> Path:
    """A fresh, empty generation directory with its readers' lock file."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    gen = root / f"gen-{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    gen.mkdir()
    (gen / READERS).touch()
    return gen


def switch_generation(root: Path, gen: Path, previous: str | None = None) -> None:
    """Make `gen` live: write CURRENT.tmp, fsync, rename over CURRENT (atomic on POSIX).

    `previous` (a generation known to be whole) is recorded first as the fallback a
    reader turns to if the new one is damaged; it stays on disk until the next switch.
    """
    if previous is not None and previous != gen.name:
        _write_name(root, PREVIOUS, previous)
    _write_name(root, CURRENT, gen.name, pause="switch")
    _fsync_dir(root)


def _write_name(root: Path, name: str, value: str, pause: str = "") -> None:
    tmp = root / f"{name}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(value)
        f.flush()
        os.fsync(f.fileno())
    if pause:
        debug_pause(pause)
    os.replace(tmp, root / name)


def _fsync_dir(path: Path) -> None:
    """Persist the rename itself, so a power cut cannot bring back the old CURRENT."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lock_reader(gen: Path) -> int | None:
    """Take a shared lock that keeps `gen` from being deleted; None if it is gone or going.

    The file is checked after locking: a deleter may have removed it (or all of
    the generation) between our open and our lock.
    """
    path = gen / READERS
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        if os.stat(path).st_ino == os.fstat(fd).st_ino and (gen / "meta.json").is_file():
            return fd
    except OSError:  # locked by a deleter, or the file vanished
        pass
    os.close(fd)
    return None


def release_reader(fd: int) -> None:
    os.close(fd)  # closing the last descriptor drops the flock


def remove_generation(root: Path, gen: Path) -> bool:
    """Delete a generation unless it is live, the kept fallback, or any process holds it open."""
    try:
        fd = os.open(gen / READERS, os.O_RDWR | os.O_CREAT, 0o644)
    except FileNotFoundError:
        return False  # already gone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False  # a reader (or a build) still has it
    try:
        if gen.name in (current_name(root), previous_name(root)):
            return False
        (gen / "meta.json").unlink(missing_ok=True)  # readers check it after locking
        shutil.rmtree(gen, ignore_errors=True)
        return True
    finally:
        os.close(fd)


def remove_generations(root: Path, keep: Iterable[str] = ()) -> list[str]:
    """Delete every generation not live, not in `keep` and not open anywhere, and stray
    CURRENT tmp files. Only call this holding the build lock: a build in progress
    looks exactly like a leftover."""
    keep = set(keep) | {current_name(root), previous_name(root)}
    removed = [p.name for p in sorted(root.glob("gen-*"))
               if p.name not in keep and p.is_dir() and remove_generation(root, p)]
    for tmp in [*root.glob(f"{CURRENT}.*.tmp"), *root.glob(f"{PREVIOUS}.*.tmp")]:
        tmp.unlink(missing_ok=True)
    return removed


def sync_generation(gen: Path) -> None:
    """fsync every file and the directory: CURRENT must never name data still in page cache."""
    for path in gen.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(gen)


def index_files(gen: Path) -> dict[str, dict]:
    """Size, mtime and SHA-256 of every file a generation needs: recorded in meta.json at build."""
    return integrity.record(gen)


def verify_generation(gen: Path, full: bool = False) -> list[str]:
    """What is wrong with a generation's files on disk ([] if nothing); `full` hashes every file."""
    return integrity.verify(gen, full=full)


def debug_pause(stage: str) -> None:
    """Test hook: with KOKEILUHAKU_TEST_PAUSE_AT=<stage> a build stops here for a while
    (KOKEILUHAKU_TEST_PAUSE_SECONDS, default 30), so a test can kill -9 it at that point."""
    if os.environ.get("KOKEILUHAKU_TEST_PAUSE_AT") != stage:
        return
    sys.stderr.write(f"PAUSED {stage}\n")
    sys.stderr.flush()
    time.sleep(float(os.environ.get("KOKEILUHAKU_TEST_PAUSE_SECONDS", "30")))
