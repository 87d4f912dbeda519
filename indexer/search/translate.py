"""Cross-lingual query expansion beyond the domain glossary: a general dictionary and compounds.

Most of the corpus is Finnish; a civil servant in Vaasa types Swedish. The glossary
(`indexer.language.glossary`) knows the experiments' own terms; for every other word the
general FreeDict dictionary (`indexer.language.dictionary`) gives its base forms in the
other language, searched in that language's fields at a lower boost than the word itself.

Swedish writes compounds as one word where the dictionary has only the parts
("kärnindikatorer" = kärn + indikator); Finnish compounds them too ("ydinindikaattori").
So an unknown Swedish compound is split where both parts translate, and the Finnish parts
are joined into the compound Finnish would write (searched as a lemma) and its head is
searched among compound parts (partial credit for a related passage).
"""
from __future__ import annotations

from indexer.language import dictionary, morph

DICTIONARY_FACTOR = 0.6  # below the glossary's 0.7: general senses are less certain
HEAD_FACTOR = 0.35  # the head of a translated compound alone, as a compound part
MIN_HEAD, MIN_TAIL = 3, 4  # shortest parts a Swedish compound is split into
LINKS = ("", "s", "e")  # Swedish linking letters: arbet-s-tid, gymnasi-e-samarbete
MAX_COMBINATIONS = 12
MAX_LOAN = 8  # a borrowed first part is a short word (exit, speed, kela)
MIN_COMPOUND = 9  # a Swedish word this long is also tried as a compound


def translate(word: str) -> list[tuple[str, str, str]]:
    """(lang, field kind, form) for a query word in the other language: "lemma" for a word
    or a whole compound, "parts" for a compound's head. Finnish words (Voikko knows them)
    go to Swedish, other words to Finnish. Joined compounds are guesses ("kirnuindikaattori"
    beside "ydinindikaattori"): the planner keeps the forms the index holds."""
    if morph.analyse_fi(word).lemmas:
        return [("sv", "lemma", form) for form in dictionary.translations(word, "fi")]
    found = [("fi", "lemma", form) for form in dictionary.translations(word, "sv")]
    if not found:
        return compound(word)
    if len(word) >= MIN_COMPOUND:  # a long word's whole-word match may be one part only ("kommun")
        found += [f for f in compound(word) if f[1] == "lemma" and f not in found]
    return found


def compound(word: str) -> list[tuple[str, str, str]]:
    """A Swedish compound's Finnish equivalents: joined parts as a lemma, the head as a part.

    The first split from the left where both parts translate wins, so the head (the
    last part, which carries the meaning) is the longest that translates:
    "lov|tider" -> lomaaika, "kärn|indikatorer" -> ydinindikaattori."""
    for i in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        tail = dictionary.translations(word[i:], "sv")
        if not tail:
            continue
        head = _modifier(word[:i])
        if not head:
            continue
        return _joined(head, tail)
    return _loan_modifier(word)


def _joined(heads: tuple[str, ...], tail: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Finnish first parts joined to the head's translations, as lemmas, and the head as a part."""
    joined = [h + t for h in heads for t in tail[:3]][:MAX_COMBINATIONS]
    return [("fi", "lemma", j) for j in joined] + [("fi", "parts", t) for t in tail[:2]]


def _loan_modifier(word: str) -> list[tuple[str, str, str]]:
    """"exit|plan": a first part no dictionary translates may be a word both languages borrow
    (exit, speed, Kela); it is searched as it stands beside the head's translation (the
    planner keeps only what the index holds), the longest translating head first."""
    for i in range(MIN_HEAD + 1, min(len(word) - MIN_TAIL, MAX_LOAN) + 1):
        tail = dictionary.translations(word[i:], "sv")
        if tail:
            return _joined((word[:i],), tail) + [("fi", "lemma", word[:i])]
    return []


def _modifier(part: str) -> tuple[str, ...]:
    """Translations of a compound's first part, without its linking letter if it has one
    ("arbets" -> arbete); a Latin stem gets its ending back ("gymnasie" -> gymnasium)."""
    stems = [part] + [part[:-len(link)] for link in LINKS if link and part.endswith(link)]
    # a compound drops its first part's final -a ("kärn|indikator" <- kärna, "skol|tid" <- skola);
    # every reading's senses are kept: the joined guesses the index lacks are dropped later
    found: list[str] = []
    for stem in stems + [s + "a" for s in stems] + [s + "um" for s in stems if s.endswith("i")]:
        if len(stem) >= MIN_HEAD:
            found += [t for t in dictionary.translations(stem, "sv") if t not in found]
    return tuple(found)
