"""No route that takes a path-like value reads outside what it serves.

Documents, posters and municipalities are looked up by id in the index (never
by file name) and static files go through Werkzeug's safe_join, so `../`, its
encodings, absolute paths, backslashes and NUL are a 404 whether they arrive
through Flask's test client or as raw bytes on a real waitress socket.
"""
from __future__ import annotations

import http.client

import pytest

SECRETS = ("root:x:0:0", "def create_app", "Kokeiluhaku configuration", "SEARCH_TIME_LIMIT", "[fonts]")
ROUTES = ["/asiakirjat/{}", "/asiakirjat/{}.json", "/asiakirjat/{}.csv", "/api/documents/{}", "/api/posters/{}",
          "/posterit/{}", "/posterit/{}.json", "/kunnat/{}", "/kunnat/{}.csv", "/static/{}"]
ATTACKS = [
    "../server.py", "..%2fserver.py", "%2e%2e%2fserver.py", "%2e%2e/server.py", ".%2e/server.py",
    "..%2f..%2fetc%2fpasswd", "../../../../../../etc/passwd", "..%5cserver.py", "..\\server.py",
    "%252e%252e%252fserver.py", "/etc/passwd", "%2fetc%2fpasswd", "C:%5cWindows%5cwin.ini", "C:\\Windows\\win.ini",
    "%00", "server.py%00.css", "..%00/server.py", "....//server.py", "..;/server.py", "%c0%ae%c0%ae/server.py",
    "../config.yaml", "..%2fcorpus%2fmanifest.yaml", "../corpus/004_59d5da49757b0894.txt",
    "vm-loppuraportti-2017%2f..%2f..%2fserver.py", "~root", "%2e%2e",
]


def assert_not_found(status: int, body: str, url: str) -> None:
    assert status == 404, f"{status} for {url}"
    assert not any(secret in body for secret in SECRETS), url


@pytest.mark.parametrize("route", ROUTES)
def test_traversal_through_the_test_client_is_404(client, route):
    for attack in ATTACKS:
        url = route.format(attack)
        resp = client.get(url, follow_redirects=True)
        body = resp.get_data(as_text=True)
        assert_not_found(resp.status_code, body, url)
        if route.startswith("/api/") or route.endswith(".json"):
            assert resp.json["ok"] is False and resp.json["status"] == 404
        resp.close()


@pytest.mark.parametrize("route", ROUTES)
def test_traversal_as_raw_bytes_on_a_real_socket_is_404(live_server, route):
    """No client-side normalisation: waitress gets the dots and backslashes as typed."""
    conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    try:
        for attack in ATTACKS:
            url = route.format(attack)
            for _ in range(3):  # follow our own redirects (merged slashes, canonical names)
                conn.request("GET", url)
                resp = conn.getresponse()
                body = resp.read().decode("utf-8", "replace")
                if resp.status not in (301, 302, 307, 308):
                    break
                url = resp.getheader("Location").removeprefix(live_server.url)
                assert url.startswith("/") and not url.startswith("//"), url
            assert_not_found(resp.status, body, route.format(attack))
    finally:
        conn.close()


def test_real_documents_and_static_files_are_still_served(client):
    """The control: the same routes answer for what they should serve."""
    for url in ("/asiakirjat/vm-loppuraportti-2017", "/api/documents/kuntalehti-2016", "/static/style.css",
                "/kunnat/Kouvola"):
        with client.get(url) as resp:
            assert resp.status_code == 200, url
