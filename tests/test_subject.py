"""The subject of a question and of a conversation: the poster named by its title or quoted last."""
from assistant.answer import chat, quoted_poster
from assistant.followup import read_one, read_with_history
from assistant.understand import understand


def test_title_words_name_the_poster_and_its_own_model_wins(snap):
    # "palveluasumisessa" is a cue of Asumispalvelut, but Ylöjärvi's poster of that name is filed under Valvonta
    reading = read_one("Mitä Ylöjärven tehostetussa palveluasumisessa opittiin?", snap)
    poster = next(p for p in snap.posters if p.id == reading.poster)
    assert poster.title == "Tehostettu palveluasuminen" and reading.model == poster.model == "Valvonta"


def test_one_title_word_is_not_enough_without_a_place(snap):
    assert read_one("Mitä nuorisotakuun kokeiluissa opittiin?", snap).poster is None


def test_contact_person_is_quoted_without_the_index_label(snap):
    reply = chat(snap, "Kuka oli Kouvolan Ohjaamon yhteyshenkilö?")
    assert not reply["abstained"] and len(reply["citations"]) == 1
    assert reply["citations"][0]["text"].startswith("Sanna Heimonen")  # not "Yhteyshenkilö: …" (the index's label)


def test_short_follow_up_keeps_the_poster_the_last_answer_quoted(snap):
    history = [{"role": "user", "content": "Mitä Tampereen Tiimipalvelu Keinussa opittiin?"}]
    reply = chat(snap, "Kuka oli yhteyshenkilö?", history)
    assert reply["interpreted"]["poster"] == "tampere-tiimipalvelu-keinu"
    assert reply["citations"][0]["text"].startswith("Juuso Ollikainen")


def test_quoted_poster_reruns_the_earlier_question(snap):
    earlier = understand("Mitä Kouvolan Ohjaamossa opittiin?", snap)
    assert quoted_poster(snap, earlier) == "kouvola-ennaltaehkaiseva-tyoote-ohjaamossa"


def test_new_place_drops_the_words_that_named_the_old_poster(snap):
    reading = read_with_history("Entä Oulussa?", ["Mitä Tampereen Tiimipalvelu Keinussa opittiin?"], snap)
    assert reading.municipality == "Oulu" and reading.poster is None
    assert not {t.text for t in reading.terms} & {"tiimipalvelu", "keinussa"}


def test_lead_names_the_poster_and_field_quoted(snap):
    reply = chat(snap, "Mitä Ylöjärven tehostetussa palveluasumisessa opittiin?")
    assert reply["lead"].startswith("Posterissa ”Tehostettu palveluasuminen” (Ylöjärvi)")
    assert "”Mitä opittiin?”" in reply["lead"]


def test_a_posters_field_answers_however_the_field_is_asked(client):
    """Words the posters say that only word the question ("haasteita kohdattiin") steer, not gate."""
    body = client.post("/api/chat", json={"message": "Mitä haasteita Pirkkalan valvonnan kokeilussa kohdattiin?",
                                          "history": []}).get_json()
    assert not body["abstained"] and body["citations"][0]["text"]
    assert "Pirkkala" in body["answer"] and "Mitä opittiin?" in body["answer"]


def test_a_district_a_poster_is_named_after_is_not_a_place_without_posters(client):
    body = client.post("/api/chat", json={"message": "Mitä Valkealan palvelualueella opittiin?",
                                          "history": []}).get_json()
    assert not body["abstained"] and "Valkeala" in body["answer"]


def test_a_person_follow_up_about_a_known_poster_asks_its_contact_card(client):
    history = [{"role": "user", "content": "Mitä Pirkkalan valvonnan kokeilussa opittiin?"}]
    body = client.post("/api/chat", json={"message": "Keneen siitä voi ottaa yhteyttä?", "history": history}).get_json()
    assert not body["abstained"] and "Pirkkala" in body["answer"]
    assert body["citations"] and "etunimi.sukunimi@pirkkala.fi" in body["citations"][0]["text"]
