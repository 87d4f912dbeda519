"""Typo look-ups from a symmetric-delete dictionary of one field's terms (SymSpell's method).

Whoosh's corrector walks a Levenshtein automaton through the whole term
dictionary: ~20-60 ms a word, the tail of the query path. Here every term's
deletions (up to MAX_DIST characters removed from its first PREFIX characters)
are hashed once per generation, by the build, into one sorted array; a typed word's own
deletions look up every term within MAX_DIST edits in a few dozen binary
searches, and each candidate is confirmed by Myers' bit-parallel Levenshtein distance.
No term within the distance is missed: two words k edits apart share a string
that is at most k deletions from each, and so do their first PREFIX characters.

The answers are Whoosh's (`ReaderCorrector.suggest`): every term within
`maxdist` plain Levenshtein edits, the word itself included, ranked by the
term's total frequency in the field, ties as Whoosh's heap leaves them.
"""
from __future__ import annotations

import heapq
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path

MAX_DIST = 2  # the largest edit distance a look-up may ask for
PREFIX = 10  # deletions come from a term's first characters only (bounds long compounds' cost)
_ID_BITS = 22  # up to ~4 million prefix groups, below the deletion's 32-bit CRC in a 54-bit entry
_ID_MASK = (1 << _ID_BITS) - 1
_MAGIC = 0x4B48_5350_454C_4C31  # "KHSPELL1": a file `DeleteIndex.save` wrote


def deletions(word: str, depth: int = MAX_DIST) -> set[str]:
    """The word and every string made by removing up to `depth` of its characters."""
    found, layer = {word}, {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1:] for w in layer for i in range(len(w))} - found
        found |= layer
    return found


def distance_from(word: str) -> Callable[[str], int]:
    """A function giving the Levenshtein distance of `word` to any string.

    Myers' bit-parallel algorithm (Hyyro's formulation): one pass over the other
    string with a few integer operations per character, the word's character
    masks computed once for all its candidates."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(word):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    size, full, last = len(word), (1 << len(word)) - 1, 1 << max(len(word) - 1, 0)

    def dist(other: str) -> int:
        if not size:
            return len(other)
        pv, mv, score = full, 0, size
        for ch in other:
            eq = masks.get(ch, 0)
            xv = eq | mv
            xh = (((eq & pv) + pv) ^ pv) | eq
            ph = mv | ~(xh | pv)
            mh = pv & xh
            if ph & last:
                score += 1
            elif mh & last:
                score -= 1
            ph = (ph << 1) | 1
            pv = ((mh << 1) | ~(xv | ph)) & full
            mv = ph & xv
        return score
    return dist


class DeleteIndex:
    """One field's terms with their frequencies, looked up by edit distance.

    Terms sharing their first `prefix` characters share one set of deletions
    (inflected forms of one word mostly do): an entry is a deletion's CRC-32
    and the number of the prefix group it came from, in one sorted array.
    CRC-32 rather than Python's `hash`, which differs between processes: the
    builder writes the array into the generation (`save`) and every serving
    process reads it back (`load`) instead of spending ~0.4 s making it again.
    """

    def __init__(self, terms: list[tuple[str, float]], groups: list[int], entries: array, prefix: int = PREFIX):
        self.terms = [t for t, _ in terms]
        self.freqs = [f for _, f in terms]
        self.prefix = prefix
        self._groups: list[list[int]] = [[] for _ in range(max(groups, default=-1) + 1)]
        for wid, gid in enumerate(groups):
            self._groups[gid].append(wid)
        self._entries = entries

    @classmethod
    def build(cls, terms: Iterable[tuple[str, float]], prefix: int = PREFIX) -> DeleteIndex:
        terms = list(terms)
        numbers: dict[str, int] = {}
        groups = [numbers.setdefault(t[:prefix], len(numbers)) for t, _ in terms]
        entries = sorted(_key(d) | gid for head, gid in numbers.items() for d in deletions(head))
        return cls(terms, groups, array("q", entries), prefix)

    def save(self, path: Path) -> None:
        """Everything `load` needs, terms included (native byte order: read on the machine that built it)."""
        groups = array("i", [0] * len(self.terms))
        for gid, wids in enumerate(self._groups):
            for wid in wids:
                groups[wid] = gid
        words = "\x00".join(self.terms).encode("utf-8")
        header = array("q", [_MAGIC, len(self.terms), self.prefix, len(self._entries), len(words)])
        path.write_bytes(b"".join((header.tobytes(), self._entries.tobytes(), groups.tobytes(),
                                   array("d", self.freqs).tobytes(), words)))

    @classmethod
    def load(cls, path: Path) -> DeleteIndex | None:
        """What `save` wrote (~10 ms), or None if there is no such file: then `build` instead."""
        try:
            data = memoryview(path.read_bytes())
        except OSError:
            return None
        header = array("q", data[:40].tobytes() if len(data) >= 40 else b"")
        if not header or header[0] != _MAGIC:
            return None
        n, prefix, size, chars = header[1:]
        parts, pos = [], 40
        for code, count in (("q", size), ("i", n), ("d", n)):  # entries, groups, frequencies
            part = array(code)
            part.frombytes(data[pos:pos + count * part.itemsize])
            parts.append(part)
            pos += count * part.itemsize
        entries, groups, freqs = parts
        terms = bytes(data[pos:pos + chars]).decode("utf-8").split("\x00") if n else []
        if len(terms) != n or len(freqs) != n:
            return None
        return cls(list(zip(terms, freqs, strict=True)), groups.tolist(), entries, int(prefix))

    def __len__(self) -> int:
        return len(self.terms)

    def within(self, word: str, maxdist: int = MAX_DIST) -> dict[int, int]:
        """Every term within `maxdist` edits of the word: term number -> distance."""
        if maxdist > MAX_DIST:
            raise ValueError(f"maxdist {maxdist} > {MAX_DIST}")
        entries, terms, groups, found, seen = self._entries, self.terms, self._groups, {}, set()
        dist, size = distance_from(word), len(word)
        for d in deletions(word[:self.prefix], maxdist):
            key = _key(d)
            i = bisect_left(entries, key)
            while i < len(entries) and entries[i] >> _ID_BITS == key >> _ID_BITS:
                gid = entries[i] & _ID_MASK
                i += 1
                if gid in seen:
                    continue
                seen.add(gid)
                for wid in groups[gid]:
                    term = terms[wid]
                    if abs(len(term) - size) <= maxdist and (k := dist(term)) <= maxdist:
                        found[wid] = k
        return found

    def suggest(self, word: str, limit: int = 3, maxdist: int = 2) -> list[str]:
        """Whoosh's `ReaderCorrector.suggest(word, limit, maxdist)`, term for term.

        Whoosh scores a suggestion -(maxdist + 0.5 / frequency) whatever its own
        distance, keeps the `limit` largest (score, term) pairs and sorts them
        by score, then term."""
        scored = [(0 - (maxdist + (1.0 / (self.freqs[w] or 1) * 0.5)), self.terms[w])
                  for w in self.within(word, maxdist)]
        best = heapq.nlargest(limit, scored)
        return [t for _, t in sorted(best, key=lambda x: (0 - x[0], x[1]))]


def _key(deletion: str) -> int:
    return zlib.crc32(deletion.encode("utf-8")) << _ID_BITS
