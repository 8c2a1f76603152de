/* Kennisbank Gemengde Wijk: instrument finder on the static JSON export.
 * Filters for instruments and practices; each count shows how many items remain when
 * that value is added (other filters applied); the state lives in the URL. */
(function () {
  "use strict";
  // This page's script comes before the site's scripts (kb.js): start when they are there.
  if (window.KB) page(); else document.addEventListener("DOMContentLoaded", page);

  function page() {
    var root = document.getElementById("kb-finder");
    if (!root || !window.KB) return;
    var KB = window.KB, el = KB.el;
    var form = document.getElementById("kb-finder-filters");
    var list = document.getElementById("kb-finder-results");
    var status = document.getElementById("kb-finder-status");
    var filterCount = KB.foldFilters(document.getElementById("kb-filters-toggle"), form);
    // URL parameter (published addresses keep them) -> the facet it filters on, in the order shown
    var FACETS = [
      ["soort", "type"], ["domein", "domain"], ["perspectief", "perspective"], ["doelgroep", "target_group"],
      ["stad", "city"], ["belemmering", "barrier"], ["bewijs", "evidence_level"], ["juridisch", "legal_status"],
      ["status", "status"], ["uitkomst", "outcome"]
    ];
    var items = [];
    var labels = {};

    function prepare(data) {
      var d = data.result;
      labels = { soort: { instrument: KB.typeLabel("instrument"), praktijk: KB.typeLabel("practice") },
                 stad: {}, belemmering: {} };
      FACETS.forEach(function (f) { if (!labels[f[0]]) labels[f[0]] = KB.vocab(f[1]); });
      d.cities.forEach(function (c) { labels.stad[c.id] = c.name; });
      d.barriers.forEach(function (b) { labels.belemmering[b.id] = b.name; });
      var cityName = labels.stad;
      d.instruments.forEach(function (i) {
        items.push({ name: i.name, url: i.url, summary: i.summary, kind: "instrument",
          meta: i.cities.map(function (c) { return cityName[c]; }).join(", "),
          f: { soort: ["instrument"], domein: [i.domain], perspectief: i.perspectives, doelgroep: i.target_groups,
               stad: i.cities, belemmering: i.barriers, bewijs: [i.evidence_level], juridisch: [i.legal_status], status: [],
               uitkomst: i.outcomes || [] } });
      });
      d.practices.forEach(function (p) {
        items.push({ name: p.name, url: p.url, summary: p.summary, kind: "practice",
          meta: cityName[p.city] + " · " + labels.status[p.status],
          f: { soort: ["praktijk"], domein: [p.domain], perspectief: p.perspectives, doelgroep: p.target_groups,
               stad: [p.city], belemmering: p.barriers, bewijs: [p.evidence_level], juridisch: [p.legal_status],
               status: [p.status], uitkomst: p.outcomes || [] } });
      });
    }

    function chosen() {
      var params = KB.params();
      var out = {};
      FACETS.forEach(function (f) { out[f[0]] = params.getAll(f[0]); });
      return out;
    }

    function matches(item, state, skip) {
      return FACETS.every(function (f) {
        var name = f[0];
        if (name === skip || !state[name].length) return true;
        return state[name].some(function (v) { return item.f[name].indexOf(v) >= 0; });
      });
    }

    function render() {
      var state = chosen();
      var shown = items.filter(function (it) { return matches(it, state, null); });
      // filters, with counts computed with all other filters applied
      var groups = [];
      FACETS.forEach(function (f) {
        var name = f[0];
        var counts = {};
        items.filter(function (it) { return matches(it, state, name); }).forEach(function (it) {
          it.f[name].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        var values = Object.keys(labels[name]).filter(function (v) { return counts[v] || state[name].indexOf(v) >= 0; });
        if (!values.length) return;
        groups.push({ name: name, title: KB.facetTitle(f[1]), values: values.map(function (v) {
          return { value: v, label: labels[name][v], count: counts[v] || 0 };
        }) });
      });
      KB.facets(form, groups, { prefix: "kb-k-", onChange: render, counter: filterCount });
      list.textContent = "";
      shown.forEach(function (it) {
        var li = el("li", { "class": "kb-result" });
        var h = el("h2", { "class": "kb-result__title" });
        h.appendChild(el("a", { href: KB.href(it.url) }, it.name));
        li.appendChild(h);
        li.appendChild(el("span", { "class": "kb-result__type" }, KB.typeLabel(it.kind)));
        if (it.meta) li.appendChild(el("span", { "class": "kb-result__meta" }, " · " + it.meta));
        li.appendChild(el("p", { "class": "kb-result__snippet" }, it.summary));
        list.appendChild(li);
      });
      var ni = shown.filter(function (it) { return it.kind === "instrument"; }).length;
      status.textContent = KB.countOf(ni, "instrument") + " en " + KB.countOf(shown.length - ni, "practice");
    }

    document.getElementById("kb-finder-reset").addEventListener("click", function () {
      KB.setParams(new URLSearchParams());
      render();
    });

    fetch(root.getAttribute("data-src"))
      .then(function (res) { return res.json(); })
      .then(function (data) { prepare(data); render(); })
      .catch(function () { status.textContent = "De gegevens konden niet worden geladen."; });
  }
})();
