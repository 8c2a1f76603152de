/* Kennisbank Gemengde Wijk: instrument finder on the static JSON export.
 * Filters for instruments and practices; each count shows how many items remain when
 * that value is added (other filters applied); the state lives in the URL. */
(function () {
  "use strict";
  var root = document.getElementById("kb-finder");
  if (!root) return;
  var form = document.getElementById("kb-finder-filters");
  var list = document.getElementById("kb-finder-results");
  var status = document.getElementById("kb-finder-status");
  // URL parameter -> facet of an item, with its label
  var FACETS = [
    ["soort", "Soort"], ["domein", "Domein"], ["perspectief", "Perspectief"], ["doelgroep", "Doelgroep"],
    ["stad", "Stad"], ["belemmering", "Belemmering"], ["bewijs", "Bewijs"], ["juridisch", "Juridische status"],
    ["status", "Status van de praktijk"], ["uitkomst", "Uitkomst met resultaten"]
  ];
  var items = [];
  var labels = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function vocabLabels(data, name) {
    var out = {};
    data.vocabularies[name].forEach(function (t) { out[t.key] = t.label; });
    return out;
  }

  function prepare(data) {
    var d = data.result;
    labels = {
      soort: { instrument: "Instrument", praktijk: "Praktijk" },
      domein: vocabLabels(d, "domain"), perspectief: vocabLabels(d, "perspective"),
      doelgroep: vocabLabels(d, "target_group"), bewijs: vocabLabels(d, "evidence_level"),
      juridisch: vocabLabels(d, "legal_status"), status: vocabLabels(d, "status"), uitkomst: vocabLabels(d, "outcome"),
      stad: {}, belemmering: {}
    };
    d.cities.forEach(function (c) { labels.stad[c.id] = c.name; });
    d.barriers.forEach(function (b) { labels.belemmering[b.id] = b.name; });
    var cityName = labels.stad;
    d.instruments.forEach(function (i) {
      items.push({ name: i.name, url: i.url, summary: i.summary, kind: "Instrument",
        meta: i.cities.map(function (c) { return cityName[c]; }).join(", "),
        f: { soort: ["instrument"], domein: [i.domain], perspectief: i.perspectives, doelgroep: i.target_groups,
             stad: i.cities, belemmering: i.barriers, bewijs: [i.evidence_level], juridisch: [i.legal_status], status: [],
             uitkomst: i.outcomes || [] } });
    });
    d.practices.forEach(function (p) {
      items.push({ name: p.name, url: p.url, summary: p.summary, kind: "Praktijk",
        meta: cityName[p.city] + " · " + labels.status[p.status],
        f: { soort: ["praktijk"], domein: [p.domain], perspectief: p.perspectives, doelgroep: p.target_groups,
             stad: [p.city], belemmering: p.barriers, bewijs: [p.evidence_level], juridisch: [p.legal_status],
             status: [p.status], uitkomst: p.outcomes || [] } });
    });
  }

  function chosen() {
    var params = new URLSearchParams(window.location.search);
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
    var focused = document.activeElement && document.activeElement.id;
    form.textContent = "";
    FACETS.forEach(function (f) {
      var name = f[0];
      var base = items.filter(function (it) { return matches(it, state, name); });
      var counts = {};
      base.forEach(function (it) { it.f[name].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; }); });
      var values = Object.keys(labels[name]).filter(function (v) { return counts[v] || state[name].indexOf(v) >= 0; });
      if (!values.length) return;
      var fs = el("fieldset", { "class": "kb-facet" });
      fs.appendChild(el("legend", {}, f[1]));
      values.forEach(function (v) {
        var id = "kb-k-" + name + "-" + v;
        var wrap = el("div", { "class": "kb-facet__option" });
        var box = el("input", { type: "checkbox", id: id, name: name, value: v });
        box.checked = state[name].indexOf(v) >= 0;
        var label = el("label", { "for": id });
        label.appendChild(document.createTextNode(labels[name][v] + " "));
        label.appendChild(el("span", { "class": "kb-facet__count" }, "(" + (counts[v] || 0) + ")"));
        wrap.appendChild(box);
        wrap.appendChild(label);
        fs.appendChild(wrap);
      });
      form.appendChild(fs);
    });
    if (focused) { var again = document.getElementById(focused); if (again) again.focus(); }
    list.textContent = "";
    shown.forEach(function (it) {
      var li = el("li", { "class": "kb-result" });
      var h = el("h2", { "class": "kb-result__title" });
      h.appendChild(el("a", { href: new URL(".." + it.url, window.location.href).pathname }, it.name));
      li.appendChild(h);
      li.appendChild(el("span", { "class": "kb-result__type" }, it.kind));
      if (it.meta) li.appendChild(el("span", { "class": "kb-result__meta" }, " · " + it.meta));
      li.appendChild(el("p", { "class": "kb-result__snippet" }, it.summary));
      list.appendChild(li);
    });
    var ni = shown.filter(function (it) { return it.kind === "Instrument"; }).length;
    var np = shown.length - ni;
    status.textContent = ni + (ni === 1 ? " instrument" : " instrumenten") + " en " + np + (np === 1 ? " praktijk" : " praktijken");
  }

  form.addEventListener("change", function (e) {
    var box = e.target;
    if (!box || box.type !== "checkbox") return;
    var params = new URLSearchParams(window.location.search);
    var rest = params.getAll(box.name).filter(function (x) { return x !== box.value; });
    params.delete(box.name);
    rest.forEach(function (x) { params.append(box.name, x); });
    if (box.checked) params.append(box.name, box.value);
    window.history.replaceState(null, "", window.location.pathname + (params.toString() ? "?" + params : ""));
    render();
  });
  document.getElementById("kb-finder-reset").addEventListener("click", function () {
    window.history.replaceState(null, "", window.location.pathname);
    render();
  });

  fetch(root.getAttribute("data-src"))
    .then(function (res) { return res.json(); })
    .then(function (data) { prepare(data); render(); })
    .catch(function () { status.textContent = "De gegevens konden niet worden geladen."; });
})();
