"""Cross-origin rules: who may call the API from a browser and who may frame us.

Both come from one exact allowlist, config `CORS_ORIGINS` (checked once, at start-up,
by `clean_origins`): an origin listed there gets
`Access-Control-Allow-Origin: <that origin>` and may put `/embed` in an
iframe (`frame-ancestors`); any other origin gets no CORS header at all, so
its browser refuses to hand over the response. `*` and `null` are never
honoured: a wildcard would defeat the allowlist, and `null` is what sandboxed
frames and file:// pages send, i.e. anyone. Every response also carries a
Content-Security-Policy that only lets the page load what the app serves itself.
"""
from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, request

log = logging.getLogger(__name__)

ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors {ancestors}")


def clean_origins(values: str | Iterable[Any] | None) -> frozenset[str]:
    """The configured origins that are real `scheme://host[:port]` origins, lowercased."""
    if isinstance(values, str):
        values = [v for v in re.split(r"[\s,]+", values) if v]
    out = set()
    for value in values or []:
        origin = str(value).strip().rstrip("/")
        if ORIGIN.match(origin):
            out.add(origin.lower())
        else:
            log.warning("CORS_ORIGINS: ignoring %r (want scheme://host[:port]; '*' and 'null' are not allowed)", value)
    return frozenset(out)


def add_headers(origins: frozenset[str], resp: Response) -> Response:
    resp.vary.add("Origin")
    origin = request.headers.get("Origin", "").lower()
    if origin in origins:  # the allowlist's own spelling goes out, never the request's bytes
        resp.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":  # preflight, e.g. the widget's JSON POST to /api/chat
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            resp.headers["Access-Control-Allow-Headers"] = "Content-Type"
            resp.headers["Access-Control-Max-Age"] = "600"
    ancestors = " ".join(["'self'", *sorted(origins)])
    resp.headers.setdefault("Content-Security-Policy", CSP.format(ancestors=ancestors))
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp


def register(app: Flask, origins: frozenset[str]) -> None:
    """Headers on every response, from the allowlist `Settings` holds."""
    app.after_request(functools.partial(add_headers, origins))
