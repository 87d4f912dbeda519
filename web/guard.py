"""Request hygiene that no single view should have to remember.

Werkzeug reads a query string that is not UTF-8 by leaving the bad bytes
percent-encoded, so `?q=%FF` would quietly search for the text "%FF"; here
such a request is a 400 that says what is wrong, before any view runs. Text
parameters and JSON strings share one check (`check_text`): a length cap and
no characters nobody types (control characters, lone surrogates, U+FFFD from
a broken decode).

Request bodies parse with a strict JSON reader: NaN and Infinity are not JSON
(nor is 1e999, which Python reads as infinity; either would make the feedback
log invalid JSON), and nesting deep enough to exhaust Python's recursion limit
is an attack, not a question. All of these are "not valid JSON", so views
answer their usual 400, never a 500.
"""
from __future__ import annotations

import json
import logging
import math
import unicodedata
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, abort, current_app, request
from flask.json.provider import DefaultJSONProvider

log = logging.getLogger(__name__)

ALLOWED_CONTROLS = "\t\n\r"


def has_bad_chars(value: str, allowed: str = ALLOWED_CONTROLS) -> bool:
    """Control characters (but those in `allowed`), surrogates or U+FFFD."""
    return "\ufffd" in value or any(
        unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in value)


def check_text(value: str, label: str, maxlen: int, allowed: str = ALLOWED_CONTROLS) -> str:
    """`value` stripped and in NFC, or a 400 naming `label` ("parameter 'q'", "'message'") if it
    is too long or holds characters nobody types: the one input check of every text a request
    brings. NFC because the corpus is: "järvenpää" pasted from a Mac (a + combining diaeresis)
    must find what the same word typed on a PC finds."""
    if len(value) > maxlen:
        abort(400, f"{label} is longer than {maxlen} characters")
    if has_bad_chars(value, allowed):
        abort(400, f"{label} contains control characters or invalid UTF-8")
    return unicodedata.normalize("NFC", value).strip()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999: would be written back out as Infinity
        raise ValueError(f"number {text[:20]} is out of range")
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, but NaN/Infinity and runaway nesting are a ValueError."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        kwargs.setdefault("parse_constant", _reject_constant)
        kwargs.setdefault("parse_float", _finite_float)
        try:
            return json.loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


def check_query_string() -> None:
    """before_request: a query string whose bytes are not UTF-8 is a 400."""
    raw = request.query_string
    if not raw:
        return
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        abort(400, f"the query string is not valid UTF-8 (byte {exc.start} of the decoded query)")


def check_content_length() -> None:
    """before_request: a declared body over MAX_CONTENT_LENGTH is a 413 before a byte of it is
    read (waitress itself refuses it earlier still, see server.waitress_options)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        abort(413, f"the request body is larger than {limit} bytes")


def register(app: Flask) -> None:
    app.json = StrictJSONProvider(app)
    app.before_request(check_content_length)
    app.before_request(check_query_string)
