"""server.py: what starting the app does beyond the blueprints (config and routes are in test_api)."""
from __future__ import annotations

import json

from indexer.language import morph
from server import waitress_options
from tests.support import make_test_app


def test_a_warm_start_loads_the_analyses_the_last_build_saved(corpus_index, tmp_path):
    """Excerpts analyse every shown word; a start on an existing index must not pay Voikko for each."""
    cache = tmp_path / "cache"
    cache.mkdir()
    made_up = "zqxkokeiluzq"  # a form Voikko does not know: only the saved analysis can answer
    assert morph.analyse_fi(made_up + "a").lemmas == ()
    (cache / f"voikko-v{morph.CACHE_VERSION}.json").write_text(
        json.dumps({made_up: [["kokeilu"], [], False, []]}), encoding="utf-8")
    make_test_app(corpus_index, cache, BUILD_ON_START=False)
    assert morph.analyse_fi(made_up).lemmas == ("kokeilu",)


def test_behind_a_proxy_waitress_trusts_only_the_configured_one():
    assert waitress_options({"THREADS": 8})["threads"] == 8 and "trusted_proxy" not in waitress_options({"THREADS": 8})
    opts = waitress_options({"THREADS": 4, "TRUSTED_PROXY": "127.0.0.1", "TRUSTED_PROXY_COUNT": 1,
                             "TRUSTED_PROXY_HEADERS": "x-forwarded-for"})
    assert opts["trusted_proxy"] == "127.0.0.1" and opts["clear_untrusted_proxy_headers"] is True


def test_waitress_gets_the_body_limit_and_connection_bounds_from_the_config(app):
    opts = waitress_options(app.config)
    assert opts["max_request_body_size"] == app.config["MAX_CONTENT_LENGTH"] == 65536
    assert opts["channel_timeout"] == 30 and opts["connection_limit"] == 1000


def test_a_100_mb_body_is_refused_before_it_is_sent(app):
    """Waitress answers from the Content-Length alone: nothing is spooled to /tmp."""
    import socket
    import threading

    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, asyncore_use_poll=True,
                           **{k: v for k, v in waitress_options(app.config).items() if k != "threads"})
    threading.Thread(target=server.run, daemon=True).start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as sock:
            sock.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 104857600\r\n\r\n{")
            reply = sock.recv(4096)
        assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    finally:
        server.close()


def test_a_failed_first_build_says_nothing_serves_and_is_retried_after_the_back_off(tmp_path, small_corpus):
    import shutil

    from server import REBUILD_BACKOFF
    from tests.support import wait_until

    corpus = tmp_path / "empty"
    corpus.mkdir()
    app = make_test_app(tmp_path / "index", tmp_path / "cache", corpus)
    client = app.test_client()
    state = app.extensions["index_state"]
    r = client.get("/healthz")
    assert r.status_code == 503 and state.status == "failed"
    assert "no generation is live yet" in r.json["error"] and "keeps serving" not in r.json["error"]
    assert r.json["rebuilding"] is False, "retried at once: a failing build would run back to back"
    shutil.copytree(small_corpus, corpus, dirs_exist_ok=True)  # the corpus is mounted after all
    state.finished -= REBUILD_BACKOFF
    assert client.get("/healthz").json["rebuilding"] is True
    wait_until(lambda: client.get("/healthz").status_code == 200, 60, "the retried build did not serve")
