"""POST /api/chat, POST /api/feedback and /keskustelu through the Flask test client."""
import json

import pytest


def post(client, path: str, body) -> object:
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json")


def test_chat_contract(client):
    r = post(client, "/api/chat", {"message": "Mitä Kouvolan Ohjaamossa opittiin?", "history": []})
    assert r.status_code == 200
    body = r.json
    assert {"answer", "citations", "abstained", "interpreted"} <= set(body)
    assert body["abstained"] is False and body["interpreted"]["municipality"] == "Kouvola"
    assert {"text", "doc", "section", "page", "url"} <= set(body["citations"][0])


def test_chat_follow_up_through_history_of_role_objects(client):
    history = [{"role": "user", "content": "Mitä Kouvolan Ohjaamossa opittiin?"},
               {"role": "assistant", "content": "Kouvola – posterin kohta …"}]
    body = post(client, "/api/chat", {"message": "Entä Oulussa?", "history": history}).json
    assert body["interpreted"]["municipality"] == "Oulu" and body["interpreted"]["field"] == "learned"


@pytest.mark.parametrize("body, fragment", [
    ("{not json", "JSON object"),
    ("[1, 2]", "JSON object"),
    ({"history": []}, "'message'"),
    ({"message": "   "}, "must not be empty"),
    ({"message": 42}, "must be a string"),
    ({"message": "x" * 1001}, "longer than 1000"),
    ({"message": "a\x00b"}, "control characters"),
    ({"message": "Moi", "history": "Entä Oulussa?"}, "'history' must be a list"),
    ({"message": "Moi", "history": [{"role": "user", "content": 5}]}, "string 'content'"),
])
def test_bad_requests_are_400_json(client, body, fragment):
    r = post(client, "/api/chat", body)
    assert r.status_code == 400
    assert r.json["ok"] is False and r.json["status"] == 400 and fragment in r.json["error"]


def test_oversized_body_is_413(client):
    r = post(client, "/api/chat", {"message": "a", "history": ["x" * 70_000]})
    assert r.status_code == 413 and r.json["status"] == 413


def test_get_is_not_allowed(client):
    r = client.get("/api/chat")
    assert r.status_code == 405 and "POST" in r.headers["Allow"]


def test_feedback_is_appended_as_json_lines(client, app, tmp_path, monkeypatch):
    path = tmp_path / "feedback.jsonl"
    monkeypatch.setitem(app.config, "FEEDBACK_FILE", str(path))
    cite = {"text": "Kokeiluihin osallistui yhteensä 57 kuntaa.", "doc": "vm-loppuraportti-2017",
            "section": "3.1.1", "page": 14, "url": "/asiakirjat/vm-loppuraportti-2017#x"}
    for _ in range(2):
        r = post(client, "/api/feedback", {"question": "Kuinka monta kuntaa?", "citation": cite, "helpful": False})
        assert r.status_code == 201 and r.json == {"ok": True}
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and lines[0]["citation"]["text"] == cite["text"] and lines[0]["page"] == 14
    assert lines[0]["helpful"] is False and lines[0]["question"] == "Kuinka monta kuntaa?"


def test_feedback_without_citation_is_400(client, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FEEDBACK_FILE", str(tmp_path / "f.jsonl"))
    assert post(client, "/api/feedback", {"question": "x"}).status_code == 400
    assert post(client, "/api/feedback", {"citation": {"text": ""}}).status_code == 400
    assert not (tmp_path / "f.jsonl").exists()


def test_chat_page_and_its_script(client):
    html = client.get("/keskustelu").get_data(as_text=True)
    assert 'id="chat-form"' in html and "chat.js" in html and 'aria-current="page"' in html
    with client.get("/static/chat.js") as r:  # a file response: close it
        assert r.status_code == 200 and "textContent" in r.get_data(as_text=True)


def test_chat_page_answers_without_javascript_and_escapes_the_question(client):
    html = client.get("/keskustelu", query_string={"q": "Juurtuiko Kouvolan Ohjaamo? <b>x</b>"}).get_data(as_text=True)
    assert "Ohjaamossa luotua toimintamallia ollaan vakinaistamassa Kouvolassa." in html
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "Mitä juurtui ja mitä kannattaa jakaa?" in html  # the interpreted reading is shown


def test_chat_page_in_swedish(client):
    html = client.get("/keskustelu?lang=sv").get_data(as_text=True)
    assert "Fråga rapporterna" in html


def test_chat_page_shows_the_reading_in_words_a_person_understands(client):
    html = client.get("/keskustelu", query_string={"q": "Mitä Kouvolan Ohjaamossa opittiin?"}).get_data(as_text=True)
    assert "<dd>posterin kohta</dd>" in html and "<dd>field</dd>" not in html and "<dd>suomi</dd>" in html


def test_history_turns_are_checked_like_the_message(client):
    long_turn = client.post("/api/chat", json={"message": "Entä Vantaalla?", "history": ["x" * 5000]})
    assert long_turn.status_code == 400 and long_turn.get_json()["ok"] is False
    control = client.post("/api/chat", json={"message": "Entä Vantaalla?", "history": [{"content": "a\x07b"}]})
    assert control.status_code == 400


def test_a_lone_surrogate_in_feedback_is_a_400_not_a_500(client):
    body = '{"citation": {"text": "x"}, "interpreted": {"q": "\\ud800"}}'
    resp = client.post("/api/feedback", data=body, content_type="application/json")
    assert resp.status_code == 400 and resp.get_json()["ok"] is False


def test_a_decomposed_query_finds_what_the_composed_one_finds(client):
    composed = client.get("/api/search?q=J%C3%A4rvenp%C3%A4%C3%A4").get_json()
    decomposed = client.get("/api/search?q=Ja%CC%88rvenpa%CC%88a%CC%88").get_json()  # a + U+0308
    assert [r["id"] for r in decomposed["results"]] == [r["id"] for r in composed["results"]]
    assert composed["results"]


def test_feedback_is_rotated_and_never_takes_more_than_its_share_of_the_disk(client, app, tmp_path, monkeypatch):
    import dataclasses

    path = tmp_path / "feedback.jsonl"
    monkeypatch.setitem(app.config, "FEEDBACK_FILE", str(path))
    small = dataclasses.replace(app.extensions["settings"], feedback_max_bytes=2000, feedback_backups=2)
    monkeypatch.setitem(app.extensions, "settings", small)
    cite = {"text": "Kokeiluihin osallistui yhteensä 57 kuntaa. " * 10, "url": "/asiakirjat/x\nFORGED log line"}
    for i in range(40):
        assert post(client, "/api/feedback", {"question": f"kysymys {i}", "citation": cite}).status_code == 201
    files = sorted(tmp_path.glob("feedback.jsonl*"))
    assert [f.name for f in files] == ["feedback.jsonl", "feedback.jsonl.1", "feedback.jsonl.2"]
    assert all(f.stat().st_size <= 2000 for f in files)
    newest = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert newest[-1]["question"] == "kysymys 39"


def test_a_body_declared_over_the_limit_is_a_413_before_it_is_read(client):
    r = client.post("/api/chat", data=b"{}", content_type="application/json",
                    environ_overrides={"CONTENT_LENGTH": str(100 * 1024 * 1024)})
    assert r.status_code == 413 and r.json["ok"] is False and r.json["status"] == 413
