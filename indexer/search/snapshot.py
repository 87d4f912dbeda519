"""One open generation answering queries: the search stage's front.

A `Snapshot` is one open generation; `indexer.search.library.Library` follows the
`CURRENT` pointer and hands snapshots out to request threads. `Snapshot.search` is
the whole query path: plan -> engine -> rerank -> excerpts and citations -> frozen
`Response` (cached) -> a fresh dict. Look-ups without ranking are the `Catalog`'s,
completions the `Suggester`'s; the snapshot exposes both under the names callers use.
"""
from __future__ import annotations

import json
import logging
import time
from collections import Counter
from pathlib import Path

from indexer import index
from indexer.language import dictionary
from indexer.model import CARD_FIELD, Poster
from indexer.plan import QueryPlan
from indexer.search.cache import LRU
from indexer.search.catalog import Catalog
from indexer.search.query import MAX_WORDS, Planner
from indexer.search.rank import EXCERPT_WORDS, Highlighter, rerank
from indexer.search.results import Response, Result, freeze, group_results, stored_group_key
from indexer.search.suggest import Suggester
from indexer.search.wordforms import WordForms

log = logging.getLogger(__name__)

CANDIDATES = 200
CACHE_SIZE = 1024  # responses kept per generation; a new generation starts empty
MIN_COLLECT_SHARE = 0.25  # of the time budget, left for collecting however long planning took
GROUP_HITS = 3  # passages shown under one row of grouped results
SUB_EXCERPT_WORDS = 24  # a row's passages after its best are shown shorter, so rows stay scannable


class Snapshot:
    """One open generation with its structured data; shared by request threads."""

    def __init__(self, gen: Path, time_limit: float | None = None, max_words: int = MAX_WORDS):
        self.gen = gen
        self.engine = index.Engine(gen)
        self.catalog = Catalog(json.loads((gen / "data.json").read_text(encoding="utf-8")))
        cat = self.catalog  # the read-only look-ups, under the names callers use
        self.documents, self.posters, self.municipalities = cat.documents, cat.posters, cat.municipalities
        self.places, self.models, self.poster = cat.places, cat.models, cat.poster
        self.resolve_model, self.resolve_filters = cat.resolve_model, cat.resolve_filters
        self.suggest = Suggester(self.engine, cat).suggest
        self.planner = Planner(self.engine, self.places, max_words=max_words)
        self.planner.fold_map()  # warm the vocabulary maps and the dictionary now, not on the first request
        dictionary.load()
        self.engine.warm()
        self.time_limit = time_limit
        self.readers = 0
        self._cache = LRU(CACHE_SIZE)
        self.word_forms = WordForms()  # passage words' analyses, for every query's excerpts

    def close(self) -> None:
        self.engine.close()

    # -- search ----------------------------------------------------------------

    def search(self, q: str, limit: int = 10, offset: int = 0, raw_filters: dict[str, str] | None = None,
               grouped: bool = False, live: bool = False, excerpts: bool = True) -> dict:
        """A search response (a fresh dict); repeated requests are answered from a per-generation cache.

        `grouped` pages by rows (a poster or a section with its best passages) instead of
        by passages: what the search page and the widget show. A response cut short by
        the time budget says `partial` and is not cached: the same query asked when the
        server is less busy gets the whole answer. `live`: the query is still being typed
        (its last word is a prefix, see `Planner.plan`). Without `excerpts` (an export of
        every match) no excerpt is cut: about a millisecond each.
        """
        key = (q, limit, offset, tuple(sorted((raw_filters or {}).items())), grouped, live, excerpts)
        started = time.perf_counter()
        cached = self._cache.get(key)
        if cached is None:
            cached = self._search(q, limit, offset, raw_filters, grouped, live, excerpts)
            if not cached.partial:
                self._cache.put(key, cached)
        return cached.to_dict(took_ms=round((time.perf_counter() - started) * 1000, 1))

    def _search(self, q: str, limit: int, offset: int, raw_filters: dict[str, str] | None,
                grouped: bool, live: bool = False, excerpts: bool = True) -> Response:
        """Plan, collect, rerank, excerpt: planning and collecting share one time budget."""
        deadline = time.monotonic() + self.time_limit if self.time_limit else None
        filters, read = self.resolve_filters(raw_filters or {})
        plan = self.planner.plan(q, filters, deadline=deadline, live=live)
        words = tuple(c.label for c in plan.concepts)
        if plan.empty and not filters:
            return Response(q, (), (), 0, offset, limit, (), plan.did_you_mean, freeze(read), tuple(plan.notes),
                            plan.partial, True, words)
        budget = None
        if deadline is not None:  # what planning left, but never less than a share to collect in
            budget = max(deadline - time.monotonic(), self.time_limit * MIN_COLLECT_SHARE)
        raw = self.engine.run(plan, candidates=max(CANDIDATES, offset + limit), time_limit=budget)
        plan.partial = plan.partial or raw.partial
        hits = rerank(raw.hits, plan, self.engine)
        hl = Highlighter(plan, self.word_forms) if excerpts else None
        if grouped:  # rows over every candidate, a page of rows; excerpts only for what is shown
            rows: dict[str, list[index.Hit]] = {}
            for h in hits:
                rows.setdefault(stored_group_key(h.stored), []).append(h)
            shown = [(h, i == 0) for key in list(rows)[offset:offset + limit]
                     for i, h in enumerate(_row_hits(rows[key]))]
            results = tuple(self.result(h, hl, plan, EXCERPT_WORDS if best else SUB_EXCERPT_WORDS) for h, best in shown)
            total = len(rows)
        else:
            results, total = tuple(self.result(h, hl, plan) for h in hits[offset:offset + limit]), raw.total
        groups = group_results(results, mark=(lambda title: hl.excerpt(title, None)) if hl else None)
        if "municipality" in raw.facets:  # the index keeps names lowercase; show them as written
            lowered = raw.facets["municipality"]
            raw.facets["municipality"] = Counter({self.catalog.display_name(k): v for k, v in lowered.items()})
        facets = tuple((f, tuple(counts.most_common())) for f, counts in raw.facets.items())
        all_words = not plan.concepts or any(len(h.contains) == len(plan.concepts) for h in hits)
        return Response(q, results, groups, total, offset, limit, facets, plan.did_you_mean, freeze(read),
                        tuple(plan.notes), plan.partial, all_words, words)

    def result(self, hit: index.Hit, hl: Highlighter | None, plan: QueryPlan | None = None,
               size: int = EXCERPT_WORDS) -> Result:
        """One hit as a frozen Result, with its excerpt (`size` words) and the query words it lacks."""
        stored = hit.stored
        missing = tuple(c.label for i, c in enumerate(plan.concepts) if i not in hit.contains) if plan else ()
        excerpt = hl.excerpt(stored["text"], stored.get("lang"), size) if hl else None
        return Result.from_stored(stored, self.documents.get(stored["doc"], {}), hit.score, excerpt, missing)

    def find_posters(self, municipality: str = "", model: str = "", q: str = "") -> tuple[list[Poster], dict]:
        """Posters by municipality (its own, else its area's) and model, ranked by `q` if given."""
        posters, read = self.catalog.posters_of(municipality, model)
        if q and posters:
            ranked = self.search(q, limit=200, raw_filters={"kind": "poster"}, excerpts=False)["results"]
            order: dict[str, int] = {}
            for r in ranked:
                order.setdefault(r["poster"], len(order))
            posters = sorted((p for p in posters if p.id in order), key=lambda p: order[p.id])
        return posters, read

    def passage(self, stored: dict) -> dict:
        """A stored passage as the API shows it outside a search (a document's passages)."""
        return Result.from_stored(stored, self.documents.get(stored["doc"], {}), 0.0, None).to_dict()


def _row_hits(hits: list[index.Hit]) -> list[index.Hit]:
    """What one row shows: its best GROUP_HITS cells and its card, in rank order. Past the
    row's best passage, only cells with a query word in their own text: a cell found by its
    poster's title alone would show an excerpt with nothing of the query in it."""
    cells = [h for i, h in enumerate(hits) if h.stored.get("poster_field") != CARD_FIELD
             and (i == 0 or h.in_text)][:GROUP_HITS]
    cards = [h for h in hits if h.stored.get("poster_field") == CARD_FIELD][:1]
    keep = {id(h) for h in cells + cards}
    return [h for h in hits if id(h) in keep]
