"""Text that knows its pages: page look-up and finding where a cleaned passage starts."""
from __future__ import annotations

from indexer.sources.pagemap import PagedText, PageStart, file_title


def test_page_at_and_locate_ignore_spacing_and_hyphens() -> None:
    raw = "Ensimmäinen sivu kertoo kokeilusta.\n\nToisella sivulla on sosiaali- ja terveys-\npalveluista."
    text = PagedText(raw, [PageStart(0, 1, "i"), PageStart(raw.index("Toisella"), 2, "1")])
    assert text.page_at(5).label == "i" and text.page_at(len(raw) - 1).number == 2
    assert text.locate("sosiaali- ja terveyspalveluista.", 0) == raw.index("sosiaali")
    assert text.locate("ei löydy tästä", 3) == 3
    assert PageStart(0, 3, "1").page == 1 and PageStart(0, 3, "iii").page == 3
    assert text.upper().startswith("ENSIMMÄINEN")  # still a str for everything else


def test_placeholder_titles_are_not_titles() -> None:
    assert file_title("  Porvoon   kokeilu ") == "Porvoon kokeilu"
    assert file_title("Microsoft Word - raportti.docx") == file_title("Untitled") == file_title("t") == ""
