"""Follow-ups: the earlier topic carries over, the new turn swaps what it names."""
from assistant.followup import is_followup, read_with_history, user_messages
from assistant.understand import understand

FIRST = "Mitä Kouvolan Ohjaamossa opittiin?"


def test_history_accepts_strings_and_role_objects_and_skips_assistant_turns():
    history = ["a", {"role": "user", "content": "b"}, {"role": "assistant", "content": "x"}, {"message": "c"}, 7]
    assert user_messages(history) == ["a", "b", "c"]


def test_entä_swaps_the_municipality_keeps_the_rest(snap):
    reading = read_with_history("Entä Oulussa?", [FIRST], snap)
    assert reading.municipality == "Oulu" and reading.field == "learned" and reading.model == "Nuorisotakuu"
    assert set(reading.inherited) >= {"model", "field"} and "municipality" not in reading.inherited


def test_pronoun_keeps_the_place_and_swaps_the_field(snap):
    reading = read_with_history("Juurtuiko se?", [FIRST], snap)
    assert (reading.municipality, reading.field, reading.intent) == ("Kouvola", "rooted", "field")


def test_figure_follow_up_changes_intent_and_field(snap):
    reading = read_with_history("Paljonko sillä säästettiin?", [FIRST, "Juurtuiko se?"], snap)
    assert (reading.municipality, reading.field, reading.intent) == ("Kouvola", "effects", "figure")


def test_new_full_question_starts_afresh(snap):
    reading = read_with_history("Kuinka monta kuntaa osallistui kokeiluihin?", [FIRST], snap)
    assert reading.municipality is None and reading.field is None and not reading.inherited


def test_follow_up_keeps_the_language_when_it_has_no_words_of_its_own(snap):
    reading = read_with_history("Uleåborg?", ["Vad lärde man sig i Helsingfors?"], snap)
    assert reading.lang == "sv" and reading.municipality == "Oulu" and reading.field == "learned"


def test_what_makes_a_follow_up(snap):
    assert is_followup(understand("Entä Oulussa?", snap))
    assert is_followup(understand("Mitä siellä opittiin?", snap))
    assert not is_followup(understand("Mitä Vantaalla opittiin?", snap))


def test_short_question_without_a_subject_is_a_follow_up(snap):
    assert is_followup(understand("Kuka oli yhteyshenkilö?", snap))
    assert not is_followup(understand("Kuinka monta kuntaa osallistui kokeiluihin?", snap))


def test_follow_up_with_its_own_topic_does_not_keep_the_old_field(snap):
    reading = read_with_history("Entä haasteet?", ["Mitä Tampereen Tiimipalvelu Keinussa kokeiltiin?"], snap)
    assert reading.field is None and reading.poster == "tampere-tiimipalvelu-keinu"
