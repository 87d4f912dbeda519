"""A plan's scores over cached impacts: the boolean semantics, checked against independent sums.

The oracle is Whoosh's own scorer per term (`whoosh_scores`), combined here by
the documented formulas; the engine must agree passage by passage.
"""
from __future__ import annotations

import math
import time

import pytest
from test_postings import whoosh_scores

from indexer.index import Engine
from indexer.index.generations import current_generation
from indexer.index.scoring import TIEBREAK, score_plan, top
from indexer.plan import Concept, Phrase, QueryPlan


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = Engine(current_generation(corpus_index))
    yield e
    e.close()


def scores(engine: Engine, plan: QueryPlan, deadline: float | None = None):
    return score_plan(plan, engine.postings, engine.doc_count, deadline)


def concept(label: str, *alternatives, required: bool = False) -> Concept:
    return Concept(label, list(alternatives), required=required)


def assert_same(got: dict[int, float], expected: dict[int, float]) -> None:
    assert got.keys() == expected.keys()
    for d, s in expected.items():
        assert math.isclose(got[d], s, rel_tol=1e-5), (d, got[d], s)


def dismax(engine: Engine, alternatives) -> dict[int, float]:
    per = [{d: s * boost for d, s in whoosh_scores(engine, f, t).items()} for f, t, boost in alternatives]
    out = {}
    for d in set().union(*per):
        found = [p[d] for p in per if d in p]
        out[d] = max(found) + TIEBREAK * (sum(found) - max(found))
    return out


def test_a_concept_is_the_best_alternative_plus_a_tiebreak_share_of_the_others(engine):
    alts = [("lemma_fi", "kokeilu", 1.4), ("surface", "kokeilun", 2.0), ("parts_fi", "kokeilu", 1.2)]
    expected = dismax(engine, alts)
    assert any(sum(d in whoosh_scores(engine, f, t) for f, t, _ in alts) > 1 for d in expected)
    assert_same(scores(engine, QueryPlan(concepts=[concept("kokeilu", *alts)])).scores, expected)


def test_optional_concepts_add_up_over_the_union_of_their_passages(engine):
    a, b = [("lemma_fi", "kotihoito", 1.4)], [("lemma_fi", "kunta", 1.4), ("fold", "kunnan", 0.6)]
    sa, sb = dismax(engine, a), dismax(engine, b)
    expected = {d: sa.get(d, 0.0) + sb.get(d, 0.0) for d in sa.keys() | sb.keys()}
    assert sa.keys() & sb.keys() and sa.keys() - sb.keys()
    assert_same(scores(engine, QueryPlan(concepts=[concept("kotihoito", *a), concept("kunta", *b)])).scores,
                expected)


def test_a_required_concept_limits_the_passages_and_optional_ones_only_add(engine):
    must, may = [("lemma_fi", "kotihoito", 1.4)], [("lemma_fi", "kunta", 1.4)]
    sm, so = dismax(engine, must), dismax(engine, may)
    plan = QueryPlan(concepts=[concept("kotihoito", *must, required=True), concept("kunta", *may)])
    assert_same(scores(engine, plan).scores, {d: s + so.get(d, 0.0) for d, s in sm.items()})


def test_excluded_concepts_remove_passages(engine):
    may, out = [("lemma_fi", "kunta", 1.4)], [("lemma_fi", "kokeilu", 1.4)]
    gone = set(whoosh_scores(engine, "lemma_fi", "kokeilu"))
    plan = QueryPlan(concepts=[concept("kunta", *may)], excluded=[concept("kokeilu", *out)])
    got = scores(engine, plan).scores
    expected = {d: s for d, s in dismax(engine, may).items() if d not in gone}
    assert expected and len(expected) < len(dismax(engine, may))
    assert_same(got, expected)


def test_a_proximity_phrase_adds_its_words_only_where_they_stand_together(engine):
    words = ["kunta", "kokeilu"]
    near = set(engine.postings.phrase("lemma_fi", tuple(words), 3))
    sk = dismax(engine, [("lemma_fi", "kunta", 1.4)])
    assert near and sk.keys() - near
    impacts = [whoosh_scores(engine, "lemma_fi", w) for w in words]
    plan = QueryPlan(concepts=[concept("kunta", ("lemma_fi", "kunta", 1.4))],
                     phrases=[Phrase([("lemma_fi", words)], slop=3, boost=0.5)])
    expected = dict(sk)
    for d in near:
        expected[d] = expected.get(d, 0.0) + 0.5 * sum(m.get(d, 0.0) for m in impacts)
    assert_same(scores(engine, plan).scores, expected)


def test_words_the_index_never_saw_match_nothing_and_no_words_match_everything(engine):
    assert scores(engine, QueryPlan(concepts=[concept("xyzzy")])).scores == {}
    every = scores(engine, QueryPlan(filters={"lang": ["sv"]})).scores
    assert list(every) == list(range(engine.doc_count)) and set(every.values()) == {1.0}


def test_top_is_best_first_with_ties_in_corpus_order():
    got = top({5: 1.0, 2: 3.0, 9: 1.0, 1: 1.0, 7: 2.0}, 4)
    assert got == [(2, 3.0), (7, 2.0), (1, 1.0), (5, 1.0)]


def test_a_deadline_stops_between_optional_clauses_and_says_so(engine):
    plan = QueryPlan(concepts=[concept("kunta", ("lemma_fi", "kunta", 1.4)),
                               concept("kotihoito", ("lemma_fi", "kotihoito", 1.4))])
    cut = scores(engine, plan, deadline=time.monotonic() - 1)
    assert cut.partial
    assert_same(cut.scores, dismax(engine, [("lemma_fi", "kunta", 1.4)]))
    assert not scores(engine, plan, deadline=time.monotonic() + 60).partial
