/* Kennisbank Gemengde Wijk: the evidence-and-gap map (/bewijskaart/).
 * Without this script the map is complete: every cell is a <details> that opens in place.
 * With it:
 * - a cell opens its studies in one dialog (a table cell that grows would push the map apart);
 * - filters: a minimum design (each cell carries its count and direction per design in
 *   data-levels, computed by the generator) and one outcome; the state is kept in the address
 *   (?opzet=…&uitkomst=…) so a filtered map can be shared.
 * No HTML is built from strings: the dialog gets clones of the page's own nodes. */
(function () {
  "use strict";
  var SYMBOL = { "positief": "▲", "geen-effect": "●", "negatief": "▼", "gemengd": "◆" };
  var LABEL = { "positief": "positief", "geen-effect": "geen effect", "negatief": "negatief",
                "gemengd": "gemengd", "onbekend": "onbekend" };

  function start() {
    var map = document.getElementById("kb-map");
    var form = document.getElementById("kb-map-filter");
    if (!map || !form || map.getAttribute("data-kb-ready")) return;
    map.setAttribute("data-kb-ready", "1");
    var design = document.getElementById("kb-map-opzet");
    var outcome = document.getElementById("kb-map-uitkomst");
    var status = form.querySelector(".kb-map-filter__status");
    var designs = Array.prototype.map.call(design.options, function (o) { return o.value; });
    var dialog = makeDialog();
    form.hidden = false;

    var params = new URLSearchParams(window.location.search);
    if (designs.indexOf(params.get("opzet")) >= 0) design.value = params.get("opzet");
    if (params.get("uitkomst") && outcome.querySelector('option[value="' + CSS.escape(params.get("uitkomst")) + '"]')) {
      outcome.value = params.get("uitkomst");
    }

    map.querySelectorAll("details.kb-map__details > summary").forEach(function (summary) {
      summary.addEventListener("click", function (event) {
        event.preventDefault();
        open(summary.parentNode, summary);
      });
    });

    function rank(key) { return designs.indexOf(key); }

    function apply() {
      var min = design.value, only = outcome.value, filled = 0, shown = 0;
      map.querySelectorAll("[data-outcome]").forEach(function (cell) {
        cell.hidden = !!only && cell.getAttribute("data-outcome") !== only;
      });
      map.querySelectorAll("details.kb-map__details").forEach(function (d) {
        var cell = d.parentNode;
        if (cell.hidden) return;
        shown += 1;
        var level = JSON.parse(d.getAttribute("data-levels")).filter(function (l) { return l.design === min; })[0];
        var n = level ? level.n : 0;
        var mark = d.querySelector(".kb-mark"), count = d.querySelector(".kb-map__n");
        var said = d.querySelector(".kb-map__said");
        if (!d.hasAttribute("data-said")) d.setAttribute("data-said", said.firstChild.textContent);
        cell.classList.toggle("kb-map__cell--gefilterd", n === 0);
        if (n === 0) {
          said.firstChild.textContent = "geen onderzoek met deze opzet";
          return;
        }
        filled += 1;
        var dir = level.direction;
        mark.className = "kb-mark kb-mark--" + dir + " kb-mark--s" + Math.min(n, 3);
        mark.textContent = SYMBOL[dir] || "?";
        count.textContent = String(n);
        said.firstChild.textContent = d.getAttribute("data-said")
          .replace(/^\d+ onderzoeken?, [^,]+/, n + (n === 1 ? " onderzoek, " : " onderzoeken, ") + LABEL[dir]);
      });
      var designLabel = design.options[design.selectedIndex].text.toLowerCase();
      status.textContent = filled + " vakken met onderzoek" + (design.selectedIndex < designs.length - 1 ?
        " van opzet " + designLabel + " of sterker" : "") + (only ? ", uitkomst " + outcome.options[outcome.selectedIndex].text.toLowerCase() : "") + ".";
      var query = new URLSearchParams();
      if (min !== designs[designs.length - 1]) query.set("opzet", min);
      if (only) query.set("uitkomst", only);
      var address = window.location.pathname + (query.toString() ? "?" + query.toString() : "") + window.location.hash;
      window.history.replaceState(null, "", address);
      return shown;
    }

    function open(details, summary) {
      var min = design.value;
      var body = dialog.querySelector(".kb-map-dialog__body");
      while (body.firstChild) body.removeChild(body.firstChild);
      dialog.querySelector("h2").textContent = details.getAttribute("data-outcome-label") + " bij " +
        details.getAttribute("data-instrument");
      details.querySelectorAll(".kb-map__study").forEach(function (study) {
        if (rank(study.getAttribute("data-design")) <= rank(min)) body.appendChild(study.cloneNode(true));
      });
      if (!body.firstChild) {
        body.appendChild(KB.el("p", {}, "Geen onderzoek met deze opzet of sterker. Kies een lagere opzet om alle onderzoeken te zien."));
      }
      dialog.kbReturn = summary;
      dialog.showModal();
    }

    design.addEventListener("change", apply);
    outcome.addEventListener("change", apply);
    apply();
  }

  function makeDialog() {
    var el = KB.el;
    var dialog = el("dialog", { "class": "kb-map-dialog", "aria-labelledby": "kb-map-dialog-titel" });
    var head = el("div", { "class": "kb-map-dialog__head" });
    head.appendChild(el("h2", { id: "kb-map-dialog-titel" }, ""));
    var close = el("button", { type: "button", "class": "kb-map-dialog__close" }, "Sluiten");
    head.appendChild(close);
    dialog.appendChild(head);
    dialog.appendChild(el("div", { "class": "kb-map-dialog__body" }));
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () { if (dialog.kbReturn) dialog.kbReturn.focus(); });
    document.body.appendChild(dialog);
    return dialog;
  }

  if (window.KB) start(); else document.addEventListener("DOMContentLoaded", start);  // kb.js comes after this script
}());
