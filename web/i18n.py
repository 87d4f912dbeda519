"""UI strings in Finnish, Swedish and English, and which language a request wants.

The language comes from `?lang=` (so a shared link opens in the language it was
sent in), else from the `lang` cookie set by the switch, else Finnish. Only
the interface is translated; corpus text is shown as written, with its own
`lang` attribute so screen readers pronounce it right. The strings of the
pages, the error page and the embeddable widget (served to it as /ui.js)
all live here.
"""
from __future__ import annotations

import json
import logging

from flask import Flask, Response, g, request

from assistant.lexicon import lexicon
from indexer.model import POSTER_FIELDS
from web import urls

log = logging.getLogger(__name__)

LANGS = ("fi", "sv", "en")
DEFAULT = "fi"
COOKIE = "lang"
LANG_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}

# key -> (fi, sv, en)
STRINGS: dict[str, tuple[str, str, str]] = {
    "site": ("Kokeiluhaku", "Kokeiluhaku", "Kokeiluhaku"),
    "tagline": ("Haku kuntakokeilujen 2015–2016 raportteihin",
                "Sökning i rapporterna om kommunförsöken 2015–2016",
                "Search the reports of Finland's municipal experiments 2015–2016"),
    "nav_search": ("Haku", "Sök", "Search"),
    "nav_municipalities": ("Kunnat", "Kommuner", "Municipalities"),
    "nav_chat": ("Keskustelu", "Chatt", "Chat"),
    "nav_label": ("Päävalikko", "Huvudmeny", "Main menu"),
    "skip": ("Siirry sisältöön", "Hoppa till innehållet", "Skip to content"),
    "search_label": ("Hae raporteista", "Sök i rapporterna", "Search the reports"),
    "search_button": ("Hae", "Sök", "Search"),
    "search_hint": ("Vinkki: paina / siirtyäksesi hakukenttään, nuolilla liikut ehdotuksissa ja tuloksissa.",
                    "Tips: tryck / för att gå till sökfältet, pilarna flyttar i förslag och resultat.",
                    "Tip: press / to focus the box; arrow keys move through suggestions and results."),
    "suggestions": ("Ehdotukset", "Förslag", "Suggestions"),
    "sugg_term": ("hakusana", "sökord", "term"),
    "sugg_municipality": ("kunta", "kommun", "municipality"),
    "sugg_poster": ("posteri", "poster", "poster"),
    "results_count": ("{n} osumaa", "{n} träffar", "{n} results"),
    "results_range": ("Tulokset {a}–{b} / {n}", "Resultat {a}–{b} av {n}", "Results {a}–{b} of {n}"),
    "not_all_words": ("Mikään kohta ei sisällä kaikkia hakusanoja. Alla osittaiset osumat: "
                      "kunkin kohdalla näkyy, mikä sana puuttuu.",
                      "Inget avsnitt innehåller alla sökord. Nedan delvisa träffar: "
                      "vid varje träff står vilket ord som saknas.",
                      "No passage contains every search word. Partial matches below, "
                      "each showing which word it lacks."),
    "missing_words": ("Puuttuu", "Saknas", "Missing"),
    "loading": ("Haetaan…", "Söker…", "Searching…"),
    "no_results": ("Ei osumia. Kokeile toista sanaa tai poista rajauksia.",
                   "Inga träffar. Pröva ett annat ord eller ta bort avgränsningar.",
                   "No results. Try another word or remove filters."),
    "did_you_mean": ("Tarkoititko", "Menade du", "Did you mean"),
    "partial": ("Haku keskeytyi aikarajaan: tulokset voivat olla vajaat. Kokeile hetken kuluttua uudelleen.",
                "Sökningen avbröts av tidsgränsen: resultaten kan vara ofullständiga. Försök igen om en stund.",
                "The search hit its time limit: results may be incomplete. Try again in a moment."),
    "interpreted": ("Haettiin myös", "Sökte också", "Also searched"),
    "facets": ("Rajaa tuloksia", "Avgränsa resultaten", "Refine results"),
    "facet_doc": ("Asiakirja", "Dokument", "Document"),
    "facet_lang": ("Kieli", "Språk", "Language"),
    "facet_model": ("Toimintamalli", "Verksamhetsmodell", "Operating model"),
    "facet_municipality": ("Kunta", "Kommun", "Municipality"),
    "facet_poster_field": ("Posterin kohta", "Avsnitt i postern", "Poster field"),
    "facet_kind": ("Tyyppi", "Typ", "Type"),
    "selected": ("valittu", "vald", "selected"),
    "show_more": ("Näytä kaikki (+{n})", "Visa alla (+{n})", "Show all (+{n})"),
    "clear_filters": ("Poista rajaukset", "Ta bort avgränsningar", "Clear filters"),
    "kind_text": ("Teksti", "Text", "Text"),
    "kind_table": ("Taulukko", "Tabell", "Table"),
    "kind_poster": ("Posteri", "Poster", "Poster"),
    "lang_fi": ("suomi", "finska", "Finnish"),
    "lang_sv": ("ruotsi", "svenska", "Swedish"),
    "lang_en": ("englanti", "engelska", "English"),
    "prev": ("Edellinen", "Föregående", "Previous"),
    "next": ("Seuraava", "Nästa", "Next"),
    "pagination": ("Sivut", "Sidor", "Pages"),
    "page_n": ("Sivu {n}", "Sida {n}", "Page {n}"),
    "source": ("Lähde", "Källa", "Source"),
    "page_abbr": ("s.", "s.", "p."),
    "open_passage": ("Avaa kohta asiakirjassa", "Öppna stället i dokumentet", "Open the passage in the document"),
    "intro": ("Hae esimerkiksi:", "Sök till exempel:", "Try for example:"),
    "empty_offer": ("Voit myös selata", "Du kan också bläddra bland", "You can also browse"),
    "empty_posters": ("postereita kunnittain", "posters per kommun", "the posters by municipality"),
    "empty_ask": ("kysyä avustajalta", "fråga assistenten", "ask the assistant"),
    "or": ("tai", "eller", "or"),
    "publisher": ("Ylläpitäjä", "Utgivare", "Publisher"),
    "contact_us": ("Yhteystiedot", "Kontakt", "Contact"),
    "feedback": ("Anna palautetta", "Ge respons", "Give feedback"),
    "a11y_title": ("Saavutettavuusseloste", "Tillgänglighetsutlåtande", "Accessibility statement"),
    "data_date": ("Aineiston uusin asiakirja: {d}", "Materialets senaste dokument: {d}",
                  "Newest document in the material: {d}"),
    "meta_site": ("Hae ja lue valtiovarainministeriön kuntakokeilujen 2015–2016 raportteja, postereita ja "
                  "tiedotteita, ja kysy niistä avustajalta, joka vastaa lainauksin.",
                  "Sök och läs finansministeriets rapporter, posters och pressmeddelanden om kommunförsöken "
                  "2015–2016, och fråga assistenten som svarar med citat.",
                  "Search and read the Finnish Ministry of Finance's reports, posters and press releases on the "
                  "municipal experiments of 2015–2016, and ask an assistant that answers in quotes."),
    "meta_search": ("Hakutulokset haulle {q} kuntakokeilujen raporteista.",
                    "Sökresultat för {q} i rapporterna om kommunförsöken.",
                    "Search results for {q} in the municipal-experiment reports."),
    "meta_areas": ("Kuntakokeilujen 16 kokeilualuetta, niiden kunnat, toimintamallit ja posterit.",
                   "Kommunförsökens 16 försöksområden, deras kommuner, verksamhetsmodeller och posters.",
                   "The 16 experiment areas, their municipalities, operating models and posters."),
    "meta_municipality": ("{m} kuntakokeiluissa: kokeilualue, toimintamallit, posterit ja maininnat raporteissa.",
                          "{m} i kommunförsöken: försöksområde, verksamhetsmodeller, posters och omnämnanden.",
                          "{m} in the municipal experiments: area, operating models, posters and mentions."),
    "meta_poster": ("Kuntakokeilun posteri: {p}.", "Kommunförsökets poster: {p}.", "Municipal-experiment poster: {p}."),
    "meta_document": ("Asiakirja luettavana: {d}.", "Dokumentet att läsa: {d}.", "The document to read: {d}."),
    "meta_chat": ("Kysy kuntakokeiluista: avustaja vastaa lainaamalla raportteja sanasta sanaan.",
                  "Fråga om kommunförsöken: assistenten svarar med ordagranna citat ur rapporterna.",
                  "Ask about the municipal experiments: the assistant answers by quoting the reports verbatim."),
    "meta_a11y": ("Kokeiluhaun saavutettavuusseloste: mikä ei vielä ole saavutettavaa ja miten annat palautetta.",
                  "Kokeiluhakus tillgänglighetsutlåtande: vad som ännu inte är tillgängligt och hur du ger respons.",
                  "Kokeiluhaku's accessibility statement: what is not yet accessible and how to give feedback."),
    "documents": ("Asiakirjat", "Dokument", "Documents"),
    "areas_title": ("Kokeilualueet ja kunnat", "Försöksområden och kommuner", "Experiment areas and municipalities"),
    "areas_summary": ("{a} kokeilualuetta, {m} kuntaa, {p} posteria.", "{a} försöksområden, {m} kommuner, {p} posters.",
                      "{a} experiment areas, {m} municipalities, {p} posters."),
    "area": ("Kokeilualue", "Försöksområde", "Experiment area"),
    "models": ("Toimintamallit", "Verksamhetsmodeller", "Operating models"),
    "model": ("Toimintamalli", "Verksamhetsmodell", "Operating model"),
    "posters": ("Posterit", "Posters", "Posters"),
    "poster_count": ("Postereita", "Posters", "Posters"),
    "municipality": ("Kunta", "Kommun", "Municipality"),
    "municipalities": ("Kunnat", "Kommuner", "Municipalities"),
    "area_posters_note": ("Kunnalla ei ole omaa posteria; alla ovat sen kokeilualueen posterit.",
                          "Kommunen har ingen egen poster; nedan visas försöksområdets posters.",
                          "The municipality has no poster of its own; these are its area's posters."),
    "mentions": ("Maininnat raporteissa", "Omnämnanden i rapporterna", "Mentions in the reports"),
    "no_mentions": ("Ei mainintoja.", "Inga omnämnanden.", "No mentions."),
    "contact": ("Yhteyshenkilö", "Kontaktperson", "Contact"),
    "field_card": ("Posterin perustiedot", "Posterns grunduppgifter", "Poster summary"),
    "print": ("Tulosta", "Skriv ut", "Print"),
    "source_page": ("Lähde: {doc}, s. {page}", "Källa: {doc}, s. {page}", "Source: {doc}, p. {page}"),
    "poster_link": ("Koko posteri", "Hela postern", "Full poster"),
    "toc": ("Sisällysluettelo", "Innehåll", "Contents"),
    "original": ("Alkuperäinen julkaisu", "Ursprunglig publikation", "Original publication"),
    "download": ("Lataa", "Ladda ner", "Download"),
    "embed_more": ("Kaikki tulokset", "Alla resultat", "All results"),
    "language": ("Kieli", "Språk", "Language"),
    "sources": ("Lähteet", "Källor", "Sources"),
    "widget_label": ("Hae kuntakokeilujen raporteista", "Sök i rapporterna om kommunförsöken",
                     "Search the municipal-experiment reports"),
    "widget_none": ("Ei osumia.", "Inga träffar.", "No results."),
    "widget_error": ("Haku ei juuri nyt onnistu.", "Sökningen fungerar inte just nu.",
                     "Search is not available right now."),
    "widget_fallback": ("Hae Kokeiluhaussa", "Sök i Kokeiluhaku", "Search on Kokeiluhaku"),
    "widget_ask_fallback": ("Kysy Kokeiluhaussa", "Fråga i Kokeiluhaku", "Ask on Kokeiluhaku"),
    "widget_ask": ("Kysy", "Fråga", "Ask"),
    "widget_ask_label": ("Kysy kuntakokeiluista", "Fråga om kommunförsöken", "Ask about the experiments"),
    "widget_send": ("Lähetä", "Skicka", "Send"),
    "widget_thinking": ("Haetaan vastausta…", "Söker svar…", "Looking for an answer…"),
    "widget_abstained": ("Aineistosta ei löytynyt varmaa vastausta.", "Materialet gav inget säkert svar.",
                         "The material gave no reliable answer."),
    "error": ("Virhe", "Fel", "Error"),
    "error_400": ("Virheellinen pyyntö", "Felaktig begäran", "Bad request"),
    "error_404": ("Sivua ei löytynyt", "Sidan hittades inte", "Page not found"),
    "error_405": ("Menetelmä ei ole sallittu", "Metoden är inte tillåten", "Method not allowed"),
    "error_413": ("Pyyntö on liian suuri", "Begäran är för stor", "Request too large"),
    "error_429": ("Liian monta pyyntöä", "För många förfrågningar", "Too many requests"),
    "error_503": ("Palvelu käynnistyy", "Tjänsten startar", "The service is starting"),
    "back_to_search": ("Takaisin hakuun", "Tillbaka till sökningen", "Back to the search"),
    "footer": ("Aineisto: valtiovarainministeriön kuntakokeiluraportit. Ei evästeitä kielivalintaa lukuun ottamatta.",
               "Material: finansministeriets rapporter om kommunförsöken. Inga kakor utom språkvalet.",
               "Source: the Ministry of Finance's municipal-experiment reports. "
               "No cookies except the language choice."),
}

# The home page's example searches, as links (Finnish words where the material is Finnish).
EXAMPLES = {"fi": ("kotihoito", "nuorisotakuu", "Kouvola", "mitä opittiin"),
            "sv": ("hemvård", "ungdomsgaranti", "Kouvola", "vad lärde man sig"),
            "en": ("kotihoito", "nuorisotakuu", "Kouvola", "mitä opittiin")}
KIND_KEYS = {"text": "kind_text", "table": "kind_table", "poster": "kind_poster"}
# The embeddable widget's strings (web/static/embed.js reads them from /ui.js): its name -> key above.
WIDGET = {"search": "nav_search", "ask": "widget_ask", "label": "widget_label", "button": "search_button",
          "results": "results_count", "none": "widget_none", "error": "widget_error", "more": "embed_more",
          "askLabel": "widget_ask_label", "send": "widget_send", "thinking": "widget_thinking",
          "abstained": "widget_abstained", "page": "page_abbr", "sources": "sources",
          "fallback": "widget_fallback", "askFallback": "widget_ask_fallback"}


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
                                 ui_lang=current, lang_url=lang_url, LANG_NAMES=LANG_NAMES,
                                 EXAMPLES=EXAMPLES)
    app.add_url_rule(urls.UI_SCRIPT, "ui_script", ui_script, methods=["GET"])

    @app.after_request
    def remember_lang(resp):
        wanted = request.args.get("lang")  # only pages remember it, not API calls that pass it along
        if resp.mimetype == "text/html" and wanted in LANGS and request.cookies.get(COOKIE) != wanted:
            resp.set_cookie(COOKIE, wanted, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        return resp


# -- the chat page (web/chat.py): its strings, and the words it shows for a reading ------------

# UI strings of the chat page (fi, sv, en); the page chrome comes from base.html.
CHAT_STRINGS = {
    "title": ("Kysy raporteilta", "Fråga rapporterna", "Ask the reports"),
    "intro": ("Vastaukset ovat suoria lainauksia kuntakokeilujen raporteista lähdeviitteineen. Jos raporteissa "
              "ei ole vastausta, avustaja sanoo sen eikä arvaa.",
              "Svaren är direkta citat ur rapporterna om kommunförsöken, med källhänvisningar. Om rapporterna "
              "saknar svar säger assistenten det och gissar inte.",
              "Answers are verbatim quotes from the municipal-experiment reports, with sources. When the "
              "reports hold no answer, the assistant says so instead of guessing."),
    "label": ("Kysymys", "Fråga", "Question"),
    "placeholder": ("Esim. Mitä Kouvolan Ohjaamossa opittiin?", "T.ex. Hur många kommuner deltog i försöken?",
                    "E.g. Mitä Kouvolan Ohjaamossa opittiin?"),
    "send": ("Kysy", "Fråga", "Ask"),
    "new_chat": ("Uusi keskustelu", "Ny konversation", "New conversation"),
    "thinking": ("Haetaan…", "Söker…", "Searching…"),
    "error": ("Vastaus ei onnistunut. Yritä uudelleen.", "Svaret misslyckades. Försök igen.",
              "The answer failed. Please try again."),
    "sources": ("Lähteet", "Källor", "Sources"),
    "nearest": ("Lähimmät kohdat", "Närmaste avsnitt", "Nearest sections"),
    "interpreted": ("Näin ymmärsin kysymyksen", "Så tolkade jag frågan", "How I read the question"),
    "not_helpful": ("Ei auttanut", "Hjälpte inte", "Not helpful"),
    "thanks": ("Kiitos, palaute tallennettu.", "Tack, responsen sparades.", "Thanks, feedback saved."),
    "page": ("s.", "s.", "p."),
    "you": ("Sinä", "Du", "You"),
    "assistant": ("Avustaja", "Assistenten", "Assistant"),
}


# Labels of the `interpreted` keys the page shows, in display order.
READING_LABELS = {
    "lang": ("Kieli", "Språk", "Language"),
    "intent": ("Kysymyksen laji", "Typ av fråga", "Question type"),
    "municipality": ("Kunta", "Kommun", "Municipality"),
    "area": ("Kokeilualue", "Försöksområde", "Experiment area"),
    "unknown_place": ("Tuntematon paikka", "Okänd ort", "Unknown place"),
    "model": ("Toimintamalli", "Verksamhetsmodell", "Operating model"),
    "field_label": ("Posterin kohta", "Avsnitt i postern", "Poster field"),
    "list": ("Luettelo", "Lista", "List"),
    "poster_title": ("Posteri", "Poster", "Poster"),
    "terms": ("Aihesanat", "Ämnesord", "Topic words"),
    "query": ("Haku", "Sökning", "Query"),
    "inherited": ("Edellisestä kysymyksestä", "Från föregående fråga", "Carried from the previous question"),
}


# Words a person understands for the values of the reading (the API keeps its keys).
READING_VALUES = {
    "lang": {"fi": ("suomi", "finska", "Finnish"), "sv": ("ruotsi", "svenska", "Swedish")},
    "intent": {"fact": ("tosiasia", "fakta", "a fact"), "figure": ("luku", "en siffra", "a figure"),
               "list": ("luettelo", "en lista", "a list"),
               "field": ("posterin kohta", "ett avsnitt i en poster", "a poster field"),
               "abstain": ("ei aihetta", "inget ämne", "no topic")},
    "inherited": {"municipality": ("kunta", "kommun", "municipality"),
                  "model": ("toimintamalli", "verksamhetsmodell", "operating model"),
                  "field": ("posterin kohta", "avsnitt i postern", "poster field"),
                  "topic": ("aihe", "ämne", "topic"), "poster": ("posteri", "poster", "poster")},
    "list": {"municipalities": ("kunnat", "kommuner", "municipalities"),
             "posters": ("kokeilut", "försök", "experiments"),
             "models": ("toimintamallit", "verksamhetsmodeller", "operating models")},
}
