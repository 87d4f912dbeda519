"""Completions for the search box while someone types: index terms, municipalities, posters.

Answered from an in-memory table of the generation's vocabulary, never by running a search,
so a keystroke costs a binary search. The table is built on the first request (~50 ms) and
then only read, so request threads can share it.
"""
from __future__ import annotations

import threading
from bisect import bisect_left

from indexer.language.morph import fold
from indexer.search.catalog import Catalog

MIN_TERM = 2  # letters of the last word before terms are completed


class Suggester:
    """One generation's completions (`suggest`)."""

    def __init__(self, engine, catalog: Catalog):
        self.engine = engine
        self.catalog = catalog
        self._table: list[tuple[str, bool, int, str]] | None = None
        self._lock = threading.Lock()

    def table(self) -> list[tuple[str, bool, int, str]]:
        """(folded term, inflected?, -frequency, term), sorted: base forms (lemmas) first."""
        with self._lock:
            if self._table is None:
                lemmas = set(self.engine.lexicon("lemma_fi"))
                self._table = sorted((fold(t), t not in lemmas, -self.engine.doc_frequency("surface", t), t)
                                     for t in self.engine.lexicon("surface") if len(t) > 2 and t[:1].isalpha())
            return self._table

    def suggest(self, prefix: str, limit: int = 6) -> dict[str, list[str]]:
        """Accent- and case-insensitive completions ("jarv" finds "järvenpää").

        Terms complete the last typed word, base forms before inflected ones, then the most
        frequent; a place's own forms come after the other terms, and the place itself is a
        place, not a term ("kouv": Kouvola first, "kouvolan" later)."""
        key = " ".join(fold(prefix.lower()).split())
        if not key:
            return {"terms": [], "municipalities": [], "posters": []}
        last = key.split()[-1]
        starts = (key, last) if len(last) >= MIN_TERM else (key,)
        names = [m.name for m in self.catalog.municipalities
                 if any(fold(n.lower()).startswith(starts) for n in (m.name, m.sv_name) if n)]
        places = {fold(n.lower()) for n in names}
        found = []
        table = self.table()
        for folded, inflected, neg_df, term in table[bisect_left(table, (last,)):]:
            if not folded.startswith(last):
                break
            if folded not in places:  # the place itself is offered as a place
                found.append((any(folded.startswith(p) for p in places), inflected, neg_df, term))
        terms = [t for *_, t in sorted(found)[:limit]] if len(last) >= MIN_TERM else []
        posters = [p.id for p in self.catalog.posters if f" {key}" in " " + " ".join(fold(p.title.lower()).split())]
        return {"terms": terms, "municipalities": names[:limit], "posters": posters[:limit]}
