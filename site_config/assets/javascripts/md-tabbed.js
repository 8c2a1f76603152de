// Material for MkDocs' inline script after the content (partials/javascripts/content.html, 9.8.1) as a
// file, for the Content-Security-Policy: a link to a content tab opens that tab.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
