"""Second-stage ranking and excerpts for the top candidates of a query.

BM25F finds the candidates; this stage multiplies in how much of the query a
passage covers (idf-weighted), so a passage that answers every word beats one
that repeats a single word, and builds the highlighted excerpt.
"""
from __future__ import annotations

import math
import re
from html import escape

from indexer.index import Hit
from indexer.language import morph
from indexer.language.words import stopwords
from indexer.plan import QueryPlan

WORD_RE = re.compile(r"\w+(?:[.,]\d+)*")
EXCERPT_WORDS = 48
COVERAGE_FLOOR = 0.25
FIGURE_BONUS = 1.5
FIGURE_RE = re.compile(r"\d[\d  ]*(?:[.,]\d+)?\s*(?:%|€|euroa?|e\b|kpl|prosentti|henkilö|nuor|asiak|kunta|kappale)"
                       r"|\b\d{2,}\b", re.IGNORECASE)


def concept_idf(plan: QueryPlan, engine) -> list[float]:
    """Rarity of each concept: its rarest direct form (exact form or lemma)."""
    n = max(1, engine.doc_count)
    out = []
    for c in plan.concepts:
        dfs = [engine.doc_frequency(f, t) for f, t, _ in c.alternatives
               if f == "surface" or f.startswith("lemma_") or f == "meta"]
        df = max([d for d in dfs if d] or [n])
        out.append(math.log(1 + n / df) * c.weight)
    return out


def rerank(hits: list[Hit], plan: QueryPlan, engine) -> list[Hit]:
    """Score x (floor + (1 - floor) x coverage^2) x figure bonus, ties by corpus order."""
    if not plan.concepts:
        return hits
    idf = concept_idf(plan, engine)
    total = sum(idf) or 1.0
    for h in hits:
        cov = sum(idf[i] * q for i, q in h.covered.items()) / total
        h.score *= COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * cov * cov
        if plan.wants_figure and FIGURE_RE.search(h.stored.get("text", "")):
            h.score *= FIGURE_BONUS
    return sorted(hits, key=lambda h: (-h.score, h.order))


class Highlighter:
    """Decides which words of a passage answer the query, in any of their forms."""

    def __init__(self, plan: QueryPlan):
        self.surface: set[str] = set()
        self.forms: set[str] = set()
        for c in plan.concepts:
            self.surface |= {w.lower() for w in c.highlight}
            for field, term, _ in c.alternatives:
                if field in ("fold", "stem_fi"):
                    continue
                self.forms.add(term)
        self.folded = {morph.fold(w) for w in self.surface}

    def matches(self, word: str) -> bool:
        w = word.lower()
        if w in stopwords():
            return False
        if w in self.surface or morph.fold(w) in self.folded:
            return True
        if any(x in self.forms for x in morph.fi_lemmas(w)):
            return True
        a = morph.analyse_fi(w)
        return any(p in self.forms for p in a.parts) or morph.sv_stem(w) in self.forms

    def excerpt(self, text: str, size: int = EXCERPT_WORDS) -> str:
        """The best window of the passage, HTML-escaped, with <mark> around matches."""
        spans = [(m.start(), m.end(), self.matches(m.group())) for m in WORD_RE.finditer(text)]
        if not spans:
            return escape(text)
        start = _best_window(spans, size)
        end = min(len(spans), start + size)
        lo = spans[start][0] if start > 0 else 0
        hi = spans[end - 1][1] if end < len(spans) else len(text)
        out = ["… " if lo > 0 else ""]
        pos = lo
        for s, e, hit in spans[start:end]:
            if hit:
                out.append(escape(text[pos:s]))
                out.append(f"<mark>{escape(text[s:e])}</mark>")
                pos = e
        out.append(escape(text[pos:hi]))
        out.append(" …" if hi < len(text) else "")
        return "".join(out)


def _best_window(spans: list[tuple[int, int, bool]], size: int) -> int:
    """Start index of the window with the most matches (earliest on ties)."""
    if len(spans) <= size:
        return 0
    marks = [1 if s[2] else 0 for s in spans]
    cur = sum(marks[:size])
    best, best_start = cur, 0
    for i in range(1, len(spans) - size + 1):
        cur += marks[i + size - 1] - marks[i - 1]
        if cur > best:
            best, best_start = cur, i
    return max(0, best_start - 3) if best_start else 0
