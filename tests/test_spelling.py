"""The symmetric-delete typo dictionary answers exactly what Whoosh's automaton corrector did."""
from __future__ import annotations

import random
import time

import pytest

from indexer.index import Engine
from indexer.index.engine import spelling_file
from indexer.index.generations import current_generation
from indexer.index.spelling import PREFIX, DeleteIndex, deletions, distance_from


def levenshtein(a: str, b: str) -> int:
    """The textbook dynamic programme: the oracle for the bit-parallel distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = row
    return prev[-1]


def typo(rng: random.Random, word: str) -> str:
    i, ch = rng.randrange(len(word)), rng.choice("aeiouäölnkrst")
    return rng.choice((word[:i] + word[i + 1:], word[:i] + ch + word[i:], word[:i] + ch + word[i + 1:]))


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = Engine(current_generation(corpus_index))
    yield e
    e.close()


def test_bit_parallel_distance_is_levenshtein():
    rng = random.Random(1)
    for _ in range(3000):
        a, b = ("".join(rng.choice("abä") for _ in range(rng.randrange(12))) for _ in range(2))
        assert distance_from(a)(b) == levenshtein(a, b), (a, b)


def test_deletions_reach_every_string_up_to_the_depth():
    assert deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert deletions("abc", 2) == {"abc", "bc", "ac", "ab", "a", "b", "c"}


def test_long_words_far_past_the_prefix_are_found():
    long = "nuorisotakuukokeilussa"
    ix = DeleteIndex.build([(long, 3), ("nuorisotakuu", 9)])
    assert len(long) > PREFIX
    assert ix.within("nuorisotakuukokeilusa", 2) == {0: 1}  # the edit past the prefix
    assert ix.within("xxnuorisotakuukokeilussa", 2) == {0: 2}  # two edits inside it
    assert ix.suggest("nuorisotaku", limit=2, maxdist=1) == ["nuorisotakuu"]


def test_frequency_then_whooshs_tie_order():
    ix = DeleteIndex.build([("kala", 5), ("kalu", 5), ("kela", 9), ("kalat", 1)])
    assert ix.suggest("kalo", limit=3, maxdist=1) == ["kala", "kalu"]
    assert ix.suggest("kalo", limit=1, maxdist=1) == ["kalu"]  # Whoosh's heap keeps the larger of a tie
    assert ix.suggest("kalo", limit=4, maxdist=2) == ["kela", "kala", "kalu", "kalat"]


def test_suggestions_equal_whooshs_corrector(engine):
    """The oracle: Whoosh's automaton corrector on the real index, for typed-wrong corpus words."""
    rng = random.Random(5)
    words = rng.sample([w for w in engine.lexicon("surface") if len(w) >= 4 and w.isalpha()], 120)
    typos = [typo(rng, typo(rng, w)) if i % 3 == 0 else typo(rng, w) for i, w in enumerate(words)]
    with engine._searching() as s:
        corrector = s.corrector("surface")
        for word in typos + words[:20]:
            for maxdist in (1, 2):
                for limit in (1, 3):
                    assert engine.suggest("surface", word, limit, maxdist) == \
                        corrector.suggest(word, limit=limit, maxdist=maxdist), (word, maxdist, limit)


def test_a_look_up_takes_well_under_two_milliseconds(engine):
    engine.spelling("surface")  # built when the generation warms
    words = ["nuorisotakku", "kokielu", "paulvelutarpesta", "toimiintakykyln", "kehittämissuositksia"]
    took = []
    for word in words * 5:
        t = time.perf_counter()
        engine.suggest("surface", word, limit=1, maxdist=2)
        took.append(time.perf_counter() - t)
    assert sorted(took)[len(took) // 2] < 0.002


def test_the_build_saves_the_dictionary_and_serving_loads_it(engine, tmp_path):
    saved = engine.gen / spelling_file("surface")
    assert saved.is_file()  # written by the build, before the generation went live
    loaded, made = DeleteIndex.load(saved), DeleteIndex.build(engine._term_frequencies("surface"))
    assert loaded is not None
    assert (loaded.terms, loaded.freqs, loaded.prefix) == (made.terms, made.freqs, made.prefix)
    assert loaded._entries == made._entries and loaded._groups == made._groups
    (tmp_path / "junk.bin").write_bytes(b"not a dictionary")
    assert DeleteIndex.load(tmp_path / "junk.bin") is None
    assert DeleteIndex.load(tmp_path / "missing.bin") is None
