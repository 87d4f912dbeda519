"""The Flask side: blueprints per area and the one error handler.

api      JSON search, posters, municipalities, documents, health
errors   one error shape {"ok": false, "error", "status"} for the API, a
         friendly page for people; never a stack trace
"""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from web import api, errors

    app.register_blueprint(api.bp)
    errors.register(app)
