// A page that moved (site_config/templates/redirect.html.j2): go to the new address with the #anchor
// of the old one, which the page's meta refresh would drop. A file, not an inline script, so the
// page's Content-Security-Policy needs no 'unsafe-inline'.
(function () {
  var doel = document.currentScript.getAttribute("data-doel");
  var anker = window.location.hash.slice(1);
  if (doel) location.href = doel + (anker ? "#" + anker : "");
})();
