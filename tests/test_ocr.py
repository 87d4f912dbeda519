"""OCR settings: off by default, switched on by config.yaml or the environment."""
from __future__ import annotations

from pathlib import Path

import yaml

from indexer.sources import ocr
from tests.support import ROOT


def test_ocr_is_off_in_the_shipped_config() -> None:
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert config["OCR_ENABLED"] is False and config["OCR_LANGS"] == "fin+swe"


def test_settings_from_config_file_and_environment(tmp_path: Path, monkeypatch) -> None:
    for key in ("KOKEILUHAKU_OCR_ENABLED", "KOKEILUHAKU_OCR_LANGS", "KOKEILUHAKU_OCR_BINARY"):
        monkeypatch.delenv(key, raising=False)
    config = tmp_path / "config.yaml"
    config.write_text("OCR_ENABLED: true\nOCR_LANGS: fin\n", encoding="utf-8")
    monkeypatch.setenv("KOKEILUHAKU_CONFIG", str(config))
    assert ocr.settings() == ocr.OcrSettings(enabled=True, langs="fin")
    monkeypatch.setenv("KOKEILUHAKU_OCR_ENABLED", "false")
    off = ocr.settings()
    assert not off.enabled and off.program() is None and "OCR_ENABLED: true" in off.why_not()
