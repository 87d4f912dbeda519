"""Builds that crash, collide or meet bad files never cost the index that serves.

Real `python -m indexer build` subprocesses are stopped at named stages with the
KOKEILUHAKU_TEST_PAUSE_AT hook and killed with SIGKILL while a live server
answers queries; the next start must find only whole, wanted generations.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest

from indexer.builder import EXIT_BUSY, clean_leftovers, command, ensure_index
from indexer.index import generations
from indexer.search.library import Library
from tests.support import LiveServer, make_pdf, make_test_app, wait_until

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("parse", "write", "validate", "switch", "cleanup")


class Build:
    """`python -m indexer build` in a subprocess, its stderr collected by a thread."""

    def __init__(self, corpus: Path, index_dir: Path, cache: Path, *extra: str, pause: str = "",
                 pause_seconds: float = 30.0):
        env = dict(os.environ, PYTHONPATH=str(ROOT), KOKEILUHAKU_TEST_PAUSE_AT=pause,
                   KOKEILUHAKU_TEST_PAUSE_SECONDS=str(pause_seconds))
        cmd = command(corpus, index_dir, cache, json_lines=False) + list(extra)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.err = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for chunk in iter(lambda: self.proc.stderr.read(1), ""):
            self.err += chunk

    def wait_for(self, marker: str, timeout: float = 30.0) -> None:
        def seen() -> bool:
            if marker in self.err:
                return True
            assert self.proc.poll() is None, f"build exited before {marker!r}: {self.err[-2000:]}"
            return False

        wait_until(seen, timeout, lambda: f"no {marker!r}: {self.err[-2000:]}", interval=0.02)

    def finish(self, timeout: float = 60.0) -> int:
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        self.out = self.proc.stdout.read()  # one line: cannot have filled the pipe
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.finish()


def generation_dirs(index_dir: Path) -> set[str]:
    return {p.name for p in index_dir.glob("gen-*")}


def get_json(url: str) -> dict:
    import json
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200
        return json.loads(r.read())


# -- reader locks ------------------------------------------------------------------

def test_a_generation_someone_reads_is_never_deleted(small_index, small_corpus, cache_dir):
    first = generations.current_generation(small_index)
    fd = generations.lock_reader(first)  # as another server process would
    assert fd is not None
    ensure_index(small_corpus, small_index, cache_dir, force=True)
    second = generations.current_generation(small_index)
    assert generations.previous_name(small_index) == first.name, "the whole old generation is the fallback"
    ensure_index(small_corpus, small_index, cache_dir, force=True)  # now `first` is neither live nor fallback
    third = generations.current_generation(small_index)
    assert third != second != first and first.is_dir(), "the build deleted a generation in use"
    assert not generations.remove_generation(small_index, first)
    generations.release_reader(fd)
    assert not generations.remove_generation(small_index, third), "the live generation must stay"
    assert not generations.remove_generation(small_index, second), "the fallback generation must stay"
    assert generations.remove_generation(small_index, first) and not first.exists()
    assert generations.lock_reader(first) is None  # gone: a late reader follows CURRENT instead


def test_library_deletes_its_retired_generation_when_the_last_reader_leaves(small_index, small_corpus,
                                                                            cache_dir):
    lib = Library(small_index, recheck_seconds=0)
    with lib.acquire() as old_snap:
        ensure_index(small_corpus, small_index, cache_dir, force=True)
        ensure_index(small_corpus, small_index, cache_dir, force=True)  # old_snap's is no longer the fallback
        with lib.acquire() as new_snap:
            assert new_snap.gen != old_snap.gen
        assert old_snap.gen.is_dir()  # still being read
        assert old_snap.search("nuorisotakuu")["results"]
    assert not old_snap.gen.exists()
    assert generation_dirs(small_index) == {new_snap.gen.name, generations.previous_name(small_index)}
    lib.close()


# -- kill -9 at every stage --------------------------------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_kill_9_at_any_stage_keeps_serving_and_the_next_start_cleans_up(stage, small_index, small_corpus,
                                                                        cache_dir):
    app = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False)
    before = generations.current_name(small_index)
    with LiveServer(app) as server:
        url = server.url + "/api/search?q=nuorisotakuu"
        assert get_json(url)["generation"] == before
        build = Build(small_corpus, small_index, cache_dir, "--force", pause=stage)
        build.wait_for(f"PAUSED {stage}")
        assert get_json(url)["results"], "no answers while a build runs"
        build.kill()
        assert build.proc.returncode == -signal.SIGKILL
        switched = generations.current_name(small_index) != before
        assert switched == (stage == "cleanup"), "CURRENT moved before the switch, or did not after it"
        leftovers = generation_dirs(small_index) - {before, generations.current_name(small_index)}
        assert bool(leftovers) == (stage in ("write", "validate", "switch"))
        assert bool(list(small_index.glob("CURRENT.*.tmp"))) == (stage == "switch")
        def followed() -> dict | None:  # the server keeps answering, and follows a completed switch
            body = get_json(url)
            assert body["results"]
            return body if body["generation"] == generations.current_name(small_index) else None

        body = wait_until(followed, 10, "the server did not follow the switch", interval=0.1)
        assert body["generation"] == generations.current_name(small_index)
        assert generations.verify_generation(small_index / body["generation"]) == []

        restarted = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False)  # the next start
        live_gen = generations.current_name(small_index)
        assert generation_dirs(small_index) <= {live_gen, app.extensions["library"].generation,
                                                generations.previous_name(small_index)}
        assert not list(small_index.glob("CURRENT.*.tmp"))
        assert restarted.test_client().get("/api/search?q=nuorisotakuu").json["generation"] == live_gen
        assert clean_leftovers(small_index) == []  # the killed build's lock died with it


def test_two_builds_at_once_one_waits_and_no_wait_exits_cleanly(small_index, small_corpus, cache_dir):
    # paused long enough for two more Pythons to start on a loaded machine (~1 s idle, 4.5 s seen under load)
    first = Build(small_corpus, small_index, cache_dir, "--force", pause="validate", pause_seconds=15)
    first.wait_for("PAUSED validate")
    second = Build(small_corpus, small_index, cache_dir, "--force")
    third = Build(small_corpus, small_index, cache_dir, "--force", "--no-wait")
    assert third.finish() == EXIT_BUSY and "another build" in third.err
    assert second.proc.poll() is None, "the second build did not wait for the first"
    assert first.finish() == 0
    assert second.finish() == 0
    built = [b.out.split()[1].rstrip(":") for b in (first, second)]
    assert generations.current_name(small_index) == built[1]
    assert generations.previous_name(small_index) == built[0]  # the whole one before is the fallback
    assert generation_dirs(small_index) == set(built)  # the original is swept: neither live, kept nor read


# -- corpus faults -----------------------------------------------------------------

def add_bad_files(corpus: Path) -> dict[str, str]:
    """File name -> the reason the build must give for skipping it."""
    (corpus / "tyhja.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("Kouvolan kokeilussa p\xe4\xe4tettiin".encode("latin-1"))
    with open(corpus / "valtava.txt", "wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: over the 20 MB cap without writing it
    (corpus / "rikki.pdf").write_bytes(b"%PDF-1.4\n this is not a pdf body")
    reasons = {"tyhja.txt": "empty", "latin1.txt": "not UTF-8", "valtava.txt": "too large",
               "rikki.pdf": "unreadable"}
    make_pdf(corpus / "salainen.pdf", [[("Salainen raportti kokeilusta", 11)]], password="salasana")
    make_pdf(corpus / "skannattu.pdf", [[]], scanned={0: bytes(256)})
    (corpus / "rikki.docx").write_bytes(b"PK\x03\x04 not a zip archive")
    with open(corpus / "valtava.pdf", "wb") as f:
        f.truncate(200 * 1024 * 1024)
    reasons |= {"salainen.pdf": "password", "skannattu.pdf": "no text layer", "rikki.docx": "not a readable Word",
                "valtava.pdf": "too large"}
    locked = corpus / "lukittu.txt"
    locked.write_text("Salainen teksti", encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: no unreadable plain file to test with
        locked.unlink()
    else:
        reasons["lukittu.txt"] = "Permission denied"
    return reasons


def test_bad_files_are_named_and_skipped_and_nothing_indexed_is_lost(small_index, small_corpus, cache_dir,
                                                                    caplog):
    lib = Library(small_index, recheck_seconds=0)
    with lib.acquire() as snap:
        docs_before = set(snap.documents)
        hits_before = snap.search("nuorisotakuu")["total"]
    reasons = add_bad_files(small_corpus)
    with caplog.at_level(logging.WARNING):
        report = ensure_index(small_corpus, small_index, cache_dir)
    assert report.built
    skipped = dict(report.skipped)
    for name, why in reasons.items():
        assert why in skipped[name]
        assert any(name in rec.getMessage() for rec in caplog.records if rec.levelno == logging.WARNING)
    with lib.acquire() as snap:
        assert set(snap.documents) == docs_before
        assert snap.search("nuorisotakuu")["total"] == hits_before
    lib.close()


def test_a_failing_build_keeps_the_previous_generation_serving(small_index, small_corpus, cache_dir):
    app = make_test_app(small_index, cache_dir, small_corpus, BUILD_ON_START=False)
    client = app.test_client()
    live = client.get("/healthz").json["generation"]
    for path in small_corpus.iterdir():  # a corpus that yields nothing, e.g. an unmounted share
        path.unlink()
    (small_corpus / "tyhja.md").write_text("   \n", encoding="utf-8")
    state = app.extensions["index_state"]
    assert state.start(force=True, reason="test", wait=True)
    assert state.status == "failed" and "no passages" in state.error
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["generation"] == live
    assert client.get("/api/search?q=nuorisotakuu").json["results"]
    assert generation_dirs(small_index) == {live}  # the failed generation is gone


def test_the_server_builds_in_a_child_process_and_reports_its_progress(small_corpus, tmp_path, cache_dir):
    """A build's memory must not become the serving process's: the generation is made by another pid."""
    from indexer.builder import ensure_index_in_child

    seen: list[tuple[int, int]] = []
    report = ensure_index_in_child(small_corpus, tmp_path / "index", cache_dir,
                                   progress=lambda i, n: seen.append((i, n)))
    assert report.built and report.passages > 0
    builder_pid = int(report.generation.split("-")[3])
    assert builder_pid != os.getpid()
    assert seen and seen[-1] == (report.passages, report.passages)
    again = ensure_index_in_child(small_corpus, tmp_path / "index", cache_dir)
    assert not again.built and again.generation == report.generation


def test_a_failing_child_build_raises_with_its_reason(tmp_path, cache_dir):
    from indexer.builder import ensure_index_in_child

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RuntimeError, match="no passages") as failed:
        ensure_index_in_child(empty, tmp_path / "index", cache_dir)
    assert "no generation is live yet" in str(failed.value), "a first build has no live generation to keep"


def test_a_child_killed_after_its_switch_reports_the_build_it_made_live(small_index, small_corpus, cache_dir,
                                                                       monkeypatch):
    from indexer.builder import ensure_index_in_child

    before = generations.current_name(small_index)
    monkeypatch.setenv("KOKEILUHAKU_TEST_PAUSE_AT", "cleanup")
    result: list = []
    worker = threading.Thread(target=lambda: result.append(
        ensure_index_in_child(small_corpus, small_index, cache_dir, force=True)), daemon=True)
    worker.start()
    live = wait_until(lambda: generations.current_name(small_index) != before and
                      generations.current_name(small_index), 60, "the build did not switch")
    os.kill(int(live.split("-")[3]), signal.SIGKILL)  # the generation's name carries its builder's pid
    worker.join(30)
    [report] = result
    assert report.built and report.generation == live


def test_a_child_build_whose_server_is_gone_still_finishes(small_corpus, tmp_path, cache_dir):
    """The server died mid-build (its end of the pipe closed): the build completes and switches."""
    cmd = command(small_corpus, tmp_path / "index", cache_dir)
    with subprocess.Popen(cmd, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as proc:
        proc.stdout.close()  # nobody reads the progress
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err
    assert generations.current_generation(tmp_path / "index") is not None


def test_only_code_that_shapes_the_index_is_in_its_fingerprint(tmp_path, monkeypatch, small_corpus):
    """A ranking change (search/) keeps the index current; a parsing change (sources/) rebuilds it."""
    import shutil

    from indexer.builder import run

    copy = tmp_path / "indexer"
    shutil.copytree(run.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(run, "PACKAGE_DIR", copy)
    before = run.fingerprint(small_corpus)
    with open(copy / "search" / "rank.py", "a", encoding="utf-8") as f:
        f.write("\n# a ranking-only change\n")
    assert run.fingerprint(small_corpus) == before
    with open(copy / "sources" / "clean.py", "a", encoding="utf-8") as f:
        f.write("\n# a parsing change\n")
    assert run.fingerprint(small_corpus) != before
