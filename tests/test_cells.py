"""A known poster's question is answered by the cell whose words best meet it."""
from assistant.cells import choose_cell, score_cells
from assistant.forms import term_forms
from assistant.understand import Reading, Term
from indexer.model import Poster


def poster(pid: str, **fields: str) -> Poster:
    return Poster(id=pid, title=f"Kokeilu {pid}", municipalities=["Kouvola"], model="Valvonta", fields=fields)


class FakeSnap:
    """One poster with distinct cells, and others whose cells all say "asiakas" (a word that tells nothing)."""

    def __init__(self):
        common = {f: "Asiakas oli mukana." for f in ("goal", "tried", "learned", "rooted", "effects", "successes")}
        self.posters = [poster(f"o{i}", **common) for i in range(5)]
        self.posters.append(poster(
            "mine", goal="Asiakas saa palvelun nopeammin.", tried="Perustettiin kuusipaikkainen kerhotalo.",
            learned="Asiakas oppi paljon. Aikataulu venyi.", rooted="Kerhotalo jatkaa.",
            effects="Asiakas hyötyi.", successes="Asiakas oli tyytyväinen."))


def term(text: str, role: str = "topic", name: bool = False) -> Term:
    return Term(text, term_forms(text), role=role, name=name)


def reading(*terms: Term, field: str | None = None, guessed: bool = False) -> Reading:
    r = Reading(message="", poster="mine", field=field, field_guessed=guessed)
    r.terms = [t for t in terms if t.role == "topic"]
    r.soft = [t for t in terms if t.role != "topic"]
    return r


def test_the_cell_holding_a_rare_question_word_scores_best():
    scores = score_cells(FakeSnap(), "mine", [term("perustettiin"), term("asiakas")])
    assert max(scores, key=scores.get) == "tried"
    assert scores["goal"] < scores["tried"]


def test_a_guessed_field_gives_way_to_the_matching_cell():
    r = reading(term("aikataulu"), field="goal", guessed=True)
    choose_cell(FakeSnap(), r)
    assert r.field == "learned" and r.intent == "field"


def test_a_field_a_cue_named_stays():
    r = reading(term("aikataulu"), field="goal")
    choose_cell(FakeSnap(), r)
    assert r.field == "goal"


def test_words_every_cell_says_choose_nothing():
    r = reading(term("asiakas"))
    choose_cell(FakeSnap(), r)
    assert r.field is None


def test_a_figure_question_keeps_its_own_reading():
    r = reading(term("kerhotalo"))
    r.intent = "figure"
    choose_cell(FakeSnap(), r)
    assert r.field is None and r.intent == "figure"


def test_a_compound_word_meets_a_cell_by_its_parts():
    scores = score_cells(FakeSnap(), "mine", [term("kerhotalohanke")])
    assert scores["tried"] > 0 and scores["goal"] == 0


def test_a_word_met_only_by_a_common_root_weighs_little():
    """"lastensuojelutyö" shares the root "työ" with every cell; the cell that says it whole wins."""
    snap = FakeSnap()
    mine = snap.posters[-1]
    mine.fields["effects"] = "Lastensuojelutyö keveni."
    for p in snap.posters:
        p.fields["goal"] = p.fields["goal"] + " Työ jatkuu."
    scores = score_cells(snap, "mine", [term("lastensuojelutyö")])
    assert max(scores, key=scores.get) == "effects" and scores["goal"] < 0.5 * scores["effects"]
