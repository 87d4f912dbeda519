"""Kokeiluhaku web server: `python server.py [--host H] [--port P]`.

`create_app` follows Flask's flaskr pattern: embedded defaults, then
config.yaml (uppercase keys), then KOKEILUHAKU_* environment variables, then
`test_config`. The index is built in a background thread on first start (or
when the corpus changed); /healthz answers 503 with progress until it is ready.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from indexer.build import ensure_index
from indexer.search import Library

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent

DEFAULTS: dict[str, Any] = {
    "HOST": "127.0.0.1",
    "PORT": 5000,
    "CORPUS_DIR": str(ROOT / "corpus"),
    "INDEX_DIR": str(ROOT / "var" / "index"),
    "CACHE_DIR": str(ROOT / "var" / "cache"),
    "BUILD_ON_START": True,
    "MAX_LIMIT": 50,
    "MAX_OFFSET": 1000,
    "MAX_QUERY_CHARS": 500,
    "SEARCH_TIME_LIMIT": 2.0,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "THREADS": 8,
    "CORS_ORIGINS": [],
    "JSON_SORT_KEYS": False,
}


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    path = Path(os.environ.get("KOKEILUHAKU_CONFIG", ROOT / "config.yaml"))
    if path.is_file():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        app.config.from_mapping({k.upper(): v for k, v in data.items()})
    for key in list(app.config):
        env = os.environ.get(f"KOKEILUHAKU_{key}")
        if env is not None:
            app.config[key] = yaml.safe_load(env)  # "8" -> 8, "[a, b]" -> list
    if test_config:
        app.config.from_mapping(test_config)


class IndexState:
    """Readiness of the index for /healthz: building, ready or failed."""

    def __init__(self) -> None:
        self.status = "starting"
        self.progress = (0, 0)
        self.error = ""
        self.report = None


def start_index(app: Flask) -> None:
    state: IndexState = app.extensions["index_state"]
    cfg = app.config

    def progress(i: int, total: int) -> None:
        state.progress = (i, total)
        if total and (i == total or i % max(1, total // 10) == 0):
            log.info("indexing %d/%d passages", i, total)

    def run() -> None:
        state.status = "building"
        try:
            state.report = ensure_index(Path(cfg["CORPUS_DIR"]), Path(cfg["INDEX_DIR"]),
                                        Path(cfg["CACHE_DIR"]), progress=progress)
            state.status = "ready"
            log.info("index ready: %s", state.report.generation)
        except Exception as exc:  # keep serving whatever generation exists
            log.exception("index build failed")
            state.error = str(exc)
            state.status = "failed"

    if cfg["BUILD_ON_START"]:
        if cfg.get("TESTING"):
            run()
        else:
            threading.Thread(target=run, name="index-build", daemon=True).start()
    else:
        state.status = "ready"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    load_config(app, test_config)
    app.extensions["index_state"] = IndexState()
    app.extensions["library"] = Library(Path(app.config["INDEX_DIR"]), app.config["SEARCH_TIME_LIMIT"])

    from web import register

    register(app)
    start_index(app)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    host = args.host or app.config["HOST"]
    port = args.port or app.config["PORT"]
    from waitress import serve

    print(f"Kokeiluhaku on http://{host}:{port}/ (index builds in the background on first start)", flush=True)
    serve(app, host=host, port=port, threads=int(app.config["THREADS"]), ident="kokeiluhaku")
    return 0


if __name__ == "__main__":
    sys.exit(main())
