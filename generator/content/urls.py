"""Where an entry lives on the site, and what it is called: the one place for both.

A docs-tree path (relative to docs_dir) decides the URL: `steden/tilburg/index.md` is
published as `/steden/tilburg/`. Entries without a page of their own (terms,
recommendations, sources) are an anchor on the page that lists them. Where each kind
lives is declared by its kind (generator/kinds/<kind>.py, `Kind.path`).
"""

from __future__ import annotations

from generator.kinds import KINDS, display_name, sort_name


# The pages that are no entry's page (overviews and tools), as docs-tree paths. `pages.py`
# makes each of them; their URLs are published forever, like the entries' (permalinks.py).
FIXED_PAGES = (
    "index.md",
    "zoeken/index.md",
    "nieuw/index.md",
    "bijdragen/index.md",
    "kiezer/index.md",
    "vergelijken/index.md",
    "matrix/index.md",
    "bewijskaart/index.md",
    "en/index.md",
    "instrumenten/index.md",
    "steden/index.md",
    "belemmeringen/index.md",
    "organisaties/index.md",
    "begrippen/index.md",
    "achtergrond/index.md",
    "achtergrond/aanbevelingen.md",
    "achtergrond/bronnen.md",
    "data/index.md",
    "over/index.md",
    "over/toegankelijkheid.md",
    "over/privacy.md",
    "over/kwetsbaarheid-melden.md",
    "achtergrond/onderzoeken.md",
)


def src_path(kind: str, key: str) -> str:
    """Docs-tree path of an entry (with `#anchor` for an entry without a page of its own)."""
    return KINDS[kind].src_path(key)


def md_to_url(md: str) -> str:
    """The URL path a docs-tree file is published at: 'steden/tilburg/index.md' -> '/steden/tilburg/'."""
    path = md[: -len("index.md")] if md.endswith("index.md") else md[: -len(".md")] + "/"
    return "/" + path


def url_path(kind: str, key: str) -> str:
    """The public URL path of an entry, e.g. /steden/tilburg/skaeve-huse/."""
    path, _, anchor = src_path(kind, key).partition("#")
    return md_to_url(path) + (f"#{anchor}" if anchor else "")


__all__ = ["FIXED_PAGES", "display_name", "md_to_url", "sort_name", "src_path", "url_path"]
