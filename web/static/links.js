/* Kokeiluhaku's one rule for links that come from the server's JSON, and its one reading of
 * the citations in it (K.citationParts, for the chat page and the widget alike).
 *
 * Loaded before the other scripts: base.html loads it on every page, and
 * embed.js loads it from the Kokeiluhaku host. A citation, suggestion or
 * poster URL is followed only if it stays on Kokeiluhaku's own origin; a
 * javascript:, data: or foreign link (also "//elsewhere" or "/\elsewhere",
 * which browsers read as another host) is dropped.
 */
(function () {
  "use strict";
  var K = window.Kokeiluhaku = window.Kokeiluhaku || {};

  /* `url` if it resolves to `origin` (default: this page's), else null. With an
   * origin given (the widget on a host page) the answer is absolute; on our own
   * pages it is the path, query and fragment, as the server wrote them. */
  K.safeUrl = function (url, origin) {
    if (typeof url !== "string" || !url) return null;
    var own = origin || window.location.origin;
    var u;
    try { u = new URL(url, own); } catch (e) { return null; }
    if (u.origin !== own || (u.protocol !== "https:" && u.protocol !== "http:")) return null;
    return origin ? u.href : u.pathname + u.search + u.hash;
  };

  /* A citation as the search layer writes it: "<doc>, [luku <no> ][Liite <n> ]<title>[, s. <page>]"
   * (the pattern of web/i18n.py's CITATION, which renders the server's pages the same way), as parts
   * in the UI's words ("kapitel 4.2", "Bilaga 1", "p. 3"): [{text, lang}], where `lang` is set on the
   * document's own words when they are not in the UI's language. `words`: {chapter, appendix, page}. */
  var CITATION = /^([^,]+)(?:, (?:luku (\S+) ?)?(?:Liite (\d+) )?(.*?))??(?:, s\. (\d+))?$/;
  K.citationParts = function (citation, content, ui, words) {
    var own = function (text) { return { text: text, lang: ui === content ? null : content }; };
    var m = ui !== content && words && words.chapter ? CITATION.exec(citation) : null;
    if (!m) return [own(citation)];
    var out = [own(m[1])];
    if (m[2] || m[4]) {
      var parts = [];
      if (m[2]) parts.push({ text: words.chapter.replace("{n}", m[2]) });
      if (m[3]) parts.push({ text: words.appendix.replace("{n}", m[3]) });
      if (m[4]) parts.push(own(m[4]));
      out.push({ text: ", " });
      parts.forEach(function (part, i) { out.push(part); if (i < parts.length - 1) out.push({ text: " " }); });
    }
    if (m[5]) out.push({ text: ", " + words.page + " " + m[5] });
    return out;
  };
})();
