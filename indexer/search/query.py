"""Reading what the user typed (split by `syntax`) into a QueryPlan.

Each word becomes a Concept whose alternatives are its forms in every field
(exact form, Finnish lemmas, Swedish/English stems, compound parts, folded
form), its Swedish<->Finnish glossary translations, and, when the index has
never seen the word, an accent restoration ("jarvenpaa" -> "järvenpää") or a
spelling correction that is also offered as "did you mean"; words beyond the
glossary get the general dictionary's translations (`translate`). While a query is
still being typed (`live`), its last word is a prefix of the words it may become.
"""
from __future__ import annotations

import itertools
import time

from indexer.language import glossary, morph
from indexer.language.words import stopwords
from indexer.plan import BOOSTS, Concept, Phrase, QueryPlan
from indexer.search.syntax import MAX_WORDS, parse
from indexer.search.translate import DICTIONARY_FACTOR, HEAD_FACTOR, translate

EXPANSION_FACTOR = 0.7
ACCENTABLE = {"a": ("a", "ä", "å"), "o": ("o", "ö")}
MAX_ACCENT_SLOTS = 6
WHOLE_WORD = ("surface", "lemma_fi", "lemma_sv", "lemma_en")  # what an -exclusion matches
PREFIX_FIELDS = ("surface", "lemma_fi", "lemma_sv")  # where a half-typed word's completions are looked up
MIN_PREFIX = 3  # a live query's last word shorter than this is taken as typed
MAX_REPAIRS = 8  # unknown words a query spends spelling correction on (~30 ms each); the rest as typed
PREFIX_FACTOR = 0.9  # a completion counts a little less than the word itself


def word_alternatives(word: str, factor: float = 1.0) -> list[tuple[str, str, float]]:
    """Every (field, term, boost) under which the word's forms are indexed."""
    alts: dict[tuple[str, str], float] = {}

    def add(field: str, term: str) -> None:
        key = (field, term)
        alts[key] = max(alts.get(key, 0.0), BOOSTS[field] * factor)

    add("surface", word)
    add("fold", morph.fold(word))
    for root in morph.fi_roots(word):
        add("stem_fi", root)
    for lang in ("fi", "sv", "en"):
        for form in morph.lemmas_for(word, lang):
            add(f"lemma_{lang}", form)
            add(f"head_{lang}", form)
            if lang == "fi":
                add("meta", form)
                add("parts_fi", form)
                add("headparts_fi", form)
    return [(f, t, b) for (f, t), b in alts.items()]


class Planner:
    """Builds plans against one open index (its vocabulary drives corrections)."""

    def __init__(self, engine, places=None, max_words: int = MAX_WORDS):
        self.engine = engine
        self.places = places
        self.max_words = max_words  # the clause cap (config MAX_QUERY_WORDS)
        self._fold_map: dict[str, list[str]] | None = None

    def known(self, word: str) -> bool:
        """Does the index hold some form of this word (a stem counts for real words)?"""
        voikko_knows = bool(morph.analyse_fi(word).lemmas)
        skip = ("fold",) if voikko_knows else ("fold", "stem_fi")
        return any(self.engine.doc_frequency(f, t) for f, t, _ in word_alternatives(word) if f not in skip)

    def frequency(self, word: str) -> int:
        """Passages holding the word under some lemma: how common it is in the corpus (the
        assistant tells framing words, "käytännössä", from topics the corpus lacks)."""
        return max((self.engine.doc_frequency(f"lemma_{lang}", form)
                    for lang in ("fi", "sv") for form in morph.lemmas_for(word, lang)), default=0)

    def fold_map(self) -> dict[str, list[str]]:
        """Folded form -> the real forms and lemmas in the index ("jarvenpaa" -> ["järvenpää"])."""
        if self._fold_map is None:
            m: dict[str, list[str]] = {}
            for fieldname in ("surface", "lemma_fi", "meta"):
                for term in self.engine.lexicon(fieldname):
                    f = morph.fold(term)
                    if f != term and term not in m.setdefault(f, []):
                        m[f].append(term)
            self._fold_map = m
        return self._fold_map

    def repair(self, word: str) -> tuple[list[str], bool]:
        """Forms to search for an unknown word, and whether it was a spelling correction."""
        restored = self.fold_map().get(word) or self.restore_accents(word)
        if restored:
            return restored, False
        if len(word) < 4 or word.isdigit():
            return [], False
        for maxdist in (1, 2) if len(word) > 5 else (1,):  # the closest edit wins, then frequency
            if found := self.engine.suggest("surface", word, limit=1, maxdist=maxdist):
                return found, True
        return [], False

    def restore_accents(self, word: str) -> list[str]:
        """"paihdekuntoutujat" -> "päihdekuntoutujat": put ä/ö/å back where a word was
        typed without them, keeping variants the index or Voikko knows.

        Only for words the index has never seen; at most 2^8 variants, each a
        memoised Voikko look-up.
        """
        slots = [i for i, ch in enumerate(word) if ch in ACCENTABLE][:MAX_ACCENT_SLOTS]
        if not slots or not word.isascii():
            return []
        found: list[str] = []
        for choice in itertools.product(*[ACCENTABLE[word[i]] for i in slots]):
            chars = list(word)
            for i, ch in zip(slots, choice, strict=False):
                chars[i] = ch
            cand = "".join(chars)
            if cand != word and (self.engine.doc_frequency("surface", cand) or morph.analyse_fi(cand).lemmas):
                found.append(cand)
        return found[:3]

    def concept(self, word: str, corrections: dict[str, str], repair: bool = True) -> Concept:
        """A word's alternatives, repaired (accents, typos) if `repair`: the plan asks that only of
        words the index does not know, within its time and repair budget."""
        c = Concept(label=word, highlight={word})
        if self.places and (name := self.places.strict(word)):
            # a municipality: its posters are tagged with it, beyond passing mentions
            c.alternatives.append(("municipality", name.lower(), BOOSTS["municipality"]))
        if not repair:
            c.alternatives += word_alternatives(word)
            return c
        forms, corrected = self.repair(word)
        c.alternatives += word_alternatives(word)
        for form in forms:
            c.alternatives += word_alternatives(form, 0.9)
            c.highlight.add(form)
            if self.places and (name := self.places.strict(form)):
                c.alternatives.append(("municipality", name.lower(), BOOSTS["municipality"]))
        if corrected and forms:
            corrections[word] = forms[0]
            c.weight = 0.8
        return c

    def prefix_concept(self, prefix: str) -> Concept:
        """A half-typed word: itself, and the index's commonest forms and lemmas it begins."""
        c = Concept(label=prefix, highlight={prefix}, alternatives=word_alternatives(prefix))
        for fieldname in PREFIX_FIELDS:
            for term in self.engine.prefixed(fieldname, prefix) if len(prefix) >= MIN_PREFIX else ():
                c.alternatives.append((fieldname, term, BOOSTS[fieldname] * PREFIX_FACTOR))
                c.highlight.add(term)
        c.alternatives = _merge(c.alternatives)
        return c

    def plan(self, text: str, filters: dict[str, list[str]] | None = None,
             deadline: float | None = None, live: bool = False) -> QueryPlan:
        """The plan for `text`. Repairing unknown words is the costly part (an edit-distance
        walk of the vocabulary each), so past `deadline` (time.monotonic()) words are
        taken as typed and the plan is marked partial instead of overrunning the budget.

        `live`: the text is still being typed, so its last word (unless a space follows
        it) is a prefix: it matches the words it begins, and is never "corrected"."""
        parsed = parse(text, self.max_words)
        stops = stopwords()
        content = [w for w in parsed.words if w not in stops]
        plan = QueryPlan(filters=dict(filters or {}), wants_figure=asks_for_figure(parsed.words))
        corrections: dict[str, str] = {}
        typing = live and bool(content) and not text[-1:].isspace() and parsed.words[-1:] == content[-1:]
        repaired, skipped = 0, []  # unknown words repaired so far; those past MAX_REPAIRS, taken as typed
        for n, w in enumerate(content):
            if typing and n == len(content) - 1:
                plan.concepts.append(self.prefix_concept(w))
                continue
            in_time = deadline is None or time.monotonic() < deadline
            repair = False  # a word the index knows, or a Swedish word it translates, needs none
            if not (self.known(w) or self._translates(w)):
                repair = in_time and repaired < MAX_REPAIRS
                if in_time and not repair:
                    skipped.append(w)
                repaired += repair
                plan.partial = plan.partial or not repair
            plan.concepts.append(self.concept(w, corrections, repair=repair))
        if skipped:
            plan.notes.append(f"spelling correction stops after {MAX_REPAIRS} unknown words; taken as typed: "
                              f"{', '.join(skipped[:8])}{' …' if len(skipped) > 8 else ''}")
        self._expand(content, plan)
        phrase_words = {w for ph in parsed.phrases for w in ph}
        for c in plan.concepts:
            c.required = c.label in phrase_words
        for ph in parsed.phrases:
            plan.phrases.append(_phrase(ph, required=True))
        if len(content) > 1:
            plan.phrases.append(_phrase(content, required=False, slop=4, boost=0.5))
        plan.excluded = [Concept(label=w, alternatives=[a for a in word_alternatives(w) if a[0] in WHOLE_WORD])
                         for w in parsed.excluded]
        if corrections:
            plan.did_you_mean = " ".join(corrections.get(w, w) for w in parsed.words)
        return plan

    def _expand(self, content: list[str], plan: QueryPlan) -> None:
        """Add glossary translations to the concepts of the matched words, and the general
        dictionary's (`translate`) to words the glossary does not know. How each word was read
        becomes one note for the UI ("nattvård → yöhoito, night care"), whatever it met."""
        read: dict[str, list[str]] = {}
        for start, end, others in glossary.expand(content):
            extra: list[tuple[str, str, float]] = []
            for lang, form in others:
                if len(form) == 1:
                    extra += _in_language(form[0], lang, EXPANSION_FACTOR)
                else:  # "liukumäki kotiin" must match as words together, not "kotiin" anywhere
                    extra += phrase_alternatives(list(form), lang, EXPANSION_FACTOR)
            for c in plan.concepts[start:end]:
                c.alternatives = _merge(c.alternatives + extra)
                c.highlight.update(w for _, form in others for w in form)
            read.setdefault(" ".join(content[start:end]), []).extend(" ".join(f) for _, f in others)
        for i, word in enumerate(content):
            if word.isdigit():
                continue
            found = [f for f in translate(word) if f[2] not in plan.concepts[i].highlight and self._indexed(f)]
            if found:
                self._add_translations(plan.concepts[i], found)
                read.setdefault(word, []).extend(form for _, kind, form in found if kind == "lemma")
        for words, forms in read.items():
            if forms := [f for f in dict.fromkeys(forms) if f != words]:
                plan.notes.append(f"{words} → {', '.join(forms)}")

    def _translates(self, word: str) -> bool:
        """A Swedish word the index lacks but the dictionary translates ("avvika" -> poiketa)
        is no typo: "correcting" it to a Finnish look-alike ("aika") misleads."""
        return any(self._indexed(f) for f in translate(word) if f[:2] == ("fi", "lemma"))

    def _indexed(self, found: tuple[str, str, str]) -> bool:
        """Does the index hold this translation (a joined compound may be a mere guess)?"""
        lang, kind, form = found
        fields = ("parts_fi",) if kind == "parts" else (f"lemma_{lang}", "surface")
        analysed = morph.sv_stem(form) if lang == "sv" else form
        return any(self.engine.doc_frequency(f, analysed if f.startswith("lemma") else form) for f in fields)

    @staticmethod
    def _add_translations(c: Concept, found: list[tuple[str, str, str]]) -> None:
        extra: list[tuple[str, str, float]] = []
        for lang, kind, form in found:
            if kind == "parts":
                extra.append(("parts_fi", form, BOOSTS["parts_fi"] * HEAD_FACTOR))
            else:
                extra += _in_language(form, lang, DICTIONARY_FACTOR)
                c.highlight.add(form)
        c.alternatives = _merge(c.alternatives + extra)


def _in_language(form: str, lang: str, factor: float) -> list[tuple[str, str, float]]:
    """A translation's alternatives, in its own language's fields (and the neutral ones)."""
    return [a for a in word_alternatives(form, factor) if _fits(a[0], lang)]


FIGURE_CUES = {"paljonko", "montako", "määrä", "lukumäärä", "euroa", "prosenttia", "much", "many"}
FIGURE_PAIRS = {("kuinka", "paljon"), ("kuinka", "monta"), ("kuinka", "moni"), ("hur", "många"), ("hur", "mycket"),
                ("how", "many"), ("how", "much"), ("miten", "paljon")}


def asks_for_figure(ws: list[str]) -> bool:
    """Does the query ask for a number (how many / how much)?"""
    if any(w in FIGURE_CUES or "määr" in w for w in ws):
        return True
    return any(pair in FIGURE_PAIRS for pair in zip(ws, ws[1:], strict=False))


def _merge(alts: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """One entry per (field, term), with the highest boost."""
    best: dict[tuple[str, str], float] = {}
    for f, t, b in alts:
        best[(f, t)] = max(b, best.get((f, t), 0.0))
    return [(f, t, b) for (f, t), b in best.items()]


def phrase_alternatives(ws: list[str], lang: str, factor: float) -> list[tuple[str, str, float]]:
    """Multi-word alternatives: a space in the term makes the engine match a phrase."""
    forms = [morph.lemmas_for(w, lang)[0] for w in ws]
    return [("surface", " ".join(ws), BOOSTS["surface"] * factor),
            (f"lemma_{lang}", " ".join(forms), BOOSTS[f"lemma_{lang}"] * factor)]


def _fits(field: str, lang: str) -> bool:
    """A translation is searched in its own language's fields (and the neutral ones)."""
    suffix = field.rsplit("_", 1)[-1]
    return suffix not in ("fi", "sv", "en") or suffix == lang


def _phrase(ws: list[str], required: bool, slop: int = 1, boost: float = 1.0) -> Phrase:
    """Stopwords are not indexed (positions are kept), so they widen the slop instead."""
    content = [w for w in ws if w not in stopwords()]
    slop += len(ws) - len(content)
    ws = content
    fi = [morph.fi_lemmas(w)[0] for w in ws]
    sv = [morph.sv_stem(w) for w in ws]
    return Phrase(variants=[("surface", ws), ("lemma_fi", fi), ("lemma_sv", sv)],
                  slop=slop, boost=boost, required=required)

