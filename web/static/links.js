/* Kokeiluhaku's one rule for links that come from the server's JSON.
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
})();
