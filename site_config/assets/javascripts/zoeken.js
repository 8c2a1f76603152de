/* Kennisbank Gemengde Wijk: the search page (/zoeken/) on the site's own static search
 * (zoekmachine.js). Results as you type, facet filters with counts, query and filters kept
 * in the URL, highlighted snippets; when nothing matches: "bedoelde je …" and the nearest
 * pages. Works on any plain static host: no search server is needed. */
(function () {
  "use strict";
  // This page's script comes before the site's scripts (kb.js, zoekmachine.js): start when they are there.
  if (window.KB && window.KBZoek) page(); else document.addEventListener("DOMContentLoaded", page);

  function page() {
    var form = document.getElementById("kb-search");
    if (!form || !window.KB || !window.KBZoek) return;
    var KB = window.KB, Z = window.KBZoek, el = KB.el;
    var input = document.getElementById("kb-q");
    var status = document.getElementById("kb-status");
    var facetsBox = document.getElementById("kb-facets");
    var list = document.getElementById("kb-results");
    var hint = document.getElementById("kb-suggest");
    var filterCount = KB.foldFilters(document.getElementById("kb-filters-toggle"), facetsBox);
    // the filters in the order shown; their headings and values' labels come with the site (labels.js, the index)
    var FACETS = ["type", "domain", "perspective", "city", "status", "barrier", "target_group", "evidence_level", "outcome"];
    var MAX_FACET_VALUES = 15;
    var PAGE = 10;  // results per step: each shown result costs a small download
    var more = document.getElementById("kb-more");
    var shown = 0;
    var current = null;
    var QUERY_PARAM = "zoek";
    var timer = null;
    var seq = 0;

    function renderFacets(facets, labels, params) {
      var groups = [];
      FACETS.forEach(function (name) {
        var counts = facets[name] || [];
        var chosen = params.getAll(name);
        var values = counts.slice(0, MAX_FACET_VALUES);
        counts.slice(MAX_FACET_VALUES).forEach(function (c) { if (chosen.indexOf(c[0]) >= 0) values.push(c); });
        if (!values.length && !chosen.length) return;
        groups.push({ name: name, title: KB.facetTitle(name), values: values.map(function (c) {
          return { value: c[0], label: (labels[name] || {})[c[0]] || c[0], count: c[1] };
        }) });
      });
      KB.facets(facetsBox, groups, { prefix: "kb-f-", onChange: run, counter: filterCount });
    }

    function renderHits(target, hits, labels, append) {
      if (!append) target.textContent = "";
      hits.forEach(function (r) {
        var li = el("li", { "class": "kb-result" });
        var h = el("h2", { "class": "kb-result__title" });
        h.appendChild(el("a", { href: KB.href(r.url) }, r.title));
        li.appendChild(h);
        li.appendChild(el("span", { "class": "kb-result__type" }, (labels.type || {})[r.type] || r.type));
        var p = el("p", { "class": "kb-result__snippet" });
        if (r.snippet) p.appendChild(KB.marked(r.snippet)); else p.textContent = r.summary;
        li.appendChild(p);
        target.appendChild(li);
      });
    }

    function renderSuggestion(data, query) {
      hint.textContent = "";
      hint.hidden = true;
      if (data.total || !query) return;
      hint.hidden = false;
      if (data.suggestion) {
        var p = el("p", { "class": "kb-suggest__did-you-mean" }, "Bedoelde je ");
        var params = KB.params();
        params.set(QUERY_PARAM, data.suggestion);
        var a = el("a", { href: "?" + params.toString() }, data.suggestion);
        a.addEventListener("click", function (e) {
          e.preventDefault();
          input.value = data.suggestion;
          KB.setParams(params);
          run();
        });
        p.appendChild(a);
        p.appendChild(document.createTextNode("?"));
        hint.appendChild(p);
      }
      if (data.nearest.length) {
        hint.appendChild(el("h2", { "class": "kb-suggest__title" },
          data.suggestion ? "Dit vind je met \u201c" + data.suggestion + "\u201d" : "Misschien zoek je een van deze instrumenten"));
        var ol = el("ol", { "class": "kb-search__results" });
        hint.appendChild(ol);
        return ol;
      }
    }

    function run() {
      var params = KB.params();
      var query = params.get(QUERY_PARAM) || "";
      var filters = {};
      FACETS.forEach(function (name) { var v = params.getAll(name); if (v.length) filters[name] = v; });
      var mine = ++seq;
      if (!query.trim() && !Object.keys(filters).length) {
        status.textContent = "Typ om te zoeken, of kies een filter.";
      }
      var asked = query.trim() || Object.keys(filters).length;
      Promise.all([Z.search(query, { filters: filters, limit: asked ? PAGE : 0 }), Z.labels()])
        .then(function (r) {
          if (mine !== seq) return;
          var data = r[0], labels = r[1];
          renderFacets(data.facets, labels, params);
          renderHits(list, data.hits, labels);
          var near = renderSuggestion(data, query);
          if (near) renderHits(near, data.nearest, labels);
          if (!asked) list.textContent = "";
          // "Meer resultaten" goes on from here with the same question and filters
          current = asked ? { query: query, filters: filters, total: data.total, labels: labels } : null;
          shown = asked ? data.hits.length : 0;
          more.hidden = !current || shown >= current.total;
          status.textContent = query || Object.keys(filters).length
            ? KB.count(data.total, "resultaat", "resultaten") + (query ? " voor \u201c" + query + "\u201d" : "")
            : "Typ om te zoeken, of kies een filter.";
        })
        .catch(function () {
          if (mine === seq) more.hidden = true;
          if (mine === seq) status.textContent = "De zoekindex kon niet worden geladen. Ververs de pagina of probeer het later opnieuw.";
        });
    }

    function fromInput() {
      var p = KB.params();
      if (input.value) p.set(QUERY_PARAM, input.value); else p.delete(QUERY_PARAM);
      KB.setParams(p);
      run();
    }

    var loadingMore = false;  // one step at a time: a second click while it loads adds nothing twice
    more.addEventListener("click", function () {
      if (!current || loadingMore) return;
      var mine = seq;
      loadingMore = true;
      Z.search(current.query, { filters: current.filters, limit: PAGE, offset: shown }).then(function (data) {
        loadingMore = false;
        if (mine !== seq) return;
        var first = list.children.length;
        renderHits(list, data.hits, current.labels, true);
        shown += data.hits.length;
        more.hidden = shown >= current.total;
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();  // keyboard users continue at the first new result
      }, function () { loadingMore = false; });
    });

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fromInput, 60);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      fromInput();
    });
    input.value = KB.params().get(QUERY_PARAM) || "";
    run();
  }
})();
