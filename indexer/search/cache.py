"""Caches that live exactly as long as one index generation.

Whatever is derived from a generation (search responses, word forms of its
posters) is valid until the generation is retired and wrong after: the cache
must go with it, never be keyed by something that outlives it. Two shapes
cover every such cache:

`LRU`          a bounded, thread-safe map that a `Snapshot` owns (so it dies
               with it), for many small values such as search responses;
`per_snapshot` one value computed from a snapshot on first use, held in a
               weak map keyed by the snapshot: code outside the snapshot can
               derive from it without the snapshot knowing, and the value
               is dropped when the snapshot is.

Values must be treated as read-only: every request thread sees the same one.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class LRU:
    """A small thread-safe LRU map; its values are shared by every reader, so never written into."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


class per_snapshot(Generic[V]):  # noqa: N801 - used as a decorator, named like one
    """`build(snap)` computed once per snapshot, e.g. `@per_snapshot def poster_forms(snap): ...`.

    Two threads asking at once may both build; one result is kept (building
    is pure, so either is right), which is cheaper than a lock held while building.
    """

    def __init__(self, build: Callable[[Any], V]):
        self.build = build
        self._values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.__doc__ = build.__doc__

    def __call__(self, snap: Any) -> V:
        value = self._values.get(snap)
        if value is None:
            value = self._values.setdefault(snap, self.build(snap))
        return value
