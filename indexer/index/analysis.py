"""Stage 2: text analysis as Whoosh filters, composed in one factory.

Each passage is analysed in its own language only (fi, sv, en) into several
fields, so ranking can prefer the exact form over a lemma match over a
compound-part match:

    surface   lowercase word forms, any language        ("kouvolassa")
    lemma_fi  Voikko lemmas of every reading            ("kouvola")
              (Snowball Finnish when Voikko does not know the word)
    parts_fi  lemmas of compound parts                  ("nuoriso", "takuu", "kokeilu")
    lemma_sv  Snowball Swedish stems
    lemma_en  Porter stems
    stem_fi   lemmas + Voikko derivation bases, low weight ("säästö" -> säästää,
              so "säästi" finds it); Snowball for unknown words
    fold      accent-folded surface forms, low weight   ("jarvenpaan")

Filters yield the token they are given with new text, as Whoosh's own
filters do; they never keep a token after yielding it. `token.mode` tells
index from query: a query word is not split into its compound parts (the
user who types "kuntakokeilu" means the whole), an indexed one is.
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter

from indexer.language import morph
from indexer.language.words import TOKEN_PATTERN, stopwords

ANALYSIS_VERSION = "5"  # bump when any output changes: part of the index fingerprint


class LemmaFilter(Filter):
    """Replaces each word by its lemmas (all readings) at the same position."""

    is_morph = True

    def __init__(self, lang: str = "fi"):
        self.lang = lang

    def __call__(self, tokens):
        lang = self.lang
        for t in tokens:
            word = t.text
            forms = morph.lemmas_for(word, lang)
            for form in forms:
                t.text = form
                yield t


class CompoundPartsFilter(Filter):
    """Index mode: the lemmas of a compound's parts. Query mode: the word's lemmas.

    So the query "takuu" (query mode: takuu) meets "nuorisotakuukokeilussa"
    (index mode: nuoriso, takuu, kokeilu) in the parts field.
    """

    is_morph = True

    def __call__(self, tokens):
        for t in tokens:
            word = t.text
            if t.mode == "query":
                forms = morph.fi_lemmas(word)
            else:
                forms = morph.analyse_fi(word).parts
            for form in forms:
                t.text = form
                yield t


class StemFilter(Filter):
    """Lemmas and derivation bases: relates words Voikko lemmatises apart."""

    is_morph = True

    def __call__(self, tokens):
        for t in tokens:
            for form in morph.fi_roots(t.text):
                t.text = form
                yield t


class FoldFilter(Filter):
    """ä→a, ö→o, å→a: matches words typed without a Nordic keyboard."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = morph.fold(t.text)
            yield t


FIELD_KINDS = ("surface", "lemma", "stem", "parts", "fold")


def make_analyzer(kind: str, lang: str = "fi"):
    """The one factory for every indexed text field (see the module docstring)."""
    if kind not in FIELD_KINDS:
        raise ValueError(f"unknown analyzer kind {kind!r}")
    chain = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
    stop = StopFilter(stoplist=stopwords(), minsize=1, renumber=False)
    if kind == "surface":
        return chain | stop
    if kind == "fold":
        return chain | stop | FoldFilter()
    if kind == "parts":
        return chain | stop | CompoundPartsFilter()
    if kind == "stem":
        return chain | stop | StemFilter()
    return chain | stop | LemmaFilter(lang) | StopFilter(stoplist=stopwords(), minsize=1, renumber=False)


@lru_cache(maxsize=32)
def _shared_analyzer(kind: str, lang: str):
    """Analyzers are stateless between calls (the tokenizer makes a new token each call)."""
    return make_analyzer(kind, lang)


def analyze(text: str, kind: str, lang: str = "fi", mode: str = "query") -> list[str]:
    """Token texts of `text` as a field of this kind indexes (mode="index") or queries them."""
    return [t.text for t in _shared_analyzer(kind, lang)(text, mode=mode)]
