"""Analyzer behaviour as token lists: the forms each field indexes and queries."""
import pickle

import pytest

from indexer.index.analysis import analyze, make_analyzer


def test_surface_keeps_forms_and_drops_question_words():
    assert analyze("Mitä opittiin Kouvolassa?", "surface") == ["opittiin", "kouvolassa"]


def test_finnish_lemmas_of_inflected_place_names():
    assert analyze("Kouvolassa Vantaalla Joensuussa Hämeenlinnan", "lemma", "fi") == [
        "kouvola", "vantaa", "joensuu", "hämeenlinna"]


def test_short_content_words_survive():
    assert analyze("TE-toimisto", "lemma", "fi") == ["te", "toimisto"]


def test_compound_parts_index_mode_splits_query_mode_does_not():
    assert analyze("nuorisotakuukokeilussa", "parts", "fi", mode="index") == ["nuoriso", "takuu", "kokeilu"]
    assert analyze("kuntakokeilu", "parts", "fi", mode="index") == ["kunta", "kokeilu"]
    assert analyze("kuntakokeilu", "parts", "fi", mode="query") == ["kuntakokeilu"]


def test_unknown_word_falls_back_to_snowball():
    # Voikko does not know the typo; Snowball still strips the ending.
    assert analyze("kokeiluistaan", "lemma", "fi") == ["kokeilu"]
    assert analyze("kokielussa", "lemma", "fi") == ["kokielu"]


def test_all_readings_are_kept():
    assert set(analyze("henkilöstökuluissa", "lemma", "fi")) == {"henkilöstökulku", "henkilöstökulu"}


def test_swedish_is_stemmed_as_swedish():
    assert analyze("Kommunförsöken har kommit bra i gång", "lemma", "sv") == [
        "kommunförsök", "kommit", "bra", "gång"]


def test_fold_field_strips_diacritics():
    assert analyze("Järvenpään Hämeenlinna Åbo", "fold") == ["jarvenpaan", "hameenlinna", "abo"]


def test_positions_are_kept_across_stopwords():
    tokens = make_analyzer("lemma", "fi")("kunnan ja TE-toimiston yhteistyö", positions=True)
    assert [(t.text, t.pos) for t in tokens] == [("kunta", 0), ("te", 2), ("toimisto", 3), ("yhteistyö", 4)]


@pytest.mark.parametrize("kind", ["surface", "lemma", "parts", "fold"])
def test_analyzers_pickle(kind):
    """The schema (and so every analyzer) is pickled into the index's TOC."""
    a = make_analyzer(kind, "fi")
    b = pickle.loads(pickle.dumps(a))
    text = "Kouvolan nuorisotakuukokeilussa"
    assert [t.text for t in b(text)] == [t.text for t in a(text)]


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        make_analyzer("soundex")
