"""Laying out positioned runs: lines, table cells, furniture, headings by size, hyphens."""
from __future__ import annotations

from indexer.sources.pdflayout import Line, Run, blocks_of, drop_furniture, join_lines, lines_of, render


def line(text: str, y: float, size: float = 10.0, bold: bool = False) -> Line:
    return Line(y, size, bold, text, len(text))


def test_runs_on_one_baseline_make_a_line_and_a_cell_drawn_later_a_tab() -> None:
    runs = [Run("Kunta", 50, 700, 10, True), Run("Säästö", 300, 700, 10, True),
            Run("Loviisa", 50, 680, 10, False), Run("ja Lapinjärvi", 50, 668, 10, False),
            Run("40 000 €", 300, 680, 10, False)]  # a table drawn cell by cell
    assert [x.text for x in lines_of(runs)] == ["Kunta\tSäästö", "Loviisa\t40 000 €", "ja Lapinjärvi"]
    inline = [Run("Säästö oli ", 50, 600, 10, False), Run("1 043 280 €", 98, 600, 10, True)]
    (joined,) = lines_of(inline)
    assert joined.text == "Säästö oli 1 043 280 €" and not joined.bold


def test_repeated_headers_and_page_numbers_are_dropped_but_not_text() -> None:
    pages = [[line("Kokeiluraportti 2018", 820, 8), line(f"Tekstiä sivulla {n}.", 700),
              line("Toinen rivi.", 688), line(str(n), 30, 8)] for n in range(1, 5)]
    kept = drop_furniture(pages)
    assert [[x.text for x in page] for page in kept][1] == ["Tekstiä sivulla 2.", "Toinen rivi."]


def test_heading_levels_follow_size_and_a_lone_bold_line_is_the_lowest() -> None:
    page = [line("3 Tavoitteet", 780, 18, True), line("Tekstiä " * 8, 760), line("Tekstiä " * 8, 748),
            line("3.1 Kuntien tavoitteet", 720, 14, True), line("Tekstiä " * 8, 700),
            line("Asiakkaan kokemus", 670, 10, True), line("Tekstiä " * 8, 650)]
    blocks = blocks_of([page])
    assert [(b.kind, b.level) for b in blocks if b.kind == "heading"] == [("heading", 1), ("heading", 2),
                                                                           ("heading", 3)]
    text = render([page], ["1"])
    assert "# 3 Tavoitteet" in text and "## 3.1 Kuntien tavoitteet" in text and "### Asiakkaan kokemus" in text


def test_line_end_hyphens() -> None:
    assert join_lines(["kunta-", "liitos eteni"]) == "kuntaliitos eteni"
    assert join_lines(["sosiaali-", "ja terveyspalvelut"]) == "sosiaali- ja terveyspalvelut"
    assert join_lines(["Kunta-", "Kela-yhteistyö"]) == "Kunta-Kela-yhteistyö"
    assert join_lines(["vuonna", "2016"]) == "vuonna 2016"


def test_a_paragraph_over_a_page_break_is_one_paragraph_with_both_pages() -> None:
    first = [line("Kokeilussa kehitettiin uusia tapoja", 700), line("toimia, joiden avulla", 688)]
    second = [line("asiakkaat saivat palvelunsa nopeammin.", 780)]
    text = render([first, second], ["1", "2"])
    assert str(text) == ("Kokeilussa kehitettiin uusia tapoja toimia, joiden avulla "
                         "asiakkaat saivat palvelunsa nopeammin.")
    assert text.page_at(text.index("asiakkaat")).number == 2 and text.page_at(0).number == 1
