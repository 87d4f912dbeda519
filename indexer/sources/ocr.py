"""Optional OCR of scanned pages with Tesseract, run as a subprocess (off unless config.yaml says so).

A scanned report page is an image without a text layer. With `OCR_ENABLED: true` in
config.yaml (or `KOKEILUHAKU_OCR_ENABLED=true`) and the `tesseract` program installed
(Debian: tesseract-ocr, tesseract-ocr-fin, tesseract-ocr-swe) the page image is read in
Finnish and Swedish; otherwise the page is skipped and the warning says how to turn OCR on.
The setting is read here, not passed down from the server, because the index is built in a
child process from corpus/ alone; it is part of the index fingerprint, so switching it rebuilds.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent.parent
HOW_TO_ENABLE = ("set OCR_ENABLED: true in config.yaml and install Tesseract "
                 "(apt-get install tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe)")


@dataclass(frozen=True)
class OcrSettings:
    """Whether scanned pages are read, in which Tesseract languages, with which program."""

    enabled: bool = False
    langs: str = "fin+swe"
    binary: str = "tesseract"
    timeout: float = 120.0

    def program(self) -> str | None:
        """The Tesseract executable when OCR is on and installed, else None."""
        return shutil.which(self.binary) if self.enabled else None

    def why_not(self) -> str:
        """Why a scanned page cannot be read, and how to change that."""
        if not self.enabled:
            return f"OCR is off; to read it, {HOW_TO_ENABLE}"
        return f"OCR is on but {self.binary!r} is not installed; {HOW_TO_ENABLE}"


def settings() -> OcrSettings:
    """OCR settings from config.yaml (KOKEILUHAKU_CONFIG) and KOKEILUHAKU_OCR_* variables."""
    data: dict = {}
    path = Path(os.environ.get("KOKEILUHAKU_CONFIG", ROOT / "config.yaml"))
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        data = {str(k).upper(): v for k, v in (loaded or {}).items()} if isinstance(loaded, dict) else {}
    except (OSError, yaml.YAMLError) as exc:
        log.warning("%s unreadable, OCR stays off (%s)", path, exc)
    for key in ("OCR_ENABLED", "OCR_LANGS", "OCR_BINARY"):
        env = os.environ.get(f"KOKEILUHAKU_{key}")
        if env is not None:
            data[key] = yaml.safe_load(env) if key == "OCR_ENABLED" else env
    return OcrSettings(enabled=data.get("OCR_ENABLED") is True, langs=str(data.get("OCR_LANGS") or "fin+swe"),
                       binary=str(data.get("OCR_BINARY") or "tesseract"))


def recognise(image: bytes, suffix: str, program: str, ocr: OcrSettings) -> str:
    """Text Tesseract reads from one page image; raises ValueError with the reason it failed."""
    with tempfile.TemporaryDirectory(prefix="kokeiluhaku-ocr-") as tmp:
        path = Path(tmp) / f"page{suffix}"
        path.write_bytes(image)
        try:
            done = subprocess.run([program, str(path), "stdout", "-l", ocr.langs], capture_output=True,
                                  timeout=ocr.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ValueError(f"tesseract failed ({exc})") from exc
    if done.returncode != 0:
        raise ValueError(f"tesseract exited {done.returncode}: {done.stderr.decode(errors='replace')[:200]}")
    return done.stdout.decode("utf-8", errors="replace")
