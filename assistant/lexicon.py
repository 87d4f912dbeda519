"""The data files: cue lexicons (data/cues.yaml) compiled into matchers, and phrases.

Cues are data, not code, so a reader can see (and extend) exactly which words
make "juurtuiko" a question about the "Mitä juurtui" field or "hur många" a
figure question, without reading the matching logic.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from indexer.language import morph

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data" / "cues.yaml"
PHRASES = Path(__file__).parent / "data" / "phrases.yaml"


@dataclass(frozen=True)
class Word:
    """One word of a question: as typed, lowercased, folded, and its folded lemmas."""

    text: str
    lower: str
    folded: str
    lemmas: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Word:
        lower = text.lower()
        lemmas = frozenset(morph.fold(lemma) for lemma in morph.analyse_fi(lower).lemmas)
        return cls(text, lower, morph.fold(lower), lemmas)


def _part_matches(part: str, raw: str, word: Word) -> bool:
    if part.endswith("*"):
        # a stem with å/ä/ö keeps them: "mål*" is "målet", not "mallissa"
        return word.lower.startswith(raw[:-1]) if raw != part else word.folded.startswith(part[:-1])
    return word.folded == part or part in word.lemmas


@dataclass(frozen=True)
class Cue:
    """One cue: words in sequence (folded, and as written), the last may be a `stem*`."""

    parts: tuple[str, ...]
    raw: tuple[str, ...] = ()

    def length_at(self, words: list[Word], i: int) -> int:
        """How many words the cue covers starting at words[i] (0: no match)."""
        n = len(self.parts)
        if i + n > len(words):
            return 0
        raw = self.raw or self.parts
        return n if all(_part_matches(p, r, w) for p, r, w in zip(self.parts, raw, words[i:i + n], strict=True)) \
            else 0


class CueSet:
    """A list of cues; finds the question words they cover."""

    def __init__(self, text: str):
        self.cues = tuple(Cue(tuple(morph.fold(p.lower()) for p in item.split("_")),
                              tuple(p.lower() for p in item.split("_"))) for item in text.split())

    def spans(self, words: list[Word]) -> list[tuple[int, int]]:
        """(start, end) of every cue match, longest cue first at each position."""
        found = []
        for i in range(len(words)):
            best = max((c.length_at(words, i) for c in self.cues), default=0)
            if best:
                found.append((i, i + best))
        return found

    def covered(self, words: list[Word]) -> set[int]:
        return {j for start, end in self.spans(words) for j in range(start, end)}

    def __contains__(self, word: Word) -> bool:
        return any(c.length_at([word], 0) for c in self.cues if len(c.parts) == 1)


@dataclass(frozen=True)
class Lexicon:
    lang: dict[str, frozenset[str]]
    question: CueSet
    anaphora: dict[str, CueSet]
    followup: CueSet
    figure: CueSet
    counting: CueSet
    when: CueSet
    list_words: CueSet
    list_targets: dict[str, CueSet]
    list_verbs: CueSet
    list_nouns: dict[str, frozenset[str]]
    fields: dict[str, CueSet]
    models: dict[str, CueSet]
    model_sv: dict[str, str]
    numbers: frozenset[str]
    translations: tuple[tuple[CueSet, frozenset[str]], ...]
    translation_words: tuple[tuple[CueSet, str], ...]
    generic: frozenset[str]
    totals: frozenset[str]
    search_words: tuple[tuple[CueSet, str], ...]
    not_municipalities: frozenset[str]
    asks: dict[str, CueSet]
    reason_words: CueSet
    introduces: frozenset[str]

    def search_word(self, word: Word) -> str | None:
        """A word to add to the search query for this question word (data: search_words)."""
        return next((w for cues, w in self.search_words if word in cues), None)

    def translation(self, word: Word) -> str | None:
        """The first report form a question word translates to (data: translations), for the query."""
        return next((forms.split()[0] for cues, forms in self.translation_words if word in cues), None)

    def extra_forms(self, word: Word) -> frozenset[str]:
        """Report forms of a question word the glossary does not know (data: translations)."""
        out: set[str] = set()
        for cues, forms in self.translations:
            if word in cues:
                out |= forms
        return frozenset(out)


def _both(section: dict) -> str:
    return " ".join(section.get(lang, "") for lang in ("fi", "sv"))


@lru_cache(maxsize=1)
def lexicon(path: Path = DATA) -> Lexicon:
    """The compiled lexicon (loaded once per process)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lists = data["list"]
    return Lexicon(
        lang={lg: frozenset(morph.fold(w) for w in text.split()) for lg, text in data["lang"].items()},
        question=CueSet(_both(data["question"])),
        anaphora={lg: CueSet(text) for lg, text in data["anaphora"].items()},
        followup=CueSet(_both(data["followup"])),
        figure=CueSet(_both(data["figure"])),
        counting=CueSet(_both(data["counting"])),
        when=CueSet(_both(data["when"])),
        list_words=CueSet(_both(lists["words"])),
        list_targets={k: CueSet(lists[k]) for k in ("municipalities", "posters", "models")},
        list_verbs=CueSet(lists.get("verbs", "")),
        list_nouns={k: frozenset(morph.fold(w) for w in v.split()) for k, v in lists.get("nouns", {}).items()},
        fields={key: CueSet(_both(cues)) for key, cues in data["fields"].items()},
        models={name: CueSet(spec["cues"]) for name, spec in data["models"].items()},
        model_sv={name: spec.get("sv", name) for name, spec in data["models"].items()},
        numbers=frozenset(morph.fold(w) for w in data["numbers"].split()),
        translations=tuple((CueSet(cue), frozenset(morph.fold(f) for f in forms.split()))
                           for cue, forms in data.get("translations", {}).items()),
        translation_words=tuple((CueSet(cue), forms) for cue, forms in data.get("translations", {}).items()),
        generic=frozenset(morph.fold(w) for w in data.get("generic", "").split()),
        totals=frozenset(morph.fold(w) for w in data.get("totals", "").split()),
        search_words=tuple((CueSet(cue), word) for cue, word in data.get("search_words", {}).items()),
        not_municipalities=frozenset(morph.fold(w) for w in data.get("not_municipalities", "").split()),
        asks={kind: CueSet(_both(cues)) for kind, cues in data["asks"].items()},
        reason_words=CueSet(_both(data["reason_words"])),
        introduces=frozenset(morph.fold(w) for w in data.get("introduces", "").split()),
    )


@lru_cache(maxsize=1)
def phrases(path: Path = PHRASES) -> dict[str, dict[str, str]]:
    """What the assistant says in its own words (data/phrases.yaml)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def phrase(key: str, lang: str, **values: object) -> str:
    """The phrase in `lang` (Finnish when missing), with its placeholders filled."""
    entry = phrases()[key]
    template = entry.get(lang) if lang in entry else entry["fi"]
    return template.format(**values)
