"""Checksums of a generation's files: recorded at build, verified before and while serving.

Sizes alone miss same-size garbage (an audit overwrote a live segment: /healthz
said 200 while almost half the searches failed). So a build records, per file,
its size, its modification time and its SHA-256 (as Lucene keeps a checksum per
file). Two ways to verify:

- `full`: hash every file (~15 ms for this corpus's 7 MB; before a generation is
  served, when a build asks whether the live one is current, and after a read failed);
- fast: only `stat` (a few microseconds a file; each health check and periodically
  while serving). A file whose size and mtime are as recorded is taken as whole; one
  whose mtime moved is hashed, since a copy or a touch changes mtime but not content.

Generations written before checksums existed record only sizes, and are checked by size.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)

SKIP = ("READERS.lock", "meta.json")  # the readers' lock changes; meta.json holds the record itself
CHUNK = 1 << 20


class IndexDamaged(OSError):
    """A generation's file does not hold what the build wrote (a short read, a bad checksum)."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def record(gen: Path) -> dict[str, dict]:
    """Name -> {size, mtime_ns, sha256} of every file a generation needs (meta.json's `files`)."""
    files = {}
    for p in sorted(gen.iterdir()):
        if p.is_file() and p.name not in SKIP and not p.name.endswith(("LOCK", ".tmp")):
            st = p.stat()
            files[p.name] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256(p)}
    return files


def verify(gen: Path, full: bool = False) -> list[str]:
    """What is wrong with a generation's files on disk ([] if nothing); see the module doc."""
    try:
        meta = json.loads((gen / "meta.json").read_text(encoding="utf-8"))
        files = meta.get("files") or {}
        if not isinstance(files, dict):
            raise ValueError("files is not a mapping")
    except (OSError, ValueError, AttributeError) as exc:
        return [f"meta.json is missing or unreadable ({exc.__class__.__name__})"]
    problems = []
    for name, want in files.items():
        problem = _check(gen / name, want if isinstance(want, dict) else {"size": want}, full)
        if problem:
            problems.append(f"index file {name} {problem}")
    return problems


def _check(path: Path, want: dict, full: bool) -> str:
    try:
        st = path.stat()
    except OSError:
        return "is missing"
    if st.st_size != want.get("size"):
        return f"is {st.st_size} bytes, expected {want.get('size')} (truncated or overwritten)"
    digest = want.get("sha256")
    if not digest or (not full and st.st_mtime_ns == want.get("mtime_ns")):
        return ""
    try:
        actual = sha256(path)
    except OSError as exc:
        return f"cannot be read ({exc.__class__.__name__})"
    return "" if actual == digest else "does not match its checksum (overwritten or corrupted)"
