"""Stage 4: build a generation from corpus/ and make it live.

A build parses the corpus, writes passages into a new generation directory
with the structured data (documents, posters, municipalities) beside them,
validates it, and switches `CURRENT` atomically. A fingerprint of the corpus
and of the analysis code lets a start reuse a current index and rebuild a
stale (or damaged) one. One build at a time: a second one waits on a file
lock, then finds the index current and returns without work (or, with
`wait=False`, gives up at once with `BuildBusy`).

A build never deletes a generation some process still has open (see the
reader locks in `index`), and a killed build leaves only a generation
directory nobody points at and maybe a CURRENT tmp file: the next build, or
the next server start, sweeps them under the build lock.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer import index
from indexer.index import generations
from indexer.index.analysis import ANALYSIS_VERSION
from indexer.language import morph
from indexer.sources import ocr
from indexer.sources.load import load_corpus

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
ROOT = PACKAGE_DIR.parent
# The default places of an install, used by the server and `python -m indexer` alike.
DEFAULT_CORPUS = ROOT / "corpus"
DEFAULT_VAR = ROOT / "var"
DEFAULT_INDEX = DEFAULT_VAR / "index"
DEFAULT_CACHE = DEFAULT_VAR / "cache"
# What shapes an index: the stages that read, analyse and write it, with their data. The
# search stage (planning, ranking, excerpts) is left out, so a ranking change keeps the index.
SHAPING = ("sources", "language", "index", "builder", "model.py")
CORPUS_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".yaml", ".yml"}


@dataclass
class BuildReport:
    generation: str
    built: bool
    passages: int = 0
    posters: int = 0
    documents: int = 0
    seconds: float = 0.0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def fingerprint(corpus_dir: Path) -> str:
    """Hash of every corpus file and of the code and data that shape the index (`SHAPING`)."""
    h = hashlib.sha256(ANALYSIS_VERSION.encode())
    h.update(repr(ocr.settings()).encode())  # switching OCR on reads scanned pages: a new index
    sources = sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)
    code = sorted(f for name in SHAPING for f in _files(PACKAGE_DIR / name))
    for path in sources + code:
        h.update(str(path.name).encode())
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:  # unreadable files are reported by the parse stage
            h.update(str(exc).encode())
    return h.hexdigest()[:16]


def _files(path: Path) -> list[Path]:
    """A module, or a package's modules and data files (no bytecode)."""
    if path.is_file():
        return [path]
    return [f for f in path.rglob("*") if f.is_file() and "__pycache__" not in f.parts]


class BuildBusy(RuntimeError):
    """Another process is building this index right now."""


@contextmanager
def build_lock(index_dir: Path, wait: bool = True) -> Iterator[None]:
    """An exclusive flock: released by the kernel even if the builder is killed."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / "build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise BuildBusy(f"another build holds {index_dir / 'build.lock'}") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def clean_leftovers(index_dir: Path) -> list[str] | None:
    """Start-up sweep: generations of killed builds and retired ones nobody reads.

    Skipped (None) while a build runs: its half-written generation would look
    like a leftover. That build sweeps when it finishes.
    """
    if not index_dir.is_dir():
        return []
    try:
        with build_lock(index_dir, wait=False):
            removed = generations.remove_generations(index_dir)
    except BuildBusy:
        log.info("a build is running; leaving %s to it", index_dir)
        return None
    if removed:
        log.info("removed stale generations: %s", ", ".join(removed))
    return removed


def read_meta(gen: Path) -> dict:
    return json.loads((gen / "meta.json").read_text(encoding="utf-8"))


def is_current(index_dir: Path, corpus_dir: Path) -> Path | None:
    """The live generation if it matches the corpus and code and its files are whole (checksums)."""
    gen = generations.current_generation(index_dir)
    if gen is None:
        return None
    try:
        meta = read_meta(gen)
    except (OSError, ValueError):
        return None
    if meta.get("fingerprint") != fingerprint(corpus_dir):
        return None
    problems = generations.verify_generation(gen, full=True)  # same-size garbage too (~15 ms)
    if problems:
        log.warning("live generation %s is damaged, rebuilding: %s", gen.name, "; ".join(problems))
        return None
    return gen


def ensure_index(corpus_dir: Path, index_dir: Path, cache_dir: Path, force: bool = False,
                 progress: Callable[[int, int], None] | None = None, wait: bool = True) -> BuildReport:
    """Reuse the live generation if it is current, else build and switch to a new one."""
    if not force and (reused := reuse(index_dir, corpus_dir)):
        return reused
    with build_lock(index_dir, wait=wait):
        if not force and (reused := reuse(index_dir, corpus_dir)):  # another process built it meanwhile
            return reused
        return _build(corpus_dir, index_dir, cache_dir, progress)


def reuse(index_dir: Path, corpus_dir: Path) -> BuildReport | None:
    """The report of the live generation if it is current (nothing to build), else None."""
    gen = is_current(index_dir, corpus_dir)
    if gen is None:
        return None
    meta = read_meta(gen)
    return BuildReport(gen.name, built=False, **{k: meta.get(k, 0) for k in ("passages", "posters", "documents")})


def _build(corpus_dir: Path, index_dir: Path, cache_dir: Path, progress) -> BuildReport:
    """Called holding the build lock: write, validate, switch (the whole old generation becomes the
    fallback), sweep. A failure after the switch is logged, not raised: the new generation is live."""
    started = time.perf_counter()
    removed = generations.remove_generations(index_dir)  # leftovers of builds killed earlier
    morph.load_cache(cache_dir)
    fp = fingerprint(corpus_dir)
    generations.debug_pause("parse")
    corpus = load_corpus(corpus_dir)
    if not corpus.passages:  # an empty or unmounted corpus must not replace a good index
        raise RuntimeError(f"no passages in {corpus_dir} ({len(corpus.skipped)} files skipped): "
                           "an empty or unmounted corpus never replaces an index")
    gen = generations.new_generation(index_dir)
    try:
        n = _write(gen, corpus, fp, progress)
    except BaseException:
        generations.remove_generation(index_dir, gen)  # only our own: the live one keeps serving
        raise
    generations.switch_generation(index_dir, gen, previous=_whole_live(index_dir))
    generations.debug_pause("cleanup")
    try:  # live from here on: what fails now is housekeeping, not the build
        removed += generations.remove_generations(index_dir)  # a generation still open somewhere stays
        morph.save_cache(cache_dir)
    except OSError as exc:
        log.warning("%s is live, but cleaning up after it failed: %s", gen.name, exc)
    seconds = time.perf_counter() - started
    log.info("built %s: %d passages, %d posters in %.1f s; removed %s", gen.name, n, len(corpus.posters),
             seconds, removed or "nothing")
    return BuildReport(gen.name, True, n, len(corpus.posters), len(corpus.documents), seconds, corpus.skipped)


def what_serves(index_dir: Path) -> str:
    """For a failed build's message: the truth about what keeps serving."""
    live = generations.current_generation(index_dir)
    return f"the live generation {live.name} keeps serving" if live else "no generation is live yet"


def _whole_live(index_dir: Path) -> str | None:
    """The live generation's name if its files are whole (it becomes the fallback), else the
    fallback already kept: a damaged generation is never kept to fall back to."""
    live = generations.current_generation(index_dir)
    if live is not None and not generations.verify_generation(live, full=True):
        return live.name
    return generations.previous_name(index_dir) or None


def _write(gen: Path, corpus, fp: str, progress) -> int:
    """Passages, structured data and meta.json (with every file's size), then validate."""
    total = len(corpus.passages)
    half = total // 2

    def step(i: int) -> None:
        if i == half:
            generations.debug_pause("write")
        if progress:
            progress(i, total)

    n = index.write_passages(gen, corpus.passages, progress=step)
    engine = index.Engine(gen)
    try:  # the typo dictionary, so serving processes load it instead of making it (~0.4 s each)
        engine.save_spelling(index.SPELLING_FIELD)
    finally:
        engine.close()
    index.write_json(gen / "data.json", {
        "documents": [d.to_dict() for d in corpus.documents],
        "posters": [p.to_dict() for p in corpus.posters],
        "municipalities": [m.to_dict() for m in corpus.municipalities],
    })
    meta = {"fingerprint": fp, "created": time.time(), "passages": n, "posters": len(corpus.posters),
            "documents": len(corpus.documents), "skipped": corpus.skipped, "files": generations.index_files(gen)}
    index.write_json(gen / "meta.json", meta)
    generations.debug_pause("validate")
    validate(gen, n)
    generations.sync_generation(gen)
    return n


def validate(gen: Path, expected: int) -> None:
    """Open the new generation and check it holds what was written before going live."""
    problems = generations.verify_generation(gen)
    if problems:
        raise RuntimeError(f"index validation failed: {'; '.join(problems)}")
    engine = index.Engine(gen)
    try:
        if engine.doc_count != expected:
            raise RuntimeError(f"index validation failed: {engine.doc_count} != {expected} passages")
    finally:
        engine.close()


def text_progress(stream=sys.stderr) -> Callable[[int, int], None]:
    """A one-line progress bar for terminals (and a few lines for logs)."""
    def show(i: int, total: int) -> None:
        if total and (i == total or i % max(1, total // 50) == 0):
            filled = int(30 * i / total)
            stream.write(f"\rindexing [{'#' * filled}{'.' * (30 - filled)}] {i}/{total}")
            if i == total:
                stream.write("\n")
            stream.flush()
    return show
