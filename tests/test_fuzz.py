"""Every parameter the app takes, fuzzed with hypothesis through Flask's test client.

Whatever arrives (any Unicode, control characters, NUL, bytes that are not
UTF-8, numbers in any spelling, JSON of any shape) the answer is a 200, a
redirect to one of our own pages, or a 4xx in the one error shape: JSON
{"ok": false, "error", "status"} for the API and the .json twins, a friendly
HTML page for people. Never a 5xx, never a traceback, always within
REQUEST_SECONDS. Example counts are modest so the module runs in seconds.
"""
from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, quote, quote_from_bytes, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REQUEST_SECONDS = 3.0  # SEARCH_TIME_LIMIT (2 s) plus rendering, on a busy test machine
FUZZ = settings(max_examples=30, deadline=timedelta(seconds=REQUEST_SECONDS + 1),
                suppress_health_check=[HealthCheck.too_slow])
TRICKY = [
    "", " ", "*kokeilu", "kokeil*", "?", '"', '"ohjaamo', '""', "-", "--kokeilu", "-\"a b\"", "a AND (b OR c",
    "title:x", "kouvola~2", "^2", "\\", "/", "../../etc/passwd", "..%2f..%2f", "%00", "\x00", "a\x00b", "\x1b[31m",
    "\x7f", "\x85", "\u202etekstiä", "\ufeff", "\u200b", "\ufffd", "𝕂𝕠𝕦𝕧𝕠𝕝𝕒", "İstanbul", "ﬀ", "ǅ", "Kouvola,Lahti",
    ",,,", "x" * 501, " ".join(["kokeilu"] * 40), "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}",
    "${jndi:ldap://x/a}", "null", "NaN", "-1", "0", "1e3", "0x10", "١٢", "9" * 30, "+5", " 5", "json", "csv",
    "results", "sv", "en", "xx", "poster", "text,table", "Nuorisotakuu", "kouvolassa", "vm-loppuraportti-2017",
]
TEXT = st.one_of(st.text(max_size=40), st.sampled_from(TRICKY), st.integers(-10**20, 10**20).map(str),
                 st.integers(-2, 1200).map(str))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)

SEARCH_PARAMS = ["q", "limit", "offset", "lang", "doc", "municipality", "model", "field", "kind", "format",
                 "group", "live"]
PAGE_PARAMS = ["q", "municipality", "model", "field", "doc", "doclang", "kind", "page", "lang", "format",
               "fragment", "live"]
PARAM_ROUTES = {
    "/api/search": SEARCH_PARAMS, "/api/posters": ["municipality", "model", "q"], "/api/municipalities": ["q"],
    "/api/documents": ["q"], "/api/suggest": ["q", "limit", "lang"], "/healthz": ["q"],
    "/": PAGE_PARAMS, "/haku.json": PAGE_PARAMS, "/haku.csv": PAGE_PARAMS, "/embed": PAGE_PARAMS,
    "/embed.json": PAGE_PARAMS, "/embed.csv": PAGE_PARAMS, "/kunnat": ["lang", "format"],
    "/kunnat.json": ["lang"], "/kunnat.csv": ["lang"], "/keskustelu": ["q", "lang"],
}
PATH_ROUTES = ["/api/posters/{}", "/api/documents/{}", "/kunnat/{}", "/kunnat/{}.json", "/kunnat/{}.csv",
               "/posterit/{}", "/posterit/{}.json", "/posterit/{}.csv", "/asiakirjat/{}", "/asiakirjat/{}.json",
               "/asiakirjat/{}.csv", "/static/{}"]
PATH_VALUES = st.one_of(TEXT, st.sampled_from(["Kouvola", "kouvolassa", "Helsingfors", "vm-loppuraportti-2017",
                                               "kouvola-ennaltaehkaiseva-tyoote-ohjaamossa", "style.css"]))


def params_for(names: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Some of the route's parameters (a few repeated), and now and then one it does not know."""
    name = st.one_of(st.sampled_from(names), st.sampled_from(names), st.text(min_size=1, max_size=6))
    return st.lists(st.tuples(name, TEXT), max_size=5)


def is_api(url: str) -> bool:
    """JSON is owed to API paths, .json twins, and ?format=json — the first `format` wins, as in every view."""
    path, _, query = url.partition("?")
    fmt = parse_qs(query, keep_blank_values=True).get("format", [""])[0]
    return path.startswith("/api/") or path == "/healthz" or path.endswith(".json") or fmt == "json"


def check(resp, elapsed: float, url: str) -> None:
    """The contract every answer keeps, whatever was asked."""
    status = resp.status_code
    assert status < 500, f"{status} for {url!r}: {resp.get_data(as_text=True)[:300]}"
    assert elapsed < REQUEST_SECONDS, f"{elapsed:.1f} s for {url!r}"
    body = resp.get_data(as_text=True)
    assert "Traceback (most recent call last)" not in body
    if status in (301, 302, 307, 308):
        target = urlsplit(resp.headers["Location"])  # Werkzeug's slash merging names the host
        assert target.netloc in ("", "localhost") and target.path.startswith("/"), f"off-site: {target}"
    elif status >= 400 and (is_api(url) or resp.mimetype == "application/json"):
        assert resp.mimetype == "application/json", f"{status} for {url!r} is {resp.mimetype}"
        data = resp.get_json()
        assert data == {"ok": False, "error": data["error"], "status": status}, data
        assert isinstance(data["error"], str) and data["error"]
    elif status >= 400:
        assert resp.mimetype == "text/html", f"{status} for {url!r} is {resp.mimetype}"
        assert f"<title>{status} – Kokeiluhaku</title>" in body and 'href="/"' in body
    elif status == 200 and urlsplit(url).path.endswith(".csv"):  # the suffix wins over ?format=
        assert resp.mimetype == "text/csv", f"{url!r} is {resp.mimetype}"
    elif is_api(url) and status == 200:
        assert resp.mimetype == "application/json" and resp.get_json()["ok"] in (True, False)
        assert_marks_only(resp.get_json())


def assert_marks_only(data) -> None:
    """Highlighted excerpts hold escaped text and <mark>, nothing else."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "excerpt_html" and value:
                assert not re.search(r"<(?!/?mark>)", value), value
            else:
                assert_marks_only(value)
    elif isinstance(data, list):
        for value in data:
            assert_marks_only(value)


def fetch(client, url: str, method: str = "GET", **kw):
    started = time.perf_counter()
    with client.open(url, method=method, **kw) as resp:
        check(resp, time.perf_counter() - started, url)
    return resp


@pytest.fixture(scope="module")
def fuzz_client(app, tmp_path_factory):
    """The session app, with feedback going to a temporary file instead of var/."""
    old = app.config["FEEDBACK_FILE"]
    app.config["FEEDBACK_FILE"] = str(tmp_path_factory.mktemp("fuzz") / "feedback.jsonl")
    yield app.test_client()
    app.config["FEEDBACK_FILE"] = old


@pytest.mark.parametrize("route", sorted(PARAM_ROUTES))
@FUZZ
@given(data=st.data())
def test_query_parameters_never_break_a_route(fuzz_client, route, data):
    args = data.draw(params_for(PARAM_ROUTES[route]))
    fetch(fuzz_client, f"{route}?{urlencode(args)}" if args else route)


@settings(FUZZ, max_examples=60)
@given(route=st.sampled_from(sorted(PARAM_ROUTES)), raw=st.lists(
    st.tuples(st.sampled_from(["q", "limit", "municipality", "page", "lang", "format"]), st.binary(max_size=8)),
    min_size=1, max_size=3))
def test_raw_bytes_in_the_query_string(fuzz_client, route, raw):
    """Bytes that are not UTF-8 are a 400 saying so (Werkzeug would read "%FF" as text)."""
    query = "&".join(f"{name}={quote_from_bytes(value)}" for name, value in raw)
    resp = fetch(fuzz_client, f"{route}?{query}")
    try:
        b"".join(value for _, value in raw).decode("utf-8")
    except UnicodeDecodeError:
        assert resp.status_code == 400 and "UTF-8" in resp.get_data(as_text=True)


@pytest.mark.parametrize("route", PATH_ROUTES)
@FUZZ
@given(value=PATH_VALUES, args=params_for(["lang", "format", "q"]))
def test_path_values_never_break_a_route(fuzz_client, route, value, args):
    url = route.format(quote(value, safe=""))
    fetch(fuzz_client, f"{url}?{urlencode(args)}" if args else url)


HISTORY = st.one_of(JSON_VALUES, st.lists(st.one_of(
    TEXT, st.fixed_dictionaries({}, optional={"role": JSON_VALUES, "content": st.one_of(TEXT, JSON_VALUES),
                                              "message": JSON_VALUES})), max_size=6))
CHAT_BODY = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries({}, optional={"message": st.one_of(TEXT, JSON_VALUES), "history": HISTORY}),
    st.fixed_dictionaries({"message": st.sampled_from(["Mitä Kouvolan Ohjaamossa opittiin?", "Entä Oulussa?",
                                                       "Kuinka monta kuntaa?", "Vad lärde man sig?"])},
                          optional={"history": HISTORY}))
FEEDBACK_BODY = st.one_of(JSON_VALUES, st.fixed_dictionaries({"citation": st.fixed_dictionaries(
    {"text": st.sampled_from(["Ote", "Kokeiluihin osallistui 57 kuntaa."])}, optional={
        k: st.one_of(TEXT, JSON_VALUES) for k in ("doc", "section", "url", "page")})}, optional={
    "question": TEXT, "answer": TEXT, "helpful": st.booleans(), "interpreted": JSON_VALUES}),
    st.fixed_dictionaries({}, optional={
    "citation": st.one_of(JSON_VALUES, st.fixed_dictionaries({}, optional={
        k: st.one_of(TEXT, JSON_VALUES) for k in ("text", "doc", "section", "url", "page")})),
    "question": st.one_of(TEXT, JSON_VALUES), "answer": JSON_VALUES, "helpful": JSON_VALUES,
    "interpreted": JSON_VALUES}))


@pytest.mark.parametrize("route,bodies", [("/api/chat", CHAT_BODY), ("/api/feedback", FEEDBACK_BODY)])
@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_json_bodies_of_any_shape(fuzz_client, route, bodies, data):
    body = data.draw(bodies)
    fetch(fuzz_client, route, "POST", data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("route", ["/api/chat", "/api/feedback"])
@FUZZ
@given(raw=st.one_of(st.binary(max_size=64), st.text(max_size=64).map(str.encode)),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                                     "application/json; charset=latin-1", ""]))
def test_raw_bodies_that_are_not_json(fuzz_client, route, raw, content_type):
    fetch(fuzz_client, route, "POST", data=raw, content_type=content_type or None)


@pytest.mark.parametrize("depth", [100, 10_000, 30_000])
def test_deeply_nested_json_is_a_400_not_a_500(fuzz_client, depth):
    """Python's JSON parser recurses: 30,000 brackets (well under the 64 kB cap) used to be a 500."""
    for route in ("/api/chat", "/api/feedback"):
        body = '{"message": ' + "[" * depth + "]" * depth + "}"
        resp = fuzz_client.post(route, data=body, content_type="application/json")
        assert resp.status_code == 400 and resp.get_json()["status"] == 400, (route, depth)


@pytest.mark.parametrize("body,fragment", [
    ('{"message": NaN}', "not valid JSON"), ('{"message": "x", "history": [Infinity]}', "not valid JSON"),
    ('{"message": 1e999}', "not valid JSON"), ('{"message": "\\ud800 moi"}', "control characters"),
    ('{"message": "moi \\u0000"}', "control characters"),
])
def test_json_that_python_accepts_but_is_not_json_or_text(fuzz_client, body, fragment):
    resp = fuzz_client.post("/api/chat", data=body, content_type="application/json")
    assert resp.status_code == 400 and fragment in resp.get_json()["error"]


def test_feedback_never_writes_what_json_cannot_read(fuzz_client, app, tmp_path, monkeypatch):
    """NaN, Infinity and lone surrogates would make the JSONL log unreadable (or the write a 500)."""
    log = tmp_path / "feedback.jsonl"
    monkeypatch.setitem(app.config, "FEEDBACK_FILE", str(log))
    for extra in ('"interpreted": {"a": NaN}', '"interpreted": {"a": 1e999}', '"question": "\\udc80"',
                  '"citation": {"text": "Ote \\ud83d"}'):
        body = '{"citation": {"text": "Ote"}, ' + extra + "}"
        resp = fuzz_client.post("/api/feedback", data=body, content_type="application/json")
        assert resp.status_code == 400 and resp.get_json()["ok"] is False, extra
    assert not log.exists()

