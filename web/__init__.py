"""The Flask side: blueprints per area and the one error handler.

api      JSON search, posters, municipalities, documents, health
suggest  completions for the search box (/api/suggest)
chat     the assistant: POST /api/chat, /keskustelu, POST /api/feedback
pages    the search page / and the iframe page /embed
browse   /kunnat, /kunnat/<name>, /posterit/<id>, /asiakirjat/<id>
reader   a document's passages split into parts (chapters) for /asiakirjat/<id>?luku=N
i18n     the UI language (?lang= or a cookie) and strings (web/strings.py); area names,
         citations and titles in it
cors     CORS allowlist, frame-ancestors and CSP on every response
guard    query strings that are not UTF-8 are a 400; strict JSON bodies
ratelimit  per-client requests per minute, shared by all worker processes
public   publisher, data date and the accessibility statement /saavutettavuus
admin    POST /api/admin/reindex, GET /api/admin/status (only with ADMIN_TOKEN)
settings the frozen Settings create_app builds once; views read settings()
urls     every internal URL, also for templates (`urls`) and /ui.js
errors   one error shape {"ok": false, "error", "status"} for the API, a
         friendly page for people; never a stack trace
"""
from __future__ import annotations

from flask import Flask

from web.settings import Settings


def register(app: Flask, settings: Settings) -> None:
    from web import admin, api, chat, cors, errors, guard, i18n, pages, pages_browse, public, ratelimit, suggest, urls

    app.jinja_env.globals["urls"] = urls
    ratelimit.register(app, settings)  # first: a refused request does no other work
    guard.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(suggest.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(pages_browse.bp)
    app.register_blueprint(chat.bp)
    public.register(app)
    if settings.admin_token:  # without a token the admin routes do not exist
        app.register_blueprint(admin.bp)
    i18n.register(app)
    cors.register(app, settings.cors_origins)
    errors.register(app)
    from flask_compress import Compress

    Compress(app)  # gzip, brotli or zstd as the client accepts, for HTML, JSON, CSS and JS over 500 bytes
