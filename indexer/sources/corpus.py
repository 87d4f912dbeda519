"""Read the corpus directory: files to (Document, text) pairs.

Metadata comes from corpus/manifest.yaml for the known sources; files
dropped in without a manifest entry get an id, title and language inferred
from their content, so adding a report needs no code change. A file that
cannot be read is skipped with a warning and a reason, never an exception:
one bad file must not take the whole index down.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

from indexer.language.lang import detect_lang
from indexer.model import Document
from indexer.sources.clean import normalize_space, slugify
from indexer.sources.htmldoc import html_to_markdown

log = logging.getLogger(__name__)

MANIFEST = "manifest.yaml"
TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
PAGED_SUFFIXES = {".pdf", ".docx"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PAGED_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024
_DOC_FIELDS = ("id", "title", "lang", "kind", "publisher", "date", "url", "pages", "short")


def load_manifest(corpus_dir: Path) -> dict[str, dict]:
    """Manifest entries keyed by file name ({} when missing or unreadable)."""
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        log.warning("%s: unreadable manifest, inferring all metadata (%s)", path, exc)
        return {}
    if not isinstance(data, dict):
        log.warning("%s: manifest is not a mapping, ignored", path)
        return {}
    files = data.get("files", data)
    return {str(k): v for k, v in files.items() if isinstance(v, dict)}


def read_text(path: Path) -> tuple[str, str]:
    """(text, title hint) of one file; raises ValueError with a reason."""
    text, hint, _ = read_source(path)
    return text, hint


def read_source(path: Path) -> tuple[str, str, dict]:
    """(text, title hint, the file's own metadata) of one file; raises ValueError with a reason.

    PDF and Word files give a `PagedText` (their pages) where they have pages, and their
    metadata (title, lang, date, skipped_pages); plain and HTML files give none.
    """
    size = path.stat().st_size
    if size == 0:
        raise ValueError("empty file")
    if size > MAX_BYTES:
        raise ValueError(f"too large ({size} bytes > {MAX_BYTES})")
    suffix = path.suffix.lower()
    if suffix in PAGED_SUFFIXES:
        text, meta = _read_paged(path, suffix)
        return text, meta.get("title", ""), meta
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if "\x00" in text:
        raise ValueError("binary content")
    if suffix in HTML_SUFFIXES:
        return (*html_to_markdown(text), {})
    return text.replace("\r\n", "\n"), "", {}


def _read_paged(path: Path, suffix: str) -> tuple[str, dict]:
    """A PDF through pypdf, a Word file through python-docx (each imported only when needed)."""
    try:
        if suffix == ".pdf":
            from indexer.sources.pdfdoc import read_pdf
            return read_pdf(path)
        from indexer.sources.docxdoc import read_docx
    except ImportError as exc:
        raise ValueError(f"{exc.name} is not installed") from exc
    return read_docx(path)


def infer_title(text: str, hint: str = "") -> str:
    """Title: the HTML <title>/<h1> hint, else first heading, else first line."""
    if hint:
        return hint
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines:
        if line.startswith("#"):
            return normalize_space(line.lstrip("#").replace("*", ""))
    return normalize_space(lines[0].replace("*", ""))[:200] if lines else ""


def _document(path: Path, corpus_dir: Path, text: str, hint: str, meta: dict,
              own: dict | None = None) -> Document:
    """The manifest's metadata first, then the file's own (`own`: title, lang, date), then inferred."""
    stem = re.sub(r"^\d+_", "", path.stem) if not meta else path.stem
    fields = {k: v for k, v in (own or {}).items() if k in ("title", "lang", "date") and v}
    fields |= {k: meta[k] for k in _DOC_FIELDS if meta.get(k) not in (None, "")}
    doc = Document(
        id=str(fields.get("id") or slugify(stem) or "doc"),
        path=f"{corpus_dir.name}/{path.name}",
        title=str(fields.get("title") or infer_title(text, hint) or path.stem),
        lang=str(fields.get("lang") or detect_lang(text[:20000], "fi")),
    )
    for key in ("kind", "publisher", "date", "url", "short"):
        if key in fields:
            setattr(doc, key, str(fields[key]))
    if "pages" in fields:
        doc.pages = int(fields["pages"])
    return doc


def load_documents(corpus_dir: Path) -> tuple[list[tuple[Document, str]], list[tuple[str, str]]]:
    """(Document, text) for every readable file, plus (file name, reason) skips."""
    corpus_dir = Path(corpus_dir)
    manifest = load_manifest(corpus_dir)
    loaded: list[tuple[Document, str]] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(corpus_dir.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in SUFFIXES:
            continue
        if not inside(path, corpus_dir):
            _skip(skipped, path.name, "a link to a file outside the corpus directory")
            continue
        try:
            text, hint, own = read_source(path)
        except (OSError, ValueError) as exc:
            _skip(skipped, path.name, str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - e.g. a corrupt PDF; never stop the load
            _skip(skipped, path.name, f"unreadable ({type(exc).__name__}: {exc})")
            continue
        if not text.strip():
            _skip(skipped, path.name, "no text content")
            continue
        for page, reason in own.get("skipped_pages", []):
            skipped.append((f"{path.name}#page={page}", f"page {page} skipped: {reason}"))
        doc = _document(path, corpus_dir, text, hint, manifest.get(path.name, {}), own)
        if any(doc.id == other.id for other, _ in loaded):
            doc.id = f"{doc.id}-{len(loaded)}"
        loaded.append((doc, text))
    for name in manifest:
        if not (corpus_dir / name).exists():
            log.warning("manifest names %s but the file is missing", name)
    return loaded, skipped


def inside(path: Path, corpus_dir: Path) -> bool:
    """Does `path`, with every symlink resolved, lie in `corpus_dir`?

    A link to another corpus file is fine; one to /etc/passwd or a home
    directory would publish that file through the search and reader pages.
    """
    try:
        return path.resolve(strict=True).is_relative_to(corpus_dir.resolve(strict=True))
    except (OSError, RuntimeError):  # a dangling link or a loop
        return False


def _skip(skipped: list[tuple[str, str]], name: str, reason: str) -> None:
    log.warning("skipping %s: %s", name, reason)
    skipped.append((name, reason))
