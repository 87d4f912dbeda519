"""The public-service basics every page carries: who publishes it, how old the data is, and
the accessibility statement.

Finnish public services must name their publisher, take feedback and publish an
accessibility statement (Act 306/2019). The publisher comes from config.yaml
(`PUBLISHER`, read once into `Settings.publisher`); the data's date is the newest
date among the corpus documents, so it moves with the corpus, not with a deploy.
The statement is a page of its own in Finnish, Swedish and English; what is known
not to comply is listed there, from the last measured review (issue 12).
"""
from __future__ import annotations

import logging

from flask import Blueprint, Flask, current_app, render_template

from indexer.search.library import IndexUnavailable
from web import urls
from web.i18n import current
from web.settings import settings

log = logging.getLogger(__name__)
bp = Blueprint("public", __name__)

STATEMENT_DATE = "2026-12-01"  # when the statement was last reviewed against the measured findings
MONTHS = {"fi": "{m}/{y}", "sv": "{m}/{y}", "en": "{y}-{m:02d}"}


def newest_date(documents: dict) -> str:
    """The latest ISO date (YYYY, YYYY-MM or YYYY-MM-DD) among the documents, "" when none has one."""
    dates = [str(d.get("date") or "") for d in documents.values()]
    return max((d for d in dates if d[:4].isdigit()), default="")


def display_date(iso: str, lang: str) -> str:
    """"2017-06" as a reader of `lang` writes it: 6/2017 (fi, sv), 2017-06 (en); days as 4.5.2016."""
    parts = iso.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return iso
    if len(numbers) == 3 and lang != "en":
        return f"{numbers[2]}.{numbers[1]}.{numbers[0]}"
    if len(numbers) == 2:
        return MONTHS[lang].format(m=numbers[1], y=numbers[0])
    return iso


def data_date() -> str:
    """The newest document's date for the footer, or "" while no index is open."""
    try:
        with current_app.extensions["library"].acquire() as snap:
            iso = newest_date(snap.documents)
    except IndexUnavailable:
        return ""
    return display_date(iso, current()) if iso else ""


@bp.get(urls.ACCESSIBILITY)
def accessibility():
    """The accessibility statement, in the UI language (the body is one template per language)."""
    return render_template("accessibility.html", statement_date=display_date(STATEMENT_DATE, current()),
                           body=f"_accessibility_{current()}.html")


def register(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def public_basics() -> dict:
        return {"publisher": settings().publisher, "data_date": data_date}
