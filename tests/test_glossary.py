"""The Swedish<->Finnish glossary as a query expander."""
from indexer.language.glossary import expand, word_matches


def targets(words):
    return {(lang, " ".join(form)) for _s, _e, others in expand(words) for lang, form in others}


def test_base_and_inflected_swedish_forms_expand():
    assert ("fi", "nuorisotakuu") in targets(["ungdomsgarantin"])
    assert ("fi", "perhekeskus") in targets(["familjecentret"])  # center -> centret drops an e


def test_swedish_compound_parts_expand():
    assert ("fi", "työnantaja") in targets(["arbetsgivarträffar"])
    assert ("fi", "opinto ohjaaja") in targets(["studiehandledare"])


def test_multi_word_forms_match_as_a_span():
    found = expand(["arbets", "näringsbyrån", "samarbete"])
    spans = {(s, e) for s, e, _ in found}
    assert (0, 2) in spans and (2, 3) in spans


def test_finnish_forms_do_not_drop_letters_like_swedish():
    assert not word_matches("nuorisotakuu", "nuorisotyö", "fi")
    assert ("sv", "ungdomsarbete") not in targets(["nuorisotakuu"])


def test_unrelated_words_do_not_expand():
    assert expand(["xqzvw"]) == []


def test_a_query_nothing_matches_returns_nothing(snap):
    res = snap.search("xqzvw qwxz")
    assert res["results"] == [] and res["total"] == 0
