"""Grouped results, cards behind their cells, partial-match labels, and a cache nobody can edit."""
from indexer.search.results import Result, group_results


def _result(id_, poster=None, field=None, section=("Luku",), section_no="4", doc="vm"):
    return Result(id=id_, score=1.0, text=id_, excerpt_html=None, doc=doc, doc_title="Raportti", doc_short="VM",
                  lang="fi", kind="poster" if poster else "text", section=section, section_no=section_no,
                  heading="", page=None, municipalities=("Kouvola",) if poster else (), model=None,
                  poster=poster, poster_title="Ohjaamo" if poster else None, field=field, field_label=None,
                  citation="VM", url=f"/asiakirjat/{doc}#{id_}")


def test_groups_keep_rank_order_and_put_a_card_at_the_head_of_its_poster():
    rows = group_results([_result("card", "p1", "card"), _result("s1", section_no="4"),
                          _result("cell", "p1", "learned"), _result("s2", section_no="4"),
                          _result("t", section_no="5")])
    assert [g.key for g in rows] == ["poster:p1", "section:vm:4", "section:vm:5"]
    poster = rows[0]
    assert poster.card.id == "card" and [h.id for h in poster.hits] == ["cell"]
    assert poster.url == "/posterit/p1" and poster.title == "Kouvola – Ohjaamo"
    assert [h.id for h in rows[1].hits] == ["s1", "s2"] and rows[1].title == "VM – 4 Luku"


def test_a_card_that_is_its_posters_only_match_is_listed_as_the_hit():
    (row,) = group_results([_result("card", "p1", "card")])
    assert [h.id for h in row.hits] == ["card"]


def test_the_api_groups_the_same_hits_as_its_results(snap):
    body = snap.search("ohjaamo", limit=10)
    grouped = [h["id"] for g in body["groups"] for h in g["hits"] + ([g["card"]] if g["card"] else [])]
    assert sorted(grouped) == sorted(r["id"] for r in body["results"])
    rank = [r["id"] for r in body["results"]].index
    best = [min(rank(h["id"]) for h in g["hits"] + ([g["card"]] if g["card"] else [])) for g in body["groups"]]
    assert best == sorted(best)


def test_grouped_search_shows_each_poster_once_and_pages_by_rows(snap):
    body = snap.search("kotihoito", limit=10, grouped=True)
    keys = [g["key"] for g in body["groups"]]
    assert len(keys) == len(set(keys)) == 10 and body["total"] >= 10
    assert all(1 <= len(g["hits"]) <= 3 for g in body["groups"])
    second = snap.search("kotihoito", limit=10, offset=10, grouped=True)
    assert not set(keys) & {g["key"] for g in second["groups"]}


def test_a_posters_card_heads_its_row_and_never_takes_a_matching_cells_place(snap):
    for q in ("Tampere yöhoito", "Kouvola ohjaamo", "perhehoito Vantaa"):
        rows = [g for g in snap.search(q, limit=10, grouped=True)["groups"] if g["kind"] == "poster"]
        assert rows, q
        for g in rows:
            cells = [h for h in g["hits"] if h["field"] != "card"]
            assert cells or len(g["hits"]) == 1, (q, g["key"])  # a card is a hit only as the poster's one match
            if g["card"] and cells:
                assert g["card"]["field"] == "card" and all(h["field"] != "card" for h in g["hits"])


def test_partial_matches_are_labelled_with_the_word_they_lack(snap):
    body = snap.search("perhehoito kouvola", limit=10)
    assert body["interpreted"]["words"] == ["perhehoito", "kouvola"]
    assert body["interpreted"]["all_words_matched"] is False
    assert all(r["missing"] for r in body["results"])
    both = snap.search("kouvola ohjaamo", limit=5)
    assert both["interpreted"]["all_words_matched"] is True and not both["results"][0]["missing"]


def test_a_caller_editing_its_response_leaves_the_cache_alone(snap):
    first = snap.search("nuorisotakuu", limit=3)
    first["results"][0]["field_label"] = "Mål"
    first["results"][0]["section"].append("x")
    first["groups"].clear()
    again = snap.search("nuorisotakuu", limit=3)
    assert again["groups"] and "x" not in again["results"][0]["section"]
    assert again["results"][0]["field_label"] != "Mål" or again["results"][0]["field"] is None


def test_the_search_page_shows_rows_and_says_when_no_passage_has_every_word(client):
    html = client.get("/?q=perhehoito+kouvola").get_data(as_text=True)
    assert 'class="not-all-words"' in html and 'class="missing"' in html
    keys = [part.split('"', 1)[0] for part in html.split('data-group="')[1:]]
    assert keys and len(keys) == len(set(keys))
    assert 'class="not-all-words"' not in client.get("/?q=kouvola+ohjaamo").get_data(as_text=True)


def test_every_passage_shown_under_a_row_shows_a_highlighted_word(snap):
    for q in ("perhehoito kouvola", "nuorisotakuu", "kokeilulaki", "asumispalvelut"):
        for g in snap.search(q, limit=10, grouped=True)["groups"]:
            for h in g["hits"]:
                assert "<mark>" in (h["excerpt_html"] or "") or "<mark>" in (g["title_html"] or ""), (q, h["id"])
