"""Every core serving: `python server.py` as a pre-fork of waitress processes on one socket.

One Python process answers with one core at a time (the GIL queues its threads),
so on a machine with several cores the server forks WORKERS processes (default:
one per usable core, at most MAX_AUTO_WORKERS) that accept from one listening
socket the parent opened. Before forking, the parent loads what every worker
reads and never changes (the modules, Voikko's transducer, the saved word
analyses, the bilingual dictionary) and freezes it out of the garbage
collector's sight, so those pages stay shared copy-on-write. Each worker then
opens the live index generation itself: the generation's files are read-only
memory maps, so the operating system keeps one copy of them for all workers.
Everything the workers share lives on disk already (generations and their
reader locks, the rate limiter's SQLite file, the build lock); see
docs/deployment.md. Without fork (or with WORKERS=1) the server is one process.
"""
from __future__ import annotations

import ctypes
import gc
import logging
import os
import select
import signal
import socket
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

MAX_AUTO_WORKERS = 8  # more processes than this need a deliberate WORKERS (memory grows per worker)
READY_WAIT = 60.0  # seconds the parent waits for worker 0 to serve before starting the others anyway
STARTUP_GRACE = 10.0  # a worker dying sooner than this after its start stops the server: a misconfiguration
_PR_SET_PDEATHSIG = 1


def worker_count(configured: int) -> int:
    """WORKERS from the config; 0 means one per core this process may run on."""
    if not hasattr(os, "fork"):
        return 1
    if configured > 0:
        return configured
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS))


def listen(host: str, port: int, backlog: int = 1024) -> socket.socket:
    """The one listening socket, bound before any worker exists (a port in use fails here, once)."""
    family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                      flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(backlog)
    return sock


def preload(cache_dir: Path) -> None:
    """Load, in the parent, the read-only data every worker would otherwise load for itself."""
    from indexer.language import dictionary, morph

    morph.load_cache(cache_dir)
    morph.analyse_fi("kokeilu")  # loads Voikko's transducer (~0.2 s, the largest shared table)
    dictionary.load()


class Prefork:
    """Forks `count` workers that each run `serve(sock, number, ready)`, and replaces any that dies.

    Worker 0 starts alone, the others once it calls `ready` (it is about to serve): on a
    start-up every worker opens its generation at once, and the first answer would wait
    for all of them.

    The parent only waits: SIGTERM or SIGINT stops every worker and then itself.
    A worker asks the kernel for SIGTERM if the parent dies (Linux), so none is orphaned.
    """

    def __init__(self, sock: socket.socket, count: int,
                 serve: Callable[[socket.socket, int, Callable[[], None]], int]):
        self.sock, self.count, self.serve = sock, count, serve
        self.children: dict[int, tuple[int, float]] = {}  # pid -> (worker number, start time)
        self.stopping = False

    def run(self) -> int:
        if self.count <= 1 or not hasattr(os, "fork"):
            return self.serve(self.sock, 0, lambda: None)
        gc.collect()
        gc.freeze()  # preloaded objects: never scanned, so their pages are never written in a worker
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._spawn(0, wait=True)  # alone on the cores until it serves: the first answer comes sooner
            for number in range(1, self.count):
                if self.stopping:  # told to stop while worker 0 started
                    break
                self._spawn(number)
            return self._watch()
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    def _spawn(self, number: int, wait: bool = False) -> None:
        """Fork worker `number`; with `wait`, return once it serves (or died, or READY_WAIT passed)."""
        readfd, writefd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the parent's code
            code = 1
            os.close(readfd)
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                _die_with_parent()
                code = self.serve(self.sock, number, lambda: _tell(writefd))
            except KeyboardInterrupt:
                code = 0
            except BaseException:  # noqa: BLE001 - logged, then the parent decides
                log.exception("worker %d failed", number)
            finally:
                logging.shutdown()
                os._exit(code)
        os.close(writefd)
        self.children[pid] = (number, time.monotonic())
        log.info("worker %d started (pid %d)", number, pid)
        if wait:
            select.select([readfd], [], [], READY_WAIT)  # a byte when it serves; end of file if it died
        os.close(readfd)

    def _watch(self) -> int:
        """Reap workers; replace one that dies while serving, stop all if one dies at start."""
        code = 0
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            if pid not in self.children:  # not a worker (a build child is its worker's own)
                continue
            number, started = self.children.pop(pid)
            if self.stopping:
                continue
            exit_code = os.waitstatus_to_exitcode(status)
            log.error("worker %d (pid %d) exited with %d", number, pid, exit_code)
            if time.monotonic() - started < STARTUP_GRACE:
                code = exit_code or 1
                self._stop(signal.SIGTERM, None)
            else:
                self._spawn(number)
        return code

    def _stop(self, signum: int, _frame) -> None:
        self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


def _tell(fd: int) -> None:
    """Tell the parent this worker is about to serve (once)."""
    try:
        os.write(fd, b"1")
        os.close(fd)
    except OSError:  # told already, or the parent is gone
        pass


def _die_with_parent() -> None:
    try:
        ctypes.CDLL("libc.so.6").prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux/glibc: the parent still stops its workers on SIGTERM
        pass
