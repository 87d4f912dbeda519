"""The live generation as this process serves it: `Library` follows `CURRENT`.

When a build switches generations, new requests get the new one while
requests already running finish on the snapshot they started with; the old
snapshot closes when its last reader leaves and its directory is deleted,
unless another process still reads it (reader locks, `indexer.index.generations`).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer.index import generations
from indexer.search.query import MAX_WORDS
from indexer.search.snapshot import Snapshot

log = logging.getLogger(__name__)

RECHECK_SECONDS = 1.0


class IndexUnavailable(RuntimeError):
    """No generation can be served yet (first build running or failed).

    Not a LookupError: a KeyError raised while a request searches is a bug to
    report as such, never to be mistaken for "index not ready".
    """


@dataclass
class _Open:
    """A snapshot this process serves, its reader lock and how many requests use it."""

    snap: Snapshot
    lock_fd: int
    readers: int = 0
    retired: bool = False


class Library:
    """Follows the live generation; hands out snapshots that stay valid while used.

    CURRENT is re-read at most every `recheck_seconds`. A new generation is
    opened by one request thread while the others keep answering from the old
    one; the old one is closed when its last reader leaves and then deleted,
    unless another process still holds its reader lock. A generation that
    fails to open (or whose files are damaged) is not switched to: the last
    good one keeps serving and `error` says why.
    """

    def __init__(self, index_dir: Path, time_limit: float | None = None,
                 recheck_seconds: float = RECHECK_SECONDS, max_words: int = MAX_WORDS):
        self.index_dir = index_dir
        self.time_limit = time_limit
        self.max_words = max_words
        self.recheck_seconds = recheck_seconds
        self.error = ""
        self._lock = threading.Lock()  # guards _open and the reader counts
        self._opening = threading.Lock()  # one thread at a time opens a new generation
        self._open: _Open | None = None
        self._checked = 0.0
        self._failed: str = ""  # a generation that would not open, not retried until CURRENT moves

    @property
    def generation(self) -> str | None:
        live = self._open
        return live.snap.gen.name if live else None

    @contextmanager
    def acquire(self) -> Iterator[Snapshot]:
        self._maybe_refresh()
        with self._lock:
            live = self._open
            if live is None:
                raise IndexUnavailable(self.error or "no index generation is available")
            live.readers += 1
        try:
            yield live.snap
        finally:
            with self._lock:
                live.readers -= 1
                done = live.retired and live.readers == 0
            if done:
                self._retire(live)

    def close(self) -> None:
        """Stop serving (tests, shutdown): the live snapshot closes once its readers leave."""
        with self._lock:
            live, self._open = self._open, None
            if live is not None:
                live.retired = True
                done = live.readers == 0
        if live is not None and done:
            self._retire(live, delete=False)

    def _maybe_refresh(self) -> None:
        now = time.monotonic()
        with self._lock:
            first = self._open is None
            if not first and now - self._checked < self.recheck_seconds:
                return
            self._checked = now
        # the first open makes everyone wait for it; later ones never block a request
        if self._opening.acquire(blocking=first):
            try:
                self._refresh()
            finally:
                self._opening.release()

    def _refresh(self) -> None:
        gen = generations.current_generation(self.index_dir)
        live = self._open
        if gen is None or (live is not None and live.snap.gen == gen) or gen.name == self._failed:
            return
        opened = self._open_generation(gen)
        if opened is None:
            return
        with self._lock:
            old, self._open = self._open, opened
            self.error = self._failed = ""
            if old is not None:
                old.retired = True
                done = old.readers == 0
        log.info("serving generation %s", gen.name)
        if old is not None and done:
            self._retire(old)

    def _open_generation(self, gen: Path) -> _Open | None:
        fd = generations.lock_reader(gen)
        if fd is None:  # being deleted: CURRENT has moved on, the next check follows it
            return None
        try:
            problems = generations.verify_generation(gen)
            if problems:
                raise ValueError("; ".join(problems))
            return _Open(Snapshot(gen, time_limit=self.time_limit, max_words=self.max_words), fd)
        except Exception as exc:  # noqa: BLE001 - any failure keeps the last good generation
            generations.release_reader(fd)
            self._failed = gen.name
            self.error = f"cannot open index generation {gen.name}: {exc}"
            log.error("%s; still serving %s", self.error, self.generation or "nothing")
            return None

    def _retire(self, old: _Open, delete: bool = True) -> None:
        """Close a snapshot nobody uses, drop its reader lock, delete it if no one else reads it."""
        old.snap.close()
        generations.release_reader(old.lock_fd)
        if delete and generations.remove_generation(self.index_dir, old.snap.gen):
            log.info("deleted retired generation %s", old.snap.gen.name)
