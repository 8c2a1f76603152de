"""Reading the built site: pages by URL, links of the article, resolved to site paths."""

from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def page(site: Path, url: str) -> str:
    """HTML of the page at a site URL such as /instrumenten/housing-first/."""
    path = site / url.strip("/") / "index.html" if url.endswith("/") else site / url.strip("/")
    return path.read_text(encoding="utf-8")


def article_links(site: Path, url: str) -> set[str]:
    """Links inside the page's <article>, as absolute site paths without fragment."""
    parser = _Links()
    parser.feed(page(site, url))
    out = set()
    for href in parser.links:
        if urlsplit(href).scheme:
            continue
        target, _frag = urldefrag(href)
        if not target:
            continue
        resolved = posixpath.normpath(posixpath.join(url, target))
        out.add(resolved.rstrip("/") + "/" if not resolved.endswith((".html", ".json", ".xml")) else resolved)
    return out


_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


def broken_links(site: Path) -> list[str]:
    """Every link of every built page that points into the site but finds no page there, or
    no element with the link's #anchor: 'page.html: href'. The generator writes links to
    entries as HTML itself (render.Renderer.link), so MkDocs' own link check does not see them."""
    ids: dict[Path, set[str]] = {}

    def anchors(target: Path) -> set[str]:
        if target not in ids:
            ids[target] = {html.unescape(i) for i in _ID.findall(target.read_text(encoding="utf-8"))}
        return ids[target]

    broken = []
    for file in sorted(site.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        for href in (html.unescape(h) for h in _HREF.findall(text)):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
                continue
            if parts.path.startswith("/"):  # the 404 page's links: from the site's root
                target = site / unquote(parts.path).lstrip("/")
            else:
                target = (file.parent / unquote(parts.path)) if parts.path else file
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{file.relative_to(site)}: {href}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors(target):
                broken.append(f"{file.relative_to(site)}: {href} (geen #{parts.fragment})")
    return broken
