"""Live search: a half-typed last word is a prefix, never a typo; suggestions put base forms and places first."""
import pytest


@pytest.mark.parametrize("word", ["nuorisotakuu", "kouvola", "perhehoito", "asumispalvelu"])
def test_every_prefix_of_a_corpus_word_from_three_letters_has_results(snap, word):
    whole = snap.search(word, limit=1)["total"]
    assert whole
    for n in range(3, len(word) + 1):
        body = snap.search(word[:n], limit=3, live=True)
        assert body["total"], word[:n]
        assert body["did_you_mean"] is None, word[:n]  # no "did you mean" for a word being typed


def test_a_finished_word_is_taken_as_typed_and_corrected(snap):
    assert snap.search("nuorisotakku ", limit=3, live=True)["did_you_mean"] == "nuorisotakuu"
    assert snap.search("nuorisotakku", limit=3, live=False)["did_you_mean"] == "nuorisotakuu"


def test_the_completions_of_a_prefix_are_highlighted(snap):
    results = snap.search("nuorisotak", limit=5, live=True)["results"]
    assert any("<mark>nuorisotaku" in (r["excerpt_html"] or "").lower() for r in results)


def test_suggestions_offer_the_place_before_its_inflected_forms(client):
    found = client.get("/api/suggest?q=kouv&limit=10").get_json()["suggestions"]
    labels = [s["label"] for s in found]
    assert labels[0] == "Kouvola" and found[0]["kind"] == "municipality"
    assert "kouvola" not in labels  # the place is not offered twice
    inflected = [i for i, s in enumerate(labels) if s.startswith("kouvola")]
    assert all(i > 0 for i in inflected)
    terms = [s["label"] for s in client.get("/api/suggest?q=perheh").get_json()["suggestions"]]
    assert terms and terms[0] == "perhehoito"


def test_the_live_page_fragment_uses_the_prefix(client):
    html = client.get("/?q=nuorisot&fragment=results&live=1").get_data(as_text=True)
    assert "data-group=" in html and "Tarkoititko" not in html
