"""Kokeiluhaku web server: `python server.py [--host H] [--port P]`.

`create_app` follows Flask's flaskr pattern: embedded defaults, then
config.yaml (uppercase keys), then KOKEILUHAKU_* environment variables, then
`test_config`. The index is built in a background thread on first start (or
when the corpus changed); /healthz answers 503 with progress until it is ready.
Start-up first sweeps what killed builds and retired generations left behind.
Rebuilds while serving come from `python -m indexer build` (any process) or
POST /api/admin/reindex; /healthz starts one itself if the live generation's
files are damaged. See docs/deployment.md.
"""
from __future__ import annotations

import argparse
import ctypes
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from indexer.builder import (
    DEFAULT_CACHE,
    DEFAULT_CORPUS,
    DEFAULT_INDEX,
    DEFAULT_VAR,
    clean_leftovers,
    ensure_index_in_child,
)
from indexer.language import morph
from indexer.search.library import IndexUnavailable, Library
from web.settings import Settings

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent
REBUILD_BACKOFF = 60.0  # seconds after a failed build (or a rebuild for damage) before another for damage
DAMAGE_REASON = "damaged"
RETRY_REASON = "retrying a failed build"

DEFAULTS: dict[str, Any] = {
    "HOST": "127.0.0.1",
    "PORT": 5000,
    "CORPUS_DIR": str(DEFAULT_CORPUS),
    "INDEX_DIR": str(DEFAULT_INDEX),
    "CACHE_DIR": str(DEFAULT_CACHE),
    "BUILD_ON_START": True,
    "MAX_LIMIT": 50,
    "MAX_OFFSET": 1000,
    "MAX_QUERY_CHARS": 500,
    "MAX_QUERY_WORDS": 32,
    "SEARCH_TIME_LIMIT": 2.0,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "THREADS": 8,  # per worker process
    "WORKERS": 0,  # processes serving the port: 0 = one per core (Linux), 1 = a single process
    "CORS_ORIGINS": [],
    "FEEDBACK_FILE": str(DEFAULT_VAR / "feedback.jsonl"),
    "FEEDBACK_MAX_BYTES": 10 * 1024 * 1024,  # one feedback file at most; then it is rotated
    "FEEDBACK_BACKUPS": 2,  # rotated files kept: feedback takes at most (2 + 1) * 10 MB
    "CHANNEL_TIMEOUT": 30,  # waitress: seconds a connection may idle (also mid-request) before it is closed
    "CONNECTION_LIMIT": 1000,  # waitress: open connections at most (slow clients cost a socket, not a thread)
    "JSON_SORT_KEYS": False,
    "ADMIN_TOKEN": "",  # set KOKEILUHAKU_ADMIN_TOKEN to enable /api/admin/*
    "AUTO_REBUILD": True,  # /healthz rebuilds a damaged live generation
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_PER_MINUTE": 1200,
    "RATELIMIT_FILE": str(DEFAULT_VAR / "ratelimit.sqlite3"),
    "TRUSTED_PROXY": "",  # e.g. 127.0.0.1: take the client address from X-Forwarded-For
    "TRUSTED_PROXY_COUNT": 1,
    "TRUSTED_PROXY_HEADERS": "x-forwarded-for x-forwarded-proto x-forwarded-host",
    # Who runs this install (header, footer, accessibility statement); config.yaml says it
    "PUBLISHER": {"name": "", "url": "", "contact": "", "feedback_url": ""},
    "EXPORT_MAX_ROWS": 1000,  # CSV of a search: every matching row up to this many
}


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    path = Path(os.environ.get("KOKEILUHAKU_CONFIG", ROOT / "config.yaml"))
    if path.is_file():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        app.config.from_mapping({k.upper(): v for k, v in data.items()})
    for key in list(app.config):
        env = os.environ.get(f"KOKEILUHAKU_{key}")
        if env is not None:  # strings stay strings (a token "123" or "yes"); "8" -> 8, "[a, b]" -> list
            app.config[key] = env if isinstance(DEFAULTS.get(key), str) else yaml.safe_load(env)
    if test_config:
        app.config.from_mapping(test_config)


class IndexState:
    """Runs builds, one at a time, each in a child process watched by a background thread.

    /healthz reads `status`/`progress`/`error`; the admin status adds the rest.
    Another process building the same index makes ours wait on the build lock.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.status = "starting"
        self.progress = (0, 0)
        self.error = ""
        self.report = None
        self.reason = ""
        self.started = self.finished = 0.0
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, force: bool = False, reason: str = "start", wait: bool = False) -> bool:
        """Start a build unless one is running here; True if this call started it."""
        with self._lock:
            if self.running:
                return False
            self.status, self.reason, self.error, self.progress = "building", reason, "", (0, 0)
            self.started, self.finished = time.time(), 0.0
            self._thread = threading.Thread(target=self._run, args=(force,), name="index-build", daemon=True)
            self._thread.start()
        if wait:
            self._thread.join()
        return True

    def _progress(self, i: int, total: int) -> None:
        """Progress for /healthz, and a log line each tenth of the way (the child reports each 1%)."""
        before = self.progress[0] * 10 // total if total and self.progress[1] == total else -1
        self.progress = (i, total)
        if total and i * 10 // total > before:
            log.info("indexing %d/%d passages", i, total)

    def _run(self, force: bool) -> None:
        s = self.settings
        try:
            self.report = ensure_index_in_child(s.corpus_dir, s.index_dir, s.cache_dir, force=force,
                                                progress=self._progress)
            if self.report.built:  # the child saved the new corpus's word analyses: excerpts use them
                morph.load_cache(s.cache_dir)
            self.status = "ready"
            log.info("index ready: %s (%s)", self.report.generation, self.reason)
        except Exception as exc:  # noqa: BLE001 - keep serving whatever generation exists
            log.exception("index build failed (%s)", self.reason)
            self.error = f"{type(exc).__name__}: {exc}"
            self.status = "failed"
        finally:
            self.finished = time.time()

    def rebuild_damaged(self, why: str, reason: str = DAMAGE_REASON) -> bool:
        """Start a rebuild of a damaged (or unopenable) live generation; True if one runs.

        Not if AUTO_REBUILD is off, nor within REBUILD_BACKOFF of a failed build or of
        another rebuild for damage: a build that keeps failing must not run back to back.
        Also how a failed first build is retried (`reason` RETRY_REASON), from /healthz.
        """
        if not self.settings.auto_rebuild:
            return False
        if self.running:
            return True
        recent = time.time() - self.finished < REBUILD_BACKOFF
        if recent and (self.status == "failed" or self.reason.startswith((DAMAGE_REASON, RETRY_REASON))):
            return False
        return self.start(force=True, reason=f"{reason}: {why}")

    def retry_failed(self) -> bool:
        """Build again after a failed build left nothing to serve (REBUILD_BACKOFF apart)."""
        return self.rebuild_damaged(self.error, reason=RETRY_REASON)

    def as_dict(self) -> dict:
        r = self.report
        return {"status": self.status, "running": self.running, "reason": self.reason, "error": self.error,
                "progress": list(self.progress), "started": self.started, "finished": self.finished,
                "last_build": None if r is None else {
                    "generation": r.generation, "built": r.built, "passages": r.passages, "posters": r.posters,
                    "documents": r.documents, "seconds": round(r.seconds, 2),
                    "skipped": [{"file": f, "reason": why} for f, why in r.skipped]}}


def start_index(app: Flask, settings: Settings) -> None:
    """Sweep leftovers, load the saved word analyses, then build if needed (synchronously under TESTING).

    The analyses the last build saved make the first excerpts fast: highlighting
    analyses every word of a shown passage, ~0.4 ms a word through Voikko uncached
    (the first searches after a warm start took ~100 ms instead of ~10).
    """
    clean_leftovers(settings.index_dir)
    log.info("%d saved word analyses loaded", morph.load_cache(settings.cache_dir))
    morph.bound_memo()  # what people type beyond the corpus's words is kept in a bounded LRU
    state: IndexState = app.extensions["index_state"]
    if settings.build_on_start:
        state.start(reason="start", wait=settings.testing)
    else:
        state.status = "ready"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    load_config(app, test_config)
    settings = Settings.from_config(app.config)  # the one reading of the config; frozen from here on
    app.extensions["settings"] = settings
    state = app.extensions["index_state"] = IndexState(settings)
    app.extensions["library"] = Library(settings.index_dir, time_limit=settings.search_time_limit,
                                        max_words=settings.max_query_words, on_damage=state.rebuild_damaged)

    from web import register

    register(app, settings)
    start_index(app, settings)
    return app


def main(argv: list[str] | None = None) -> int:
    """Serve on every core: WORKERS waitress processes on one socket (`web.workers`); one where there is no fork."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--workers", type=int, help="processes (default WORKERS: 0 = one per core)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s")
    limit_malloc_arenas()  # before any worker exists: forked workers inherit the malloc settings
    from web import workers

    probe = Flask(__name__)  # the configuration only: each worker makes its own app
    load_config(probe, None)
    cfg = probe.config
    host, port = args.host or cfg["HOST"], args.port or cfg["PORT"]
    count = workers.worker_count(args.workers if args.workers is not None else int(cfg["WORKERS"]))
    sock = workers.listen(host, port)
    if count > 1:
        workers.preload(Path(cfg["CACHE_DIR"]))
    print(f"Kokeiluhaku on http://{host}:{port}/ ({count} worker process{'es' if count > 1 else ''}; "
          "the index builds in the background on first start)", flush=True)
    return workers.Prefork(sock, count, serve_worker).run()


def serve_worker(sock, number: int, ready) -> int:
    """One worker: its own app on the shared socket, its generation opened before it accepts.
    Only worker 0 runs the start-up build check; the others serve whatever generation it (or
    any build) makes, from the same index directory."""
    from waitress import serve

    app = create_app(None if number == 0 else {"BUILD_ON_START": False})
    try:  # open and warm the live generation before accepting: the socket's other workers answer meanwhile
        with app.extensions["library"].acquire():
            pass
    except IndexUnavailable:  # the first build is still running: its generation opens on first use
        pass
    ready()
    serve(app, sockets=[sock], ident="kokeiluhaku", **waitress_options(app.config))
    return 0


def limit_malloc_arenas(arenas: int = 2, mmap_threshold: int = 128 * 1024) -> None:
    """Cap glibc's malloc arenas and fix its mmap threshold before any worker thread starts.

    glibc gives threads that allocate at once arenas of their own (up to 8 per
    core), and memory freed in one stays resident there. With 8 worker threads
    at 100x the corpus that was ~60 MB of the server's RSS for no measurable
    speed (bench/scale.py). A query's per-passage score lists (~300 kB at
    100x) raise glibc's adaptive mmap threshold, after which they come from
    the heap and leave it fragmented; fixed at 128 kB they go back to the
    system when freed (peak RSS -10 MB, bench/scale.py). MALLOC_ARENA_MAX and
    MALLOC_MMAP_THRESHOLD_ win if set.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        if not os.environ.get("MALLOC_ARENA_MAX"):
            libc.mallopt(-8, arenas)  # -8 = M_ARENA_MAX
        if not os.environ.get("MALLOC_MMAP_THRESHOLD_"):
            libc.mallopt(-3, mmap_threshold)  # -3 = M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        log.debug("mallopt unavailable; malloc arenas left as they are")


def waitress_options(cfg: dict) -> dict:
    """Threads, limits, and the proxy whose X-Forwarded-For waitress may trust for REMOTE_ADDR
    (rate limits count per client address, so behind a proxy this must be set).

    Waitress refuses a body above MAX_CONTENT_LENGTH from its Content-Length before
    reading it (its default limit is 1 GB, spooled to /tmp before Flask's 413); a
    slow client holds only a socket, so the connection limit is high and idle
    connections are closed after CHANNEL_TIMEOUT.
    """
    opts: dict[str, Any] = {"threads": int(cfg["THREADS"])}
    for key in ("MAX_CONTENT_LENGTH", "CHANNEL_TIMEOUT", "CONNECTION_LIMIT"):
        if cfg.get(key) is not None:
            opts["max_request_body_size" if key == "MAX_CONTENT_LENGTH" else key.lower()] = int(cfg[key])
    if cfg.get("TRUSTED_PROXY"):
        opts.update(trusted_proxy=str(cfg["TRUSTED_PROXY"]), trusted_proxy_count=int(cfg["TRUSTED_PROXY_COUNT"]),
                    trusted_proxy_headers=str(cfg["TRUSTED_PROXY_HEADERS"]), clear_untrusted_proxy_headers=True)
    return opts


if __name__ == "__main__":
    sys.exit(main())
