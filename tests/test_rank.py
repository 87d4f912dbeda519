"""Excerpts: the window holds the matched words, and every form the plan carries is marked."""
from __future__ import annotations

import re

import pytest

from indexer.plan import Concept, QueryPlan
from indexer.search import wordforms
from indexer.search.query import phrase_alternatives, word_alternatives
from indexer.search.rank import EXCERPT_WORDS, Highlighter
from indexer.search.wordforms import WordForms

FILLER = "Kunnat kehittivät toimintaansa monin tavoin ja raportoivat tuloksista säännöllisesti. "


def plan_for(*words: str, extra: dict[str, list] | None = None) -> QueryPlan:
    """A plan as the planner writes it for typed words (plus extra alternatives per word)."""
    concepts = []
    for w in words:
        c = Concept(label=w, alternatives=word_alternatives(w), highlight={w})
        for alt in (extra or {}).get(w, []):
            c.alternatives.append(alt)
        concepts.append(c)
    return QueryPlan(concepts=concepts)


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_match_late_in_a_long_passage_is_inside_the_window() -> None:
    text = FILLER * 12 + "Lopuksi mainitaan nuorisotakuu."
    html = Highlighter(plan_for("nuorisotakuu")).excerpt(text, "fi")
    assert marked(html) == ["nuorisotakuu"]
    assert html.startswith("… ")


def test_match_at_the_end_of_the_first_window_is_not_cut_off() -> None:
    words = FILLER.split() * 6
    words[EXCERPT_WORDS + 2] = "nuorisotakuu"  # the densest window ends on the match
    html = Highlighter(plan_for("nuorisotakuu")).excerpt(" ".join(words), "fi")
    assert marked(html) == ["nuorisotakuu"]


def test_window_is_centred_on_the_cluster_answering_most_words() -> None:
    text = ("Perhehoito mainitaan alussa. " + FILLER * 8
            + "Kouvolassa perhehoito laajeni. " + FILLER * 8)
    html = Highlighter(plan_for("perhehoito", "kouvola")).excerpt(text, "fi")
    assert marked(html) == ["Kouvolassa", "perhehoito"]
    before, after = html.split("<mark>Kouvolassa</mark>", 1)
    assert len(before.split()) > 10 and len(after.split()) > 10  # context on both sides


def test_short_passage_is_shown_whole() -> None:
    text = "Ohjaamo on matalan kynnyksen palvelupiste."
    html = Highlighter(plan_for("ohjaamo")).excerpt(text, "fi")
    assert html == "<mark>Ohjaamo</mark> on matalan kynnyksen palvelupiste."


@pytest.mark.parametrize("query, text, word", [
    ("perhehoito", "Perhehoidon kokeilu onnistui hyvin.", "Perhehoidon"),  # lemma
    ("henkiloston", "Henkilöstön resursointi parani.", "Henkilöstön"),  # folded form
    ("takuu", "Nuorisotakuun kokeilu eteni.", "Nuorisotakuun"),  # compound part
])
def test_inflected_folded_and_compound_forms_are_marked(query, text, word) -> None:
    assert marked(Highlighter(plan_for(query)).excerpt(text, "fi")) == [word]


def test_glossary_translation_is_marked_in_its_language() -> None:
    extra = {"familjevård": word_alternatives("perhehoito", 0.7)}
    hl = Highlighter(plan_for("familjevård", extra=extra))
    assert marked(hl.excerpt("Tilapäinen perhehoito laajeni.", "fi")) == ["perhehoito"]
    assert marked(hl.excerpt("Familjevården utvecklades.", "sv")) == ["Familjevården"]


def test_phrase_translation_marks_the_run_not_single_words() -> None:
    extra = {"liukumäki": phrase_alternatives(["liukumäki", "kotiin"], "fi", 0.7)}
    hl = Highlighter(QueryPlan(concepts=[Concept("glidbanan", word_alternatives("glidbanan") + extra["liukumäki"])]))
    assert marked(hl.excerpt("Potilas pääsi kotiin ajoissa.", "fi")) == []
    assert marked(hl.excerpt("Malli Liukumäki kotiin toimi.", "fi")) == ["Liukumäki", "kotiin"]


def test_finnish_lemma_is_not_applied_to_a_swedish_passage() -> None:
    hl = Highlighter(plan_for("kokeilu"))
    assert marked(hl.excerpt("Kokeilussa mukana.", "fi")) == ["Kokeilussa"]
    assert marked(hl.excerpt("Kokeilussa mukana.", "sv")) == []


def test_derivation_base_is_marked_only_without_a_stronger_match() -> None:
    hl = Highlighter(plan_for("asiakasvastaava"))
    assert marked(hl.excerpt("Kyselyyn vastasi 124 henkilöä.", "fi")) == ["vastasi"]
    both = hl.excerpt("Kyselyyn vastasi asiakasvastaava.", "fi")
    assert marked(both) == ["asiakasvastaava"]


def test_stopwords_are_never_marked_and_text_is_escaped() -> None:
    hl = Highlighter(plan_for("ja", "valvonta"))
    html = hl.excerpt("Valvonta <b>ja</b> laatu & muut", "fi")
    assert marked(html) == ["Valvonta"]
    assert "&lt;b&gt;" in html and "&amp;" in html


def test_real_excerpts_mark_whenever_the_passage_text_matches(snap) -> None:
    for q in ("nuorisotakuu", "perhehoito Kouvola", "familjevård", "asiakasvastaava", "valvonta"):
        plan = snap.planner.plan(q, {})
        hl = Highlighter(plan)
        for r in snap.search(q, limit=10)["results"]:
            words = re.findall(r"\w+", r["text"])
            if any(hl.matches(w, r["lang"]) for w in words):
                assert "<mark>" in r["excerpt_html"], (q, r["id"])


def _hit(n: int, poster: str, field: str, covered: set[int], in_text: set[int]):
    from indexer.index import Hit
    stored = {"poster": poster, "poster_field": field}
    return Hit(n, 10.0 - n, n, {i: 1.0 for i in covered}, lambda _d, s=stored: s, set(covered), set(in_text))


def test_a_card_follows_its_own_cell_that_says_a_query_word():
    from indexer.search.rank import cards_after_cells
    card = _hit(0, "p", "card", {0, 1}, {0, 1})
    other = _hit(1, "q", "goal", {0}, {0})
    cell = _hit(2, "p", "learned", {0, 1}, {0})
    assert cards_after_cells([card, other, cell], words=3) == [other, cell, card]


def test_a_card_holding_every_query_word_stays_first():
    from indexer.search.rank import cards_after_cells
    card = _hit(0, "p", "card", {0, 1}, {0, 1})  # "Ohjaamo Forssa": a look-up of the poster itself
    cell = _hit(1, "p", "learned", {0, 1}, {0})
    assert cards_after_cells([card, cell], words=2) == [card, cell]
    lacking = _hit(2, "p", "tried", {0}, {0})  # a cell matching less than the card never passes it
    card = _hit(0, "p", "card", {0, 1}, {0, 1})
    assert cards_after_cells([card, lacking], words=3) == [card, lacking]


def test_excerpts_with_the_generations_word_table_equal_fresh_ones(snap) -> None:
    """The shared table (`WordForms`) grows as passages are seen; no excerpt may depend on what came first."""
    shared = WordForms()
    for q in ("nuorisotakuu", "perhehoito Kouvola", "familjevård", "asiakasvastaava", "kokeilu", "säästö"):
        plan = snap.planner.plan(q, {})
        hl = Highlighter(plan, shared)
        for r in reversed(snap.search(q, limit=10, excerpts=False)["results"]):
            assert hl.excerpt(r["text"], r["lang"]) == Highlighter(plan).excerpt(r["text"], r["lang"]), (q, r["id"])


def test_a_full_word_table_starts_again_without_changing_excerpts(snap, monkeypatch) -> None:
    monkeypatch.setattr(wordforms, "MAX_WORDS", 60)
    shared = WordForms()
    plan = snap.planner.plan("kokeilu kunta", {})
    hl = Highlighter(plan, shared)
    for r in snap.search("kokeilu kunta", limit=10, excerpts=False)["results"]:
        assert hl.excerpt(r["text"], r["lang"]) == Highlighter(plan).excerpt(r["text"], r["lang"]), r["id"]
    assert shared.resets > 0
