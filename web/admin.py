"""Admin API: rebuild the index while serving, and watch the build.

    POST /api/admin/reindex   202, builds a new generation in a background thread
                              (409 if one is already running in this process)
    GET  /api/admin/status    the build state and the generation being served

Both exist only when a token is configured (env KOKEILUHAKU_ADMIN_TOKEN): with
none, they answer 404 like any unknown path, so an intranet install without a
token has no admin surface at all. The token is compared in constant time.
The build is the same `ensure_index` as `python -m indexer build`, so the two
share the build lock: started together, one waits for the other.
"""
from __future__ import annotations

import hmac
import logging

from flask import Blueprint, abort, current_app, jsonify, request

from web import urls
from web.settings import settings

log = logging.getLogger(__name__)
bp = Blueprint("admin", __name__)


@bp.before_request
def require_token() -> None:
    """404 without a configured token, 401 without the right one."""
    token = settings().admin_token
    if not token:
        abort(404, "not found")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        log.warning("admin request with a missing or wrong token from %s", request.remote_addr)
        abort(401, "admin token required: Authorization: Bearer <token>")


@bp.after_request
def challenge(resp):
    if resp.status_code == 401:
        resp.headers["WWW-Authenticate"] = 'Bearer realm="kokeiluhaku-admin"'
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.post("/api/admin/reindex")
def reindex():
    """Body (optional JSON): {"force": true} rebuilds even if the index is current (default)."""
    body = request.get_json(silent=True) if request.content_length else {}
    if not isinstance(body, dict):
        abort(400, "body must be a JSON object, e.g. {\"force\": true}")
    force = body.get("force", True)
    if not isinstance(force, bool):
        abort(400, "'force' must be true or false")
    state = current_app.extensions["index_state"]
    if not state.start(force=force, reason="admin reindex"):
        abort(409, "a build is already running; see /api/admin/status")
    log.info("admin reindex started (force=%s) from %s", force, request.remote_addr)
    return jsonify({"ok": True, "started": True, "status_url": urls.ADMIN_STATUS} | state.as_dict()), 202


@bp.get(urls.ADMIN_STATUS)
def status():
    library = current_app.extensions["library"]
    state = current_app.extensions["index_state"]
    return jsonify({"ok": True, "generation": library.generation, "library_error": library.error}
                   | state.as_dict())
