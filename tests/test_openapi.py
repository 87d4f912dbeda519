"""docs/openapi.yaml is a valid OpenAPI document and tells the truth about the routes.

Every API route of the app is in the spec with its methods, and every status the
app is made to answer here (a wrong method, a query string that is not UTF-8, a
declared body over the limit, the rate limit, no index to serve) is documented
for that route.
"""
from __future__ import annotations

import re

import pytest
import yaml
from openapi_spec_validator import validate

from tests.support import ROOT, make_test_app

SPEC = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
EXAMPLE_ID = "x"


def spec_path(rule: str) -> str:
    return re.sub(r"<[^>]+>", "{id}", rule)


def api_routes(app) -> set[tuple[str, str]]:
    return {(spec_path(r.rule), m.lower()) for r in app.url_map.iter_rules()
            if r.rule.startswith("/api/") or r.rule == "/healthz"
            for m in r.methods - {"HEAD", "OPTIONS"}}


def documented(path: str, method: str) -> set[str]:
    return set(SPEC["paths"][path][method]["responses"])


def url(path: str) -> str:
    return path.replace("{id}", EXAMPLE_ID)


@pytest.fixture(scope="module")
def unavailable(tmp_path_factory):
    """An app with no index at all (every route that reads it answers 503) and the admin routes."""
    tmp = tmp_path_factory.mktemp("noindex")
    return make_test_app(tmp / "index", tmp / "cache", BUILD_ON_START=False, ADMIN_TOKEN="t0ken")


def test_the_spec_is_valid_openapi():
    validate(SPEC)


def test_every_api_route_and_method_is_in_the_spec_and_nothing_else(unavailable):
    in_spec = {(p, m) for p, ops in SPEC["paths"].items() for m in ops}
    assert api_routes(unavailable) == in_spec


def test_every_status_the_routes_answer_is_documented(unavailable, tmp_path):
    client = unavailable.test_client()
    limited = make_test_app(tmp_path / "index", tmp_path / "cache", BUILD_ON_START=False, ADMIN_TOKEN="t0ken",
                            RATELIMIT_ENABLED=True, RATELIMIT_PER_MINUTE=1,
                            RATELIMIT_FILE=str(tmp_path / "rl.sqlite3")).test_client()
    auth = {"Authorization": "Bearer t0ken"}
    body = {"message": "kokeilu", "force": "no"}  # a chat question; a reindex that must not start a build
    undocumented, seen = [], set()
    for path, method in sorted(api_routes(unavailable)):
        other = "post" if method == "get" else "get"
        answers = [
            client.open(url(path), method=method.upper(), headers=auth, json=body),
            client.open(url(path) + "?q=%FF", method=method.upper(), headers=auth),
            client.open(url(path), method=method.upper(), headers=auth, data=b"{}",
                        environ_overrides={"CONTENT_LENGTH": str(10**8)}),
            limited.open(url(path), method=method.upper(), headers=auth, json=body),
            limited.open(url(path), method=method.upper(), headers=auth, json=body),
        ]
        if other not in SPEC["paths"][path]:
            answers.append(client.open(url(path), method=other.upper(), headers=auth))
        for r in answers:
            seen.add(r.status_code)
            if str(r.status_code) not in documented(path, method):
                undocumented.append(f"{method.upper()} {path}: {r.status_code}")
    assert undocumented == []
    assert {400, 405, 413, 429, 503} <= seen, "the requests did not reach the statuses they are meant to"
    assert not unavailable.extensions["index_state"].running, "a test request started a build"
