"""Each text word's forms per analysis, and the reverse, kept once per generation.

An excerpt marks the words of a passage that answer the query in some form
(exact, folded, lemma, compound part, derivation base). Comparing every token
with every form of the query cost ~1,500 look-ups a query, each through the
morphology's memo; passages and their words repeat across queries, their
analyses do not change within a generation. So each distinct word is analysed
once per generation and kind (`forms`), and filed under each form it yields
(`words`): a query's highlighter turns its own forms into a word -> concepts
table with a few dozen set look-ups, and a passage's marks are one dict look-up
a token (`indexer.search.rank.Highlighter`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable

from indexer.language import morph

# Field of a plan alternative -> the word analysis it is compared with in passage text.
# Headings, tags and municipality names are lemma-analysed, so their terms are lemmas too.
KIND = {"surface": "surface", "fold": "fold", "lemma_fi": "fi", "head_fi": "fi", "meta": "fi",
        "municipality": "fi", "lemma_sv": "sv", "head_sv": "sv", "lemma_en": "en", "head_en": "en",
        "parts_fi": "parts", "headparts_fi": "parts", "stem_fi": "stem"}
FI_ONLY = ("parts", "stem")  # the index fills these for Finnish passages only
STRONG = ("surface", "fold", "fi", "sv", "en", "parts")
WEAK = ("stem",)  # derivation bases: marked only when a passage has no stronger match
_BIT = {kind: 1 << i for i, kind in enumerate(STRONG + WEAK)}
MAX_WORDS = 200_000  # distinct words kept per generation; past it the table starts again empty


def word_forms(word: str, kind: str) -> tuple[str, ...]:
    """The terms an indexed word yields in a field of this kind (index mode)."""
    if kind == "surface":
        return (word,)
    if kind == "fold":
        return (morph.fold(word),)
    if kind in ("fi", "sv", "en"):
        return morph.lemmas_for(word, kind)
    if kind == "parts":
        return morph.analyse_fi(word).parts
    return morph.fi_roots(word)


def text_kinds(lang: str | None, weak: bool) -> tuple[str, ...]:
    """The analyses a passage's words are compared by: lemma fields hold the passage's language only."""
    kinds = WEAK if weak else STRONG
    if lang in ("fi", "sv", "en"):
        kinds = tuple(k for k in kinds if k in ("surface", "fold", lang) or (lang == "fi" and k in FI_ONLY))
    return kinds


class WordForms:
    """One generation's analysed words (lowercase), shared by request threads.

    `version` grows whenever a word is analysed in a kind it was not before, so a
    highlighter knows when a table it built from `words` may be missing one.
    """

    def __init__(self) -> None:
        self._forms: dict[tuple[str, str], tuple[str, ...]] = {}
        self._done: dict[str, int] = {}  # word -> bits of the kinds it is filed under
        self._words: dict[tuple[str, str], set[str]] = {}  # (kind, form) -> words yielding it
        self.lock = threading.Lock()
        self.version = 0
        self.resets = 0  # how many times the table started again (a highlighter then looks again)

    def add(self, words: Iterable[str], kinds: Iterable[str]) -> None:
        """File every word under its forms of every kind (each pair analysed once)."""
        words, kinds = list(words), tuple(kinds)
        need = sum(_BIT[k] for k in kinds)
        done = self._done
        todo = [w for w in words if done.get(w, 0) & need != need]
        if not todo:
            return
        with self.lock:
            if len(self._done) + len(todo) > MAX_WORDS:  # bounded: a growing corpus would hold every word
                self._forms, self._done, self._words = {}, {}, {}
                self.resets += 1
            done = self._done  # another thread may have filed some meanwhile, or started anew
            for w in (w for w in words if done.get(w, 0) & need != need):
                have = done.get(w, 0)
                for kind in kinds:
                    if not have & _BIT[kind]:
                        forms = self._forms[(kind, w)] = word_forms(w, kind)
                        for form in forms:
                            self._words.setdefault((kind, form), set()).add(w)
                        have |= _BIT[kind]
                done[w] = have
            self.version += 1

    def forms(self, word: str, kind: str) -> tuple[str, ...]:
        """The word's forms in a kind (analysed now if it was not yet)."""
        found = self._forms.get((kind, word))
        if found is None:
            found = word_forms(word, kind)
            self.add((word,), (kind,))
        return found

    def words(self, kind: str, form: str) -> set[str]:
        """The words analysed so far that yield `form` in `kind` (call with `lock` held)."""
        return self._words.get((kind, form), set())
