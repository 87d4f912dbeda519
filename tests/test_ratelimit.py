"""The rate limit holds across worker processes: one budget in one SQLite file.

Processes hammer one `Limiter` file at the same instant and exactly the budget
gets through; two real `python server.py` processes on their own ports share
the budget and refuse with 429, Retry-After and the one error shape.
"""
from __future__ import annotations

import functools
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import wait_until
from web.ratelimit import WINDOW, Limiter

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_000_000 * WINDOW + 30.0  # mid-window: the count must be exact, not a sliding estimate


def hammer(path: str, hits: int, start, out) -> None:
    """One worker process: wait for the others, then hit the shared limiter `hits` times."""
    limiter = Limiter(Path(path), per_minute=25)
    start.wait(10)
    out.put([limiter.hit("203.0.113.7", now=NOW) for _ in range(hits)])


def test_concurrent_processes_share_one_exact_budget(tmp_path):
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that runs threads
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=hammer, args=(str(tmp_path / "rl.sqlite3"), 15, start, out)) for _ in range(4)]
    for p in procs:
        p.start()
    start.set()
    waits = [w for _ in procs for w in out.get(timeout=30)]
    for p in procs:
        p.join(10)
        assert p.exitcode == 0
    assert waits.count(0) == 25, "lost updates or a per-process budget"
    assert all(1 <= w <= 2 * WINDOW for w in waits if w), sorted(set(waits))
    assert Limiter(tmp_path / "rl.sqlite3", 25).hit("198.51.100.1", now=NOW) == 0, "budgets are per client"


def test_sliding_window_counts_last_minute_by_its_remaining_share(tmp_path):
    limiter = Limiter(tmp_path / "rl.sqlite3", per_minute=10)
    start = 2_000_000 * WINDOW
    assert [limiter.hit("c", now=start + 50) for _ in range(10)].count(0) == 10
    assert limiter.hit("c", now=start + 59) > 0
    assert limiter.hit("c", now=start + WINDOW + 3) > 0, "95 % of last minute still counts"
    assert limiter.hit("c", now=start + WINDOW + 57) == 0, "5 % of it no longer fills the budget"


# -- two server processes ------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read().decode()


def serving(proc: subprocess.Popen, url: str, log: Path) -> bool:
    """The server process answers (and has not died: then its log is the failure)."""
    assert proc.poll() is None, log.read_text()
    try:
        return fetch(url + "/static/style.css")[0] == 200
    except OSError:
        return False


@pytest.fixture
def two_servers(tmp_path):
    """`python server.py` twice, one rate-limit file, a budget of 4 requests a minute."""
    env = dict(os.environ, KOKEILUHAKU_INDEX_DIR=str(tmp_path / "index"), KOKEILUHAKU_BUILD_ON_START="false",
               KOKEILUHAKU_CACHE_DIR=str(tmp_path / "cache"), KOKEILUHAKU_CORPUS_DIR=str(tmp_path),
               KOKEILUHAKU_FEEDBACK_FILE=str(tmp_path / "feedback.jsonl"), KOKEILUHAKU_RATELIMIT_ENABLED="true",
               KOKEILUHAKU_RATELIMIT_FILE=str(tmp_path / "ratelimit.sqlite3"), KOKEILUHAKU_RATELIMIT_PER_MINUTE="4")
    ports, procs = [free_port(), free_port()], []
    try:
        for port in ports:
            log = open(tmp_path / f"server-{port}.log", "w")  # the child keeps its own copy
            procs.append(subprocess.Popen([sys.executable, "server.py", "--port", str(port)], cwd=ROOT, env=env,
                                          stdout=log, stderr=subprocess.STDOUT))
            log.close()
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + 30
        for proc, url in zip(procs, urls, strict=True):  # static files are never limited: polling spends no budget
            wait_until(functools.partial(serving, proc, url, tmp_path / f"server-{url[-5:]}.log"),
                       deadline - time.monotonic(), "server did not start", interval=0.1)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)


def test_two_server_processes_share_the_budget_and_refuse_with_429(two_servers):
    a, b = two_servers
    assert [fetch(url + "/keskustelu")[0] for url in (a, b, a, b)] == [200] * 4
    for url in (a, b):
        status, headers, body = fetch(url + "/api/search?q=kokeilu")
        assert status == 429 and headers["Content-Type"].startswith("application/json")
        assert json.loads(body) == {"ok": False, "error": json.loads(body)["error"], "status": 429}
        assert 1 <= int(headers["Retry-After"]) <= 2 * WINDOW
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
        status, headers, body = fetch(url + "/keskustelu")
        assert status == 429 and headers["Content-Type"].startswith("text/html")
        assert "Liian monta pyyntöä" in body and int(headers["Retry-After"]) >= 1
        assert fetch(url + "/static/style.css")[0] == 200, "static files are not limited"
