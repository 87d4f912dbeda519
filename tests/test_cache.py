"""indexer/search/cache.py: caches that live as long as one generation and no longer."""
from __future__ import annotations

import gc
import threading

from indexer.search.cache import LRU, per_snapshot


class FakeSnapshot:
    """Stands for a Snapshot: the helper only needs something weakly referable."""

    def __init__(self, name: str):
        self.name = name


def test_lru_keeps_the_most_recently_used():
    cache = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3


def test_lru_is_safe_under_threads():
    cache = LRU(50)

    def work(n: int) -> None:
        for i in range(2000):
            cache.put((n, i % 80), i)
            cache.get((n, (i * 7) % 80))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache._data) == 50


def test_per_snapshot_builds_once_per_generation_and_drops_with_it():
    built: list[str] = []

    @per_snapshot
    def names(snap: FakeSnapshot) -> tuple[str, ...]:
        """Something derived from one generation."""
        built.append(snap.name)
        return (snap.name.upper(),)

    old, new = FakeSnapshot("old"), FakeSnapshot("new")
    assert names(old) == ("OLD",) and names(old) is names(old)
    assert names(new) == ("NEW",)
    assert built == ["old", "new"], "each generation's value is built once"
    del old
    gc.collect()
    assert len(names._values) == 1, "a retired generation's value goes with it"
    assert names.__doc__ == "Something derived from one generation."
