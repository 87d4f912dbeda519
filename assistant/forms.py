"""Forms of a word: the one place the assistant turns a word into what it may match.

A question word and a sentence word meet when their form sets intersect, so
both sides must be made by the same rules: surface, Voikko lemmas, derivation
roots ("säästö" <- "säästää"), compound parts, Snowball stems, and the verb of
an action noun ("johtaminen" -> "johtaa"). Everything is folded (ä -> a).
Question words get the forms of both languages (a Swedish question may meet
a Finnish sentence through its translation); sentence words those of the
passage's language.
"""
from __future__ import annotations

from functools import lru_cache

from indexer.language import morph

MIN_STEM_CHARS = 5  # Snowball stems of shorter words collide ("kuu", "kuuma")


def verb_of(lemma: str) -> str:
    """The verb of a Finnish action noun: "johtaminen" -> "johtaa", "kehittäminen" -> "kehittää".

    Voikko lemmatises "johdettiin" to the verb and "johtamista" to the noun;
    both then meet in the verb.
    """
    if not lemma.endswith("minen") or len(lemma) < 8:
        return ""
    stem = lemma[:-5]
    return stem + ("a" if any(v in stem for v in "aou") else "ä")


def _fi_forms(word: str, with_parts: bool) -> set[str]:
    analysis = morph.analyse_fi(word)
    forms = {word, *morph.fi_lemmas(word), *analysis.roots}
    if with_parts:
        forms.update(analysis.parts)
    forms.update(verb_of(f) for f in list(forms))
    if len(word) >= MIN_STEM_CHARS:
        forms.add(morph.fi_stem(word))
    return forms


@lru_cache(maxsize=100_000)
def word_forms(word: str, lang: str = "fi") -> frozenset[str]:
    """Folded forms of a word of a passage in `lang`: surface, lemmas, roots, compound parts, stems."""
    forms = {word, morph.sv_stem(word)} if lang == "sv" else _fi_forms(word, with_parts=True)
    return frozenset(morph.fold(f) for f in forms if f)


@lru_cache(maxsize=8192)
def term_forms(word: str) -> frozenset[str]:
    """Folded forms of a question word: its Finnish and Swedish readings (no compound parts:
    a question word must be met whole, "nuorisotakuu" is not answered by "takuu")."""
    forms = _fi_forms(word, with_parts=False) | {morph.sv_stem(word)}
    return frozenset(morph.fold(f) for f in forms if f)


@lru_cache(maxsize=8192)
def is_verb(word: str) -> bool:
    """Voikko reads the word only as a verb ("hakivat", "edisti"): it asks what happened, it names no topic."""
    import pyvoikko  # loaded by indexer.language.morph already; imported here where the class is needed

    try:
        classes = {r.CLASS for r in pyvoikko.analyse(word)}
    except Exception:  # the FST rejects some characters: not a known verb
        return False
    return classes == {"teonsana"}
