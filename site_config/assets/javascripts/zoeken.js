/* Kennisbank Gemengde Wijk: search page on the JSON search API.
 * Results as you type, facet filters with counts, query and filters kept in the URL.
 * Without the API (plain static hosting) it says so and points to the built-in search. */
(function () {
  "use strict";
  var form = document.getElementById("kb-search");
  if (!form) return;
  var input = document.getElementById("kb-q");
  var status = document.getElementById("kb-status");
  var facetsBox = document.getElementById("kb-facets");
  var list = document.getElementById("kb-results");
  var offline = document.getElementById("kb-offline");
  var FACETS = [["type", "Soort"], ["domain", "Domein"], ["perspective", "Perspectief"], ["city", "Stad"],
    ["status", "Status"], ["barrier", "Belemmering"], ["target_group", "Doelgroep"], ["evidence_level", "Bewijs"]];
  var api = new URL("../api/search", window.location.href);
  var timer = null;
  var seq = 0;

  // The page keeps the query as ?zoek= (Material's own search claims ?q=); the API takes q.
  var QUERY_PARAM = "zoek";

  function state() {
    return new URLSearchParams(window.location.search);
  }

  function setState(params) {
    var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    window.history.replaceState(null, "", url);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeSnippet(html) {
    // The API escapes the text and only adds <mark>; keep nothing else.
    var tmp = document.createElement("div");
    tmp.innerHTML = html.replace(/<(?!\/?mark\b)[^>]*>/gi, "");
    Array.prototype.forEach.call(tmp.querySelectorAll("*"), function (n) {
      if (n.tagName !== "MARK") n.replaceWith(document.createTextNode(n.textContent));
      else Array.prototype.slice.call(n.attributes).forEach(function (a) { if (a.name !== "class") n.removeAttribute(a.name); });
    });
    return tmp;
  }

  function siteUrl(path) {
    return new URL(".." + path, window.location.href).pathname;
  }

  function renderFacets(data, params) {
    // The facets are drawn anew with every answer: keep keyboard focus on the same checkbox.
    var focused = facetsBox.contains(document.activeElement) ? document.activeElement.id : null;
    facetsBox.textContent = "";
    FACETS.forEach(function (pair) {
      var name = pair[0];
      var values = data.facets[name] || [];
      var chosen = params.getAll(name);
      if (!values.length && !chosen.length) return;
      var fs = el("fieldset", { "class": "kb-facet" });
      fs.appendChild(el("legend", {}, pair[1]));
      values.forEach(function (v) {
        var id = "kb-f-" + name + "-" + v.value;
        var wrap = el("div", { "class": "kb-facet__option" });
        var box = el("input", { type: "checkbox", id: id, name: name, value: v.value });
        box.checked = chosen.indexOf(v.value) >= 0;
        box.addEventListener("change", function () {
          var p = state();
          var rest = p.getAll(name).filter(function (x) { return x !== v.value; });
          p.delete(name);
          rest.forEach(function (x) { p.append(name, x); });
          if (box.checked) p.append(name, v.value);
          setState(p);
          run();
        });
        var label = el("label", { "for": id });
        label.appendChild(document.createTextNode(v.label + " "));
        label.appendChild(el("span", { "class": "kb-facet__count" }, "(" + v.count + ")"));
        wrap.appendChild(box);
        wrap.appendChild(label);
        fs.appendChild(wrap);
      });
      facetsBox.appendChild(fs);
    });
    var again = focused && document.getElementById(focused);
    if (again) again.focus();
  }

  function renderResults(data) {
    list.textContent = "";
    data.results.forEach(function (r) {
      var li = el("li", { "class": "kb-result" });
      var h = el("h2", { "class": "kb-result__title" });
      h.appendChild(el("a", { href: siteUrl(r.url) }, r.title));
      li.appendChild(h);
      var label = (data.facets.type || []).filter(function (t) { return t.value === r.type; })[0];
      li.appendChild(el("span", { "class": "kb-result__type" }, label ? label.label : r.type));
      var p = el("p", { "class": "kb-result__snippet" });
      if (r.snippet) p.appendChild(safeSnippet(r.snippet)); else p.textContent = r.summary;
      li.appendChild(p);
      list.appendChild(li);
    });
    var n = data.total;
    status.textContent = data.query || Object.keys(data.filters).length
      ? n + (n === 1 ? " resultaat" : " resultaten") + (data.query ? " voor \u201c" + data.query + "\u201d" : "")
      : "Typ om te zoeken, of kies een filter.";
  }

  function showOffline() {
    offline.hidden = false;
    facetsBox.textContent = "";
    list.textContent = "";
    status.textContent = "";
  }

  function run() {
    var params = state();
    var query = new URLSearchParams();
    params.forEach(function (v, k) { query.append(k === QUERY_PARAM ? "q" : k, v); });
    query.set("limit", "20");
    var mine = ++seq;
    fetch(api.pathname + "?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(function (res) {
        var type = res.headers.get("content-type") || "";
        if (type.indexOf("application/json") < 0) throw new Error("no api");
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      })
      .then(function (out) {
        if (mine !== seq) return;
        if (!out.ok) { status.textContent = out.body.error || "Er ging iets mis."; return; }
        offline.hidden = true;
        renderFacets(out.body, params);
        renderResults(out.body);
      })
      .catch(function () { if (mine === seq) showOffline(); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var p = state();
      if (input.value) p.set(QUERY_PARAM, input.value); else p.delete(QUERY_PARAM);
      setState(p);
      run();
    }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var p = state();
    if (input.value) p.set(QUERY_PARAM, input.value); else p.delete(QUERY_PARAM);
    setState(p);
    run();
  });
  document.getElementById("kb-open-builtin").addEventListener("click", function () {
    // Focusing Material's search box opens its search dialog the way Material expects.
    var builtin = document.querySelector(".md-search__input");
    if (builtin) {
      builtin.value = input.value;
      builtin.focus();
      ["input", "keyup"].forEach(function (type) { builtin.dispatchEvent(new Event(type, { bubbles: true })); });
    }
  });
  input.value = state().get(QUERY_PARAM) || "";
  run();
})();
