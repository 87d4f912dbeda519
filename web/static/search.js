/* Kokeiluhaku search page: suggestions as an ARIA combobox, live results, keyboard.
 *
 * Enhances the server-rendered page; without scripts the form is a plain GET.
 * Live results fetch the same page with ?fragment=results (one template for
 * both paths) and a sequence number drops responses that arrive out of order.
 * Suggestions come from /api/suggest as JSON and are written with textContent.
 * Nothing is stored in the browser: the state lives in the URL only. History:
 * the first live result after a settled one pushes an entry, later keystrokes
 * replace it, so Back returns to the previous query; the title follows.
 * A facet, "clear" or page link swaps the results in place and keeps focus
 * on the facet (or moves it to the results heading), announcing the count.
 */
(function () {
  "use strict";

  var printButton = document.querySelector("[data-print]");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });

  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  var region = document.getElementById("results-region");
  var status = document.getElementById("search-status");
  var SUGGEST_DELAY = 100;
  var RESULTS_DELAY = 180;
  var ANNOUNCE_DELAY = 900; /* screen readers hear the count once typing pauses, not every keystroke */
  var MIN_LIVE = 3; /* a live query shorter than this waits for more letters */
  var suggestSeq = 0, resultsSeq = 0, suggestTimer = 0, resultsTimer = 0, announceTimer = 0;
  var items = [], active = -1;

  /* -- state in the URL ------------------------------------------------------ */

  function stateParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim()) params.append(key, value.trim());
    });
    return params;
  }

  function pageUrl(params) {
    var qs = params.toString();
    return form.getAttribute("action") + (qs ? "?" + qs : "");
  }

  /* The filters the form sends along with the query follow the URL (a facet changes them). */
  function syncForm(url) {
    var params = new URL(url, window.location.href).searchParams;
    form.querySelectorAll("input[data-filter]").forEach(function (el) { el.remove(); });
    params.forEach(function (value, key) {
      if (/^(q|page|lang|fragment|live)$/.test(key)) return;
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = key;
      hidden.value = value;
      hidden.setAttribute("data-filter", "");
      form.append(hidden);
    });
  }

  /* -- the facets' disclosure on phones ---------------------------------------- */

  var narrow = window.Kokeiluhaku.narrow; /* fold.js: the phone width the panels fold at */

  function fitFacets(keepOpen) {
    var panel = region.querySelector(".facets-panel");
    if (panel) panel.open = !narrow.matches || keepOpen;
  }

  fitFacets(false);
  narrow.addEventListener("change", function () { fitFacets(false); });

  /* -- live results ---------------------------------------------------------- */

  function busy(on) {
    if (on) region.setAttribute("aria-busy", "true");
    else region.removeAttribute("aria-busy");
  }

  function here() { return window.location.pathname + window.location.search; }

  /* mode "live" (typing), "push" (a settled search), "facet" (a link followed) or "none" (Back/Forward:
   * history already moved). A live entry is replaced by the next keystroke or by the search it settles into. */
  function remember(url, mode) {
    if (mode === "none") return;
    var state = { live: mode === "live" };
    var typing = history.state && history.state.live;
    if (url === here() || (typing && mode !== "facet")) history.replaceState(state, "", url);
    else history.pushState(state, "", url);
  }

  /* Fetch `url`'s results part and swap it in; then(fresh) runs after the swap. On a phone the
   * facets stay open if they were (or `openFacets`: a facet was chosen), else they fold. */
  function load(url, mode, then, openFacets) {
    var seq = ++resultsSeq;
    var params = new URL(url, window.location.href).searchParams;
    params.set("fragment", "results");
    if (mode === "live") params.set("live", "1"); /* the last word is still being typed: match it as a prefix */
    var wasOpen = !!region.querySelector(".facets-panel[open]") && narrow.matches;
    busy(true);
    fetch(url.split("?")[0] + "?" + params, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
      .then(function (html) {
        if (seq !== resultsSeq) return; /* a newer search is under way */
        busy(false);
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
        if (!fresh) return;
        region.replaceChildren(document.adoptNode(fresh));
        fitFacets(wasOpen || !!openFacets);
        remember(url, mode);
        if (fresh.dataset.title) document.title = fresh.dataset.title;
        var count = region.querySelector(".results-count");
        clearTimeout(announceTimer);
        announceTimer = setTimeout(function () {
          status.textContent = count ? count.textContent.trim() : "";
        }, mode === "live" ? ANNOUNCE_DELAY : 0);
        if (then) then(fresh);
      })
      .catch(function () {
        if (seq !== resultsSeq) return;
        busy(false);
        if (mode !== "live") window.location.assign(url);
      });
  }

  function runSearch(push) {
    clearTimeout(resultsTimer);
    var q = input.value.trim();
    if (!push && q && q.length < MIN_LIVE) return; /* "nu" is not yet a word worth a search */
    load(pageUrl(stateParams()), push ? "push" : "live");
  }

  /* A facet, "clear filters" or page link: new results in place, focus where the person was. */
  function follow(link) {
    var url = link.getAttribute("href");
    var param = link.dataset.param, value = link.dataset.value;
    syncForm(url);
    var inFacets = !!link.closest(".facets");
    load(url, "facet", function (fresh) {
      var same = param && fresh.querySelector(".facet-value[data-param=\"" + CSS.escape(param) +
                                              "\"][data-value=\"" + CSS.escape(value) + "\"]");
      if (same) {
        var more = same.closest("details:not(.facets-panel)");
        if (more) more.open = true;
        same.focus();
      } else {
        var heading = fresh.querySelector("#results-title");
        if (heading) { heading.focus(); heading.scrollIntoView({ block: "start" }); }
      }
    }, inFacets);
  }

  region.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest(".facet-value, .facets .clear, .pagination a");
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    follow(link);
  });

  /* -- suggestions (combobox) ------------------------------------------------ */

  function closeList() {
    clearTimeout(suggestTimer);
    suggestSeq++; /* a response still on its way must not reopen the list */
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    items = [];
    active = -1;
  }

  function renderList(suggestions) {
    list.replaceChildren();
    items = suggestions;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!items.length) { closeList(); return; }
    items.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "q-sugg-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.kind = s.kind;
      var label = document.createElement("span");
      label.textContent = s.label;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = s.kind_label;
      li.append(label, kind);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    var seq = ++suggestSeq;
    if (q.length < 2) { closeList(); return; }
    var params = new URLSearchParams({ q: q, lang: document.documentElement.lang });
    fetch(input.dataset.suggest + "?" + params, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (seq !== suggestSeq || !data || input.value.trim() !== q) return;
        if (document.activeElement === input) renderList(data.suggestions || []);
      })
      .catch(function () { /* suggestions are optional */ });
  }

  function move(step) {
    if (!items.length) return;
    var options = list.querySelectorAll("[role=option]");
    if (active >= 0) options[active].setAttribute("aria-selected", "false");
    var n = items.length; /* position n (active -1) is the box itself */
    var pos = ((active < 0 ? n : active) + step + n + 1) % (n + 1);
    active = pos === n ? -1 : pos;
    if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
    options[active].setAttribute("aria-selected", "true");
    options[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  function choose(i) {
    var s = items[i];
    if (!s) return;
    closeList();
    if (s.kind === "term") {
      input.value = s.value;
      runSearch(true);
    } else if (window.Kokeiluhaku.safeUrl(s.url)) {  /* only our own pages (links.js) */
      window.location.assign(window.Kokeiluhaku.safeUrl(s.url));
    }
  }

  /* -- events ---------------------------------------------------------------- */

  input.addEventListener("input", function () {
    closeList(); /* suggestions for the previous letters are stale at once */
    clearTimeout(announceTimer);
    clearTimeout(resultsTimer);
    suggestTimer = setTimeout(fetchSuggestions, SUGGEST_DELAY);
    resultsTimer = setTimeout(function () { runSearch(false); }, RESULTS_DELAY);
  });

  input.addEventListener("keydown", function (e) {
    var open = !list.hidden;
    if (e.key === "ArrowDown" && open) { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp" && open) { e.preventDefault(); move(-1); }
    else if (e.key === "ArrowDown") {
      var first = region.querySelector(".hit-link");
      if (first) { e.preventDefault(); first.focus(); }
    } else if (e.key === "Enter" && open && active >= 0) { e.preventDefault(); choose(active); }
    else if (e.key === "Escape") { if (open) e.preventDefault(); closeList(); }
  });

  input.addEventListener("blur", function () { setTimeout(closeList, 0); });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    closeList();
    runSearch(true);
  });

  window.addEventListener("popstate", function () {
    var url = here();
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    closeList();
    syncForm(url);
    load(url, "none");
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
    var slash = e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey;
    var ctrlK = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k" && t.tagName !== "TEXTAREA";
    if (slash || ctrlK) {
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (t.classList && t.classList.contains("hit-link") && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      var links = Array.prototype.slice.call(region.querySelectorAll(".hit-link"));
      var i = links.indexOf(t);
      e.preventDefault();
      if (e.key === "ArrowDown" && i < links.length - 1) links[i + 1].focus();
      else if (e.key === "ArrowUp") (i > 0 ? links[i - 1] : input).focus();
    }
  });
})();
