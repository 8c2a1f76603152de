/* Kennisbank Gemengde Wijk: a printed page shows where each link goes, as a full address.
 * The print stylesheet prints data-kb-adres after each link in the article; this fills it with
 * the link's absolute address, resolved against the page's published address (its canonical
 * link, when the site was built with a site address) or else against the address in the browser. */
(function () {
  "use strict";

  function fill() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : window.location.href;
    document.querySelectorAll(".md-content article a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("headerlink")) return;
      try {
        a.setAttribute("data-kb-adres", new URL(href, base).href);
      } catch (e) { /* not an address: print nothing after it */ }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
  window.addEventListener("beforeprint", fill);
})();
