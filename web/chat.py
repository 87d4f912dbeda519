"""The assistant over HTTP: POST /api/chat, the page /keskustelu, POST /api/feedback.

The request body is validated here, once, and every problem is a 400 through
the one error handler (`abort`): a body that is not a JSON object, a missing
or empty `message`, a message over MAX_CHAT_CHARS, a `history` that is not a
list of strings or {role, content} objects. Oversized bodies never reach the
view: MAX_CONTENT_LENGTH answers 413. "Not helpful" votes are appended to a
local JSONL file (config FEEDBACK_FILE) for later evaluation; nothing leaves
the machine.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from werkzeug.exceptions import BadRequest

from assistant.answer import chat as answer_chat
from web import urls
from web.api import snapshot
from web.export import page_route, respond, wanted_format
from web.guard import check_text
from web.i18n import LANGS, t
from web.i18n import current as ui_lang
from web.settings import settings
from web.strings import CHAT_STRINGS, READING_LABELS, READING_VALUES

log = logging.getLogger(__name__)
bp = Blueprint("chat", __name__)

MAX_CHAT_CHARS = 1000
MAX_HISTORY = 50
MAX_FEEDBACK_TEXT = 5000
_feedback_lock = threading.Lock()

def ui_strings() -> dict:
    """The page's strings in the UI language; `labels` names the parts of the reading, `values` their values."""
    i = LANGS.index(ui_lang())
    out: dict = {k: v[i] for k, v in CHAT_STRINGS.items()}
    out["labels"] = [[k, v[i]] for k, v in READING_LABELS.items()]  # a list: JSON objects lose their order
    out["values"] = {k: {v: names[i] for v, names in vs.items()} for k, vs in READING_VALUES.items()}
    out["content_keys"] = [k for k in READING_LABELS if k not in READING_VALUES]  # the question's or corpus's words
    out["cite"] = {"chapter": t("cite_chapter"), "appendix": t("cite_appendix"),
                   "page": t("page_abbr")}  # citation words, as web.i18n.citation_html uses them
    return out


def readable(interpreted: dict, strings: dict) -> dict:
    """The reading with its values in words of the UI language ("field" -> "posterin kohta")."""
    out = dict(interpreted)
    for key, names in strings["values"].items():
        value = out.get(key)
        if isinstance(value, list):
            out[key] = [names.get(v, v) for v in value]
        elif isinstance(value, str):
            out[key] = names.get(value, value)
    return out


def json_body() -> dict:
    """The request body as a JSON object, or a 400 that says what is wrong."""
    if not request.is_json:
        abort(400, "the request body must be a JSON object (Content-Type: application/json)")
    try:
        data = request.get_json()
    except BadRequest:  # a 413 for an oversized body is not a BadRequest: it passes through
        abort(400, "the request body must be a JSON object; it is not valid JSON")
    if not isinstance(data, dict):
        abort(400, "the request body must be a JSON object")
    return data


def clean_text(value, name: str, maxlen: int, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        abort(400, f"'{name}' must be a string")
    value = check_text(value, f"'{name}'", maxlen)
    if required and not value.strip():
        abort(400, f"'{name}' must not be empty")
    return value.strip()


def clean_history(value) -> list:
    """A list of earlier turns: strings or objects whose `content` is a string."""
    if value is None:
        return []
    if not isinstance(value, list):
        abort(400, "'history' must be a list of earlier turns")
    turns = []
    for item in value[-MAX_HISTORY:]:  # only the last few turns are read, so only they are checked
        content = item.get("content", item.get("message", "")) if isinstance(item, dict) else item
        if not isinstance(content, str):
            abort(400, "each 'history' item must be a string or an object with a string 'content'")
        content = clean_text(content, "history item", MAX_CHAT_CHARS, required=False)
        turns.append(dict(item, content=content) if isinstance(item, dict) else content)
    return turns


@bp.post("/api/chat")
def chat():
    data = json_body()
    message = clean_text(data.get("message"), "message", MAX_CHAT_CHARS)
    history = clean_history(data.get("history"))
    with snapshot() as snap:
        return jsonify(answer_chat(snap, message, history))


@page_route(bp, urls.CHAT)
def page(fmt: str | None = None):
    """The chat page; `?q=` answers one question on the server, so it works without JavaScript.

    Its twins: /keskustelu.json is the page's question and reply (the reply as POST /api/chat
    gives it), /keskustelu.csv the reply's citations, one a row.
    """
    fmt = wanted_format(fmt)
    question = request.args.get("q", "")
    reply = None
    if question.strip():
        question = clean_text(question, "q", MAX_CHAT_CHARS)
        with snapshot() as snap:
            reply = answer_chat(snap, question, [])
    if fmt != "html":
        data = {"ok": True, "question": question if reply else "", "reply": reply,
                "formats": urls.twins(urls.CHAT, request.args.to_dict())}
        return respond("chat.html", data, (reply or {}).get("citations", []), fmt, "keskustelu")
    strings = ui_strings()
    if reply is not None:
        # the question's language, as a code for `lang` attributes (the reading shows it in words)
        reply = reply | {"interpreted": readable(reply["interpreted"], strings),
                         "question_lang": reply["interpreted"].get("lang")}
    return render_template("chat.html", s=strings, question=question if reply else "", reply=reply,
                           page={"formats": urls.twins(urls.CHAT, request.args.to_dict())})


def _interpreted(value) -> dict | None:
    """The reading the client sends back, if it is a small object of typeable text (a lone
    surrogate could not be written to the UTF-8 log; a huge one would fill the disk)."""
    if not isinstance(value, dict):
        return None
    text = json.dumps(value, ensure_ascii=False)
    check_text(text, "'interpreted'", MAX_FEEDBACK_TEXT, allowed="")
    return value


def feedback_path() -> Path:
    configured = current_app.config.get("FEEDBACK_FILE")
    return Path(configured) if configured else Path(current_app.root_path) / "var" / "feedback.jsonl"


@bp.post("/api/feedback")
def feedback():
    """One "not helpful" vote on a citation, appended as a JSON line."""
    data = json_body()
    citation = data.get("citation")
    if not isinstance(citation, dict):
        abort(400, "'citation' must be an object")
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "helpful": bool(data.get("helpful", False)),
        "question": clean_text(data.get("question"), "question", MAX_CHAT_CHARS, required=False),
        "answer": clean_text(data.get("answer"), "answer", MAX_FEEDBACK_TEXT, required=False),
        "citation": {k: clean_text(citation.get(k), f"citation.{k}", MAX_FEEDBACK_TEXT, required=False)
                     for k in ("text", "doc", "section", "url")},
        "page": citation.get("page") if isinstance(citation.get("page"), int) else None,
        "interpreted": _interpreted(data.get("interpreted")),
    }
    if not record["citation"]["text"] and not record["citation"]["url"]:
        abort(400, "'citation' needs a 'text' or a 'url'")
    line = json.dumps(record, ensure_ascii=False) + "\n"
    s = settings()
    with _feedback_lock:
        append_capped(feedback_path(), line.encode("utf-8"), s.feedback_max_bytes, s.feedback_backups)
    # %r: a newline in a URL must not forge a log line of its own
    log.info("feedback recorded for %r", record["citation"]["url"] or record["citation"]["doc"])
    return jsonify({"ok": True}), 201


def append_capped(path: Path, line: bytes, max_bytes: int, backups: int) -> None:
    """Append a line; a file that would pass `max_bytes` is rotated first (feedback.jsonl.1,
    .2 ... up to `backups`, the oldest dropped), so feedback never takes more than
    (backups + 1) * max_bytes of the disk that also holds the index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = 0
    if size and size + len(line) > max_bytes:
        _rotate(path, backups)
    with open(path, "ab") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def _rotate(path: Path, backups: int) -> None:
    """feedback.jsonl -> .1 -> .2 ...; the last of `backups` is dropped (with none, the file itself)."""
    names = [path] + [path.with_name(f"{path.name}.{i}") for i in range(1, backups + 1)]
    names[-1].unlink(missing_ok=True)
    for newer, older in zip(reversed(names[:-1]), reversed(names[1:]), strict=True):
        if newer.exists():
            newer.replace(older)
