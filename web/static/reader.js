/* Kokeiluhaku document reader: finds a cited passage's part, folds the contents on phones.
 *
 * The reader shows one part of a document at a time (web/reader.py). Pages link to
 * passages with ?kohta=<id>#<id>, which the server resolves; a bare #<id> (from
 * the API, the widget or an old bookmark) that is not on this part is sent to
 * ?kohta=<id> once, so the server opens the part that holds it.
 */
(function () {
  "use strict";

  function findPart() {
    var id;
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return false; }
    var params = new URLSearchParams(window.location.search);
    if (!id || document.getElementById(id) || params.get("kohta") === id) return false;
    params.delete("luku");
    params.set("kohta", id);
    window.location.replace(window.location.pathname + "?" + params + window.location.hash);
    return true;
  }

  if (findPart()) return;
  window.addEventListener("hashchange", findPart);

  var panel = document.querySelector(".toc-panel");
  var narrow = window.Kokeiluhaku.narrow; /* fold.js: the phone width the panels fold at */
  function fit() { if (panel) panel.open = !narrow.matches; }
  fit();
  narrow.addEventListener("change", fit);
})();
