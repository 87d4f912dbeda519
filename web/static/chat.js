/* Kokeiluhaku chat page: POST /api/chat with the conversation so far, show the
 * quotes with their citation links, how the question was read, and a
 * "not helpful" button per citation (POST /api/feedback, stored locally).
 * Everything from the server is inserted as text (textContent), never as HTML.
 * Without JavaScript the form still works: GET /keskustelu?q=… answers on the server. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var S = JSON.parse(root.getAttribute("data-strings") || "{}");
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-message");
  var clear = document.getElementById("chat-clear");
  var history = [];
  // A question answered on the server (?q=, no JavaScript needed) starts the conversation.
  log.querySelectorAll("[data-question]").forEach(function (n) {
    history.push({ role: "user", content: n.getAttribute("data-question") });
  });
  var LABELS = Array.isArray(S.labels) ? S.labels : [];  // [[key, label], …] in display order
  var VALUES = S.values || {};  // {key: {value: words of the UI language}}
  var CONTENT = Array.isArray(S.content_keys) ? S.content_keys : [];  // keys whose values are not UI words
  var CITE_WORDS = S.cite || {};
  function readable(key, value) {
    var names = VALUES[key] || {};
    var one = function (v) { return Object.prototype.hasOwnProperty.call(names, v) ? names[v] : v; };
    return Array.isArray(value) ? value.map(one).join(", ") : one(value);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* The citation's words in the UI language ("kapitel 4.2", "Bilaga 1"), the document's own marked
   * (the reading is links.js's, shared with the widget). */
  function citationNodes(citation, content) {
    var parts = window.Kokeiluhaku.citationParts(citation, content, document.documentElement.lang, CITE_WORDS);
    return parts.map(function (p) { return p.lang ? el("span", { lang: p.lang }, p.text) : p.text; });
  }

  function safeUrl(url) {
    // Only our own site: a citation URL is never a javascript: or foreign link (the rule: links.js).
    return window.Kokeiluhaku.safeUrl(url) || "#";
  }

  function sendFeedback(question, reply, cite, button) {
    button.disabled = true;
    fetch("/api/feedback", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ helpful: false, question: question, answer: String(reply.answer || ""),
                             citation: cite, interpreted: reply.interpreted || {} })
    }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      button.replaceWith(el("span", { class: "meta", role: "status" }, S.thanks));
    }).catch(function () { button.disabled = false; });
  }

  function renderQuotes(question, reply) {
    var list = el("ol", { class: "hits chat-quotes", "aria-label": S.sources });
    reply.citations.forEach(function (c) {
      var item = el("li", { class: "hit" });
      item.append(el("blockquote", { class: "excerpt", lang: c.lang || "fi" }, c.text));
      var meta = el("p", { class: "citation" });
      var cite = el("a", { href: safeUrl(c.url) });
      cite.append.apply(cite, citationNodes(c.citation || [c.doc, c.section].join(", "), c.lang || "fi"));
      meta.append(cite);
      meta.append(" ");
      var vote = el("button", { type: "button", class: "link-button" }, S.not_helpful);
      vote.addEventListener("click", function () { sendFeedback(question, reply, c, vote); });
      meta.append(vote);
      item.append(meta);
      list.append(item);
    });
    return list;
  }

  function renderInterpreted(reading) {
    var details = el("details", { class: "interpreted" });
    details.append(el("summary", {}, S.interpreted));
    var dl = el("dl");
    LABELS.forEach(function (pair) {
      var value = reading[pair[0]];
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
      var own = CONTENT.indexOf(pair[0]) >= 0 && reading.lang;  /* the question's or the corpus's words */
      dl.append(el("dt", {}, pair[1]), el("dd", own ? { lang: reading.lang } : {}, readable(pair[0], value)));
    });
    details.append(dl);
    return details;
  }

  function renderReply(target, question, reply) {
    var box = el("div", { class: "chat-answer" + (reply.abstained ? " abstained" : "") });
    var reading = reply.interpreted || {};
    box.append(el("p", reading.lang ? { class: "lead", lang: reading.lang } : { class: "lead" },
                  reply.lead || reply.answer || ""));
    if (Array.isArray(reply.citations) && reply.citations.length) box.append(renderQuotes(question, reply));
    if (Array.isArray(reply.nearest) && reply.nearest.length) {
      box.append(el("p", { class: "meta" }, S.nearest + ":"));
      var ul = el("ul", { class: "chat-nearest" });
      reply.nearest.forEach(function (n) {
        var li = el("li");
        li.append(el("a", { href: safeUrl(n.url) }, n.citation || n.title));
        ul.append(li);
      });
      box.append(ul);
    }
    box.append(renderInterpreted(reply.interpreted || {}));
    target.replaceChildren(box);
  }

  function ask(question) {
    var q = el("li", { class: "hit chat-q" });
    var p = el("p");
    p.append(el("strong", {}, S.you + ":"), " " + question);
    q.append(p);
    var a = el("li", { class: "hit chat-a" }, S.thinking);
    log.append(q, a);
    var sent = history.slice(-10);
    fetch("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" },
                         body: JSON.stringify({ message: question, history: sent }) })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (reply) {
        renderReply(a, question, reply);
        history.push({ role: "user", content: question }, { role: "assistant", content: String(reply.answer || "") });
        clear.hidden = false;
      })
      .catch(function () { a.textContent = S.error; });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    input.value = "";
    ask(question);
  });
  clear.addEventListener("click", function () {
    history = [];
    log.replaceChildren();
    clear.hidden = true;
    input.focus();
  });
})();
