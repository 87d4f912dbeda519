"""Laying out positioned runs: lines, table cells, furniture, headings by size, hyphens."""
from __future__ import annotations

from indexer.sources.pdflayout import blocks_of, drop_furniture, render
from indexer.sources.pdflines import Line, Run, join_lines, lines_of


def line(text: str, y: float, size: float = 10.0, bold: bool = False) -> Line:
    return Line(y, size, bold, text, len(text))


def test_a_table_drawn_cell_by_cell_becomes_rows_of_whole_cells() -> None:
    runs = [Run("Kunta", 50, 700, 10, True), Run("Säästö", 300, 700, 10, True),
            Run("Loviisa", 50, 680, 10, False), Run("ja Lapinjärvi", 50, 668, 10, False),
            Run("40 000 €", 300, 680, 10, False)]
    assert [x.text for x in lines_of(runs)] == ["Kunta\tSäästö", "Loviisa ja Lapinjärvi\t40 000 €"]
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
    assert join_lines(["hoiva-", "asumisesta"]) == "hoiva-asumisesta"  # the same vowel meets: kept
    assert join_lines(["TE-", "toimisto"]) == "TE-toimisto"
    assert join_lines(["vuonna", "2016"]) == "vuonna 2016"


def test_a_paragraph_over_a_page_break_is_one_paragraph_with_both_pages() -> None:
    first = [line("Kokeilussa kehitettiin uusia tapoja", 700), line("toimia, joiden avulla", 688)]
    second = [line("asiakkaat saivat palvelunsa nopeammin.", 780)]
    text = render([first, second], ["1", "2"])
    assert str(text) == ("Kokeilussa kehitettiin uusia tapoja toimia, joiden avulla "
                         "asiakkaat saivat palvelunsa nopeammin.")
    assert text.page_at(text.index("asiakkaat")).number == 2 and text.page_at(0).number == 1


def test_a_row_cut_by_a_page_break_goes_on_in_its_cells() -> None:
    first = lines_of([Run("Kunta", 50, 700, 10), Run("Tavoite", 200, 700, 10), Run("Opittiin", 350, 700, 10),
                      Run("Loviisa", 50, 680, 10), Run("Tavoitteena oli", 200, 680, 10),
                      Run("Opimme, että", 350, 680, 10)])
    second = lines_of([Run("nopeampi palvelu.", 200, 780, 10), Run("yhteistyö kannattaa.", 350, 780, 10)])
    text = render([first, second], ["1", "2"])
    assert str(text).split("\n") == ["Kunta\tTavoite\tOpittiin",
                                     "Loviisa\tTavoitteena oli nopeampi palvelu.\tOpimme, että yhteistyö kannattaa."]


def test_two_columns_of_text_are_read_one_after_the_other() -> None:
    left = [Run(f"Vasen palsta rivi {i}", 50, 700 - 12 * i, 10) for i in range(8)]
    right = [Run(f"Oikea palsta rivi {i}", 300, 700 - 12 * i, 10) for i in range(8)]
    assert [x.text for x in lines_of(left + right)] == [r.text for r in left + right]


def test_list_items_keep_their_own_lines() -> None:
    page = [line("Kokeilukunnat olivat:", 700), line("1. Forssan ja Ypäjän kuntaryhmä;", 688),
            line("2. Helsinki;", 676), line("• Kouvola", 664)]
    assert str(render([page], ["1"])).split("\n\n") == ["Kokeilukunnat olivat:", "1. Forssan ja Ypäjän kuntaryhmä;",
                                                        "2. Helsinki;", "• Kouvola"]
