"""Atom feed of new and changed practices (/feed.xml), from git history.

Dates come from the commits that added and last changed each practice file
(generator/site/history.py), never from the clock, so the same commits give the same feed,
byte for byte. The XML is written with xml.etree, which escapes every text and attribute.

Addresses: with a site address (`site_url`) every link is absolute and each entry's id is
its permalink, which never changes (published URLs never break). A local build without a
site address links relative to the feed and uses tag: ids instead.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from generator.graph.graph import Graph
from generator.paths import TEMPLATES
from generator.site.addresses import Addresses
from generator.content.urls import url_path

# At the site's root: Material asks for sitemap.xml next to every <link rel="alternate"> in the
# head (for language alternates), so a feed in /nieuw/ would cost a failing request on every page.
PATH = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
TITLE = "Kennisbank Gemengde Wijk: nieuwe en gewijzigde praktijken"
# In a browser the feed reads as a Dutch page that explains subscribing: a CSS stylesheet (not XSLT,
# which Chromium is removing and already covers with an English warning) shows the explanation, an
# XHTML element of the feed (foreign markup, which Atom allows and feed readers skip), and the entries.
STYLESHEET = "assets/stylesheets/feed.css"  # relative to the feed, which sits at the site's root
INTRO = TEMPLATES / "feed_intro.xhtml"
XHTML = "http://www.w3.org/1999/xhtml"
LOCAL_TAG = "tag:kennisbank-gemengde-wijk,2018:"  # ids of a local build, which has no address


def _stamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom(graph: Graph, changed: dict[str, datetime.date], added: dict[str, datetime.date], addresses: Addresses) -> bytes:
    """The feed: the ENTRIES most recently changed practices, newest first."""
    dated = [(changed[rec.file], rec) for rec in graph.of("practice") if rec.file in changed]
    dated.sort(key=lambda t: (-t[0].toordinal(), t[1].key))
    dated = dated[:ENTRIES]

    def address(path: str) -> str:
        """Absolute with a site address; else relative to the feed (at the site's root)."""
        return addresses.absolute(path) or path.lstrip("/")

    ET.register_namespace("", ATOM)
    ET.register_namespace("xhtml", XHTML)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "nl"})
    feed.append(ET.fromstring(INTRO.read_bytes()))
    _sub(feed, "id", addresses.absolute("/" + PATH) or LOCAL_TAG + "/" + PATH)
    _sub(feed, "title", TITLE)
    _sub(feed, "subtitle", "Praktijken die in de kennisbank zijn toegevoegd of bijgewerkt, nieuwste eerst.")
    newest = dated[0][0] if dated else max(changed.values(), default=datetime.date(2018, 1, 1))
    _sub(feed, "updated", _stamp(newest))
    author = _sub(feed, "author")
    _sub(author, "name", "Kennisbank Gemengde Wijk")
    if self_link := addresses.absolute("/" + PATH):  # only with a site address
        _sub(feed, "link", rel="self", type="application/atom+xml", href=self_link)
    _sub(feed, "link", rel="alternate", type="text/html", href=address("/nieuw/"))
    for date, rec in dated:
        city = graph.city_of(rec).model.name
        instrument = graph.record(("instrument", rec.model.instrument)).model.name
        path = url_path("practice", rec.key)
        entry = _sub(feed, "entry")
        _sub(entry, "id", addresses.absolute(path) or LOCAL_TAG + path)
        first = added.get(rec.file, date)
        _sub(entry, "title", f"{'Nieuw' if first >= date else 'Bijgewerkt'}: {rec.model.name}")
        _sub(entry, "link", rel="alternate", type="text/html", href=address(path))
        _sub(entry, "published", _stamp(min(first, date)))
        _sub(entry, "updated", _stamp(date))
        assert rec.city is not None  # a practice's key is <city>/<slug>
        _sub(entry, "category", term=rec.city, label=city)
        _sub(entry, "category", term=rec.model.instrument, label=instrument)
        _sub(entry, "summary", f"{city} · {instrument}. {rec.model.summary}", type="text")
    ET.indent(feed)
    declaration = b"<?xml version='1.0' encoding='utf-8'?>\n"
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    assert body.startswith(declaration)
    style = f'<?xml-stylesheet type="text/css" href="{STYLESHEET}"?>\n'.encode("ascii")
    return declaration + style + body[len(declaration) :] + b"\n"
