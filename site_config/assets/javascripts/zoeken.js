/* Kennisbank Gemengde Wijk: the search page (/zoeken/) on the site's own static search
 * (zoekmachine.js). Results as you type, facet filters with counts, query and filters kept
 * in the URL, highlighted snippets; when nothing matches: "bedoelde je …" and the nearest
 * pages. Works on any plain static host: no search server is needed. */
(function () {
  "use strict";
  // This page's script comes before the site's scripts (zoekmachine.js): start when they are there.
  if (!window.KBZoek && document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", page);
  } else {
    page();
  }

  function page() {
    var form = document.getElementById("kb-search");
    if (!form || !window.KBZoek) return;
    var el = window.KBZoek.el;
    var input = document.getElementById("kb-q");
    var status = document.getElementById("kb-status");
    var facetsBox = document.getElementById("kb-facets");
    var list = document.getElementById("kb-results");
    var hint = document.getElementById("kb-suggest");
    var FACETS = [["type", "Soort"], ["domain", "Domein"], ["perspective", "Perspectief"], ["city", "Stad"],
      ["status", "Status"], ["barrier", "Belemmering"], ["target_group", "Doelgroep"], ["evidence_level", "Bewijs"],
      ["outcome", "Uitkomst"]];
    var MAX_FACET_VALUES = 15;
  var PAGE = 10;  // results per step: each shown result costs a small download
  var more = document.getElementById("kb-more");
  var shown = 0;
  var current = null;
    var QUERY_PARAM = "zoek";
    var timer = null;
    var seq = 0;

    function state() { return new URLSearchParams(window.location.search); }

    function setState(params) {
      var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
      window.history.replaceState(null, "", url);
    }

    function renderFacets(facets, labels, params) {
      // The facets are drawn anew with every answer: keep keyboard focus on the same checkbox.
      var focused = facetsBox.contains(document.activeElement) ? document.activeElement.id : null;
      facetsBox.textContent = "";
      FACETS.forEach(function (pair) {
        var name = pair[0];
        var counts = facets[name] || [];
        var chosen = params.getAll(name);
        var shown = counts.slice(0, MAX_FACET_VALUES);
        counts.slice(MAX_FACET_VALUES).forEach(function (c) { if (chosen.indexOf(c[0]) >= 0) shown.push(c); });
        if (!shown.length && !chosen.length) return;
        var fs = el("fieldset", { "class": "kb-facet" });
        fs.appendChild(el("legend", {}, pair[1]));
        shown.forEach(function (c) {
          var value = c[0];
          var id = "kb-f-" + name + "-" + value;
          var wrap = el("div", { "class": "kb-facet__option" });
          var box = el("input", { type: "checkbox", id: id, name: name, value: value });
          box.checked = chosen.indexOf(value) >= 0;
          box.addEventListener("change", function () {
            var p = state();
            var rest = p.getAll(name).filter(function (x) { return x !== value; });
            p.delete(name);
            rest.forEach(function (x) { p.append(name, x); });
            if (box.checked) p.append(name, value);
            setState(p);
            run();
          });
          var label = el("label", { "for": id });
          label.appendChild(document.createTextNode(((labels[name] || {})[value] || value) + " "));
          label.appendChild(el("span", { "class": "kb-facet__count" }, "(" + c[1] + ")"));
          wrap.appendChild(box);
          wrap.appendChild(label);
          fs.appendChild(wrap);
        });
        facetsBox.appendChild(fs);
      });
      var again = focused && document.getElementById(focused);
      if (again) again.focus();
    }

    function renderHits(target, hits, labels) {
      target.textContent = "";
      hits.forEach(function (r) {
        var li = el("li", { "class": "kb-result" });
        var h = el("h2", { "class": "kb-result__title" });
        h.appendChild(el("a", { href: window.KBZoek.href(r.url) }, r.title));
        li.appendChild(h);
        li.appendChild(el("span", { "class": "kb-result__type" }, (labels.type || {})[r.type] || r.type));
        var p = el("p", { "class": "kb-result__snippet" });
        if (r.snippet) p.appendChild(window.KBZoek.marked(r.snippet)); else p.textContent = r.summary;
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
        var params = state();
        params.set(QUERY_PARAM, data.suggestion);
        var a = el("a", { href: "?" + params.toString() }, data.suggestion);
        a.addEventListener("click", function (e) {
          e.preventDefault();
          input.value = data.suggestion;
          setState(params);
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
      var params = state();
      var query = params.get(QUERY_PARAM) || "";
      var filters = {};
      FACETS.forEach(function (pair) { var v = params.getAll(pair[0]); if (v.length) filters[pair[0]] = v; });
      var mine = ++seq;
      if (!query.trim() && !Object.keys(filters).length) {
        status.textContent = "Typ om te zoeken, of kies een filter.";
      }
      var asked = query.trim() || Object.keys(filters).length;
    Promise.all([window.KBZoek.search(query, { filters: filters, limit: asked ? PAGE : 0 }), window.KBZoek.labels()])
        .then(function (r) {
          if (mine !== seq) return;
          var data = r[0], labels = r[1];
          renderFacets(data.facets, labels, params);
          renderHits(list, data.hits, labels);
          var near = renderSuggestion(data, query);
          if (near) renderHits(near, data.nearest, labels);
        if (!asked) list.textContent = "";
          var n = data.total;
          status.textContent = query || Object.keys(filters).length
            ? n + (n === 1 ? " resultaat" : " resultaten") + (query ? " voor \u201c" + query + "\u201d" : "")
            : "Typ om te zoeken, of kies een filter.";
        })
        .catch(function () {
          if (mine === seq) status.textContent = "De zoekindex kon niet worden geladen. Ververs de pagina of probeer het later opnieuw.";
        });
    }

    function fromInput() {
      var p = state();
      if (input.value) p.set(QUERY_PARAM, input.value); else p.delete(QUERY_PARAM);
      setState(p);
      run();
    }

    more.addEventListener("click", function () {
    if (!current) return;
    var mine = seq;
    window.KBZoek.search(current.query, { filters: current.filters, limit: PAGE, offset: shown }).then(function (data) {
      if (mine !== seq) return;
      var first = list.children.length;
      renderHits(list, data.hits, current.labels);
      shown += data.hits.length;
      more.hidden = shown >= current.total;
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();  // keyboard users continue at the first new result
    });
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
    input.value = state().get(QUERY_PARAM) || "";
    run();
  }
})();
