"""The Flask side: blueprints per area and the one error handler.

api      JSON search, posters, municipalities, documents, health
suggest  completions for the search box (/api/suggest)
pages    the search page / and the iframe page /embed
browse   /kunnat, /kunnat/<name>, /posterit/<id>, /asiakirjat/<id>
i18n     fi/sv/en UI strings, language from ?lang= or a cookie
cors     CORS allowlist, frame-ancestors and CSP on every response
errors   one error shape {"ok": false, "error", "status"} for the API, a
         friendly page for people; never a stack trace
"""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from web import api, cors, errors, i18n, pages, pages_browse, suggest

    app.register_blueprint(api.bp)
    app.register_blueprint(suggest.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(pages_browse.bp)
    i18n.register(app)
    cors.register(app)
    errors.register(app)
