"""The app's settings as one frozen object, built once in `create_app`.

server.py merges defaults, config.yaml, KOKEILUHAKU_* variables and a test
config into `app.config`; `Settings.from_config` reads that mapping once, with
each value converted to its type, so no view parses config on its own (a
string "8" where a number is meant, or a malformed CORS origin, is dealt with
here, at start-up). Views read `settings()`; the object cannot change while
the app serves, so nothing needs to cache what it derives from it.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from web.cors import clean_origins

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Publisher:
    """Who publishes this install: every public service must name itself and offer a way to give feedback."""

    name: str = ""
    url: str = ""
    contact: str = ""  # an e-mail address or a phone number, shown as written
    feedback_url: str = ""

    @classmethod
    def from_config(cls, value: Any) -> Publisher:
        data = value if isinstance(value, Mapping) else {}
        return cls(**{k: str(data.get(k) or "").strip() for k in ("name", "url", "contact", "feedback_url")})

    @property
    def feedback(self) -> str:
        """Where feedback goes: the configured link, else mail to the contact when it is an address."""
        if self.feedback_url:
            return self.feedback_url
        return f"mailto:{self.contact}" if "@" in self.contact and " " not in self.contact else ""


@dataclass(frozen=True)
class Settings:
    """What the index, the views and the middleware are configured with."""

    corpus_dir: Path
    index_dir: Path
    cache_dir: Path
    build_on_start: bool
    testing: bool
    max_limit: int
    max_offset: int
    max_query_chars: int
    max_query_words: int
    search_time_limit: float
    cors_origins: frozenset[str]
    admin_token: str
    auto_rebuild: bool
    ratelimit_enabled: bool
    ratelimit_per_minute: int
    ratelimit_file: Path
    publisher: Publisher
    export_max_rows: int
    feedback_max_bytes: int
    feedback_backups: int

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any]) -> Settings:
        return cls(
            corpus_dir=Path(cfg["CORPUS_DIR"]), index_dir=Path(cfg["INDEX_DIR"]), cache_dir=Path(cfg["CACHE_DIR"]),
            build_on_start=bool(cfg["BUILD_ON_START"]), testing=bool(cfg.get("TESTING")),
            max_limit=int(cfg["MAX_LIMIT"]), max_offset=int(cfg["MAX_OFFSET"]),
            max_query_chars=int(cfg["MAX_QUERY_CHARS"]), max_query_words=int(cfg["MAX_QUERY_WORDS"]),
            search_time_limit=float(cfg["SEARCH_TIME_LIMIT"]),
            cors_origins=clean_origins(cfg.get("CORS_ORIGINS")),
            admin_token=str(cfg.get("ADMIN_TOKEN") or ""), auto_rebuild=bool(cfg["AUTO_REBUILD"]),
            ratelimit_enabled=bool(cfg.get("RATELIMIT_ENABLED")),
            ratelimit_per_minute=int(cfg["RATELIMIT_PER_MINUTE"]), ratelimit_file=Path(cfg["RATELIMIT_FILE"]),
            publisher=Publisher.from_config(cfg.get("PUBLISHER")), export_max_rows=int(cfg["EXPORT_MAX_ROWS"]),
            feedback_max_bytes=int(cfg["FEEDBACK_MAX_BYTES"]), feedback_backups=int(cfg["FEEDBACK_BACKUPS"]),
        )


def settings() -> Settings:
    """The running app's settings (put there by `create_app`)."""
    return current_app.extensions["settings"]
