"""Search behaviour on the real corpus: the ways people type, and what they get back."""
import pytest


def top_texts(snap, q, n=5, **filters):
    return [r["text"] for r in snap.search(q, limit=n, raw_filters=filters)["results"]]


def any_contains(texts, needle):
    return any(needle.lower() in t.lower() for t in texts)


@pytest.mark.parametrize("q,municipality", [
    ("Kouvolassa", "Kouvola"), ("Vantaalla", "Vantaa"), ("Joensuussa", "Joensuu"), ("Hämeenlinnan", "Hämeenlinna")])
def test_inflected_place_names_find_their_posters(snap, q, municipality):
    results = snap.search(q, limit=5)["results"]
    assert results, q
    assert all(municipality in r["municipalities"] or municipality.lower()[:5] in r["text"].lower()
               for r in results[:3])


def test_compound_part_finds_compounds(snap):
    assert any_contains(top_texts(snap, "takuu", 10), "nuorisotakuu")
    texts = top_texts(snap, "kokeilu", 20)
    assert any_contains(texts, "kuntakokeilu")


def test_exact_form_ranks_above_compound_part(snap):
    first = snap.search("teknologia", limit=1)["results"][0]["text"].lower()
    assert "teknologia" in first


def test_accent_folding(snap):
    texts = top_texts(snap, "jarvenpaa nuorisotakuu")
    assert any_contains(texts, "Keski-Uudenmaan nuorisotakuun kuntakokeilu")


def test_typo_gets_did_you_mean_and_results(snap):
    res = snap.search("nuorisotakku", limit=5)
    assert res["did_you_mean"] == "nuorisotakuu"
    assert any_contains([r["text"] for r in res["results"]], "nuorisotaku")


def test_swedish_query_reaches_finnish_passage(snap):
    res = snap.search("familjevård", limit=5)
    assert res["results"] and all(r["lang"] == "fi" for r in res["results"][:3])
    assert any_contains([r["text"] for r in res["results"]], "perhehoi")


def test_question_words_do_not_drown_content(snap):
    res = snap.search("Mitä opittiin Kouvolan ohjaamossa?", limit=3)
    assert any("Kouvola" in r["municipalities"] for r in res["results"])


def test_te_survives_as_content_word(snap):
    assert any_contains(top_texts(snap, "TE-toimisto yhteistyö"), "TE")


def test_result_shape_and_citation(snap):
    r = snap.search("Exit-suunnitelman osa-alueet", limit=1)["results"][0]
    assert set(r) >= {"id", "score", "text", "excerpt_html", "doc", "section", "page", "citation", "url"}
    assert r["page"] and r["page"] >= 100  # appendix 3 starts on page 109 of the report
    assert "<mark>" in r["excerpt_html"]


def test_excerpt_escapes_markup(snap):
    for r in snap.search("ohjaamo", limit=20)["results"]:
        html = r["excerpt_html"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in html


def test_filters_and_disjunctive_facets(snap):
    res = snap.search("nuoret", limit=50, raw_filters={"municipality": "Kouvolassa"})
    assert res["results"] and all("Kouvola" in r["municipalities"] for r in res["results"])
    muni = {f["value"]: f["count"] for f in res["facets"]["municipality"]}
    assert "Oulu" in muni  # the municipality group still offers the others (OR within a group)
    both = snap.search("nuoret", limit=50, raw_filters={"municipality": "Kouvola,Oulu"})
    assert both["total"] > res["total"]


def test_exclusion(snap):
    texts = top_texts(snap, "ohjaamo -kouvola", 20)
    assert texts and not any_contains(texts, "kouvola")


def test_empty_and_stopword_queries_return_nothing(snap):
    assert snap.search("", limit=5)["results"] == []
    assert snap.search("mitä ja on", limit=5)["results"] == []


def test_pagination_is_stable(snap):
    first = [r["id"] for r in snap.search("kokeilu", limit=10)["results"]]
    second = [r["id"] for r in snap.search("kokeilu", limit=5, offset=5)["results"]]
    assert first[5:] == second


@pytest.mark.parametrize("q,expected", [("jyvaskylassa", "Jyväskylä"), ("paihdekuntoutujat", "päihdekuntoutuj"),
                                        ("kommunforsoken", "kommunförsök")])
def test_inflected_words_typed_without_accents(snap, q, expected):
    assert any_contains(top_texts(snap, q, 3), expected)


def test_derivations_meet(snap):
    """A question with the verb (säästää) finds the text with the noun (säästö)."""
    texts = top_texts(snap, "Paljonko Vantaa säästi liukumäki kotiin -mallilla?", 5)
    assert any_contains(texts, "1 043 280")


def test_suspended_hyphen_in_a_question_is_not_an_exclusion(snap):
    plan = snap.planner.plan("Paljonko säästettiin liukumäki kotiin -mallilla?")
    assert not plan.excluded and "mallilla" in [c.label for c in plan.concepts]
