"""Whoosh files of one generation: writing passages, and opening them for reading in place.

Whoosh copies each part of a compound segment into memory for every searcher;
here the segment file is opened once per generation and read with pread by all
searchers (see `_SegmentPart`). Not mmap: a truncated mapped file is a SIGBUS.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from indexer.index.integrity import IndexDamaged
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
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not leave half a file behind
        raise


class _FileView:
    """Bytes [start, start+length) of an open file, read with pread: no copy, no mapping.

    A mapping of a file that is truncated under it kills the process with SIGBUS
    on the next read of a lost page (every process on that var/ alike); pread
    just returns fewer bytes, raised here as `IndexDamaged`, which the server
    answers by dropping the generation. Slicing gives bytes, like a memoryview's
    tobytes(); the kernel's page cache still holds the file once for all readers.
    """

    def __init__(self, fd: int, start: int, length: int):
        self._fd, self._start, self._len = fd, start, length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, key: slice) -> bytes:
        lo, hi, _ = key.indices(self._len)
        if hi <= lo:
            return b""
        data = os.pread(self._fd, hi - lo, self._start + lo)
        if len(data) != hi - lo:
            raise IndexDamaged(f"short read at {self._start + lo} (file truncated?)")
        return data

    def window(self, offset: int, length: int) -> _FileView:
        return _FileView(self._fd, self._start + offset, max(0, min(length, self._len - offset)))

    def release(self) -> None:
        pass  # the descriptor belongs to the storage


class _ViewReader:
    """read/seek/tell over a `_FileView`: a read position of its own."""

    def __init__(self, view: _FileView):
        self._view, self._pos = view, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(len(self._view), self._pos + n)
        data = self._view[self._pos:end]
        self._pos = end
        return data

    def readline(self) -> bytes:
        line = b""
        while self._pos < len(self._view):
            chunk = self._view[self._pos:self._pos + 4096]
            cut = chunk.find(b"\n") + 1 or len(chunk)
            line += chunk[:cut]
            self._pos += cut
            if cut < len(chunk) or chunk.endswith(b"\n"):
                break
        return line

    def seek(self, pos: int, whence: int = 0) -> int:
        self._pos = pos + (self._pos if whence == 1 else len(self._view) if whence == 2 else 0)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view.release()


class _SegmentPart(BufferFile):
    """One part (postings, lengths, stored fields...) of a compound segment, read in place.

    Whoosh's own compound reader wraps each part in BytesIO(buffer), a private
    copy for every searcher: at 100x the corpus ~80 MB each, times the searcher
    pool. Here reads go to the one open segment file (pread, see `_FileView`),
    shared by the engine's searchers; each part keeps its own read position, so
    searchers stay independent.
    """

    def __init__(self, view: _FileView, name: str):
        self._buf = view
        self._name = name
        self.file = _ViewReader(view)
        self.onclose = None
        self.is_real = self.is_closed = False

    def close(self) -> None:
        self.file.close()
        self.is_closed = True


class _SegmentFile(StructFile):
    """A searcher's handle on the engine's open compound segment file (own read position)."""

    def __init__(self, view: _FileView, name: str):
        super().__init__(_ViewReader(view), name=name)
        self._whole = view

    def subset(self, offset, length, name=None):
        return _SegmentPart(self._whole.window(offset, length), name or self._name)

    def close(self) -> None:
        self.file.close()  # the descriptor itself belongs to the storage
        self.is_closed = True


class _Storage(FileStorage):
    """Opens compound segments once per engine for pread (closed with the engine)."""

    def __init__(self, path: str):
        # without Whoosh's own mmap support, its CompoundStorage asks our segment file for subset()s
        super().__init__(path, supports_mmap=False)
        self._fds: dict[str, tuple[int, int]] = {}

    def open_file(self, name, **kwargs):
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        if name not in self._fds:
            fd = os.open(self._fpath(name), os.O_RDONLY)
            self._fds[name] = (fd, os.fstat(fd).st_size)
        fd, size = self._fds[name]
        return _SegmentFile(_FileView(fd, 0, size), name)

    def close(self) -> None:
        for fd, _ in self._fds.values():
            os.close(fd)
        self._fds = {}


def open_index(gen: Path) -> Any:
    """A generation's Whoosh index for reading, its compound segment read in place rather than copied."""
    return _Storage(str(gen)).open_index()
