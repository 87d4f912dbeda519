"""Responses compressed as the client accepts (Flask-Compress): the same body, a fraction of the bytes."""
from __future__ import annotations

import gzip
import json

import brotli
import pytest


def _same(a: bytes, b: bytes, path: str) -> bool:
    if not path.startswith("/api/"):
        return a == b
    strip = lambda body: {k: v for k, v in json.loads(body).items() if k != "took_ms"}  # noqa: E731
    return strip(a) == strip(b)


@pytest.mark.parametrize("path", ["/?q=perhehoito", "/api/search?q=perhehoito", "/asiakirjat/vm-loppuraportti-2017"])
def test_a_client_accepting_gzip_or_brotli_gets_the_same_body_smaller(client, path):
    plain = client.get(path)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert _same(gzip.decompress(packed.data), plain.data, path) and len(packed.data) < len(plain.data) / 2
    br = client.get(path, headers={"Accept-Encoding": "br"})
    assert br.headers["Content-Encoding"] == "br" and _same(brotli.decompress(br.data), plain.data, path)


def test_an_error_keeps_its_json_shape_compressed(client):
    resp = client.get("/api/search?q=x&limit=abc", headers={"Accept-Encoding": "gzip"})
    body = gzip.decompress(resp.data) if resp.headers.get("Content-Encoding") == "gzip" else resp.data
    assert resp.status_code == 400 and json.loads(body)["ok"] is False
