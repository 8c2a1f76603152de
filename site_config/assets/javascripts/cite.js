/* "Citeer deze pagina": the full address and today's date, filled in by the browser. */
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
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(fill); else fill();
})();
