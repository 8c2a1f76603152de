/* Kennisbank Gemengde Wijk: small additions on every page.
 * - "Citeer deze pagina": the full address and today's date, filled in by the browser.
 * - Material's search dialog gets an accessible name. */
(function () {
  "use strict";
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december"];
  function fill() {
    var now = new Date();
    document.querySelectorAll(".kb-cite__date").forEach(function (n) {
      n.textContent = now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    });
    document.querySelectorAll(".kb-cite__url").forEach(function (n) {
      n.textContent = window.location.origin + window.location.pathname;
    });
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Zoeken in de kennisbank");
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(fill); else fill();
})();
