"""Cross-origin rules on every kind of response: the exact CORS allowlist, Vary: Origin,
and a Content-Security-Policy with frame-ancestors on pages, the widget, JSON, static
files and error pages alike (tests/test_pages.py covers the basic allow/refuse cases).
"""
from __future__ import annotations

import json

import pytest

from tests.support import make_test_app

ALLOWED = "https://intranet.example.fi"
OTHER = "http://localhost:8080"


@pytest.fixture(scope="module")
def cors_client(corpus_index, cache_dir):
    app = make_test_app(corpus_index, cache_dir, BUILD_ON_START=False, CORS_ORIGINS=[ALLOWED, OTHER])
    return app.test_client()


def ancestors(resp) -> list[str]:
    csp = resp.headers["Content-Security-Policy"]
    directive = next(d.strip() for d in csp.split(";") if d.strip().startswith("frame-ancestors"))
    return directive.split()[1:]


@pytest.mark.parametrize("origin", [
    "https://intranet.example.fi.evil.com",  # look-alike suffix
    "https://evilintranet.example.fi", "https://evil.intranet.example.fi",  # prefix, subdomain
    "https://intranet.example.fi:8443", "https://intranet.example.fi:443",  # port
    "http://intranet.example.fi", "ws://intranet.example.fi",  # scheme
    "null", "*", "", "https://intranet.example.fi/", "https://intranet.example.fi@evil.com",
    " https://intranet.example.fi", "https://intranet.example.fi, https://evil.com",
    "http://localhost:8081", "http://localhost", "http://127.0.0.1:8080",
])
def test_only_exact_allowlisted_origins_get_cors(cors_client, origin):
    for resp in (cors_client.get("/api/search?q=kotihoito", headers={"Origin": origin}),
                 cors_client.options("/api/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                           "Access-Control-Request-Headers": "content-type"})):
        assert "Access-Control-Allow-Origin" not in resp.headers, origin
        assert "Access-Control-Allow-Methods" not in resp.headers
        assert "Origin" in resp.headers.get("Vary", ""), "a cache must not hand this to an allowed origin"


@pytest.mark.parametrize("origin", [ALLOWED, OTHER])
def test_allowed_origins_get_their_own_origin_back_and_never_credentials(cors_client, origin):
    resp = cors_client.get("/api/search?q=kotihoito", headers={"Origin": origin})
    assert resp.headers["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Credentials" not in resp.headers
    post = cors_client.post("/api/chat", data=json.dumps({"message": "Mitä Kouvolassa opittiin?"}),
                            content_type="application/json", headers={"Origin": origin})
    assert post.status_code == 200 and post.headers["Access-Control-Allow-Origin"] == origin


def test_the_allowlist_spelling_goes_out_never_the_request_bytes(cors_client):
    resp = cors_client.get("/api/search?q=kotihoito", headers={"Origin": "HTTPS://Intranet.Example.FI"})
    assert resp.headers.get("Access-Control-Allow-Origin") in (None, ALLOWED)


def test_error_responses_carry_cors_for_allowed_origins_only(cors_client):
    """The widget reads the 400's message; an evil origin cannot read even that."""
    for origin, expected in ((ALLOWED, ALLOWED), ("https://evil.example", None)):
        resp = cors_client.get("/api/search?q=a&limit=x", headers={"Origin": origin})
        assert resp.status_code == 400 and resp.headers.get("Access-Control-Allow-Origin") == expected
        assert "Origin" in resp.headers["Vary"]


def big_post(client, url: str):
    return client.post(url, data="x" * (1 << 17), content_type="application/json")


RESPONSES = {  # name -> (request, expected status)
    "search page": (lambda c: c.get("/?q=kotihoito"), 200),
    "embed page": (lambda c: c.get("/embed?q=ohjaamo"), 200),
    "embed JSON twin": (lambda c: c.get("/embed.json?q=ohjaamo"), 200),
    "chat page": (lambda c: c.get("/keskustelu"), 200),
    "municipality": (lambda c: c.get("/kunnat/Kouvola"), 200),
    "municipality CSV": (lambda c: c.get("/kunnat/Kouvola.csv"), 200),
    "redirect": (lambda c: c.get("/kunnat/kouvolassa"), 302),
    "reader": (lambda c: c.get("/asiakirjat/kuntalehti-2016"), 200),
    "API": (lambda c: c.get("/api/search?q=kotihoito"), 200),
    "healthz": (lambda c: c.get("/healthz"), 200),
    "static file": (lambda c: c.get("/static/embed.js"), 200),
    "404 page": (lambda c: c.get("/ei-ole-olemassa"), 404),
    "404 embed": (lambda c: c.get("/embed/ei-ole"), 404),
    "404 JSON": (lambda c: c.get("/api/documents/ei-ole"), 404),
    "400 page": (lambda c: c.get("/embed?page=x"), 400),
    "400 JSON": (lambda c: c.get("/api/search?q=%FF"), 400),
    "405": (lambda c: c.post("/embed"), 405),
    "413": (lambda c: big_post(c, "/api/chat"), 413),
}


@pytest.mark.parametrize("name", RESPONSES)
def test_every_response_has_a_csp_with_frame_ancestors_from_the_allowlist(cors_client, name):
    request, status = RESPONSES[name]
    with request(cors_client) as resp:
        assert resp.status_code == status, name
        assert ancestors(resp) == ["'self'", OTHER, ALLOWED], name
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_without_an_allowlist_only_we_may_frame_us(client):
    for url in ("/embed", "/embed?page=x", "/ei-ole", "/static/style.css"):
        with client.get(url) as resp:
            assert ancestors(resp) == ["'self'"], url
