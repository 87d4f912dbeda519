"""Cross-lingual expansion: the general dictionary, Swedish compounds, and the index as a filter."""
from indexer.search.query import Planner
from indexer.search.translate import compound, translate


def test_a_swedish_word_gets_its_finnish_base_forms_and_a_finnish_word_its_swedish():
    assert ("fi", "lemma", "työllisyys") in translate("sysselsättning")
    assert ("sv", "lemma", "arbetslöshet") in translate("työttömyys")


def test_a_swedish_compound_is_joined_as_finnish_writes_it():
    found = compound("barnskyddsärenden") or compound("ungdomsarbetslöshet")
    assert any(kind == "lemma" and form.startswith(("lastensuojelu", "nuoriso")) for _, kind, form in found)
    assert ("fi", "lemma", "lomaaika") in compound("lovtider")  # lov-tid: a linking-free compound


def test_words_neither_language_knows_and_stopwords_are_not_translated():
    assert translate("xqzvbn") == [] and translate("under") == [] and translate("och") == []


def test_the_planner_keeps_only_translations_the_index_holds(snap):
    planner: Planner = snap.planner
    plan = planner.plan("ungdomsarbetslöshet", {})
    terms = {t for f, t, _ in plan.concepts[0].alternatives if f == "lemma_fi"}
    assert "nuorisotyöttömyys" in terms  # the report's word
    assert not {"nuorettyöttömyys", "nuorettyötön"} & terms  # guesses the index has never seen
    assert any("ungdomsarbetslöshet →" in n for n in plan.notes)


def test_a_swedish_query_reaches_a_finnish_only_passage(snap):
    texts = [r["text"].lower() for r in snap.search("ungdomsarbetslöshet Rovaniemi", limit=5)["results"]]
    assert any("nuorisotyöttömyy" in t for t in texts)
    marked = snap.search("sysselsättning", limit=5)["results"]
    assert any("<mark>työllisyy" in (r["excerpt_html"] or "").lower() for r in marked)


def test_a_compound_drops_its_first_parts_final_a():
    # "kärn|indikatorer": kärna (ydin) loses its -a in the compound, as skola does in "skoltid"
    joined = {form for _lang, kind, form in compound("kärnindikatorer") if kind == "lemma"}
    assert "ydinindikaattori" in joined


def test_a_borrowed_first_part_is_searched_as_it_stands():
    # "exitplan": no dictionary translates "exit", both languages borrow it; "plan" is suunnitelma
    found = translate("exitplan")
    assert ("fi", "lemma", "exit") in found and ("fi", "lemma", "exitsuunnitelma") in found
    assert not [f for f in translate("personaldimensioneringen") if f[2].startswith("personaldim")]
