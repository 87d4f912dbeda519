"""Word rules shared by indexing, querying and the assistant: the token pattern and stopwords.

They live apart from the Whoosh analysis chain (`indexer.index.analysis`) because the query
planner, the highlighter and the assistant split text into words too, and must split it the
same way the index does without reaching into the engine.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"
DATA_DIR = Path(__file__).parent / "data"
_TOKEN = re.compile(TOKEN_PATTERN)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words and question words of fi/sv/en, both surface forms and lemmas.

    Short content words such as "te" (TE-toimisto) are deliberately absent.
    """
    data = yaml.safe_load((DATA_DIR / "stopwords.yaml").read_text(encoding="utf-8"))
    words: set[str] = set()
    for lang_words in data.values():
        words.update(lang_words.lower().split())
    return frozenset(words)


def words(text: str) -> list[str]:
    """Lowercase word tokens, stopwords kept: the index's tokenizer (RegexTokenizer + lowercase)."""
    return [m.group().lower() for m in _TOKEN.finditer(text)]
