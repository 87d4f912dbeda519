"""Tiny language guesser for Finnish, Swedish and English text.

The corpus is Finnish but the report carries Swedish and English description
sheets and new files may arrive in any of the three languages. A stopword
ratio is enough to tell these three apart, needs no model download and is
deterministic, so the analysis stage can pick the right stemmer per passage.
"""
from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

LANGS = ("fi", "sv", "en")

_STOPWORDS: dict[str, frozenset[str]] = {
    "fi": frozenset("""
        ja on ei että oli se joka jotka ovat olla ollut olivat tai sekä myös kun
        mutta kuin niin jos tämä nämä ne hän mukaan kanssa aikana vain voi voidaan
        jo yli mitä miten koska eli kaikki sen sitä siitä joita jossa jonka joiden
        vielä lisäksi osin osana kautta sekä mm esim eri tulee tulisi oltava olisi
        ole ovat sillä jotta kuten myös noin ennen jälkeen välillä kohti
    """.split()),
    "sv": frozenset("""
        och att det som en ett är för med av till den de har på om inte kan vid
        man sig under samt efter eller också men så när hur vilka vilket denna
        detta dessa från över genom mellan blev blir har hade ska skulle även
        enligt där här bara mot utan sina sitt sin än
    """.split()),
    "en": frozenset("""
        the of and to in is for on that with as by are was were be been this
        these those from at an or which it its their not have has had can will
        would should also but into about than other such more most all any
    """.split()),
}

# Finnish inflection endings are a strong signal even without stopwords.
_FI_ENDINGS = re.compile(
    r"\w{3,}(?:ssa|ssä|sta|stä|lla|llä|lta|ltä|ksi|iden|ista|istä|uun|yyn|jen|ien)\b"
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def lang_scores(text: str) -> dict[str, float]:
    """Return a score per language: stopword hits plus weak morphology hints."""
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: 0.0 for lang in LANGS}
    for word in words:
        for lang in LANGS:
            if word in _STOPWORDS[lang]:
                scores[lang] += 1.0
        if "å" in word:
            scores["sv"] += 0.5
    scores["fi"] += 0.3 * len(_FI_ENDINGS.findall(text.lower()))
    return scores


def detect_lang(text: str, default: str = "fi") -> str:
    """Guess whether `text` is Finnish, Swedish or English.

    Returns `default` when the text has too few signals to decide (short
    labels, numbers, names), so callers pass the surrounding language.
    """
    scores = lang_scores(text)
    best = max(LANGS, key=lambda lang: scores[lang])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 1.0 or ranked[0] - ranked[1] < 0.5:
        return default
    return best
