/* Kennisbank Gemengde Wijk: small additions on every page.
 * - Print: each link in the article gets its full address in data-kb-adres, which the print
 *   stylesheet prints after it (a relative href means nothing on paper); resolved against the
 *   page's published address (its canonical link, when the site was built with one), else
 *   against the address in the browser. A zero-width space after each slash lets a printed
 *   address wrap there and nowhere else (no break-all; a hyphen printed as a non-breaking
 *   hyphen, U+2011, so a host or slug never breaks at one either). A link whose text is its
 *   address (a source's address) prints nothing more.
 * - The search box in the header: results as you type from the site's own static search
 *   (zoekmachine.js), keyboard operable (arrows, Enter, Escape; "/" jumps to it), Enter
 *   without a choice opens the search page with filters. */
(function () {
  "use strict";
  var KB = window.KB;

  function fillPrintAddresses() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : window.location.href;
    document.querySelectorAll(".md-content article a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("headerlink") || a.classList.contains("kb-source-url")) return;
      try {
        a.setAttribute("data-kb-adres", new URL(href, base).href.replace(/-/g, "\u2011")
          .replace(/\//g, "/\u200b").replace(/\/\u200b\/\u200b/, "//\u200b"));
      } catch (e) { /* not an address: nothing is printed after it */ }
    });
  }

  function headerSearch() {
    var Z = window.KBZoek;
    var header = document.querySelector(".md-header__inner");
    if (!Z || !header || document.getElementById("kb-kop")) return;
    var el = KB.el;
    var searchPage = KB.href("/zoeken/");
    var form = el("form", { id: "kb-kop", "class": "kb-kop", role: "search", action: searchPage, method: "get",
                             "aria-label": "Zoeken in de kennisbank" });
    var label = el("label", { "for": "kb-kop-q", "class": "kb-visually-hidden" }, "Zoeken in de kennisbank");
    var input = el("input", { id: "kb-kop-q", name: "zoek", type: "search", placeholder: "Zoeken", autocomplete: "off",
                              role: "combobox", "aria-expanded": "false", "aria-controls": "kb-kop-lijst",
                              "aria-autocomplete": "list", spellcheck: "false" });
    var box = el("div", { id: "kb-kop-lijst", "class": "kb-kop__lijst", role: "listbox", "aria-label": "Zoekresultaten" });
    var live = el("p", { "class": "kb-visually-hidden", role: "status", "aria-live": "polite" });
    box.hidden = true;
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(box);
    form.appendChild(live);
    var before = header.querySelector(".md-header__source");
    header.insertBefore(form, before || null);

    var options = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function activate(i) {
      options.forEach(function (o, k) { o.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(href, title, type, text, extraClass) {
      var a = el("a", { id: "kb-kop-o" + options.length, role: "option", href: href, "aria-selected": "false",
                        "class": "kb-kop__optie" + (extraClass ? " " + extraClass : ""), tabindex: "-1" });
      a.appendChild(el("span", { "class": "kb-kop__titel" }, title));
      if (type) a.appendChild(el("span", { "class": "kb-kop__soort" }, type));
      if (text) {
        var p = el("span", { "class": "kb-kop__tekst" });
        p.appendChild(text);
        a.appendChild(p);
      }
      options.push(a);
      box.appendChild(a);
    }

    function show(query, data) {
      box.textContent = "";
      options = [];
      active = -1;
      var all = searchPage + "?zoek=" + encodeURIComponent(query);
      var hits = data.hits.length ? data.hits : data.nearest;
      if (!data.hits.length) {
        var note = el("p", { "class": "kb-kop__melding" }, "Geen resultaten voor \u201c" + query + "\u201d.");
        if (data.suggestion) {
          note.appendChild(document.createTextNode(" Bedoelde je "));
          note.appendChild(el("strong", {}, data.suggestion));
          note.appendChild(document.createTextNode("? Dit vind je daarmee:"));
        } else {
          note.appendChild(document.createTextNode(" Misschien zoek je een van deze instrumenten:"));
        }
        box.appendChild(note);
      }
      hits.forEach(function (h) {
        var text = h.snippet ? KB.marked(h.snippet) : document.createTextNode(h.summary);
        option(KB.href(h.url), h.title, KB.typeLabel(h.type), text);
      });
      option(all, data.total ? "Alle " + data.total + " resultaten, met filters" : "Zoekpagina met filters", "", null,
             "kb-kop__alles");
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
      live.textContent = data.total ? KB.count(data.total, "resultaat", "resultaten")
                                    : "Geen resultaten" + (data.suggestion ? "; bedoelde je " + data.suggestion + "?" : "");
    }

    function run() {
      var query = input.value;
      var mine = ++seq;
      if (!query.trim()) { close(); return; }
      Z.search(query, { limit: 6, facets: false }).then(function (data) {
        if (mine !== seq || input.value !== query) return;
        show(query, data);
      }).catch(function () {
        if (mine !== seq) return;
        box.textContent = "";
        options = [];
        box.appendChild(el("p", { "class": "kb-kop__melding" }, "De zoekindex kon niet worden geladen."));
        box.hidden = false;
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener("focus", function () { Z.load().catch(function () {}); });  // the manifest, before the first key
    input.addEventListener("focus", function () { if (input.value.trim() && options.length) { box.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (box.hidden || !options.length) return;
        e.preventDefault();
        var next = e.key === "ArrowDown" ? active + 1 : active - 1;
        if (next >= options.length) next = 0;
        if (next < 0) next = options.length - 1;
        activate(next);
      } else if (e.key === "Enter") {
        if (active >= 0 && !box.hidden) {
          e.preventDefault();
          window.location.href = options[active].href;
        }
      } else if (e.key === "Escape") {
        if (!box.hidden) { e.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.focus();
      }
    });
  }

  KB.whenReady(function () {
    fillPrintAddresses();
    headerSearch();
  });
  window.addEventListener("beforeprint", fillPrintAddresses);
})();
