"""Where an entry lives on the site, and what it is called: the one place for both.

A docs-tree path (relative to docs_dir) decides the URL: `steden/tilburg/index.md` is
published as `/steden/tilburg/`. Entries without a page of their own (terms,
recommendations, sources) are an anchor on the page that lists them. Where each kind
lives comes from the content-type registry (`models.CONTENT_TYPES`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.models import CONTENT_TYPES

if TYPE_CHECKING:
    from generator.content.loader import Record


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
    ct = CONTENT_TYPES[kind]
    if not ct.has_page:
        return f"{ct.section}#{key}"
    if kind == "city":  # a city's page is the index of its folder, next to its practices
        return f"{ct.section}/{key}/index.md"
    return f"{ct.section}/{key}.md"  # a practice's key is "<city>/<slug>"


def md_to_url(md: str) -> str:
    """The URL path a docs-tree file is published at: 'steden/tilburg/index.md' -> '/steden/tilburg/'."""
    path = md[: -len("index.md")] if md.endswith("index.md") else md[: -len(".md")] + "/"
    return "/" + path


def url_path(kind: str, key: str) -> str:
    """The public URL path of an entry, e.g. /steden/tilburg/skaeve-huse/."""
    path, _, anchor = src_path(kind, key).partition("#")
    return md_to_url(path) + (f"#{anchor}" if anchor else "")


def display_name(rec: Record) -> str:
    """An entry's name as shown: its `name`, or the `title` of kinds that have one instead."""
    m = rec.model
    return getattr(m, "name", None) or getattr(m, "title", None) or rec.key


def sort_name(rec: Record) -> str:
    """What entries are sorted by: the shown name, without regard to case."""
    return display_name(rec).casefold()
