"""Which language a request wants, and the UI strings (`web.strings`) in it.

The language comes from `?lang=` (so a shared link opens in the language it was
sent in), else from the `lang` cookie set by the switch, else Finnish. Only
the interface is translated; corpus text is shown as written, with its own
`lang` attribute so screen readers pronounce it right. The strings of the
pages, the error page, the chat page and the embeddable widget (served to it
as /ui.js) all live in `web.strings`.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping

from flask import Flask, Response, g, request
from markupsafe import Markup

from assistant.lexicon import lexicon
from indexer.model import POSTER_FIELDS
from web import urls
from web.strings import EXAMPLES, STRINGS, WIDGET

log = logging.getLogger(__name__)

LANGS = ("fi", "sv", "en")
DEFAULT = "fi"
COOKIE = "lang"
LANG_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
AREA_REST = re.compile(r"(.+?) ja (\d+) muuta kuntaa")  # how the report names a large area
# indexer.search.results.citation: "<doc>, [luku <no> ][Liite <n> ]<title>[, s. <page>]"
CITATION = re.compile(r"(?P<doc>[^,]+)(?:, (?:luku (?P<no>\S+) ?)?(?:Liite (?P<appendix>\d+) )?(?P<rest>.*?))??"
                      r"(?:, s\. (?P<page>\d+))?")
APPENDIX = re.compile(r"Liite (\d+) (.+)")



def current() -> str:
    """The request's UI language (cached on `g`)."""
    if "ui_lang" not in g:
        wanted = request.args.get("lang") or request.cookies.get(COOKIE) or DEFAULT
        g.ui_lang = wanted if wanted in LANGS else DEFAULT
    return g.ui_lang


def text(key: str, lang: str) -> str:
    """The UI string `key` in `lang` (one of LANGS), unformatted."""
    row = STRINGS.get(key)
    if row is None:
        log.warning("missing UI string %r", key)
        return key
    return row[LANGS.index(lang)]


def t(key: str, **kw) -> str:
    """The UI string `key` in the current language, formatted with `kw`."""
    value = text(key, current())
    return value.format(**kw) if kw else value


def field_label(key: str, lang: str | None = None) -> str:
    """A poster field's printed label; English falls back to Finnish (as printed)."""
    labels = POSTER_FIELDS.get(key)
    if labels is None:
        return t(f"field_{key}") if f"field_{key}" in STRINGS else key
    return labels.get(lang or current()) or labels.get("fi") or key


def model_name(name: str) -> str:
    """An operating model as the UI's reader knows it: in Swedish as the Swedish press release names
    the models (assistant/data/cues.yaml, `models: … sv:`), else as the report prints it (Finnish)."""
    if current() == "sv" and name:
        return lexicon().model_sv.get(name, name)
    return name


def model_lang(name: str) -> str:
    """The language of what `model_name` shows, for its `lang` attribute."""
    return "sv" if current() == "sv" and name in lexicon().model_sv else "fi"


def place_name(name: str, sv_name: str = "") -> str:
    """A municipality as a Swedish reader knows it: "Helsingfors (Helsinki)"."""
    if current() == "sv" and sv_name and sv_name != name:
        return f"{sv_name} ({name})"
    return name


def area_name(area: str, sv_names: Mapping[str, str]) -> str:
    """An experiment area as the reader's language says it: the report names an area after its
    municipalities ("Lahti ja 5 muuta kuntaa", "Vaasa, Mustasaari"), so in Swedish it becomes
    "Lahtis och 5 andra kommuner", "Vasa, Korsholm" (`sv_names`: Finnish name -> Swedish)."""
    lang = current()
    if lang == "fi" or not area:
        return area
    name = (lambda n: sv_names.get(n) or n) if lang == "sv" else (lambda n: n)
    if m := AREA_REST.fullmatch(area):
        return t("area_and_rest", first=name(m[1]), n=m[2])
    return ", ".join(name(n.strip()) for n in area.split(","))


def citation_html(citation: str, content_lang: str | None = "fi") -> Markup:
    """A citation ("VM 27/2017, luku 4.2 Kokeiluille …, s. 16", as the search layer writes it) in the UI
    language: "kapitel 4.2", "Bilaga 1", "p. 16" in the UI's words, the document's own words marked
    with their language. Finnish UI over Finnish content: the citation as it is."""
    lang, content = current(), content_lang or "fi"
    if lang == content:
        return Markup.escape(citation)
    m = CITATION.fullmatch(citation)
    if m is None:
        return in_lang(citation, content)
    out = [in_lang(m["doc"], content)]
    if m["rest"] or m["no"]:
        words = []
        if m["no"]:
            words.append(Markup.escape(t("cite_chapter", n=m["no"])))
        if m["appendix"]:
            words.append(Markup.escape(t("cite_appendix", n=m["appendix"])))
        if m["rest"]:
            words.append(in_lang(m["rest"], content))
        out.append(Markup(" ").join(words))
    if m["page"]:
        out.append(Markup.escape(f"{t('page_abbr')} {m['page']}"))
    return Markup(", ").join(out)


def appendix_html(title: str, content_lang: str = "fi") -> Markup:
    """An appendix's printed title ("Liite 1 Posterikooste") with "Liite 1" in the UI's words."""
    m = APPENDIX.fullmatch(title)
    if current() == content_lang or m is None:
        return in_lang(title, content_lang)
    return Markup(" ").join([Markup.escape(t("cite_appendix", n=m[1])), in_lang(m[2], content_lang)])


def in_lang(text: str, lang: str) -> Markup:
    """`text` (escaped), in a span marking its language when that is not the page's."""
    return Markup('<span lang="{}">{}</span>').format(lang, text) if lang != current() else Markup.escape(text)


def t_html(key: str, **kw) -> Markup:
    """`t` for a string whose parts are markup (say, a title marked with its language); others are escaped."""
    return Markup.escape(text(key, current())).format(**kw)


def search_title(query: str) -> str:
    """The search page's title before " – Kokeiluhaku": the query first, so tabs and history tell searches apart
    (search.js sets it from the results' `data-title` while typing)."""
    return f"{query} – {t('nav_search')}" if query else t("tagline")


def lang_url(code: str) -> str:
    """This page in another language: same path and state, `lang` replaced."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("lang", "fragment")]
    return urls.with_query(request.path, args + [("lang", code)])


def widget_strings() -> dict[str, dict[str, str]]:
    """The widget's strings in every language: {"fi": {"search": "Haku", …}, …}."""
    return {lang: {name: text(key, lang) for name, key in WIDGET.items()} for lang in LANGS}


def ui_script() -> Response:
    """GET /ui.js: the widget's strings and paths as a script (a script loads from any origin, so the
    widget speaks even where CORS refuses its searches)."""
    data = json.dumps({"strings": widget_strings(), "paths": urls.paths()}, ensure_ascii=False)
    body = f"/* Kokeiluhaku UI strings (web/i18n.py) and paths (web/urls.py). */\n" \
           f"window.Kokeiluhaku = Object.assign(window.Kokeiluhaku || {{}}, {data});\n"
    resp = Response(body, mimetype="text/javascript")
    resp.cache_control.public, resp.cache_control.max_age = True, 300
    return resp


def register(app: Flask) -> None:
    """Template helpers, and the cookie that remembers an explicit `?lang=`."""
    app.jinja_env.filters["model_name"] = model_name
    app.jinja_env.globals.update(t=t, field_label=field_label, place_name=place_name, model_lang=model_lang,
                                 ui_lang=current, lang_url=lang_url, search_title=search_title,
                                 citation_html=citation_html,
                                 appendix_html=appendix_html, in_lang=in_lang, t_html=t_html,
                                 LANG_NAMES=LANG_NAMES,
                                 EXAMPLES=EXAMPLES)
    app.add_url_rule(urls.UI_SCRIPT, "ui_script", ui_script, methods=["GET"])

    @app.after_request
    def remember_lang(resp):
        wanted = request.args.get("lang")  # only pages remember it, not API calls that pass it along
        if resp.mimetype == "text/html" and wanted in LANGS and request.cookies.get(COOKIE) != wanted:
            resp.set_cookie(COOKIE, wanted, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        return resp
