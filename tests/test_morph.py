"""The word-analysis memo: every analysis while building, a bounded LRU beyond the corpus's when serving."""
from __future__ import annotations

import pytest

from indexer.language import morph


@pytest.fixture
def bounded():
    """bound_memo for one test, then unbounded again (the memo is the process's)."""
    yield morph.bound_memo
    with morph._memo_lock:
        morph._recent_max = None
        morph._recent.clear()


def test_a_serving_process_keeps_at_most_its_bound_of_new_words(bounded):
    loaded = morph.memo_sizes()[0]
    bounded(50)
    words = [f"zqxsana{i}" for i in range(300)]
    for w in words:
        morph.analyse_fi(w)
    morph.analyse_fi(words[-50])  # used again: the least recent goes first, not this one
    morph.analyse_fi("zqxsanaviimeinen")
    assert morph.memo_sizes() == (loaded, 50)
    assert words[-50] in morph._recent and words[-49] not in morph._recent
    assert morph.analyse_fi(words[0]) == morph.FiAnalysis((), (), False, ())  # forgotten, analysed again


def test_stems_are_memoised_within_a_bound():
    assert morph.fi_stem.cache_info().maxsize == morph.STEMS <= 50_000
