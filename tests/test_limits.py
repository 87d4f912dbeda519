"""Input limits: expensive inputs are refused or capped and answer fast, every limit
is written (and explained) in config.yaml, and the per-query time budget holds when
searches run in waitress worker threads, several at once.
"""
from __future__ import annotations

import json
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from indexer.index import generations
from indexer.search.snapshot import Snapshot
from indexer.search.syntax import MAX_WORDS, parse
from server import DEFAULTS
from tests.support import LiveServer, make_test_app

ROOT = Path(__file__).resolve().parent.parent
FAST = 1.0  # seconds: a refused or capped request must not do the expensive work first
LIMIT_KEYS = ("MAX_LIMIT", "MAX_OFFSET", "MAX_QUERY_CHARS", "MAX_QUERY_WORDS", "SEARCH_TIME_LIMIT",
              "MAX_CONTENT_LENGTH", "RATELIMIT_ENABLED", "RATELIMIT_PER_MINUTE", "RATELIMIT_FILE")


def timed(client, url: str, **kw):
    started = time.perf_counter()
    resp = client.open(url, **kw)
    return resp, time.perf_counter() - started


def assert_400(resp, name: str) -> None:
    body = resp.get_json()
    assert resp.status_code == 400 and body == {"ok": False, "error": body["error"], "status": 400}
    assert name in body["error"], body["error"]


# -- expensive inputs ----------------------------------------------------------------

def test_leading_wildcard_is_plain_text_not_an_expansion(client):
    """"*kokeilu" is the word "kokeilu": wildcards are not syntax, so nothing scans the lexicon."""
    resp, seconds = timed(client, "/api/search?q=*kokeilu&limit=5")
    plain = client.get("/api/search?q=kokeilu&limit=5").json
    assert resp.status_code == 200 and seconds < FAST
    assert [r["id"] for r in resp.json["results"]] == [r["id"] for r in plain["results"]]
    assert resp.json["total"] == plain["total"] > 0


def test_a_thousand_term_or_query_is_refused_by_length(client):
    q = " OR ".join(f"sana{i}" for i in range(1000))
    resp, seconds = timed(client, "/api/search", query_string={"q": q})
    assert_400(resp, "'q'")
    assert "500 characters" in resp.json["error"] and seconds < FAST


def test_many_terms_within_the_length_cap_are_capped_to_the_word_limit(client):
    """250 comma-joined words fit in 500 characters; only MAX_QUERY_WORDS of them are searched."""
    q = ",".join(f"s{i}" for i in range(250))[:500]
    assert len(parse(q).words) == MAX_WORDS
    resp, seconds = timed(client, "/api/search", query_string={"q": q})
    assert resp.status_code == 200 and seconds < FAST * 2


def test_the_configured_clause_cap_reaches_the_planner(corpus_index, cache_dir):
    """MAX_QUERY_WORDS caps words however they are joined: "a,b" is two words, not one."""
    one = make_test_app(corpus_index, cache_dir, BUILD_ON_START=False, MAX_QUERY_WORDS=1).test_client()
    default = make_test_app(corpus_index, cache_dir, BUILD_ON_START=False).test_client()

    def total(client, q: str) -> int:
        return client.get("/api/search", query_string={"q": q}).json["total"]

    assert total(one, "kotihoito,valvonta") == total(default, "kotihoito") < total(default, "kotihoito,valvonta")
    assert len(parse(",".join(f"s{i}" for i in range(60)), max_words=40).words) == 40


def test_exclusions_and_phrases_count_against_the_clause_cap():
    many = ",".join(f"w{i}" for i in range(100))
    assert len(parse(f"kokeilu -{many}").excluded) == MAX_WORDS
    quoted = parse(f'"{many}" "toinen fraasi"')
    assert len(quoted.words) == MAX_WORDS and sum(len(p) for p in quoted.phrases) <= MAX_WORDS


def test_offset_past_the_result_window_is_400_and_limit_is_capped(client):
    resp, seconds = timed(client, "/api/search?q=kokeilu&offset=1000000")
    assert_400(resp, "'offset'")
    assert "at most 1000" in resp.json["error"] and seconds < FAST
    resp, seconds = timed(client, "/api/search?q=kokeilu&limit=1000000")
    assert resp.status_code == 200 and resp.json["limit"] == 50 and len(resp.json["results"]) == 50
    resp, _ = timed(client, "/api/search?q=kokeilu&limit=" + "9" * 5000)  # int() refuses 4300+ digits
    assert resp.status_code == 200 and resp.json["limit"] == 50
    assert_400(client.get("/haku.json?q=kokeilu&page=1000000"), "page")


@pytest.mark.parametrize("value", ["1.5", "1e3", "0x10", "1_000", "٣", " 5", "5 ", "++5", "five"])
def test_numbers_must_be_plain_ascii_digits(client, value):
    assert_400(client.get("/api/search", query_string={"q": "kokeilu", "limit": value}), "'limit'")


@pytest.mark.parametrize("route", ["/api/chat", "/api/feedback"])
def test_a_megabyte_body_is_413_before_it_is_read(client, route):
    body = json.dumps({"message": "x" * (1 << 20), "citation": {"text": "x"}})
    resp, seconds = timed(client, route, method="POST", data=body, content_type="application/json")
    assert resp.status_code == 413 and resp.json == {"ok": False, "error": resp.json["error"], "status": 413}
    assert seconds < FAST


@pytest.mark.parametrize("query,fragment", [
    ("q=%FF%FE", "UTF-8"), ("q=kouvola%C3", "UTF-8"), ("municipality=%E4", "UTF-8"),
    ("q=a%00b", "control characters"), ("q=a%1Bb", "control characters"), ("doc=%C2%85", "control characters"),
])
def test_invalid_utf8_nul_and_control_characters_are_400(client, query, fragment):
    for url in (f"/api/search?{query}", f"/haku.json?{query}"):
        resp = client.get(url)
        assert resp.status_code == 400 and fragment in resp.json["error"], (url, resp.json)
    page = client.get(f"/?{query}")
    assert page.status_code == 400 and page.mimetype == "text/html"


# -- config.yaml ---------------------------------------------------------------------

def test_every_limit_is_written_and_explained_in_config_yaml():
    """Operators tune limits in config.yaml; each one in server.DEFAULTS is there, with a comment."""
    lines = (ROOT / "config.yaml").read_text(encoding="utf-8").splitlines()
    for key in LIMIT_KEYS:
        found = [i for i, line in enumerate(lines) if re.match(rf"#?\s*{key}:", line)]
        assert found, f"{key} is not in config.yaml"
        i = found[0]
        assert "#" in lines[i].split(":", 1)[1] or lines[i - 1].lstrip().startswith("#"), f"{key} has no comment"
        value = yaml.safe_load(lines[i].lstrip("# ").split(":", 1)[1])
        if key == "RATELIMIT_FILE":  # a path: relative in the file, absolute in DEFAULTS
            assert DEFAULTS[key].endswith(value), value
        else:
            assert value == DEFAULTS[key], f"config.yaml says {key}: {value}, the default is {DEFAULTS[key]}"


# -- the time budget -----------------------------------------------------------------

BROAD = ["kokeilu kunta palvelu asiakas", "nuoret työllisyys palvelu kunta", "asiakas hoito kotihoito palvelu",
         "kunta kokeilu tulos raportti", "palvelu kunta toimintamalli kokeilu", "sosiaali terveys kunta palvelu"]


def get_json(url: str) -> tuple[dict, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("application/json")
        return json.loads(r.read()), time.perf_counter() - started


def test_time_budget_cuts_searches_short_in_waitress_worker_threads(corpus_index, cache_dir):
    """A 1 ms budget, six broad searches at once on a real socket: every one answers at once
    with what it found so far and says so; none counts more hits than the whole answer, and some count fewer."""
    app = make_test_app(corpus_index, cache_dir, BUILD_ON_START=False, SEARCH_TIME_LIMIT=0.001)
    full = make_test_app(corpus_index, cache_dir, BUILD_ON_START=False).test_client()
    with LiveServer(app) as server, ThreadPoolExecutor(len(BROAD)) as pool:
        urls = [f"{server.url}/api/search?q={urllib.request.quote(q)}&limit=5" for q in BROAD]
        answers = list(pool.map(get_json, urls))
    assert all(seconds < FAST for _, seconds in answers), [s for _, s in answers]
    partial = [(q, body) for q, (body, _) in zip(BROAD, answers, strict=True) if body["partial"]]
    assert len(partial) >= len(BROAD) // 2, "the budget never cut a search short in a worker thread"
    cut = 0
    for q, body in partial:
        whole = full.get("/api/search", query_string={"q": q, "limit": 5}).json
        assert whole["partial"] is False and body["total"] <= whole["total"]
        cut += body["total"] < whole["total"]
    # a cut may fall after the last clause that adds a hit (the rest match nothing new), but not always
    assert cut, "no partial answer counted fewer hits than the whole one"


def test_a_partial_answer_is_not_cached(corpus_index):
    snap = Snapshot(generations.current_generation(corpus_index), time_limit=1e-6)
    try:
        cut = next(a for q in BROAD if (a := snap.search(q))["partial"])
        snap.time_limit = None  # the load is gone
        again = snap.search(cut["query"])
        assert again["partial"] is False and again["total"] > cut["total"]
    finally:
        snap.close()
