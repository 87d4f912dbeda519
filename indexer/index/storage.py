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

BLOCK = 16 * 1024  # bytes a segment read fetches at once (see `_Blocks`)
KEPT_BLOCKS = 1024  # blocks kept per open segment (16 MB at most; all of this corpus's 7 MB)


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


class _Blocks:
    """A segment file read in aligned blocks with pread, recently read blocks kept: shared by
    every searcher of an engine (bytes are immutable; a dict's get and set are atomic).

    Not mmap: a mapped file truncated under its readers kills the process with SIGBUS on
    the next read of a lost page (every process on that var/ alike); pread returns fewer
    bytes, raised here as `IndexDamaged`, which the server answers by dropping the
    generation. Whoosh reads a few bytes at a time, through a new part object per file it
    opens: a pread per read made uncached searches ~50 % slower than the mapping.
    """

    def __init__(self, fd: int):
        self.fd = fd
        self._kept: dict[int, bytes] = {}

    def read(self, lo: int, hi: int) -> bytes:
        first, last = lo // BLOCK, (hi - 1) // BLOCK
        base = first * BLOCK
        if first == last:  # nearly every read: a few bytes inside one block
            out = (self._kept.get(first) or self._block(first))[lo - base:hi - base]
        else:
            out = b"".join([self._block(n) for n in range(first, last + 1)])[lo - base:hi - base]
        if len(out) != hi - lo:
            raise IndexDamaged(f"short read at {lo} (segment file truncated?)")
        return out

    def _block(self, n: int) -> bytes:
        found = self._kept.get(n)
        if found is None:
            found = os.pread(self.fd, BLOCK, n * BLOCK)
            if len(self._kept) >= KEPT_BLOCKS:
                self._kept.clear()
            self._kept[n] = found
        return found


class _FileView:
    """Bytes [start, start+length) of a segment file; slicing gives bytes (like a memoryview's
    tobytes()), read through the engine's `_Blocks`."""

    def __init__(self, blocks: _Blocks, start: int, length: int):
        self._blocks, self._start, self._len = blocks, start, length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, key: slice) -> bytes:
        lo, hi, _ = key.indices(self._len)
        return self._blocks.read(self._start + lo, self._start + hi) if hi > lo else b""

    def window(self, offset: int, length: int) -> _FileView:
        return _FileView(self._blocks, self._start + offset, max(0, min(length, self._len - offset)))

    def release(self) -> None:
        pass  # the descriptor belongs to the storage


class _ViewReader:
    """read/seek/tell over a `_FileView`: a read position of its own."""

    def __init__(self, view: _FileView):
        self._view, self._pos = view, 0

    def read(self, n: int = -1) -> bytes:
        view = self._view
        end = view._len if n is None or n < 0 else min(view._len, self._pos + n)
        data = view._blocks.read(view._start + self._pos, view._start + end) if end > self._pos else b""
        self._pos = end
        return data

    def readline(self) -> bytes:
        line = b""
        while self._pos < len(self._view):
            chunk = self._view[self._pos:self._pos + BLOCK]
            cut = chunk.find(b"\n") + 1 or len(chunk)
            line += chunk[:cut]
            self._pos += cut
            if line.endswith(b"\n"):
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
        self._segments: dict[str, tuple[_Blocks, int]] = {}

    def open_file(self, name, **kwargs):
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        if name not in self._segments:
            fd = os.open(self._fpath(name), os.O_RDONLY)
            self._segments[name] = (_Blocks(fd), os.fstat(fd).st_size)
        blocks, size = self._segments[name]
        return _SegmentFile(_FileView(blocks, 0, size), name)

    def close(self) -> None:
        for blocks, _ in self._segments.values():
            os.close(blocks.fd)
        self._segments = {}


def open_index(gen: Path) -> Any:
    """A generation's Whoosh index for reading, its compound segment read in place rather than copied."""
    return _Storage(str(gen)).open_index()
