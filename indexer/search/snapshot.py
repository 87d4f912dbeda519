"""Stage 5: answering queries from the live generation.

A `Snapshot` is one open generation; `indexer.search.library.Library` follows the
`CURRENT` pointer and hands snapshots out to request threads.
`Snapshot.search` is the whole query path: plan -> engine -> rerank ->
excerpts and citations.
"""
from __future__ import annotations

import json
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

from indexer import index
from indexer.model import POSTER_FIELDS, Municipality, Poster
from indexer.search.cache import LRU
from indexer.search.places import Places
from indexer.search.query import MAX_WORDS, Planner
from indexer.search.rank import Highlighter, rerank

log = logging.getLogger(__name__)

CANDIDATES = 200
CACHE_SIZE = 1024  # responses kept per generation; a new generation starts empty
MIN_COLLECT_SHARE = 0.25  # of the time budget, left for collecting however long planning took


class Snapshot:
    """One open generation with its structured data; shared by request threads."""

    def __init__(self, gen: Path, time_limit: float | None = None, max_words: int = MAX_WORDS):
        self.gen = gen
        self.engine = index.Engine(gen)
        data = json.loads((gen / "data.json").read_text(encoding="utf-8"))
        self.documents: dict[str, dict] = {d["id"]: d for d in data["documents"]}
        self.posters: list[Poster] = [Poster(**p) for p in data["posters"]]
        self.municipalities = [Municipality(**m) for m in data["municipalities"]]
        self.places = Places(self.municipalities)
        self.models = sorted({p.model for p in self.posters if p.model})
        self.planner = Planner(self.engine, self.places, max_words)
        self.planner.fold_map()  # warm the vocabulary maps now, not on the first request
        self.engine.warm()
        self.time_limit = time_limit
        self.readers = 0
        self._cache = LRU(CACHE_SIZE)

    def close(self) -> None:
        self.engine.close()

    # -- search ----------------------------------------------------------------

    def resolve_filters(self, raw: dict[str, str]) -> tuple[dict[str, list[str]], dict[str, Any]]:
        """API filter parameters -> index filter values, and how they were read."""
        filters: dict[str, list[str]] = {}
        read: dict[str, Any] = {}
        for key, fieldname in (("lang", "lang"), ("doc", "doc"), ("field", "poster_field"), ("kind", "kind")):
            values = [v for v in raw.get(key, "").split(",") if v]
            if values:
                filters[fieldname] = values
        if raw.get("municipality"):
            names = [p.name for v in raw["municipality"].split(",") if (p := self.places.resolve(v))]
            filters["municipality"] = [n.lower() for n in names] or ["\x00none"]
            read["municipality"] = names
        if raw.get("model"):
            models = [m for v in raw["model"].split(",") if (m := self.resolve_model(v))]
            filters["model"] = models or ["\x00none"]
            read["model"] = models
        return filters, read

    def display_name(self, lowered: str) -> str:
        m = self.places.by_lower.get(lowered)
        return m.name if m else lowered

    def resolve_model(self, text: str) -> str | None:
        from indexer.language.morph import fold
        key = fold(text.strip().lower())
        for m in self.models:
            if fold(m.lower()) == key or (len(key) >= 4 and fold(m.lower()).startswith(key[:-1])):
                return m
        return None

    def search(self, q: str, limit: int = 10, offset: int = 0, raw_filters: dict[str, str] | None = None) -> dict:
        """A search response; repeated requests are answered from a per-generation cache.

        A response cut short by the time budget says `partial` and is not cached:
        the same query asked when the server is less busy gets the whole answer.
        """
        key = (q, limit, offset, tuple(sorted((raw_filters or {}).items())))
        started = time.perf_counter()
        cached = self._cache.get(key)
        if cached is None:
            cached = self._search(q, limit, offset, raw_filters)
            if not cached["partial"]:
                self._cache.put(key, cached)
        return dict(cached, took_ms=round((time.perf_counter() - started) * 1000, 1))

    def _search(self, q: str, limit: int, offset: int, raw_filters: dict[str, str] | None) -> dict:
        """Plan, collect, rerank, excerpt: planning and collecting share one time budget."""
        started = time.perf_counter()
        deadline = time.monotonic() + self.time_limit if self.time_limit else None
        filters, read = self.resolve_filters(raw_filters or {})
        plan = self.planner.plan(q, filters, deadline=deadline)
        if plan.empty and not filters:
            return _response(q, [], 0, {}, plan, read, started, offset, limit)
        budget = None
        if deadline is not None:  # what planning left, but never less than a share to collect in
            budget = max(deadline - time.monotonic(), self.time_limit * MIN_COLLECT_SHARE)
        raw = self.engine.run(plan, candidates=max(CANDIDATES, offset + limit), time_limit=budget)
        plan.partial = plan.partial or raw.partial
        hits = rerank(raw.hits, plan, self.engine)
        page = hits[offset:offset + limit]
        hl = Highlighter(plan)
        results = [self.result(h.stored, h.score, hl) for h in page]
        if "municipality" in raw.facets:  # the index keeps names lowercase; show them as written
            lowered = raw.facets["municipality"]
            raw.facets["municipality"] = Counter({self.display_name(k): v for k, v in lowered.items()})
        return _response(q, results, raw.total, raw.facets, plan, read, started, offset, limit)

    def result(self, stored: dict, score: float, hl: Highlighter | None = None) -> dict:
        """One passage as the API shows it, with its citation."""
        info = stored.get("info") or {}
        doc = self.documents.get(stored["doc"], {})
        field_key = stored.get("poster_field") or ""
        return {
            "id": stored["id"], "score": round(score, 4), "text": stored["text"],
            "excerpt_html": hl.excerpt(stored["text"]) if hl else None,
            "doc": stored["doc"], "doc_title": doc.get("title", stored["doc"]),
            "lang": stored.get("lang"), "kind": stored.get("kind"),
            "section": info.get("section", []), "section_no": info.get("section_no", ""),
            "heading": info.get("heading", ""), "page": stored.get("page"),
            "municipalities": info.get("municipalities", []), "model": stored.get("model") or None,
            "poster": stored.get("poster") or None, "poster_title": info.get("poster_title") or None,
            "field": field_key or None,
            "field_label": POSTER_FIELDS.get(field_key, {}).get("fi") if field_key else None,
            "citation": citation(doc, info, stored.get("page")),
            "url": f"/asiakirjat/{stored['doc']}#{stored['id']}",
        }

    # -- posters ---------------------------------------------------------------

    def find_posters(self, municipality: str = "", model: str = "", q: str = "") -> tuple[list[Poster], dict]:
        """Posters by municipality (its own, else its area's), model and text."""
        posters = self.posters
        read: dict[str, Any] = {}
        if municipality:
            place = self.places.resolve(municipality)
            read["municipality"] = place.name if place else None
            if place is None:
                return [], read
            own = [p for p in posters if place.name in p.municipalities]
            read["area"] = place.area
            read["via"] = "municipality" if own else "area"
            posters = own or [p for p in posters if set(p.municipalities) & set(place.members)]
        if model:
            resolved = self.resolve_model(model)
            read["model"] = resolved
            posters = [p for p in posters if p.model == resolved]
        if q:
            ranked = self.search(q, limit=200, raw_filters={"kind": "poster"})["results"]
            order = {}
            for r in ranked:
                order.setdefault(r["poster"], len(order))
            posters = sorted((p for p in posters if p.id in order), key=lambda p: order[p.id])
        return posters, read

    def poster(self, poster_id: str) -> Poster | None:
        return next((p for p in self.posters if p.id == poster_id), None)

    # -- suggestions (web/suggest.py) -----------------------------------------------

    def suggest(self, prefix: str, limit: int = 6) -> dict[str, list[str]]:
        """Completions for the search box: index terms, municipalities, poster ids.

        Accent- and case-insensitive ("jarv" finds "järvenpää"); terms complete the
        last typed word, most frequent first. The folded term table is built once
        per snapshot (~50 ms) so each keystroke costs a bisect, not a lexicon scan.
        """
        from bisect import bisect_left

        from indexer.language.morph import fold

        table = getattr(self, "_suggest_table", None)
        if table is None:
            table = sorted((fold(t), -self.engine.doc_frequency("surface", t), t)
                           for t in self.engine.lexicon("surface") if len(t) > 2 and t[:1].isalpha())
            self._suggest_table = table
        key = " ".join(fold(prefix.lower()).split())
        if not key:
            return {"terms": [], "municipalities": [], "posters": []}
        last = key.split()[-1]
        found = []
        for folded, neg_df, term in table[bisect_left(table, (last,)):]:
            if not folded.startswith(last):
                break
            found.append((neg_df, term))
        terms = [t for _, t in sorted(found)[:limit]] if len(last) >= 2 else []
        starts = (key, last) if len(last) >= 2 else (key,)
        names = [m.name for m in self.municipalities
                 if any(fold(n.lower()).startswith(starts) for n in (m.name, m.sv_name) if n)]
        posters = [p.id for p in self.posters if f" {key}" in " " + " ".join(fold(p.title.lower()).split())]
        return {"terms": terms, "municipalities": names[:limit], "posters": posters[:limit]}


def citation(doc: dict, info: dict, page: int | None) -> str:
    """"VM 27/2017, luku 4.2 Kokeiluille asetettujen …, s. 16" – document, section, page."""
    parts = [doc.get("short") or doc.get("title") or doc.get("id", "")]
    section = info.get("section") or []
    if info.get("poster_title"):
        parts.append(f"{section[0]}: {info['poster_title']}" if section else info["poster_title"])
        if info.get("heading") and info["heading"] != "Kunta":
            parts.append(info["heading"])
    elif section:
        no, title = info.get("section_no") or "", section[-1]
        parts.append(f"luku {no} {title}" if no and not title.startswith(no) else title)
    if page:
        parts.append(f"s. {page}")
    return ", ".join(p for p in parts if p)


def _response(q, results, total, facets, plan, read, started, offset, limit) -> dict:
    return {
        "ok": True, "query": q, "results": results, "total": total, "offset": offset, "limit": limit,
        "facets": {f: [{"value": v, "count": c} for v, c in counts.most_common()] for f, counts in facets.items()},
        "did_you_mean": plan.did_you_mean, "interpreted": {"filters": read, "expansions": plan.notes},
        "partial": plan.partial,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
    }

