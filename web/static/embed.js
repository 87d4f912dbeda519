/* Kokeiluhaku embeddable search box.
 *
 *   <div data-kokeiluhaku data-lang="fi">
 *     <form action="https://HOST/" method="get"><input name="q" aria-label="Hae"><button>Hae</button></form>
 *   </div>
 *   <script src="https://HOST/static/embed.js" defer></script>
 *
 * Replaces each such div with a search box in a shadow DOM (the host's CSS
 * neither leaks in nor out) talking to HOST's JSON API over CORS; the form
 * inside the div is what people get without scripts, and stays if HOST's two
 * helper scripts do not load: /static/links.js (the one rule for links, shared
 * with the site's own pages) and /ui.js (the strings, from web/i18n.py, and
 * paths, from web/urls.py). Untrusted text is only ever written with
 * textContent; excerpts keep their <mark>s through a whitelist. Links go to
 * HOST's shareable URLs. Nothing is stored in the browser.
 *
 * "/" focuses the box when the host page has no search of its own. When the
 * API cannot be read (origin not in CORS_ORIGINS, the host's CSP), the console
 * says what to set and the visitor gets a link to the same search on HOST.
 *
 * In the Ask tab, Enter sends and Shift+Enter starts a new line; an answer
 * shows its lead once and each quote once, under its source link.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var BASE = new URL(script.src, window.location.href).origin;
  /* The host's CSS wins over :host and reaches in by inheritance (aside div {color}, * {color: red
   * !important} on the host element), so :host only resets, and every text style sits on the inner
   * wrapper .kh, whose all:initial cuts inheritance from the host off. */
  var CSS = ":host{all:initial;display:block;max-width:40rem}" +
    ".kh{all:initial;display:block;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;" +
    "color:#1b1f24;background:#fff;border:1px solid #c9d3dd;border-radius:8px;padding:12px;text-align:left}" +
    "*{box-sizing:border-box}[hidden]{display:none!important}" +
    "[role=tablist]{display:flex;gap:4px;border-bottom:1px solid #c9d3dd;margin-bottom:10px}" +
    "[role=tab]{font:inherit;font-weight:600;border:0;background:none;padding:6px 12px;color:#51606f;cursor:pointer;" +
    "border-bottom:3px solid transparent}[role=tab][aria-selected=true]{color:#1b1f24;border-bottom-color:#0b5cad}" +
    "label{display:block;font-weight:600;margin-bottom:4px}.row{display:flex;gap:6px}" +
    "input,textarea{flex:1;min-width:0;font:inherit;padding:8px 10px;border:2px solid #51606f;border-radius:6px;color:#1b1f24;background:#fff}" +
    "button.go{font:inherit;font-weight:600;padding:8px 14px;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}" +
    ":focus-visible{outline:3px solid #c2410c;outline-offset:2px}a{color:#0b5cad}" +
    "ol{list-style:none;margin:8px 0 0;padding:0}li{padding:8px 0;border-bottom:1px solid #e3e8ee}" +
    ".t{font-weight:600}.x{margin:4px 0;font-size:.92em;white-space:pre-line;display:-webkit-box;" +
    "-webkit-box-orient:vertical;-webkit-line-clamp:4;overflow:hidden}.c{font-size:.85em}" +
    "mark{background:#ffe58a;color:inherit}.s{color:#51606f;font-size:.9em;margin:6px 0 0}" +
    ".q{font-weight:600}.a.abst{color:#51606f;font-style:italic}.src{font-size:.85em;margin:4px 0 0;padding-left:1em}";
  var count = 0;
  var K; /* window.Kokeiluhaku once links.js and ui.js have loaded: safeUrl, strings, paths */

  function load(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.append(tag);
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }


  /* excerpt_html -> text nodes and <mark>s only (defence in depth: it is escaped already). */
  function excerpt(html) {
    var frag = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<p>" + (html || "") + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (n) {
      if (n.nodeType === 3) frag.append(n.textContent);
      else if (n.nodeName === "MARK") frag.append(el("mark", {}, n.textContent));
      else frag.append(n.textContent || "");
    });
    return frag;
  }

  function link(url, text) {
    var href = K.safeUrl(url, BASE); /* HOST's own URLs only, made absolute */
    var a = el(href ? "a" : "span", href ? { href: href, target: "_blank", rel: "noopener" } : {}, text);
    return a;
  }

  /* A shadow root with the widget's CSS (the host's styles neither leak in nor out). */
  function shadow(host, lang) {
    var root = host.attachShadow({ mode: "open" });
    if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet(); /* not an inline <style>: fine under a strict host CSP */
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(el("style", {}, CSS));
    }
    var wrap = el("div", { lang: lang, class: "kh" });
    root.append(wrap);
    return wrap;
  }

  /* Two ARIA tabs (arrow keys move between them); returns their two panels. */
  function tabs(wrap, id, names) {
    var list = el("div", { role: "tablist", "aria-label": "Kokeiluhaku" });
    var pairs = names.map(function (name, i) {
      var tab = el("button", { type: "button", role: "tab", id: id + "-t" + i, "aria-controls": id + "-p" + i,
        "aria-selected": String(i === 0), tabindex: i === 0 ? "0" : "-1" }, name);
      var panel = el("section", { role: "tabpanel", id: id + "-p" + i, "aria-labelledby": id + "-t" + i });
      panel.hidden = i !== 0;
      return [tab, panel];
    });
    function select(tab) {
      pairs.forEach(function (pair) {
        var on = pair[0] === tab;
        pair[0].setAttribute("aria-selected", String(on));
        pair[0].tabIndex = on ? 0 : -1;
        pair[1].hidden = !on;
      });
      tab.focus();
    }
    pairs.forEach(function (pair, i) {
      pair[0].addEventListener("click", function () { select(pair[0]); });
      pair[0].addEventListener("keydown", function (e) {
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") { e.preventDefault(); select(pairs[1 - i][0]); }
      });
    });
    list.append.apply(list, pairs.map(function (pair) { return pair[0]; }));
    wrap.append.apply(wrap, [list].concat(pairs.map(function (pair) { return pair[1]; })));
    return pairs.map(function (pair) { return pair[1]; });
  }

  function mount(host) {
    if (host.shadowRoot) return;
    var id = "kh" + count++;
    var lang = (host.dataset.lang || document.documentElement.lang || "fi").slice(0, 2);
    var s = K.strings[lang] || K.strings.fi;
    var panels = tabs(shadow(host, lang), id, [s.search, s.ask]);
    searchPanel(panels[0], id, s, lang);
    askPanel(panels[1], id, s, lang);
  }

  function searchPanel(panel, id, s, lang) {
    var form = el("form", { role: "search", action: BASE + K.paths.home, method: "get" });
    var input = el("input", { id: id + "-q", name: "q", type: "search", autocomplete: "off", maxlength: "500" });
    var row = el("div", { class: "row" });
    row.append(input, el("button", { class: "go", type: "submit" }, s.button));
    form.append(el("label", { for: id + "-q" }, s.label), row);
    var status = el("p", { class: "s", role: "status" });
    var list = el("ol", { class: "results" });
    var more = el("p", { class: "s", hidden: "" });
    panel.append(form, status, list, more);
    var seq = 0, timer = 0;

    function run() {
      clearTimeout(timer);
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { list.replaceChildren(); status.textContent = ""; more.hidden = true; return; }
      fetch(BASE + K.paths.apiSearch + "?" + new URLSearchParams({ q: q, limit: "5", group: "1" }),
        { mode: "cors", credentials: "omit" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) {
          if (mine !== seq) return; /* stale */
          list.replaceChildren.apply(list, (data.groups || []).map(function (g) { return groupRow(g, s, lang); }));
          status.textContent = data.total ? s.results.replace("{n}", data.total) : s.none;
          var params = new URLSearchParams({ q: q });
          if (lang !== "fi") params.set("lang", lang);
          more.replaceChildren(link(BASE + K.paths.home + "?" + params, s.more + " →"));
          more.hidden = !data.total;
        })
        .catch(function (err) {
          if (mine !== seq) return;
          refused(err, K.paths.apiSearch);
          status.replaceChildren(err instanceof TypeError ? "" : s.error + " ",
            fallback(K.paths.home, { q: q }, lang, s.fallback));
          list.replaceChildren();
          more.hidden = true;
        });
    }
    if (id === "kh0") shortcut(input);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  }

  /* "/" focuses the first widget's box, unless the host page has a search box of its own. */
  function shortcut(input) {
    var outside = ":not([data-kokeiluhaku] *)";
    if (document.querySelector("input[type=search]" + outside + ",[role=search]" + outside)) return;
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var target = e.composedPath()[0];
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      e.preventDefault();
      input.focus();
    });
  }

  /* A failed fetch: a network-level refusal (CORS, the host's CSP, no route) is a TypeError and the
   * browser tells scripts nothing more, so the site owner is told here what to check. */
  function refused(err, path) {
    if (!(err instanceof TypeError)) return; /* an HTTP error (429, 503): the server answered */
    console.error("Kokeiluhaku widget: " + BASE + path + " could not be read from this page (" +
      window.location.origin + "). Add \"" + window.location.origin + "\" to CORS_ORIGINS in the " +
      "Kokeiluhaku server's config.yaml, and if this page sends a Content-Security-Policy, allow " +
      BASE + " in its script-src and connect-src. Visitors get a link to " + BASE + " meanwhile.");
  }

  /* What the visitor gets instead of results: the same question, on HOST's own page. */
  function fallback(path, params, lang, text) {
    var query = new URLSearchParams(params);
    if (lang !== "fi") query.set("lang", lang);
    var a = link(BASE + path + "?" + query, text + " →");
    a.classList.add("fb");
    return a;
  }

  /* One row of grouped results: the poster or section, its best passage's excerpt and citation. */
  /* A citation link in the widget's words ("kapitel 9", "Bilaga 1"), the source's own words marked
   * with the source's language (K.citationParts, links.js: the chat page reads them the same way). */
  function citeLink(url, citation, content, s, lang) {
    var a = link(url, "");
    var words = { chapter: s.citeChapter, appendix: s.citeAppendix, page: s.page };
    K.citationParts(citation, content, lang, words).forEach(function (p) {
      a.append(p.lang ? el("span", { lang: p.lang }, p.text) : p.text);
    });
    return a;
  }

  function groupRow(g, s, lang) {
    var r = g.hits[0], li = el("li");
    var title = link(g.url, g.title || "");
    title.setAttribute("lang", r.lang || "fi");
    title.classList.add("t");
    var x = el("p", { class: "x", lang: r.lang || "fi" });
    x.append(excerpt(r.excerpt_html));
    var c = el("p", { class: "c" });
    c.append(citeLink(r.url, r.citation || "", r.lang || "fi", s, lang));
    li.append(title, x, c);
    return li;
  }

  function askPanel(panel, id, s, lang) {
    var log = el("ol", { class: "log", "aria-live": "polite" });
    var form = el("form");
    var box = el("textarea", { id: id + "-m", rows: "2", maxlength: "1000" });
    var row = el("div", { class: "row" });
    row.append(box, el("button", { class: "go", type: "submit" }, s.send));
    form.append(el("label", { for: id + "-m" }, s.askLabel), row);
    panel.append(log, form);
    var history = [];
    box.addEventListener("keydown", function (e) { /* Enter sends, Shift+Enter breaks the line */
      if (e.key !== "Enter" || e.shiftKey || e.isComposing) return;
      e.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.dispatchEvent(new Event("submit", { cancelable: true }));
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var message = box.value.trim();
      if (!message) return;
      box.value = "";
      log.append(el("li", { class: "q" }, message));
      var answer = el("li", { class: "a" }, s.thinking);
      log.append(answer);
      fetch(BASE + K.paths.apiChat, { method: "POST", mode: "cors", credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: message, history: history.slice(-10) }) })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) { renderAnswer(answer, data, s, lang); history.push({ role: "user", content: message },
          { role: "assistant", content: String(data.answer || "") }); })
        .catch(function (err) {
          refused(err, K.paths.apiChat);
          answer.replaceChildren(fallback(K.paths.chat, { q: message }, lang, s.askFallback));
        });
    });
  }

  function renderAnswer(li, data, s, lang) {
    /* The lead alone: `answer` repeats every quote, and each quote is shown once, below. */
    var lead = typeof data.lead === "string" && data.lead ? data.lead : data.answer;
    var said = data.interpreted && typeof data.interpreted.lang === "string" && lead ? { lang: data.interpreted.lang } : {};
    li.replaceChildren(el("p", said, String(lead || (data.abstained ? s.abstained : ""))));
    if (data.abstained) li.classList.add("abst");
    var cites = Array.isArray(data.citations) ? data.citations : [];
    if (!cites.length) return;
    var ul = el("ul", { class: "src", "aria-label": s.sources });
    cites.forEach(function (c) {
      var item = el("li");
      if (c.citation) {
        item.append(citeLink(c.url, c.citation, c.lang || "fi", s, lang));
      } else {
        var label = [c.doc, c.section, c.page ? s.page + " " + c.page : ""].filter(Boolean).join(", ");
        item.append(link(c.url, label || String(c.url || "")));
      }
      if (c.text) item.append(el("div", { class: "x" }, String(c.text).slice(0, 300)));
      ul.append(item);
    });
    li.append(ul);
  }

  function start() {
    K = window.Kokeiluhaku;
    document.querySelectorAll("[data-kokeiluhaku]").forEach(mount);
  }
  /* links.js sits beside this file; /ui.js is the one path the widget must know before it has the others */
  var ready = Promise.all([load(new URL("links.js", script.src).href), load(BASE + "/ui.js")]);
  ready.then(function () {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }, function () { /* without HOST's helpers the no-script form stays: it still searches */ });
})();
