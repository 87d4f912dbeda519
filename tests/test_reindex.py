"""Reindexing while serving: the admin endpoint, switches under load, damaged files.

The load test runs 8 client threads against a real waitress server while the
admin endpoint rebuilds the real corpus and switches: every answer must be a
200 with results, and no client may see an older generation after a newer one.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from indexer.builder import build_lock, clean_leftovers, ensure_index
from indexer.index import generations
from indexer.search.library import Library
from tests.support import LiveServer, make_test_app, wait_until
from tests.test_integrity import garble

TOKEN = "s3cret-t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUERIES = ["nuorisotakuu", "Kouvola", "hyvinvointi", "kotihoito", "asiakasvastaava", "kuntakokeilu",
           "Ohjaamo", "valvonta", "kommunförsöken", "koulutus"]
CLIENTS = 8
MIN_QUERIES = 1000
MAX_PER_CLIENT = 10_000
DEADLINE = 90.0


@pytest.fixture
def index_copy(tmp_path, corpus_index) -> Path:
    """A private copy of the real index: this test switches its generations."""
    dst = tmp_path / "index"
    shutil.copytree(corpus_index, dst)
    return dst


def admin(url: str, method: str = "GET") -> tuple[int, dict]:
    req = urllib.request.Request(url, method=method, headers=AUTH)
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read())


class Client(threading.Thread):
    """One keep-alive connection asking the QUERIES over and over, recording what it saw.

    Stops once it has made its share of MIN_QUERIES and 20 queries answered by the
    new generation (`target`, set when the build is done), at MAX_PER_CLIENT, or
    at the deadline.
    """

    target: str | None = None

    def __init__(self, n: int, port: int, deadline: float):
        super().__init__(daemon=True)
        self.n, self.port, self.deadline = n, port, deadline
        self.count, self.errors, self.empty, self.seen = 0, [], [], []
        self.on_target = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            while self.count < MAX_PER_CLIENT and time.monotonic() < self.deadline:
                self.ask(conn)
                if self.on_target >= 20 and self.count >= MIN_QUERIES // CLIENTS:
                    break
        finally:
            conn.close()

    def ask(self, conn: http.client.HTTPConnection) -> None:
        i = self.n + self.count
        q = QUERIES[i % len(QUERIES)]
        path = f"/api/search?q={quote(q)}&limit={1 + i % 7}&offset={(i // 7) % 3}"
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            self.errors.append(f"{path}: {exc!r}")
            conn.close()
            return
        finally:
            self.count += 1
        if resp.status != 200:
            self.errors.append(f"{path}: {resp.status} {data[:200]!r}")
            return
        body = json.loads(data)
        if not body["results"]:
            self.empty.append(f"{path} in {body['generation']}")
        if not self.seen or self.seen[-1] != body["generation"]:
            self.seen.append(body["generation"])
        if body["generation"] == Client.target:
            self.on_target += 1


def test_eight_clients_through_a_full_rebuild_and_switch(index_copy, cache_dir):
    app = make_test_app(index_copy, cache_dir, ADMIN_TOKEN=TOKEN, BUILD_ON_START=False)
    client = app.test_client()
    for q in QUERIES:  # each query matches in the old generation (and the corpus is unchanged)
        assert client.get("/api/search", query_string={"q": q}).json["total"] > 0, q
    old = client.get("/healthz").json["generation"]
    Client.target = None
    with LiveServer(app) as server:
        deadline = time.monotonic() + DEADLINE
        clients = [Client(n, server.port, deadline) for n in range(CLIENTS)]
        for c in clients:
            c.start()
        wait_until(lambda: all(c.count for c in clients), message="clients did not start")  # load first
        status, body = admin(server.url + "/api/admin/reindex", "POST")
        assert status == 202 and body["status"] == "building"

        def finished() -> dict | None:
            body = admin(server.url + "/api/admin/status")[1]
            return None if body["running"] else body

        body = wait_until(finished, deadline - time.monotonic(), "the rebuild did not finish", interval=0.2)
        assert body["status"] == "ready", body
        new = body["last_build"]["generation"]
        assert new != old and body["last_build"]["built"]
        Client.target = new
        for c in clients:
            c.join(timeout=max(1.0, deadline - time.monotonic()))
        assert not any(c.is_alive() for c in clients)
    total = sum(c.count for c in clients)
    assert total >= MIN_QUERIES
    assert [e for c in clients for e in c.errors] == []
    assert [e for c in clients for e in c.empty] == []
    for c in clients:
        assert len(c.seen) == len(set(c.seen)), f"client {c.n} went back: {c.seen}"
        assert c.seen[-1] == new and set(c.seen) <= {old, new}
    assert generations.current_name(index_copy) == new
    assert generations.previous_name(index_copy) == old and (index_copy / old).is_dir(), "no fallback kept"


def test_admin_routes_exist_only_with_a_token_and_check_it(small_index, small_corpus, cache_dir, monkeypatch):
    closed = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False).test_client()
    for method, url in (("POST", "/api/admin/reindex"), ("GET", "/api/admin/status")):
        r = closed.open(url, method=method, headers=AUTH)
        assert r.status_code == 404 and r.json["ok"] is False
    c = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False, ADMIN_TOKEN=TOKEN).test_client()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": TOKEN}):
        r = c.post("/api/admin/reindex", headers=headers)
        assert r.status_code == 401 and r.json["status"] == 401 and "Bearer" in r.headers["WWW-Authenticate"]
        assert c.get("/api/admin/status", headers=headers).status_code == 401
    assert c.post("/api/admin/reindex", headers=AUTH, json=[1]).status_code == 400
    assert c.post("/api/admin/reindex", headers=AUTH, json={"force": "yes"}).status_code == 400
    monkeypatch.setenv("KOKEILUHAKU_TEST_PAUSE_AT", "validate")  # keep the build running for a moment
    monkeypatch.setenv("KOKEILUHAKU_TEST_PAUSE_SECONDS", "1")
    r = c.post("/api/admin/reindex", headers=AUTH, json={"force": True})
    assert r.status_code == 202 and r.json["status_url"] == "/api/admin/status"
    again = c.post("/api/admin/reindex", headers=AUTH)
    assert again.status_code == 409 and again.json["ok"] is False
    wait_until(lambda: not c.get("/api/admin/status", headers=AUTH).json["running"], message="build did not finish")
    status = c.get("/api/admin/status", headers=AUTH).json
    assert status["status"] == "ready" and status["last_build"]["built"]
    assert status["last_build"]["generation"] == generations.current_name(small_index)


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_file_descriptors_stay_flat_over_100_switches(small_index, tmp_path):
    template = tmp_path / "template"
    shutil.copytree(generations.current_generation(small_index), template)
    lib = Library(small_index, recheck_seconds=0)
    with lib.acquire():  # the built generation is retired (and deleted) by the first switch
        pass

    def switch(i: int) -> None:
        gen = small_index / f"gen-test-{i:04d}"
        shutil.copytree(template, gen)
        generations.switch_generation(small_index, gen)
        with lib.acquire() as snap:
            assert snap.gen == gen and snap.search("nuorisotakuu", limit=1 + i % 3)["results"]

    for i in range(5):  # warm up: lazily opened files, caches, logging handlers
        switch(i)
    before = fd_count()
    started = time.monotonic()
    for i in range(5, 105):
        switch(i)
        assert time.monotonic() - started < 60, "switching is far too slow"
    assert fd_count() <= before + 2, f"{fd_count() - before} file descriptors leaked over 100 switches"
    assert {p.name for p in small_index.glob("gen-*")} == {"gen-test-0104"}, "retired generations were kept"
    lib.close()


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_healthz_reports_a_damaged_generation_and_rebuilds_it(damage, small_index, small_corpus, cache_dir):
    app = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False)
    client = app.test_client()
    gen = generations.current_generation(small_index)
    assert client.get("/healthz").status_code == 200
    if damage == "truncate":  # the TOC is read at open: safe to cut under a live reader
        victim = gen / "_MAIN_1.toc"
        os.truncate(victim, victim.stat().st_size // 2)
    else:
        victim = next(gen.glob("*.seg"))
        victim.unlink()
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json["ok"] is False
    assert victim.name in r.json["error"] and gen.name in r.json["error"]
    assert ("truncated" if damage == "truncate" else "missing") in r.json["error"]
    assert r.json["rebuilding"] is True

    def healthy():
        r = client.get("/healthz")
        return r if r.status_code == 200 else None

    r = wait_until(healthy, 30, "the damaged generation was not rebuilt", interval=0.1)
    assert r.status_code == 200 and r.json["generation"] != gen.name
    assert client.get("/api/search?q=nuorisotakuu").json["results"]


def test_start_up_removes_leftovers_but_keeps_what_is_live_or_read(small_index, tmp_path, cache_dir, small_corpus):
    live = generations.current_generation(small_index)
    half = small_index / "gen-19990101-000000-1-1"  # a build killed mid-write
    half.mkdir()
    (half / "MAIN_abc.seg").write_bytes(b"x" * 100)
    old = small_index / "gen-19990101-000000-1-2"  # retired, nobody reads it
    shutil.copytree(live, old)
    read = small_index / "gen-19990101-000000-1-3"  # retired, another process still reads it
    shutil.copytree(live, read)
    fd = generations.lock_reader(read)
    (small_index / "CURRENT.4242.tmp").write_text("gen-19990101-000000-1-1")
    with build_lock(small_index):  # a build is running: its generation looks like a leftover
        assert clean_leftovers(small_index) is None
        assert half.exists() and old.exists()
    make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False)
    assert {p.name for p in small_index.glob("gen-*")} == {live.name, read.name}
    assert not list(small_index.glob("CURRENT.*.tmp"))
    generations.release_reader(fd)
    assert clean_leftovers(small_index) == [read.name]


@pytest.mark.parametrize("damage", ["truncate", "garble"])
def test_a_segment_damaged_while_serving_falls_back_at_once_and_is_rebuilt(damage, small_index, small_corpus,
                                                                          cache_dir):
    ensure_index(small_corpus, small_index, cache_dir, force=True)  # a whole generation to fall back to
    live, previous = generations.current_name(small_index), generations.previous_name(small_index)
    app = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False)
    client = app.test_client()
    assert client.get("/healthz").json["generation"] == live
    seg = next((small_index / live).glob("*.seg"))
    if damage == "truncate":
        os.truncate(seg, seg.stat().st_size // 2)
    else:  # same size: the mtime moved, so the check made each second hashes the file
        garble(seg, share=0.9)
    statuses = []

    def from_fallback():  # blocks read before the damage may still answer (rightly) until it is found
        i = len(statuses)
        r = client.get("/api/search", query_string={"q": QUERIES[i % len(QUERIES)], "limit": 1 + i % 5})
        statuses.append((r.status_code, r.json.get("generation")))
        return statuses[-1] == (200, previous)

    wait_until(from_fallback, 10, lambda: f"no answer from the fallback: {statuses[-5:]}", interval=0.05)
    failed = [i for i, (code, _) in enumerate(statuses) if code != 200]
    assert len(failed) <= 1, f"500s after the first failed read: {statuses}"
    health = client.get("/healthz").json
    assert health["ok"] and health["degraded"] and health["generation"] == previous
    assert seg.name in health["damaged"]

    def rebuilt():
        body = client.get("/healthz").json
        return body if body["ok"] and not body.get("degraded") else None

    body = wait_until(rebuilt, 30, "the damaged generation was not rebuilt", interval=0.1)
    assert body["generation"] not in (live, previous)
    assert generations.previous_name(small_index) == previous


def test_a_damaged_data_json_found_at_start_is_rebuilt_not_a_permanent_503(small_index, small_corpus, cache_dir):
    gen = generations.current_generation(small_index)
    garble(gen / "data.json", keep_mtime=True)  # same size, same mtime: only the checksum tells
    app = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False)
    client = app.test_client()
    r = client.get("/healthz")
    assert r.status_code == 503 and "data.json" in r.json["error"] and r.json["rebuilding"] is True

    def healthy():
        r = client.get("/healthz")
        return r.json if r.status_code == 200 else None

    body = wait_until(healthy, 30, "the damaged data.json was not rebuilt", interval=0.1)
    assert body["generation"] != gen.name and not body.get("degraded")
