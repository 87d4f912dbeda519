"""The engine under concurrency: request threads must never share a Whoosh searcher.

A Whoosh searcher reads postings through file objects with one read position;
two threads searching through one searcher read each other's bytes. This
showed up as a rare UnpicklingError (a 500) with 8 clients during a reindex.
"""
from __future__ import annotations

import threading

from indexer.index import Engine
from indexer.search.snapshot import Snapshot

WORDS = ["kokeilu", "nuoret", "kotihoito", "Kouvola", "palvelu", "asiakas", "valvonta", "koulutus",
         "työllisyys", "hyvinvointi", "Ohjaamo", "perhehoito", "säästö", "kunta", "vanhus", "sosiaalityö"]


def test_concurrent_uncached_searches_read_their_own_postings(corpus_index):
    """8 threads, each running distinct (so uncached) multi-word queries on one fresh snapshot,
    must get exactly the answers the same queries get when run alone."""
    from indexer.index.generations import current_generation

    gen = current_generation(corpus_index)
    queries = [f"{a} {b}" for a in WORDS for b in WORDS if a != b][:160]
    alone = Snapshot(gen)
    expected = {q: [r["id"] for r in alone.search(q, limit=5)["results"]] for q in queries}
    alone.close()

    shared = Snapshot(gen)  # cold: every thread reads postings from disk at once
    errors: list[str] = []
    got: dict[str, list[str]] = {}
    barrier = threading.Barrier(8)

    def work(n: int) -> None:
        barrier.wait()
        for q in queries[n::8]:
            try:
                got[q] = [r["id"] for r in shared.search(q, limit=5)["results"]]
            except Exception as exc:  # noqa: BLE001 - collected and reported below
                errors.append(f"{q}: {exc!r}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert shared.engine.searchers <= 8
    shared.close()
    assert errors == []
    assert got == expected


def test_closing_an_engine_closes_every_searcher_it_opened(corpus_index):
    from indexer.index.generations import current_generation

    engine = Engine(current_generation(corpus_index))
    opened = threading.Barrier(4)

    def hold() -> None:
        with engine._searching():
            opened.wait()  # four threads inside at once: four searchers

    threads = [threading.Thread(target=hold) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert engine.searchers == 4
    engine.close()
    assert engine.searchers == 0
