"""The Library drops a damaged live generation for the kept fallback, and says why."""
from __future__ import annotations

import os

import pytest

from indexer.builder import ensure_index
from indexer.index import generations
from indexer.search.library import IndexUnavailable, Library
from tests.test_integrity import garble


@pytest.fixture
def two_generations(small_index, small_corpus, cache_dir):
    """A live generation and the whole one before it, kept as the fallback."""
    first = generations.current_name(small_index)
    ensure_index(small_corpus, small_index, cache_dir, force=True)
    assert generations.previous_name(small_index) == first
    return small_index


def test_a_damaged_live_generation_is_dropped_for_the_fallback_and_a_rebuild_is_asked(two_generations,
                                                                                      small_corpus, cache_dir):
    told = []
    lib = Library(two_generations, recheck_seconds=0, on_damage=told.append)
    live, previous = generations.current_name(two_generations), generations.previous_name(two_generations)
    with lib.acquire() as snap:
        assert snap.gen.name == live
    seg = next((two_generations / live).glob("*.seg"))
    os.truncate(seg, seg.stat().st_size // 2)
    with lib.acquire() as snap:  # the periodic check (every recheck) finds it before the next reader
        assert snap.gen.name == previous and snap.search("nuorisotakuu")["results"]
    assert lib.fallback and seg.name in lib.damaged and len(told) == 1
    ensure_index(small_corpus, two_generations, cache_dir)  # the rebuild: the damaged one is not current
    assert generations.previous_name(two_generations) == previous, "a damaged generation became the fallback"
    with lib.acquire() as snap:
        assert snap.gen.name == generations.current_name(two_generations) not in (live, previous)
    assert not lib.fallback and lib.damaged == ""
    lib.close()


def test_garbage_found_after_a_failed_read_is_dropped_too(two_generations):
    lib = Library(two_generations, recheck_seconds=0)
    live = generations.current_name(two_generations)
    with lib.acquire():
        pass
    garble(two_generations / live / "data.json", keep_mtime=True)  # invisible to the fast check
    assert lib.check() == []
    assert "checksum" in lib.check(full=True)[0]  # what the server does after an unexpected error
    assert lib.generation == generations.previous_name(two_generations)
    lib.close()


def test_with_nothing_to_fall_back_to_the_error_names_the_damage(small_index):
    told = []
    lib = Library(small_index, recheck_seconds=0, on_damage=told.append)
    gen = generations.current_generation(small_index)
    garble(gen / "data.json", keep_mtime=True)  # a restart finds it: the open hashes every file
    with pytest.raises(IndexUnavailable, match="data.json"):
        with lib.acquire():
            pass
    assert told and "data.json" in told[0]
    lib.close()
