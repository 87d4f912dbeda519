"""Per-client rate limit that holds across worker processes: counters in SQLite.

A sliding window, approximated the usual way from two fixed one-minute
windows: the estimate is this minute's count plus last minute's count
weighted by how much of last minute still lies inside the sliding window.
Counters live in one SQLite file (config RATELIMIT_FILE, WAL mode), so every
process and thread serving the app draws from the same budget; an update is
one short write transaction on the process's one connection (see `Limiter`).
Refused requests are not counted, and the 429 goes through the one error
handler with a Retry-After header.

The client is REMOTE_ADDR. Behind a reverse proxy, configure waitress's
trusted_proxy (config TRUSTED_PROXY) so that is the real client, not the proxy.
Static files and /healthz are never limited.
"""
from __future__ import annotations

import logging
import math
import os
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

from flask import Flask, current_app, request
from werkzeug.exceptions import TooManyRequests

from web.settings import Settings, settings

log = logging.getLogger(__name__)

WINDOW = 60.0
EXEMPT_PREFIXES = ("/static/", "/healthz")


class RateLimited(TooManyRequests):
    """429 carrying the seconds to wait; web/errors.py turns it into Retry-After."""

    def __init__(self, retry_after: int):
        super().__init__(f"too many requests; retry after {retry_after} s")
        self.retry_after = retry_after


class Limiter:
    """`hit(key)` -> 0 if allowed (and counted), else seconds until a request would pass.

    One connection per process, used under a process-wide lock: the threads of a
    process take turns in memory (microseconds) instead of in SQLite, whose busy
    handler sleeps whole milliseconds, then tens of them, when two writers collide.
    That, and a connection opened per request, made the limiter itself the latency
    tail (p99 0.9-1.3 s at 8 connections, 0.2 s without it). Across processes the
    write transaction (BEGIN IMMEDIATE) still keeps the count exact.
    """

    def __init__(self, path: Path, per_minute: int):
        self.path = Path(path)
        self.per_minute = max(1, int(per_minute))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")  # persistent: readers and the writer do not block
            db.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT, window INTEGER, count INTEGER, "
                       "PRIMARY KEY (key, window)) WITHOUT ROWID")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA synchronous=OFF")  # counters, not records: speed over durability
        return db

    def _connection(self) -> sqlite3.Connection:
        """This process's connection (called holding the lock; a forked child opens its own)."""
        if self._db is None or self._pid != os.getpid():
            self._db, self._pid = self._connect(), os.getpid()
        return self._db

    def hit(self, key: str, now: float | None = None) -> int:
        now = time.time() if now is None else now
        with self._lock:
            try:
                return self._hit(self._connection(), key, now)
            except sqlite3.Error:
                self.close()  # a broken connection is not reused
                raise

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _hit(self, db: sqlite3.Connection, key: str, now: float) -> int:
        window = int(now // WINDOW)
        elapsed = now - window * WINDOW
        db.execute("BEGIN IMMEDIATE")  # one writer at a time across processes: no lost updates
        try:
            rows = dict(db.execute("SELECT window, count FROM hits WHERE key = ? AND window >= ?",
                                   (key, window - 1)).fetchall())
            current, previous = rows.get(window, 0), rows.get(window - 1, 0)
            wait = self.retry_after(current, previous, elapsed)
            if not wait:
                db.execute("INSERT INTO hits VALUES (?, ?, 1) ON CONFLICT (key, window) "
                           "DO UPDATE SET count = count + 1", (key, window))
                if current == 0:  # first hit of a window: forget windows nobody needs
                    db.execute("DELETE FROM hits WHERE window < ?", (window - 1,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return wait

    def retry_after(self, current: int, previous: int, elapsed: float) -> int:
        """0 if one more request fits the sliding window, else whole seconds to wait."""
        limit = self.per_minute
        weight = 1.0 - elapsed / WINDOW
        if current + previous * weight + 1 <= limit:
            return 0
        if current + 1 <= limit:  # wait until last minute's share has slid out far enough
            t = WINDOW * (1.0 - (limit - 1 - current) / previous) - elapsed
        else:  # this minute is full: into the next one, until this minute's share fits
            t = (WINDOW - elapsed) + WINDOW * max(0.0, 1.0 - (limit - 1) / current)
        return max(1, math.ceil(t))


def check() -> None:
    """before_request: count this client's request or refuse it with a 429."""
    if not settings().ratelimit_enabled or request.path.startswith(EXEMPT_PREFIXES):
        return
    limiter: Limiter = current_app.extensions["ratelimit"]
    key = request.remote_addr or "unknown"
    try:
        wait = limiter.hit(key)
    except sqlite3.Error as exc:  # the limiter must never take the service down
        log.warning("rate limiter unavailable (%s); letting the request through", exc)
        return
    if wait:
        log.info("rate limit: %s refused for %d s", key, wait)
        raise RateLimited(wait)


def register(app: Flask, settings: Settings) -> None:
    if settings.ratelimit_enabled:
        app.extensions["ratelimit"] = Limiter(settings.ratelimit_file, settings.ratelimit_per_minute)
    app.before_request(check)
