"""The reader's parts (web/reader.py): chapters, long chapters continued, anchors resolved to their part."""
from __future__ import annotations

import re

from web.reader import part_of, split_parts


def passage(i: int, size: int = 100, level: int | None = None, poster: str | None = None) -> dict:
    heads = [{"anchor": f"h{i}", "title": f"H{i}", "number": str(i), "level": level}] if level else []
    return {"id": f"p{i}", "text": "x" * size, "headings": heads, "page": i, "poster": poster,
            "poster_title": f"Poster {poster}" if poster else None}


def test_a_part_per_chapter_and_a_long_chapter_continued_at_a_poster():
    ps = [passage(0, level=1), passage(1), passage(2, level=2), passage(3, level=1)]
    ps += [passage(4 + i, size=600, poster=f"q{i}") for i in range(5)]
    parts = split_parts(ps, max_chars=1000)
    assert [(x.start, x.end) for x in parts] == [(0, 3), (3, 6), (6, 8), (8, 9)]
    assert [(x.piece, x.pieces) for x in parts] == [(1, 1), (1, 3), (2, 3), (3, 3)]
    assert {x.title for x in parts[1:]} == {"H3"}
    assert part_of(parts, "p2").n == 1 and part_of(parts, "h2").n == 1
    assert part_of(parts, "posteri-q3").n == 3 and part_of(parts, "nowhere") is None


def test_parts_follow_the_printed_pages():
    ps = [passage(0, level=1), passage(30, level=1), passage(10, level=1)]
    assert [x.title for x in split_parts(ps)] == ["H0", "H10", "H30"]


def test_a_cited_passage_opens_its_part(client):
    page = client.get("/?q=kotihoito").get_data(as_text=True)
    link = re.search(r'class="cite-link" href="([^"]+)"', page)[1].replace("&amp;", "&")
    assert "?kohta=" in link
    anchor = link.split("#", 1)[1]
    assert f'id="{anchor}"' in client.get(link).get_data(as_text=True)
    part = client.get(link.split("#")[0].replace("/asiakirjat/vm-loppuraportti-2017",
                                                 "/asiakirjat/vm-loppuraportti-2017.json")).get_json()
    assert part["part"] and anchor in {p["id"] for p in part["passages"]}


def test_part_numbers_out_of_range(client):
    assert client.get("/asiakirjat/vm-loppuraportti-2017?luku=999").status_code == 200  # the last part
    assert client.get("/asiakirjat/vm-loppuraportti-2017?luku=0").status_code == 400
    assert client.get("/asiakirjat/vm-loppuraportti-2017?luku=x").status_code == 400
    first = client.get("/asiakirjat/vm-loppuraportti-2017?kohta=ei-ole").get_data(as_text=True)
    assert 'aria-current="page"' in first  # an unknown anchor opens the first part, no error
