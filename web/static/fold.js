/* Folds the filter and contents panels on narrow screens while the page is parsed, before its
 * first paint, so it does not jump when search.js and reader.js start (Lighthouse measured a
 * layout shift of 0.4 on phones). Without JavaScript they stay open, as the HTML has them. */
(function () {
  "use strict";
  if (!window.matchMedia) return;
  /* The phone width at which the panels fold: search.js and reader.js read it from here. */
  var narrow = (window.Kokeiluhaku = window.Kokeiluhaku || {}).narrow = window.matchMedia("(max-width: 48rem)");
  if (!narrow.matches || !window.MutationObserver) return;
  var PANELS = ".facets-panel, .toc-panel";
  var watch = new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) {
        if (n.nodeType === 1 && n.matches(PANELS)) n.open = false;
      });
    });
  });
  watch.observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", function () { watch.disconnect(); });
})();
