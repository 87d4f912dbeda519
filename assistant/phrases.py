"""The assistant's own words (data/phrases.yaml), in the question's language."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data" / "phrases.yaml"


@lru_cache(maxsize=1)
def phrases(path: Path = DATA) -> dict[str, dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def phrase(key: str, lang: str, **values: object) -> str:
    """The phrase in `lang` (Finnish when missing), with its placeholders filled."""
    entry = phrases()[key]
    template = entry.get(lang) if lang in entry else entry["fi"]
    return template.format(**values)
