"""Reading questions without a language model: places, models, poster fields, intents, language."""
import pytest

from assistant.understand import understand


@pytest.mark.parametrize("question, place", [
    ("Mitä Vantaalla kokeiltiin?", "Vantaa"),
    ("Vad prövades i Helsingfors?", "Helsinki"),
    ("Mitä kouvolan ohjaamossa opittiin?", "Kouvola"),
    ("Mitä jyvaskylassa tehtiin?", "Jyväskylä"),
    ("Och i Uleåborg?", "Oulu"),
])
def test_municipality_in_any_inflection_or_swedish(snap, question, place):
    assert understand(question, snap).municipality == place


def test_common_word_is_not_a_municipality(snap):
    reading = understand("Miten kokeilujen loppua kohden sitouduttiin?", snap)
    assert reading.municipality is None  # "loppua" is not Loppi


def test_place_outside_the_experiments_is_named_not_guessed(snap):
    reading = understand("Mitä Turussa kokeiltiin?", snap)
    assert reading.municipality is None and reading.unknown_place == "Turku"
    assert understand("Mikä on Suomen pääkaupunki?", snap).unknown_place is None  # a country, not a municipality


@pytest.mark.parametrize("question, field", [
    ("Mitä Kouvolan Ohjaamossa opittiin?", "learned"),
    ("Juurtuiko se?", "rooted"),
    ("Paljonko sillä säästettiin?", "effects"),
    ("Mitä vaikutuksia talouteen kokeilulla oli?", "effects"),
    ("Vad lärde man sig i Vanda?", "learned"),
    ("Missä onnistuttiin?", "successes"),
])
def test_poster_field_cues(snap, question, field):
    assert understand(question, snap).field == field


def test_operating_model_from_its_everyday_name(snap):
    assert understand("Mitä Ohjaamoissa opittiin?", snap).model == "Nuorisotakuu"
    assert understand("Vilka kommuner prövade ungdomsgarantin?", snap).model == "Nuorisotakuu"
    assert understand("Miten valvonnan kokeilu onnistui?", snap).model == "Valvonta"


@pytest.mark.parametrize("question, intent", [
    ("Kuinka monta kuntaa osallistui kokeiluihin?", "figure"),
    ("Hur många kommuner deltog i försöken?", "figure"),
    ("Paljonko valtionavustusta myönnettiin?", "figure"),
    ("Mitkä kunnat kokeilivat nuorisotakuuta?", "list"),
    ("Mitä Kouvolassa opittiin?", "field"),
    ("Miten asiakkaat kokivat kokeilut?", "fact"),
    ("Moi!", "abstain"),
])
def test_intent(snap, question, intent):
    assert understand(question, snap).intent == intent


def test_figure_question_knows_the_noun_it_counts(snap):
    reading = understand("Kuinka monta nuorta työllistyi?", snap)
    assert reading.counted is not None and reading.counted.text == "nuorta"


def test_language_of_the_question(snap):
    assert understand("Hur många kommuner deltog i försöken?", snap).lang == "sv"
    assert understand("Kuinka monta kuntaa osallistui?", snap).lang == "fi"
    assert understand("Vad lärde man sig i Kouvola?", snap).lang == "sv"


def test_question_words_are_not_topic(snap):
    reading = understand("Kuinka monta kuntaa osallistui kokeiluihin?", snap)
    assert [t.text for t in reading.terms] == ["kuntaa", "osallistui", "kokeiluihin"]


def test_interpreted_block_shows_the_reading(snap):
    shown = understand("Mitä Kouvolan Ohjaamossa opittiin?", snap).to_dict()
    assert shown["municipality"] == "Kouvola" and shown["model"] == "Nuorisotakuu"
    assert shown["field_label"] == "Mitä opittiin?" and "Kouvola" in shown["query"]


def test_word_ending_is_not_a_place(snap):
    reading = understand("Paljonko säästettiin euroina?", snap)
    assert reading.unknown_place is None and reading.municipality is None  # "euroina" is not Eura


def test_swedish_stem_cue_keeps_its_letters(snap):
    assert understand("Mitä Oulun mallissa opittiin?", snap).field == "learned"  # "mål*" is not "mallissa"


def test_field_cue_for_what_lived_on(snap):
    assert understand("Mikä jäi elämään Vantaan kokeilusta?", snap).field == "rooted"


def test_answer_types(snap):
    assert understand("Kuka oli Kouvolan yhteyshenkilö?", snap).asks == "person"
    assert understand("Miksi indikaattoreita vähennettiin?", snap).asks == "reason"
    assert understand("Paljonko Ohjaamo maksoi?", snap).asks == "money"
    assert understand("Kuinka moni vastasi kyselyyn?", snap).counted is None  # "moni vastasi": a verb is no noun


def test_what_the_municipalities_thought_is_no_list(snap):
    assert understand("Mitä kokeilukunnat ajattelivat seurannasta?", snap).intent != "list"
    assert understand("Mitä toimintamalleja kokeiltiin?", snap).intent == "list"


def test_a_count_of_experiments_is_not_a_sum(snap):
    assert understand("Kuinka monessa kokeilussa taloudellisia vaikutuksia osoitettiin?", snap).asks is None


@pytest.mark.parametrize("question, place", [
    ("Mitä vaasalaiset oppivat palveluasumisesta?", "Vaasa"),
    ("Mitä riihimäkeläisessä kokeilussa tehtiin?", "Riihimäki"),  # -e- of the adjective, -i of the name
])
def test_an_inhabitant_adjective_names_its_place(snap, question, place):
    assert understand(question, snap).municipality == place


def test_an_adjective_of_no_municipality_names_none(snap):
    assert understand("Mitä suomalaiset kunnat oppivat?", snap).municipality is None
