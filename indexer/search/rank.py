"""Second-stage ranking and excerpts for the top candidates of a query.

BM25F finds the candidates; this stage multiplies in how much of the query a
passage covers (idf-weighted), so a passage that answers every word beats one
that repeats a single word, and builds the highlighted excerpt: a window around
the densest cluster of the words the passage was found by, in whatever form.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from html import escape

from indexer.index import Hit
from indexer.language import morph
from indexer.language.words import stopwords
from indexer.model import CARD_FIELD
from indexer.plan import QueryPlan
from indexer.search.wordforms import KIND, WordForms, text_kinds

WORD_RE = re.compile(r"\w+(?:[.,]\d+)*")
EXCERPT_WORDS = 48
SNAP_WORDS = 8  # how far an excerpt may move to start at a sentence
_SENTENCE_END = re.compile(r"[.!?:;…]\s|\n")
COVERAGE_FLOOR = 0.25
FIGURE_BONUS = 1.5
CARD_WINDOW = 40  # the ranked hits within which a poster's card yields to its own cells
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
    return cards_after_cells(sorted(hits, key=lambda h: (-h.score, h.order)), len(plan.concepts))


def cards_after_cells(hits: list[Hit], words: int) -> list[Hit]:
    """A poster's card (its title, places and contact) follows the first of its own cells that
    matches every query word the card does and says one itself, unless the card's own text holds
    every query word (a look-up of the poster: "Ohjaamo Forssa"): "familjevård Vanda fler
    familjevårdare" is answered by the cell on family carers, not by the card naming the title."""
    top = hits[:CARD_WINDOW]
    cards = {h.stored.get("poster"): h for h in top
             if h.stored.get("poster_field") == CARD_FIELD and len(h.in_text) < words}
    for poster, card in cards.items():
        cell = next((h for h in top if h is not card and h.stored.get("poster") == poster
                     and set(h.covered) >= set(card.covered) and h.in_text), None)
        if cell is not None and top.index(cell) > top.index(card):
            top.remove(card)
            top.insert(top.index(cell) + 1, card)
    return top + hits[CARD_WINDOW:]


class Highlighter:
    """Marks the words of a passage the query was found by, in any form the plan carries.

    Each plan alternative is compared with the same analysis of a text word the index
    made of it (exact form, folded form, lemma, compound part, derivation base), so a
    passage that matched through a lemma, a compound part or a glossary translation
    shows that word marked. Derivation bases ("vastata" for "asiakasvastaava") are a
    weak match and are marked only when a passage has no stronger one.
    """

    def __init__(self, plan: QueryPlan, forms: WordForms | None = None):
        self.forms = forms if forms is not None else WordForms()  # the generation's, shared by queries
        self.terms: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.phrases: list[tuple[str, tuple[str, ...], int]] = []
        stops = stopwords()
        for i, c in enumerate(plan.concepts):
            in_phrases: set[str] = set()
            for field, term, _ in c.alternatives:
                kind = KIND.get(field)
                if kind is None:
                    continue
                ws = tuple(w for w in term.split() if w not in stops)
                if len(ws) > 1:
                    self.phrases.append((kind, ws, i))
                    in_phrases.update(term.split())
                elif ws:
                    self.terms[kind][ws[0]].add(i)
            for word in c.highlight:  # typed, repaired and translated forms
                if " " not in word and word not in in_phrases and word not in stops:
                    self.terms["surface"][word.lower()].add(i)
                    self.terms["fold"][morph.fold(word.lower())].add(i)
        self.used = set(self.terms) | {kind for kind, _, _ in self.phrases}
        self._kind_memo: dict[tuple[str | None, bool], list[str]] = {}
        self._tables: dict[tuple[str | None, bool], tuple[int, dict[str, set[int]]]] = {}

    def _kinds(self, lang: str | None, weak: bool) -> list[str]:
        """The analyses to try: the passage's language's (`text_kinds`) that the plan uses."""
        found = self._kind_memo.get((lang, weak))
        if found is None:
            found = self._kind_memo[(lang, weak)] = [k for k in text_kinds(lang, weak) if k in self.used]
        return found

    def _table(self, lang: str | None, weak: bool) -> dict[str, set[int]]:
        """Text word -> the concepts it answers, for every word the generation has analysed.

        Made from the plan's forms and `WordForms.words`, so a word answers a concept
        exactly when one of its forms is one of the concept's; made again only when
        words were analysed since (a passage seen for the first time)."""
        cached = self._tables.get((lang, weak))
        if cached is not None and cached[0] == self.forms.version:
            return cached[1]
        table: dict[str, set[int]] = {}
        stops = stopwords()
        with self.forms.lock:
            version = self.forms.version
            for kind in self._kinds(lang, weak):
                for form, concepts in self.terms.get(kind, {}).items():
                    for w in self.forms.words(kind, form):
                        if w not in stops:
                            table.setdefault(w, set()).update(concepts)
        self._tables[(lang, weak)] = (version, table)
        return table

    def _lookup(self, lowered: list[str], lang: str | None, weak: bool) -> list[set[int]]:
        """The concepts each (lowercase) word answers: one dict look-up a word."""
        while True:  # again if the shared table started anew between filing the words and reading them
            resets = self.forms.resets
            self.forms.add(lowered, self._kinds(lang, weak))
            table = self._table(lang, weak)
            if self.forms.resets == resets:
                break
        return [set(table[w]) if w in table else set() for w in lowered]

    def concepts(self, word: str, lang: str | None = None, weak: bool = False) -> set[int]:
        """The concepts (plan indexes) one text word answers."""
        return self._lookup([word.lower()], lang, weak)[0]

    def matches(self, word: str, lang: str | None = None) -> bool:
        return bool(self.concepts(word, lang) or self.concepts(word, lang, weak=True))

    def marks(self, words: list[str], lang: str | None = None) -> list[set[int]]:
        """Concepts answered by each word of a passage; phrase terms mark their whole run."""
        lowered = [w.lower() for w in words]
        out = self._lookup(lowered, lang, weak=False)
        self._mark_phrases(lowered, out, lang, weak=False)
        if not any(out):  # nothing stronger: show the derivation-base matches
            out = self._lookup(lowered, lang, weak=True)
            self._mark_phrases(lowered, out, lang, weak=True)
        return out

    def _mark_phrases(self, lowered: list[str], out: list[set[int]], lang: str | None, weak: bool) -> None:
        kinds = set(self._kinds(lang, weak))
        stops = stopwords()
        content = [i for i, w in enumerate(lowered) if w not in stops]
        for kind, ws, concept in self.phrases:
            if kind not in kinds:
                continue
            for k in range(len(content) - len(ws) + 1):
                run = content[k:k + len(ws)]
                if all(p in self.forms.forms(lowered[j], kind) for p, j in zip(ws, run, strict=True)):
                    for j in run:
                        out[j].add(concept)

    def excerpt(self, text: str, lang: str | None = None, size: int = EXCERPT_WORDS) -> str:
        """A window of the passage around its densest cluster of matches, HTML-escaped, with <mark>s.

        The window always holds the cluster it is centred on, so an excerpt of a passage
        that has a match anywhere in its text shows at least one marked word.
        """
        tokens = list(WORD_RE.finditer(text))
        if not tokens:
            return escape(text)
        marks = self.marks([m.group() for m in tokens], lang)
        start = _window(text, tokens, marks, size)
        end = min(len(tokens), start + size)
        lo = tokens[start].start() if start > 0 else 0
        hi = tokens[end - 1].end() if end < len(tokens) else len(text)
        out = ["… " if lo > 0 else ""]
        pos = lo
        for m, hit in zip(tokens[start:end], marks[start:end], strict=True):
            if hit:
                out.append(escape(text[pos:m.start()]))
                out.append(f"<mark>{escape(m.group())}</mark>")
                pos = m.end()
        out.append(escape(text[pos:hi]))
        out.append(" …" if hi < len(text) else "")
        return "".join(out)


def _densest(hits: list[tuple[int, set[int]]], size: int) -> tuple[int, int]:
    """(first, last) word index of the match cluster that fits in `size` words and answers
    the most distinct concepts, then holds the most matches, then is the tightest."""
    best_key, best = None, (hits[0][0], hits[0][0])
    for a, (first, _) in enumerate(hits):
        concepts: set[int] = set()
        count, last = 0, first
        for pos, cs in hits[a:]:
            if pos - first >= size:
                break
            concepts |= cs
            count, last = count + 1, pos
        key = (len(concepts), count, first - last)
        if best_key is None or key > best_key:
            best_key, best = key, (first, last)
    return best


def _window(text: str, tokens: list[re.Match], marks: list[set[int]], size: int) -> int:
    """First word of the excerpt: centred on the densest cluster, moved back to a
    sentence start when one is a few words before and the cluster still fits."""
    n = len(tokens)
    hits = [(i, cs) for i, cs in enumerate(marks) if cs]
    if n <= size or not hits:
        return 0
    first, last = _densest(hits, size)
    start = min(max(0, (first + last + 1) // 2 - size // 2), n - size)
    for s in range(min(first, start + SNAP_WORDS), max(last - size + 1, start - SNAP_WORDS, 0) - 1, -1):
        if s == 0 or _SENTENCE_END.search(text[tokens[s - 1].end():tokens[s].start()]):
            return s
    return start
