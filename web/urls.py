"""Every internal URL of the app, spelled in one place (as Datasette's `Urls`).

Views, templates (the Jinja global `urls`) and the widget's script (through
/ui.js) take their links from here, so a path and its quoting are written
once: names and ids are percent-encoded path segments, query strings are
`urlencode`d pairs in a stable order. Passage links (`/asiakirjat/<doc>#<id>`)
come from the search layer with each result and are passed through as given.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlencode

Args = Mapping[str, str] | Iterable[tuple[str, str]]

HOME = "/"
EMBED = "/embed"
SEARCH_TWIN = "/haku"  # the search page's JSON and CSV twins: /haku.json, /haku.csv
MUNICIPALITIES = "/kunnat"
CHAT = "/keskustelu"
ACCESSIBILITY = "/saavutettavuus"  # the accessibility statement (saavutettavuusseloste)
UI_SCRIPT = "/ui.js"
API_SEARCH = "/api/search"
API_SUGGEST = "/api/suggest"
API_CHAT = "/api/chat"
API_FEEDBACK = "/api/feedback"
ADMIN_STATUS = "/api/admin/status"
TWIN_SKIPPED = ("format", "fragment")  # what a JSON or CSV twin's query string leaves out


def with_query(path: str, args: Args | None = None) -> str:
    """`path?a=1&b=2`, or just `path` when there is nothing to add."""
    pairs = list(args.items() if isinstance(args, Mapping) else args or ())
    return path + ("?" + urlencode(pairs) if pairs else "")


def search(q: str = "", path: str = HOME, **args: str) -> str:
    """A search page: `/?q=kotihoito`, other parameters after `q`."""
    pairs = [("q", q)] if q else []
    return with_query(path, pairs + [(k, v) for k, v in args.items() if v])


def municipality(name: str) -> str:
    return f"{MUNICIPALITIES}/{quote(name)}"


def poster(poster_id: str) -> str:
    return f"/posterit/{quote(poster_id)}"


def document(doc_id: str, anchor: str = "") -> str:
    return f"/asiakirjat/{quote(doc_id)}" + (f"#{anchor}" if anchor else "")


def original_file(doc_id: str, page: int | None = None) -> str:
    """The document's own file (a PDF or Word report), at a page where a PDF viewer can open one."""
    return f"/asiakirjat/{quote(doc_id)}/tiedosto" + (f"#page={page}" if page else "")


def document_part(doc_id: str, n: int, **args: str) -> str:
    """One part of a document's reader (web/reader.py): `/asiakirjat/<id>?luku=N`."""
    return with_query(f"/asiakirjat/{quote(doc_id)}", [("luku", str(n)), *args.items()])


def passage(url: str) -> str:
    """A passage link as pages write it: `/asiakirjat/<doc>#<id>` -> `/asiakirjat/<doc>?kohta=<id>#<id>`,
    so the reader opens the part holding the passage even without JavaScript. Other links pass unchanged."""
    path, sep, anchor = url.partition("#")
    if not sep or not anchor or not path.startswith("/asiakirjat/") or "?" in path:
        return url
    return f"{with_query(path, [('kohta', anchor)])}#{anchor}"


def poster_in_document(doc_id: str, poster_id: str) -> str:
    """Where a poster is printed in its report (document.html gives it the anchor `posteri-<id>`)."""
    return passage(document(doc_id, f"posteri-{poster_id}"))


def twins(path: str, args: Mapping[str, str] | None = None) -> dict[str, str]:
    """Links to the JSON and CSV twins of the page at `path`, keeping its query string."""
    kept = {k: v for k, v in (args or {}).items() if v and k not in TWIN_SKIPPED}
    return {fmt: with_query(f"{path}.{fmt}", kept) for fmt in ("json", "csv")}


def paths() -> dict[str, str]:
    """The paths a script needs, for /ui.js: it appends ids and query strings itself."""
    return {"home": HOME, "chat": CHAT, "poster": poster(""), "apiSearch": API_SEARCH, "apiChat": API_CHAT}
