"""Reading the built site: pages by URL, links of the article, resolved to site paths."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit


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
