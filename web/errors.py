"""One error handler for the whole app: JSON for API clients, a page for people.

Views raise `abort(4xx, message)`; unexpected exceptions become a 500 whose
body never carries a traceback (it is logged instead).
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException, InternalServerError

from web.i18n import text

log = logging.getLogger(__name__)

PAGE = """<!doctype html><html lang="fi"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="description" content="{{ title }} – Kokeiluhaku">
<title>{{ status }} – Kokeiluhaku</title>
<link rel="stylesheet" href="{{ url_for('static', filename='style.css') }}">
<main class="error-page"><h1>{{ title }}</h1><p>{{ message }}</p>
<p><a href="{{ urls.HOME }}">{{ text('back_to_search', 'fi') }}</a> ·
<a href="{{ urls.search(lang='sv') }}" lang="sv">{{ text('back_to_search', 'sv') }}</a></p></main></html>"""
TITLED = (400, 404, 405, 413, 429, 503)  # statuses with a title of their own in web/i18n.py


def wants_json() -> bool:
    path = request.path
    if path.startswith("/api/") or path == "/healthz" or path.endswith(".json"):
        return True
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, message: str, headers: dict | None = None):
    if wants_json():
        resp = jsonify({"ok": False, "error": message, "status": status})
    else:
        title = text(f"error_{status}" if status in TITLED else "error", "fi")  # the page is Finnish
        resp = render_template_string(PAGE, status=status, title=title, message=message, text=text)
    if isinstance(resp, str):
        from flask import make_response
        resp = make_response(resp)
    resp.status_code = status
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        headers = {}
        if exc.code == 405 and exc.valid_methods:
            headers["Allow"] = ", ".join(exc.valid_methods)
        if getattr(exc, "retry_after", None):
            headers["Retry-After"] = str(exc.retry_after)
        return error_response(exc.code or 500, exc.description or exc.name, headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unhandled error on %s", request.path)
        library = current_app.extensions.get("library")
        if library is not None:  # a read that fails may be a damaged index: hash it, drop it if so
            library.check(full=True)
        return error_response(500, InternalServerError.description)
