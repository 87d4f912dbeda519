"""The poster field a question asks about, read from the words the posters use in each field."""
from assistant.fieldmodel import field_model
from assistant.understand import understand
from indexer.model import Poster


class FakeSnap:
    """Posters whose fields speak their own words: challenges are learned, continuing took root."""

    def __init__(self, n: int = 6):
        fields = {"learned": "Haasteena oli aikataulu. Haasteet ratkaistiin yhdessä.",
                  "rooted": "Toiminta jatkuu pysyvänä ja vakiintui osaksi arkea.",
                  "goal": "Tavoitteena on parantaa palveluja.",
                  "effects": "Asiakkaat hyötyivät ja kustannukset laskivat.",
                  "tried": "Kokeiltiin uutta mallia.", "successes": "Onnistuimme hyvin."}
        fields = {k: v + " Yhteistyö kunnan kanssa." for k, v in fields.items()}  # a word of every field
        self.posters = [Poster(id=f"p{i}", title=f"Kokeilu {i}", municipalities=["Kouvola"], model="Valvonta",
                               fields=fields) for i in range(n)]


def test_words_that_stand_in_one_field_point_to_it():
    model = field_model(FakeSnap())
    assert model.best(["haasteita"])[0] == "learned"
    assert model.best(["jatkuuko"])[0] == "rooted"


def test_words_spread_over_every_field_or_unseen_point_nowhere():
    model = field_model(FakeSnap())
    assert model.best(["yhteistyötä"]) is None and model.best(["xyzzy"]) is None


def test_too_few_posters_say_nothing():
    assert field_model(FakeSnap(n=1)).best(["haasteita"]) is None


def test_a_paraphrased_field_question_about_a_place_is_read_as_that_field(snap):
    reading = understand("Mitä haasteita Riihimäellä kohdattiin?", snap)
    assert reading.intent == "field" and reading.field == "learned"
    assert not any(t.text == "haasteita" for t in reading.terms)  # it steers, it is not required


def test_a_person_question_about_a_place_asks_its_contact_card(snap):
    reading = understand("Keneen voi ottaa yhteyttä Lahden kokeilusta?", snap)
    assert reading.field == "card"
