/* Kennisbank Gemengde Wijk: what the site's scripts share, loaded before them (after labels.js).
 *
 *   KB.el(tag, attrs, text)     an element with attributes and text (never HTML)
 *   KB.base, KB.href(url)       the site's root; a site path ("/instrumenten/x/") as a link from any page
 *   KB.marked(html)             a search snippet as nodes: its text, only <mark> kept
 *   KB.vocab(name)              key -> label of a vocabulary        } all from labels.js, which
 *   KB.facetTitle(name)         the heading of a filter              } `kennisbank schema` generates
 *   KB.typeLabel(kind), KB.pluralLabel(kind), KB.countOf(n, kind)   } from vocabularies.yaml
 *                               "Praktijk", "Praktijken", "3 praktijken"  } and the models
 *   KB.count(n, one, many)      "1 resultaat", "2 resultaten"
 *   KB.params(), KB.setParams(p), KB.toggle(name, value, on)   the page's state in its URL
 *   KB.facets(box, groups, options)   filters: a checkbox per value with its count, kept in the URL
 *   KB.foldFilters(button, box) on a narrow screen the filters fold away behind a button that
 *                               says how many are on; returns the function that updates that number
 *   KB.whenReady(fn)            run fn once these scripts are there (a page's own script comes first)
 */
(function () {
  "use strict";
  var LABELS = window.KBLabels || { facets: {}, types: {}, vocabularies: {} };

  function siteBase() {
    var cfg = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(cfg.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }
  var BASE = siteBase();

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function href(url) {
    return new URL(url.replace(/^\//, ""), BASE).pathname + (url.indexOf("#") >= 0 ? url.slice(url.indexOf("#")) : "");
  }

  // A snippet as nodes: its text, with only <mark> kept (the search engine escapes everything else).
  function marked(html) {
    var out = document.createDocumentFragment();
    html.split(/(<mark class="match">[^<]*<\/mark>)/).forEach(function (part) {
      var m = /^<mark class="match">([^<]*)<\/mark>$/.exec(part);
      var text = (m ? m[1] : part).replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      out.appendChild(m ? el("mark", { "class": "match" }, text) : document.createTextNode(text));
    });
    return out;
  }

  // --- labels (labels.js) -------------------------------------------------------------------
  function vocab(name) { return LABELS.vocabularies[name] || {}; }
  function facetTitle(name) { return LABELS.facets[name] || name; }
  function typeLabel(kind) { return (LABELS.types[kind] || {}).label || kind; }
  function pluralLabel(kind) {  // the plural, with a capital
    var p = (LABELS.types[kind] || {}).plural || kind;
    return p.charAt(0).toUpperCase() + p.slice(1);
  }
  function count(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function countOf(n, kind) {
    var t = LABELS.types[kind] || { singular: kind, plural: kind };
    return count(n, t.singular, t.plural);
  }

  // --- the page's state in its URL ------------------------------------------------------------
  function params() { return new URLSearchParams(window.location.search); }

  function setParams(p) {
    window.history.replaceState(null, "", window.location.pathname + (p.toString() ? "?" + p.toString() : ""));
  }

  // One value of a repeatable parameter on or off; the others keep their order.
  function toggle(name, value, on) {
    var p = params();
    var rest = p.getAll(name).filter(function (x) { return x !== value; });
    p.delete(name);
    rest.forEach(function (x) { p.append(name, x); });
    if (on) p.append(name, value);
    setParams(p);
  }

  /* Filters, drawn anew with every answer (keyboard focus stays on the same checkbox):
   *   groups: [{name, title, values: [{value, label, count}]}], in the order shown;
   *   options: {prefix (of the checkboxes' ids), onChange (after the URL changed)}.
   * A value is checked when the URL holds it (name=value); a click sets or clears it there. */
  function facets(box, groups, options) {
    var focused = box.contains(document.activeElement) ? document.activeElement.id : null;
    var chosen = params();
    box.textContent = "";
    groups.forEach(function (group) {
      var fs = el("fieldset", { "class": "kb-facet" });
      fs.appendChild(el("legend", {}, group.title));
      group.values.forEach(function (v) {
        var id = options.prefix + group.name + "-" + v.value;
        var wrap = el("div", { "class": "kb-facet__option" });
        var check = el("input", { type: "checkbox", id: id, name: group.name, value: v.value });
        check.checked = chosen.getAll(group.name).indexOf(v.value) >= 0;
        check.addEventListener("change", function () {
          toggle(group.name, v.value, check.checked);
          options.onChange();
        });
        var label = el("label", { "for": id });
        label.appendChild(document.createTextNode(v.label + " "));
        label.appendChild(el("span", { "class": "kb-facet__count" }, "(" + v.count + ")"));
        wrap.appendChild(check);
        wrap.appendChild(label);
        fs.appendChild(wrap);
      });
      box.appendChild(fs);
    });
    var again = focused && document.getElementById(focused);
    if (again) again.focus();
    if (options.counter) options.counter(box.querySelectorAll("input[type=checkbox]:checked").length);
  }

  /* On a narrow screen (kennisbank.css) the results come first: the filters are folded behind the
   * button, which says how many filters are on ("Filters (2 actief)"). A wide screen shows both. */
  function foldFilters(button, box) {
    if (!button || !box) return function () {};
    var count = button.querySelector(".kb-filters-toggle__count");
    box.classList.add("kb-dicht");
    button.setAttribute("aria-expanded", "false");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = box.classList.contains("kb-dicht");
      box.classList.toggle("kb-dicht", !open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    return function (n) {
      if (count) count.textContent = n ? "(" + n + " actief)" : "(geen actief)";
    };
  }

  function whenReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn); else fn();
  }

  window.KB = {
    el: el, base: BASE, href: href, marked: marked,
    vocab: vocab, facetTitle: facetTitle, typeLabel: typeLabel, pluralLabel: pluralLabel, count: count, countOf: countOf,
    params: params, setParams: setParams, toggle: toggle, facets: facets, foldFilters: foldFilters,
    whenReady: whenReady
  };
})();
