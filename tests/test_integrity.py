"""Checksums of a generation's files, and reading a segment that is cut short under a reader."""
from __future__ import annotations

import os

import pytest

from indexer import index
from indexer.builder import ensure_index, is_current, read_meta
from indexer.index import generations, integrity
from indexer.index.integrity import IndexDamaged


def garble(path, keep_mtime: bool = False, share: float = 0.0) -> None:
    """Same-size garbage in a file (what sizes alone never see): 32 bytes in the middle, or
    `share` of the file from 5 % on (so that reads fail, not just answer wrong)."""
    st = path.stat()
    start, length = (st.st_size // 2, 32) if not share else (st.st_size // 20, int(st.st_size * share))
    with open(path, "r+b") as fh:
        fh.seek(start)
        fh.write((b"\xde\xad\xbe\xef" * (length // 4 + 1))[:length])
    if keep_mtime:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_every_file_is_recorded_with_its_checksum(small_index):
    gen = generations.current_generation(small_index)
    files = read_meta(gen)["files"]
    assert {"data.json", "_MAIN_1.toc"} <= set(files) and any(n.endswith(".seg") for n in files)
    for name, rec in files.items():
        assert rec["size"] == (gen / name).stat().st_size
        assert rec["sha256"] == integrity.sha256(gen / name)


@pytest.mark.parametrize("victim", ["seg", "data.json"])
def test_same_size_garbage_is_found_by_mtime_or_by_checksum(victim, small_index):
    gen = generations.current_generation(small_index)
    path = next(gen.glob("*.seg")) if victim == "seg" else gen / "data.json"
    assert generations.verify_generation(gen) == [] == generations.verify_generation(gen, full=True)
    garble(path, keep_mtime=True)  # a careful forger: the fast check cannot see it, the full one does
    assert generations.verify_generation(gen) == []
    [problem] = generations.verify_generation(gen, full=True)
    assert path.name in problem and "checksum" in problem
    garble(path)  # mtime moves: the fast check hashes that file
    assert "checksum" in generations.verify_generation(gen)[0]


def test_a_damaged_data_json_is_not_current_and_the_next_build_replaces_it(small_index, small_corpus, cache_dir):
    gen = generations.current_generation(small_index)
    garble(gen / "data.json", keep_mtime=True)
    assert is_current(small_index, small_corpus) is None, "a damaged generation must not count as current"
    report = ensure_index(small_corpus, small_index, cache_dir)
    assert report.built and report.generation != gen.name
    assert generations.previous_name(small_index) != gen.name, "a damaged generation is never the fallback"


def test_a_segment_truncated_under_a_reader_raises_instead_of_killing_the_process(small_index):
    gen = generations.current_generation(small_index)
    engine = index.Engine(gen)
    try:
        seg = next(gen.glob("*.seg"))
        os.truncate(seg, 0)  # with mmap the next read of a lost page was a SIGBUS
        for blocks, _ in engine._ix.storage._segments.values():
            blocks._kept.clear()  # blocks read before the cut would still answer (rightly)
        with pytest.raises(IndexDamaged):
            for docnum in range(engine.doc_count):
                engine.stored_fields(docnum)
    finally:
        engine.close()
