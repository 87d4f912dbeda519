"""Experiment areas and member municipalities from the report's chapter 3.1.1.

The report lists the 16 areas as genitive phrases ("Lopen, Riihimäen ja
Hausjärven muodostama kuntaryhmä"); users search by the nominative name
("Loppi"), so Voikko turns each genitive into its base form. Two misprints in
the report that Voikko cannot analyse are covered by an explicit table.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from indexer.model import Municipality, Poster

log = logging.getLogger(__name__)

try:
    import pyvoikko as _voikko
except ImportError:  # pragma: no cover - depends on the machine
    _voikko = None

SV_NAMES_FILE = Path(__file__).parent / "data" / "municipalities_sv.yaml"
# Misprinted genitives in VM 27/2017 that Voikko does not recognise.
GENITIVE_EXCEPTIONS = {"ypäjäen": "Ypäjä", "uraisen": "Uurainen"}
_ITEM = re.compile(r"^\s*(\d{1,2})\.\s+(.+?)[;.,]?\s*$")
_GROUP = re.compile(r"\s+muodostama(?:t)?\s+kuntaryhmä\w*", re.IGNORECASE)
_SPLIT = re.compile(r"\s*,\s*|\s+(?:ja|sekä|och|and)\s+")


@dataclass
class Area:
    """One experiment area: a municipality or a group of municipalities."""

    name: str
    members: list[str]


def nominative(genitive: str) -> str | None:
    """Base form of a genitive place name ("Lopen" -> "Loppi") via Voikko."""
    word = genitive.strip().lower()
    if _voikko is not None:
        analyses = _voikko.analyse(word)
        places = [a for a in analyses if a.CLASS == "paikannimi" and a.BASEFORM]
        if places:
            base = places[0].BASEFORM.replace("=", "")
            return base[:1].upper() + base[1:]
    if word in GENITIVE_EXCEPTIONS:
        return GENITIVE_EXCEPTIONS[word]
    log.warning("cannot find the base form of municipality %r", genitive)
    return None


def area_name(members: list[str]) -> str:
    """Readable area label: "Forssa, Ypäjä" or "Jyväskylä ja 8 muuta kuntaa"."""
    if len(members) <= 3:
        return ", ".join(members)
    return f"{members[0]} ja {len(members) - 1} muuta kuntaa"


def _list_lines(lines: list[str]) -> list[str]:
    """The numbered list around the first "... muodostama kuntaryhmä" line."""
    hit = next((i for i, line in enumerate(lines) if _GROUP.search(line) and _ITEM.match(line)), None)
    if hit is None:
        return []
    start = hit
    while start > 0 and (_ITEM.match(lines[start - 1]) or not lines[start - 1].strip()):
        start -= 1
    end = hit
    while end + 1 < len(lines) and (_ITEM.match(lines[end + 1]) or not lines[end + 1].strip()):
        end += 1
    return [line for line in lines[start:end + 1] if _ITEM.match(line)]


def parse_areas(raw: str) -> list[Area]:
    """Areas with nominative member names, in the order printed."""
    areas: list[Area] = []
    for line in _list_lines(raw.split("\n")):
        text = _ITEM.match(line).group(2).strip()
        if _GROUP.search(text):
            parts = [p for p in _SPLIT.split(_GROUP.split(text)[0]) if p]
            members = [m for m in (nominative(p) for p in parts) if m]
        else:
            members = [text]
        areas.append(Area(area_name(members), members))
    _check_count(raw, areas)
    return areas


def _check_count(raw: str, areas: list[Area]) -> None:
    stated = re.search(r"yhteensä\s+(\d+)\s+kuntaa", raw)
    total = sum(len(a.members) for a in areas)
    if areas and stated and int(stated.group(1)) != total:
        log.warning("parsed %d municipalities, the report states %s", total, stated.group(1))


@lru_cache(maxsize=1)
def swedish_names() -> dict[str, str]:
    """Finnish -> Swedish municipality names from indexer/data."""
    try:
        data = yaml.safe_load(SV_NAMES_FILE.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        log.warning("cannot read %s: %s", SV_NAMES_FILE, exc)
        return {}
    return {str(k): str(v) for k, v in data.items()}


def parse_municipalities(raw: str, posters: list[Poster]) -> list[Municipality]:
    """Member municipalities with area, Swedish name and poster statistics.

    A municipality's models and poster_count come from the posters that name
    it directly in their first cell (group members are not credited with the
    posters of another member).
    """
    sv = swedish_names()
    out: list[Municipality] = []
    for area in parse_areas(raw):
        for name in area.members:
            own = [p for p in posters if name in p.municipalities]
            models = sorted({p.model for p in own})
            out.append(Municipality(name, area.name, sv.get(name, ""), models, len(own)))
    return out
