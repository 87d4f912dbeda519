"""Read a PDF report with pypdf: positioned text runs per page, page labels, file metadata.

pypdf was already the PDF reader here, and its text visitor gives each run's position,
font and size, which is all `pdflayout` needs for pages, headings and furniture; its
`page_labels` give the printed page numbers. A page without a text layer that holds an image
is a scan: it is OCR'd where `ocr.settings()` allows, else skipped with a warning naming the
file and page. An encrypted PDF (one that needs a password) or one with no text at all raises
ValueError, which the loader turns into a skip.
"""
from __future__ import annotations

import logging
import math
import re
from pathlib import Path

from indexer.sources import ocr
from indexer.sources.pagemap import PagedText, file_title
from indexer.sources.pdflayout import render
from indexer.sources.pdflines import Line, Run, lines_of

log = logging.getLogger(__name__)

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")
OCR_SIZE = 10.0  # OCR'd lines have no font size; this keeps them body text


def _bold(font: dict | None) -> bool:
    if not font:
        return False
    if _BOLD.search(str(font.get("/BaseFont", ""))):
        return True
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return float(descriptor.get("/FontWeight", 400) or 400) >= 600


def page_runs(page) -> list[Run]:
    """The text runs of one page with baseline position, effective size and weight."""
    runs: list[Run] = []

    def visit(text, cm, tm, font, size) -> None:
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
        runs.append(Run(text.replace("\n", " "), x, y, round(float(size) * scale, 1), _bold(font)))

    page.extract_text(visitor_text=visit)
    return runs


def page_image(page) -> tuple[bytes, str] | None:
    """The largest image of a page as a file Tesseract reads (JPEG, JPEG 2000 or PGM/PPM)."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    images = [x.get_object() for x in (xobjects.get_object().values() if xobjects else [])]
    images = [x for x in images if x.get("/Subtype") == "/Image"]
    if not images:
        return None
    image = max(images, key=lambda x: int(x.get("/Width", 0)) * int(x.get("/Height", 0)))
    filters = image.get("/Filter")
    filters = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []
    if filters and filters[-1] in ("/DCTDecode", "/JPXDecode"):
        return image._data, ".jpg" if filters[-1] == "/DCTDecode" else ".jp2"
    width, height = int(image["/Width"]), int(image["/Height"])
    space = str(image.get("/ColorSpace", "/DeviceGray"))
    if int(image.get("/BitsPerComponent", 8)) != 8 or space not in ("/DeviceGray", "/DeviceRGB"):
        return None
    magic = b"P5" if space == "/DeviceGray" else b"P6"
    return magic + b"\n%d %d\n255\n" % (width, height) + image.get_data(), ".pgm" if magic == b"P5" else ".ppm"


def _ocr_lines(text: str) -> list[Line]:
    lines, y = [], 800.0
    for raw in text.splitlines():
        y -= 12.0 if raw.strip() else 24.0  # a blank line widens the pitch: a paragraph break
        if raw.strip():
            lines.append(Line(y, OCR_SIZE, False, " ".join(raw.split()), len(raw.strip())))
    return lines


def _scanned_page(page, name: str, number: int, settings: ocr.OcrSettings, skipped: list) -> list[Line]:
    """OCR one image-only page, or note it as skipped with how to enable OCR."""
    image = page_image(page)
    if image is None:
        return []
    program = settings.program()
    reason = settings.why_not() if program is None else ""
    if program:
        try:
            lines = _ocr_lines(ocr.recognise(image[0], image[1], program, settings))
            if lines:
                return lines
            reason = "OCR found no text on it"
        except ValueError as exc:
            reason = str(exc)
    log.warning("%s page %d has no text layer (a scanned image) and was skipped: %s", name, number, reason)
    skipped.append((number, reason))
    return []


def page_labels(reader) -> list[str]:
    """Printed page labels where the PDF has /PageLabels, else the page numbers."""
    if "/PageLabels" in reader.trailer["/Root"]:
        return list(reader.page_labels)
    return [str(i + 1) for i in range(len(reader.pages))]


def metadata(reader) -> dict[str, str]:
    """Title, language and date from the PDF's own metadata, where it has them."""
    info = reader.metadata or {}
    out: dict[str, str] = {}
    title = file_title(str(info.get("/Title") or ""))
    if title:
        out["title"] = title
    lang = str(reader.trailer["/Root"].get("/Lang") or "")[:2].lower()
    if lang in ("fi", "sv", "en"):
        out["lang"] = lang
    match = _PDF_DATE.match(str(info.get("/CreationDate") or ""))
    if match:
        out["date"] = "-".join(part for part in match.groups() if part)
    return out


def read_pdf(path: Path, settings: ocr.OcrSettings | None = None) -> tuple[PagedText, dict]:
    """(text with its pages, metadata with "skipped_pages") of one PDF; ValueError when unreadable."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # noqa: BLE001 - pypdf raises several kinds for unsupported ciphers
            raise ValueError(f"encrypted PDF that cannot be opened ({exc})") from exc
        if not opened:
            raise ValueError("encrypted PDF: a password is needed to read it")
    settings = settings or ocr.settings()
    skipped: list[tuple[int, str]] = []
    pages = []
    for number, page in enumerate(reader.pages, 1):
        lines = lines_of(page_runs(page))
        pages.append(lines or _scanned_page(page, path.name, number, settings, skipped))
    if not any(pages):
        why = f"; {skipped[0][1]}" if skipped else ""
        raise ValueError(f"no text layer on any page{why}")
    meta = metadata(reader) | {"skipped_pages": skipped}
    return render(pages, page_labels(reader)), meta
