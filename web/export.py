"""Every page also as JSON and CSV, built from the dict the HTML is rendered from.

Datasette style: `/kunnat` is HTML, `/kunnat.json` and `/kunnat?format=json`
the same data as JSON, `.csv` its main table. Because all three come from one
dict, the JSON twin can never drift from what the page shows.
"""
from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request

log = logging.getLogger(__name__)

FORMATS = ("html", "json", "csv")
SUFFIX = "<any(json,csv):fmt>"
# Spreadsheet formula triggers (OWASP "CSV injection"); "-" is left alone because
# corpus text often starts with a bullet dash.
FORMULA_START = ("=", "+", "@", "\t", "\r")
BOM, SEPARATOR = "\ufeff", ";"


def page_route(bp: Blueprint, rule: str, twin: str | None = None, **options) -> Callable:
    """Register a view under `rule` and `rule.json`/`rule.csv` (or `twin.json`/`twin.csv`)."""
    def decorator(view: Callable) -> Callable:
        bp.add_url_rule(rule, view_func=view, methods=["GET"], **options)
        bp.add_url_rule(f"{twin or rule}.{SUFFIX}", view_func=view, methods=["GET"], **options)
        return view
    return decorator


def split_suffix(name: str) -> tuple[str, str | None]:
    """"Kouvola.json" -> ("Kouvola", "json"), for rules whose last part may hold a dot."""
    for fmt in ("json", "csv"):
        if name.endswith("." + fmt):
            return name[: -len(fmt) - 1], fmt
    return name, None


def wanted_format(fmt: str | None = None) -> str:
    """The format from the URL suffix, else `?format=`, else HTML; 400 for others."""
    value = fmt or request.args.get("format") or "html"
    if value not in FORMATS:
        abort(400, f"parameter 'format' must be one of {', '.join(FORMATS)}, got {value[:20]!r}")
    return value


def respond(template: str, data: dict, rows: Iterable[dict], fmt: str, filename: str,
            status: int = 200) -> Response:
    """The one place a page dict becomes HTML, JSON or CSV."""
    if fmt == "json":
        resp = jsonify(data)
    elif fmt == "csv":
        resp = csv_response(rows, filename)
    else:
        resp = Response(render_template(template, page=data), mimetype="text/html")
    resp.status_code = status
    return resp


def csv_response(rows: Iterable[dict], filename: str) -> Response:
    """CSV that Excel opens right in a Finnish locale: UTF-8 with a BOM (else ä and ö break) and ';'
    between fields (the list separator where ',' is the decimal comma); LibreOffice and Python's
    csv module (delimiter=';', encoding='utf-8-sig') read it as well."""
    rows = [flatten(r) for r in rows]
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.DictWriter(buf, fieldnames=columns or ["empty"], extrasaction="ignore", delimiter=SEPARATOR)
    writer.writeheader()
    writer.writerows(rows)
    resp = Response(buf.getvalue().encode("utf-8"), mimetype="text/csv")
    resp.headers["Content-Type"] = "text/csv; charset=utf-8"
    resp.headers["Content-Disposition"] = f'inline; filename="{filename}.csv"'
    return resp


def flatten(row: dict[str, Any]) -> dict[str, str]:
    """A CSV row: lists joined with "; ", dicts as JSON, formulas defused."""
    out = {}
    for key, value in row.items():
        if value is None:
            text = ""
        elif isinstance(value, (list, tuple)):
            text = "; ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = str(value)
        out[key] = "'" + text if text.startswith(FORMULA_START) else text
    return out

