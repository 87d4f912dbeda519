"""Whoosh files of one generation: writing passages, and opening them mapped for reading.

Whoosh copies each part of a compound segment into memory for every searcher;
here the segment is mapped once per generation and shared by all searchers
(see `_MappedSegment`).
"""
from __future__ import annotations

import json
import logging
import mmap
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from indexer.index.schema import build_schema, to_document
from indexer.model import Passage

log = logging.getLogger(__name__)


def write_passages(gen: Path, passages: Iterable[Passage], progress=None) -> int:
    """Write all passages into a fresh Whoosh index in `gen`."""
    ix = windex.create_in(str(gen), build_schema())
    writer = ix.writer(limitmb=256)
    n = 0
    try:
        for p in passages:
            writer.add_document(**to_document(p))
            n += 1
            if progress:
                progress(n)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    return n


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


class _ViewReader:
    """read/seek/tell over a memoryview: a read position of its own, no copy of the bytes."""

    def __init__(self, view: memoryview):
        self._view, self._pos = view, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(len(self._view), self._pos + n)
        data = self._view[self._pos:end].tobytes()
        self._pos = end
        return data

    def readline(self) -> bytes:
        rest = self._view[self._pos:].tobytes()
        line = rest[:rest.find(b"\n") + 1 or len(rest)]
        self._pos += len(line)
        return line

    def seek(self, pos: int, whence: int = 0) -> int:
        self._pos = pos + (self._pos if whence == 1 else len(self._view) if whence == 2 else 0)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view.release()


class _MappedPart(BufferFile):
    """One part (postings, lengths, stored fields...) of a compound segment, read in place.

    Whoosh's own compound reader wraps each part in BytesIO(buffer), a private
    copy for every searcher: at 100x the corpus ~80 MB each, times the searcher
    pool. Here reads slice one mapping of the segment, shared by the engine's
    searchers (the pages are the kernel's page cache, counted once); each part
    keeps its own read position, so searchers stay independent.
    """

    def __init__(self, view: memoryview, name: str):
        self._buf = view
        self._name = name
        self.file = _ViewReader(view)
        self.onclose = None
        self.is_real = self.is_closed = False

    def close(self) -> None:
        self.file.close()
        self._buf.release()
        self.is_closed = True


class _MappedSegment(StructFile):
    """A searcher's handle on the engine's mapping of a compound segment file (own read position)."""

    def __init__(self, mapping: mmap.mmap, name: str):
        super().__init__(_ViewReader(memoryview(mapping)), name=name)
        self._mapping = mapping

    def subset(self, offset, length, name=None):
        return _MappedPart(memoryview(self._mapping)[offset:offset + length], name or self._name)

    def close(self) -> None:
        self.file.close()  # the mapping itself belongs to the storage
        self.is_closed = True


class _Storage(FileStorage):
    """Opens compound segments as one read-only mmap per engine (closed with the engine)."""

    def __init__(self, path: str):
        # without Whoosh's own mmap support, its CompoundStorage asks our segment file for subset()s
        super().__init__(path, supports_mmap=False)
        self._maps: dict[str, mmap.mmap] = {}

    def open_file(self, name, **kwargs):
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        if name not in self._maps:
            with open(self._fpath(name), "rb") as fh:
                self._maps[name] = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedSegment(self._maps[name], name)

    def close(self) -> None:
        for m in self._maps.values():
            try:
                m.close()
            except BufferError:  # a part was never closed: the map goes when it is collected
                log.debug("mapping of %s still in use at close", self.folder)
        self._maps = {}


def open_index(gen: Path) -> Any:
    """A generation's Whoosh index for reading, its compound segment mapped rather than copied."""
    return _Storage(str(gen)).open_index()
