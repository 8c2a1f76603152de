/* Kennisbank Gemengde Wijk: compare two or three instruments side by side.
 * Reads the static JSON export; the choice lives in the URL (?i=a&i=b&i=c; an instrument page's
 * "Vergelijk met…" link preselects it). On a narrow screen kennisbank.css shows each row as a card
 * (the feature, then each instrument's value under its name: data-kb-naam), so no word breaks;
 * "Op deze pagina" above the table links to each feature. */
(function () {
  "use strict";
  // This page's script comes before the site's scripts (kb.js): start when they are there.
  if (window.KB) page(); else document.addEventListener("DOMContentLoaded", page);

  function page() {
    var root = document.getElementById("kb-compare");
    if (!root || !window.KB) return;
    var KB = window.KB, el = KB.el;
    var selects = [1, 2, 3].map(function (n) { return document.getElementById("kb-compare-" + n); });
    var table = document.getElementById("kb-compare-table");
    var status = document.getElementById("kb-compare-status");
    var contents = document.getElementById("kb-compare-toc");
    var data = null;

    function siteLink(url, text) {
      return el("a", { href: KB.href(url) }, text);
    }
    function list(values) {
      var ul = el("ul");
      values.forEach(function (v) { var li = el("li"); if (v.nodeType) li.appendChild(v); else li.textContent = v; ul.appendChild(li); });
      return ul;
    }

    // A point of a list: its text, and the label of the knowledge base's own advice (basis "redactie").
    function point(p) {
      if (p.basis !== "redactie") return p.text;
      var span = el("span", {}, p.text + " ");
      span.appendChild(el("span", { "class": "kb-basis" }, KB.vocab("basis").redactie));
      return span;
    }

    // Cost and effort as a source gives them: the band, or "onbekend" with the source's own words if any.
    function cost(i) {
      var band = KB.vocab("band");
      var d = el("div");
      if (i.cost === "onbekend" && i.effort === "onbekend") {
        d.appendChild(el("strong", {}, "Onbekend. "));
        d.appendChild(document.createTextNode(i.cost_note
          ? "Geen bron noemt een niveau; wel zegt een bron: "
          : "Geen bron in de kennisbank noemt de kosten of de inspanning."));
      } else {
        d.appendChild(el("strong", {}, "Kosten: " + band[i.cost] + ". Inspanning: " + band[i.effort] + ". "));
      }
      if (i.cost_note) d.appendChild(document.createTextNode(i.cost_note + " "));
      if (i.cost_sources.length) d.appendChild(el("em", {}, "Bron: " + i.cost_sources.join("; ") + "."));
      return d;
    }

    function render() {
      var ids = KB.params().getAll("i").slice(0, 3);
      selects.forEach(function (s, n) { s.value = ids[n] || ""; });
      var byId = {};
      data.instruments.forEach(function (i) { byId[i.id] = i; });
      var picked = ids.map(function (id) { return byId[id]; }).filter(Boolean);
      table.textContent = "";
      contents.textContent = "";
      contents.hidden = true;
      if (picked.length < 2) {
        status.textContent = "Kies minstens twee instrumenten om ze te vergelijken.";
        return;
      }
      status.textContent = "U vergelijkt " + picked.map(function (i) { return i.name; }).join(", ") + ".";
      var cityNames = {}, barrierNames = {}, cityUrls = {}, barrierUrls = {};
      data.cities.forEach(function (c) { cityNames[c.id] = c.name; cityUrls[c.id] = c.url; });
      data.barriers.forEach(function (b) { barrierNames[b.id] = b.name; barrierUrls[b.id] = b.url; });
      var tg = KB.vocab("target_group"), actor = KB.vocab("actor_type"), legal = KB.vocab("legal_status"),
          ev = KB.vocab("evidence_level"), dom = KB.vocab("domain");
      var rows = [
        ["Wat is het?", function (i) { return document.createTextNode(i.summary); }],
        [KB.facetTitle("domain"), function (i) { return document.createTextNode(dom[i.domain]); }],
        ["Doel", function (i) { return document.createTextNode(i.aim); }],
        [KB.facetTitle("target_group"), function (i) { return list(i.target_groups.map(function (t) { return tg[t]; })); }],
        ["Partijen", function (i) { return list(i.actors.map(function (a) { return actor[a.type] + ": " + a.role; })); }],
        ["Juridische basis", function (i) { var d = el("div"); d.appendChild(el("strong", {}, legal[i.legal_status] + ". ")); d.appendChild(document.createTextNode(i.legal_basis)); return d; }],
        [KB.facetTitle("evidence_level"), function (i) { var d = el("div"); d.appendChild(el("strong", {}, ev[i.evidence_level] + ". ")); d.appendChild(document.createTextNode(i.evidence)); return d; }],
        [KB.pluralLabel("city"), function (i) { return i.cities.length ? list(i.cities.map(function (c) { return siteLink(cityUrls[c], cityNames[c]); })) : document.createTextNode("—"); }],
        [KB.pluralLabel("barrier"), function (i) { return i.barriers.length ? list(i.barriers.map(function (b) { return siteLink(barrierUrls[b], barrierNames[b]); })) : document.createTextNode("—"); }],
        ["Kosten en inspanning", cost],
        ["Risico's", function (i) { return list(i.risks.map(point)); }]
      ];
      // explicit roles: the narrow layout shows the cells as blocks, a table for screen readers all the same
      var t = el("table", { role: "table" });
      t.appendChild(el("caption", { "class": "kb-sr" }, "Vergelijking van instrumenten"));
      var thead = el("thead", { role: "rowgroup" }), hr = el("tr", { role: "row" });
      hr.appendChild(el("th", { scope: "col", role: "columnheader" }, "Kenmerk"));
      picked.forEach(function (i) {
        var th = el("th", { scope: "col", role: "columnheader" });
        th.appendChild(siteLink(i.url, i.name));
        hr.appendChild(th);
      });
      thead.appendChild(hr);
      t.appendChild(thead);
      var tbody = el("tbody", { role: "rowgroup" });
      var toc = el("ul");
      rows.forEach(function (row, n) {
        var id = "kenmerk-" + (n + 1);
        var tr = el("tr", { role: "row" });
        tr.appendChild(el("th", { scope: "row", role: "rowheader", id: id }, row[0]));
        picked.forEach(function (i) {
          var td = el("td", { role: "cell", "data-kb-naam": i.name });
          td.appendChild(row[1](i));
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
        var li = el("li");
        li.appendChild(el("a", { href: "#" + id }, row[0]));
        toc.appendChild(li);
      });
      t.appendChild(tbody);
      table.appendChild(t);
      contents.appendChild(el("summary", {}, "Op deze pagina"));
      contents.appendChild(toc);
      contents.hidden = false;
    }

    function onChange() {
      var params = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) params.append("i", s.value); });
      KB.setParams(params);
      render();
    }

    fetch(root.getAttribute("data-src"))
      .then(function (res) { return res.json(); })
      .then(function (json) {
        data = json.result;
        var sorted = data.instruments.slice().sort(function (a, b) { return a.name.localeCompare(b.name, "nl"); });
        selects.forEach(function (s) {
          sorted.forEach(function (i) { s.appendChild(el("option", { value: i.id }, i.name)); });
          s.addEventListener("change", onChange);
        });
        render();
      })
      .catch(function () { status.textContent = "De gegevens konden niet worden geladen."; });
  }
})();
