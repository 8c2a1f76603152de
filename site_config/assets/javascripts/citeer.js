/* Kennisbank Gemengde Wijk: "Vaste link" and "Citeer deze pagina" at the top of every entry page.
 * - The page's full address (when the site was built without one) and today's date, filled in.
 * - The address may wrap only after a slash: a <wbr> after each "/" (copying gives it unchanged),
 *   as the generator writes an address it knows (generator/site/render.py, wbr).
 * - "Kopieer": copies the permalink or the citation as plain text; the button says "Gekopieerd".
 *   The clipboard API where the page is a secure context, else the browser's copy command on a
 *   selection of the text. The buttons stay hidden where neither works (and without scripts). */
(function () {
  "use strict";
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december"];

  // The address as text with a <wbr> after every slash (and after the scheme's "//" as one).
  function showAddress(node, address) {
    node.textContent = "";
    var scheme = /^\w+:\/\//.exec(address);
    var parts = scheme ? [scheme[0]] : [];
    var rest = address.slice(scheme ? scheme[0].length : 0).split("/");
    rest.forEach(function (part, i) { if (part || i < rest.length - 1) parts.push(part + (i < rest.length - 1 ? "/" : "")); });
    parts.forEach(function (part, i) {  // as the generator writes it: a code span per part (render.wbr)
      if (i) node.appendChild(document.createElement("wbr"));
      var code = document.createElement("code");
      code.textContent = part;
      node.appendChild(code);
    });
  }

  function fillCitation() {
    var now = new Date();
    document.querySelectorAll(".kb-cite__date").forEach(function (n) {
      n.textContent = now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    });
    document.querySelectorAll(".kb-cite__url").forEach(function (n) {
      if (/^https?:/.test(n.textContent)) return;  // built with a site address: already the permalink
      showAddress(n, window.location.origin + window.location.pathname);
    });
  }

  function copyBySelection(node) {
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    selection.removeAllRanges();
    return done;
  }

  function copyButtons() {
    var canCopy = !!(navigator.clipboard && window.isSecureContext) ||
      (document.queryCommandSupported && document.queryCommandSupported("copy"));
    document.querySelectorAll("button.kb-copy[data-kb-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-kb-copy"));
      if (!target || !canCopy) return;
      var label = button.textContent;
      var timer = null;
      function tell(text) {
        button.textContent = text;
        clearTimeout(timer);
        timer = setTimeout(function () { button.textContent = label; }, 2500);
      }
      button.addEventListener("click", function () {
        var text = target.textContent.replace(/\s+/g, " ").trim();
        var copied = navigator.clipboard && window.isSecureContext
          ? navigator.clipboard.writeText(text).then(function () { return true; }, function () { return copyBySelection(target); })
          : Promise.resolve(copyBySelection(target));
        copied.then(function (ok) { tell(ok ? "Gekopieerd" : "Kopiëren lukte niet: selecteer de tekst"); });
      });
      button.hidden = false;
    });
  }

  function start() {
    fillCitation();
    copyButtons();
  }
  window.KB.whenReady(start);
})();
