"""Shared helpers for the benchmarks: paths, the eval scorer, writing docs/benchmarks.md."""
from __future__ import annotations

import importlib.util
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
DEV_QUERIES = SHARED / "eval" / "dev_queries.yaml"
DOC = ROOT / "docs" / "benchmarks.md"


def scorer():
    """The project-independent scorer in ../shared/tools (norm, first_hit, load_queries)."""
    path = SHARED / "tools" / "evaluate_search.py"
    spec = importlib.util.spec_from_file_location("evaluate_search", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def machine() -> str:
    import os
    py = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{py}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}"


def write_section(name: str, body: str) -> None:
    """Replace the block between <!-- bench:NAME --> markers (append it if missing)."""
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
