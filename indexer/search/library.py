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
from collections.abc import Callable, Iterator
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
    unless another process still holds its reader lock (or it is the kept
    fallback, `PREVIOUS`). A generation is opened only if its checksums hold. A
    generation that fails to open, or whose files are found damaged while it
    serves (`check`: by size and mtime at each recheck, by checksum after a
    failed read), is dropped at once for the fallback generation if one is
    kept, and `on_damage` is told (the server starts a rebuild); `damaged` and
    `error` say why until CURRENT moves to a generation that opens.
    """

    def __init__(self, index_dir: Path, time_limit: float | None = None,
                 recheck_seconds: float = RECHECK_SECONDS, max_words: int = MAX_WORDS,
                 on_damage: Callable[[str], object] | None = None):
        self.index_dir = index_dir
        self.time_limit = time_limit
        self.max_words = max_words
        self.recheck_seconds = recheck_seconds
        self.on_damage = on_damage
        self.error = ""
        self.damaged = ""  # why the live generation is not served (while a fallback or nothing serves)
        self._lock = threading.Lock()  # guards _open and the reader counts
        self._opening = threading.Lock()  # one thread at a time opens or drops a generation
        self._open: _Open | None = None
        self._checked = 0.0
        self._hashed: dict[str, float] = {}  # generation -> when a read failure last had it hashed
        self._failed: set[str] = set()  # generations that would not open or were damaged: never retried

    @property
    def generation(self) -> str | None:
        live = self._open
        return live.snap.gen.name if live else None

    @property
    def fallback(self) -> bool:
        """True while a generation other than CURRENT serves because CURRENT is damaged."""
        return bool(self.damaged) and self._open is not None

    @contextmanager
    def acquire(self) -> Iterator[Snapshot]:
        self._maybe_refresh()
        with self._lock:
            live = self._open
            if live is None:
                raise IndexUnavailable(self.damaged or self.error or "no index generation is available")
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

    def check(self, full: bool = False) -> list[str]:
        """Verify the generation being served; if it is damaged, drop it (see the class doc).

        The fast check stats its files; `full` (after a read failed) hashes them, at
        most once per `recheck_seconds * 5` per generation, so errors cannot make it a load.
        """
        live = self._open
        if live is None:
            return []
        name = live.snap.gen.name
        if full:
            now = time.monotonic()
            if now - self._hashed.get(name, -1e9) < self.recheck_seconds * 5:
                full = False
            else:
                self._hashed[name] = now
        problems = generations.verify_generation(live.snap.gen, full=full)
        if problems:
            with self._opening:
                self._drop(live, f"index generation {name} is damaged: {'; '.join(problems)}")
        return problems

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
            if not first:
                self.check()

    def _refresh(self) -> None:
        gen = generations.current_generation(self.index_dir)
        live = self._open
        if gen is None or (live is not None and live.snap.gen == gen):
            return
        if gen.name in self._failed:
            if live is None:
                self._open_fallback()
            return
        opened, error = self._open_generation(gen)
        if opened is None:
            if error:
                self._failed.add(gen.name)
                self.error = error
                self._tell(error)
                if self._open is None:
                    self._open_fallback()
            return
        self.error = self.damaged = ""
        self._install(opened)
        log.info("serving generation %s", gen.name)

    def _install(self, opened: _Open | None) -> None:
        with self._lock:
            old, self._open = self._open, opened
            done = False
            if old is not None:
                old.retired = True
                done = old.readers == 0
        if old is not None and done:
            self._retire(old)

    def _drop(self, bad: _Open, why: str) -> None:
        """Called holding `_opening`: stop serving a damaged generation, serve the fallback if any."""
        if self._open is not bad:
            return  # another thread dropped it already
        self._failed.add(bad.snap.gen.name)
        self.damaged = self.error = why
        log.error("%s; no longer serving it", why)
        self._install(None)
        self._open_fallback()
        self._tell(why)

    def _open_fallback(self) -> None:
        """Serve the kept previous generation, if there is one and it opens whole."""
        prev = generations.previous_generation(self.index_dir)
        if prev is None or prev.name in self._failed:
            return  # nothing to fall back to: 503s until a rebuild switches CURRENT
        opened, error = self._open_generation(prev)
        if opened is None:
            self._failed.add(prev.name)
            log.error("the fallback generation will not open either: %s", error)
            return
        self._install(opened)
        log.warning("serving the fallback generation %s", prev.name)

    def _tell(self, why: str) -> None:
        if self.on_damage is not None:
            try:
                self.on_damage(why)
            except Exception:  # noqa: BLE001 - the callback must not break serving
                log.exception("on_damage callback failed")

    def _open_generation(self, gen: Path) -> tuple[_Open | None, str]:
        """The generation opened (its checksums verified), or None with why ("" if it is being deleted)."""
        fd = generations.lock_reader(gen)
        if fd is None:  # being deleted: CURRENT has moved on, the next check follows it
            return None, ""
        try:
            problems = generations.verify_generation(gen, full=True)
            if problems:
                raise ValueError("; ".join(problems))
            return _Open(Snapshot(gen, time_limit=self.time_limit, max_words=self.max_words), fd), ""
        except Exception as exc:  # noqa: BLE001 - any failure keeps the last good generation
            generations.release_reader(fd)
            error = f"cannot open index generation {gen.name}: {exc}"
            log.error("%s; still serving %s", error, self.generation or "nothing")
            return None, error

    def _retire(self, old: _Open, delete: bool = True) -> None:
        """Close a snapshot nobody uses, drop its reader lock, delete it if no one else reads it."""
        old.snap.close()
        generations.release_reader(old.lock_fd)
        if delete and generations.remove_generation(self.index_dir, old.snap.gen):
            log.info("deleted retired generation %s", old.snap.gen.name)
