"""Sentence splitting and quoting: spans of the passage text, cut only with an ellipsis."""
from hypothesis import given
from hypothesis import strategies as st

from assistant.forms import term_forms
from assistant.sentences import counts, spans, split


def texts(passage: str) -> list[str]:
    return [passage[a:b] for a, b in spans(passage)]


def test_abbreviations_dates_and_list_numbers_do_not_end_sentences():
    passage = ("Kuntakokeilut käynnistyivät 5.1.2015. Säästö oli n. 200 euroa esim. Vantaalla. "
               "Mukana oli mm. Kela.\n1. Forssan ja Ypäjän muodostama kuntaryhmä;\n- Ohjaamo perustettiin.")
    assert texts(passage) == ["Kuntakokeilut käynnistyivät 5.1.2015.", "Säästö oli n. 200 euroa esim. Vantaalla.",
                              "Mukana oli mm. Kela.", "1. Forssan ja Ypäjän muodostama kuntaryhmä;",
                              "Ohjaamo perustettiin."]


def test_sentence_ends_before_digits_and_quotes():
    passage = "Tavoitteet saavutti viisi (5) kokeilukuntaa. 60–80 % tavoitteista toteutui. ”Kokeilu onnistui.”"
    assert texts(passage) == ["Tavoitteet saavutti viisi (5) kokeilukuntaa.", "60–80 % tavoitteista toteutui.",
                              "”Kokeilu onnistui.”"]


@given(st.text(alphabet=st.sampled_from(list("abcÄö .,!?\n-–”1:AB")), max_size=200))
def test_spans_are_ordered_trimmed_substrings(passage):
    last = 0
    for a, b in spans(passage):
        assert last <= a < b <= len(passage)
        piece = passage[a:b]
        assert piece == piece.strip() and "\n" not in piece
        last = b


def test_fragments_are_marked_and_shown_with_an_ellipsis():
    passage = ("jatkuu edellisestä kappaleesta ja päättyy tähän. Toinen lause alkaa isolla ja jatkuu pitkään "
               "ilman loppua koska kappale katkesi kesken kaiken tässä kohdassa")
    first, second = split(passage)
    assert first.cut_start and first.display().startswith("… ")
    assert second.cut_end and second.display().endswith(" …")
    assert passage[first.start:first.end] == first.text  # the citation stays verbatim


def test_long_sentence_is_shortened_only_in_display():
    sentence = "Kokeilu " + "jatkui pitkään " * 40 + "loppuun."
    (only,) = split(sentence)
    assert only.text == sentence and only.display().endswith(" …") and len(only.display()) < len(sentence)


def test_list_number_is_no_figure_but_counted_noun_is():
    numbered, counted = split("6. Kuntakokeilulaki olisi kannattanut.\nKokeiluihin osallistui yhteensä 57 kuntaa.")
    assert numbered.numbers == ()
    kunta = type("T", (), {"forms": term_forms("kuntaa")})()
    assert counts(counted, kunta) and not counts(numbered, kunta)


def test_a_document_number_is_no_figure():
    (sent,) = split("Hallituksen esityksessä (HE 117/2014) säästö oli 35 € / vrk.")
    assert [sent.words[j] for j in sent.numbers] == ["35"]
