"""The query reader: forgiving syntax, forms per field, corrections and translations."""
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.query import word_alternatives
from indexer.search.syntax import parse


def test_question_mark_is_punctuation_not_a_wildcard():
    p = parse("Mitä opittiin Kouvolan ohjaamossa?")
    assert p.words == ["mitä", "opittiin", "kouvolan", "ohjaamossa"]


def test_quoted_phrase_and_exclusion():
    p = parse('"matalan kynnyksen" ohjaamo -helsinki')
    assert p.phrases == [["matalan", "kynnyksen"]]
    assert p.words == ["matalan", "kynnyksen", "ohjaamo"]
    assert p.excluded == ["helsinki"]


def test_unbalanced_syntax_is_dropped_not_an_error():
    p = parse('"ohjaamo AND (nuoret OR* title:x~ ^2')
    assert "ohjaamo" in p.words and "nuoret" in p.words


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parse_never_raises(text):
    p = parse(text)
    assert len(p.words) <= 32


def test_alternatives_cover_every_field_kind():
    fields = {f for f, _t, _b in word_alternatives("kouvolassa")}
    assert {"surface", "lemma_fi", "parts_fi", "meta", "fold", "lemma_sv"} <= fields
    assert ("lemma_fi", "kouvola") in {(f, t) for f, t, _b in word_alternatives("kouvolassa")}


def test_exact_form_weighs_more_than_compound_part():
    boosts = {f: b for f, _t, b in word_alternatives("takuu")}
    assert boosts["surface"] > boosts["lemma_fi"] > boosts["parts_fi"]


def test_planner_restores_accents_and_corrects_typos(snap):
    plan = snap.planner.plan("jarvenpaa nuorisotakku")
    terms = {t for c in plan.concepts for _f, t, _b in c.alternatives}
    assert "järvenpää" in terms
    assert plan.did_you_mean == "jarvenpaa nuorisotakuu"


def test_real_words_are_not_corrected(snap):
    assert snap.planner.plan("kissa kotihoito").did_you_mean is None


def test_swedish_word_expands_to_finnish(snap):
    plan = snap.planner.plan("familjevård")
    assert ("lemma_fi", "perhehoito") in {(f, t) for c in plan.concepts for f, t, _b in c.alternatives}


def test_spelling_correction_stops_after_a_few_unknown_words_and_says_so(snap, monkeypatch):
    from indexer.search.query import MAX_REPAIRS

    asked: set[str] = set()
    suggest = snap.engine.suggest

    def counting(fieldname, word, **kw):
        asked.add(word)
        return suggest(fieldname, word, **kw)

    monkeypatch.setattr(snap.engine, "suggest", counting)
    words = [f"qzxv{'abcdefghijklmnopqrstuvwxyz'[i]}kuntakokeilu" for i in range(MAX_REPAIRS + 6)]
    plan = snap.planner.plan(" ".join(words))
    assert asked == set(words[:MAX_REPAIRS]), "correction went on past the cap (or skipped a word before it)"
    assert plan.partial and any("spelling correction stops" in n and words[-1] in n for n in plan.notes)
    few = snap.planner.plan("nuorisotakuuu kouvolla")
    assert not few.partial and not any("spelling" in n for n in few.notes)


def test_a_swedish_word_the_dictionary_translates_is_not_corrected(snap):
    # "avvika" (poiketa) is no typo of the Finnish "aika"
    plan = snap.planner.plan("avvika från personaldimensioneringen")
    assert plan.did_you_mean is None or "aika" not in plan.did_you_mean.split()
    assert ("lemma_fi", "poiketa") in {(f, t) for c in plan.concepts for f, t, _b in c.alternatives}
