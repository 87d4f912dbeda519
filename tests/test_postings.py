"""Cached term impacts must be exactly what Whoosh's BM25F scorer gives, posting by posting."""
from __future__ import annotations

import math

import pytest
from whoosh import query as wq

from indexer.index import Engine
from indexer.index.generations import current_generation
from indexer.index.postings import EMPTY, ENTRY_COST, PostingCache

TERMS = [("lemma_fi", "kokeilu"), ("lemma_fi", "kunta"), ("surface", "kotihoito"), ("stem_fi", "hoito"),
         ("fold", "hoitoa"), ("head_fi", "kokeilu"), ("parts_fi", "tulos"), ("lemma_sv", "kommun"),
         ("municipality", "kouvola")]


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = Engine(current_generation(corpus_index))
    yield e
    e.close()


def whoosh_scores(engine: Engine, fieldname: str, term: str) -> dict[int, float]:
    """The oracle: Whoosh's own matcher and scorer, one posting at a time."""
    with engine._searching() as s:
        m = s.postings(fieldname, term)
        out = {}
        while m.is_active():
            out[m.id()] = m.score()
            m.next()
    return out


@pytest.mark.parametrize(("fieldname", "term"), TERMS)
def test_impacts_equal_whooshs_bm25f_scorer(engine, fieldname, term):
    expected = whoosh_scores(engine, fieldname, term)
    assert len(expected) >= 2, f"{fieldname}:{term} should be in the corpus"
    imp = PostingCache(engine._searching).impacts(fieldname, term)
    assert list(imp.docs) == sorted(expected)
    for d, score in zip(imp.docs, imp.scores, strict=True):
        assert math.isclose(score, expected[d], rel_tol=1e-6), (d, score, expected[d])


def test_a_term_not_in_the_index_has_no_postings(engine):
    cache = PostingCache(engine._searching)
    assert cache.impacts("lemma_fi", "xyzzyäö") is EMPTY
    assert cache.impacts("no_such_field", "kunta") is EMPTY


def test_phrase_documents_are_whooshs_phrase_matches(engine):
    cache = PostingCache(engine._searching)
    with engine._searching() as s:
        expected = sorted(s.docs_for_query(wq.Phrase("lemma_fi", ["kunta", "kokeilu"], slop=2)))
    assert expected, "the corpus says kuntakokeilu in two words somewhere"
    assert list(cache.docs("lemma_fi", "kunta kokeilu")) == expected


def test_past_its_budget_the_cache_starts_again_and_still_answers(engine):
    cache = PostingCache(engine._searching, budget=50)
    first = list(cache.impacts("lemma_fi", "kokeilu").docs)
    assert len(first) > 50  # alone over the budget: kept until the next read
    second = list(cache.impacts("lemma_fi", "kunta").docs)
    assert cache._size == len(second) + ENTRY_COST and list(cache.impacts("lemma_fi", "kokeilu").docs) == first


def test_terms_nobody_indexed_are_not_kept(engine):
    """100,000 made-up query words must not each leave an entry behind (memory without bound)."""
    cache = PostingCache(engine._searching)
    for i in range(200):
        assert cache.impacts("surface", f"zqx{i}nonword") is EMPTY
        assert len(cache.phrase("surface", (f"zqx{i}", "nonword"), 2)) == 0
    assert cache._entries == {}
    assert len(cache.impacts("lemma_fi", "kunta").docs) and len(cache._entries) == 1
