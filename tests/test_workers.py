"""`python server.py` on several cores: worker processes share the port, the index and the limiter."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from tests.support import ROOT, wait_until
from web import workers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:  # a new connection each
            return json.load(r)
    except OSError:
        return None


@pytest.fixture
def two_workers(corpus_index, cache_dir):
    port = free_port()
    env = dict(os.environ, KOKEILUHAKU_INDEX_DIR=str(corpus_index), KOKEILUHAKU_CACHE_DIR=str(cache_dir),
               KOKEILUHAKU_RATELIMIT_ENABLED="false")
    proc = subprocess.Popen([sys.executable, str(ROOT / "server.py"), "--port", str(port), "--workers", "2"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_two_workers_answer_on_one_port_and_stop_together(two_workers):
    proc, port = two_workers
    seen: set[int] = set()

    def both_answered() -> bool:
        body = health(port)
        if body and body["ok"]:
            seen.add(body["worker"])
        return len(seen) >= 2
    wait_until(both_answered, timeout=60, message=lambda: f"workers seen: {seen}")
    assert proc.pid not in seen  # the parent only watches; workers answer
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=nuorisotakku", timeout=10) as r:
        assert json.load(r)["did_you_mean"] == "nuorisotakuu"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    for pid in seen:
        wait_until(lambda pid=pid: not _alive(pid), timeout=10, message=f"worker {pid} still runs")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:  # a zombie awaiting its reaper is gone too
        return f.read().split(") ")[-1][0] != "Z"


def test_worker_count_is_one_per_core_unless_configured():
    assert workers.worker_count(3) == 3
    auto = workers.worker_count(0)
    assert 1 <= auto <= workers.MAX_AUTO_WORKERS
    assert auto == min(len(os.sched_getaffinity(0)), workers.MAX_AUTO_WORKERS)
