"""Pages -> Markdown for MkDocs (Material), through Jinja templates.

`pages.py` decides what goes on a page (the context); the templates in
site_config/templates/ decide how it looks; this module turns the two into Markdown.
Text is escaped by default: every `{{ }}` that outputs a plain string is escaped for
Markdown and HTML, and only values the renderer marks safe (validated Markdown with its internal links rewritten, or links
it builds itself) pass through unchanged.

Writing the docs tree (only files that changed) is `docstree.py`'s job.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.content.text import INTERNAL_LINK
from generator.graph.graph import Graph, Node
from generator.content.models import Citation, Term
from generator.content.records import Record
from generator.kinds import SCHEMES
from generator.paths import TEMPLATES
from generator.content.urls import display_name, md_to_url, src_path, url_path
from generator.content.vocab import vocab, vocabularies
from generator.site.addresses import Addresses
from generator.site.settings import Settings

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
LINE_START = re.compile(r"^(\d+)\.(?=\s)|^([-+])(?=\s)")
HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)
TERM_WORD = re.compile(r"[\w-]+")  # a run of word characters and hyphens: where a glossary name can start
TERM_CHAR = re.compile(r"[\w-]")
LINK_TARGET = re.compile(r'<a href="[^"]*">')  # the opening tag of a link written by Renderer.link


@functools.lru_cache(maxsize=100_000)
def _relpath(target: str, start: str) -> str:
    """Relative path between two docs-tree paths (pure string work, cached)."""
    t, s = target.split("/"), start.split("/") if start else []
    common = 0
    while common < min(len(t) - 1, len(s)) and t[common] == s[common]:
        common += 1
    return "/".join([".."] * (len(s) - common) + t[common:])


@functools.lru_cache(maxsize=100_000)
def _relative_url(target: str, here: str) -> str:
    """URL of docs-tree file `target` relative to the URL of page `here`, exactly as MkDocs
    rewrites a link to a Markdown file (its File.url and utils.get_relative_url, with
    use_directory_urls: true as in mkdocs.yml)."""
    from mkdocs.utils import get_relative_url

    return get_relative_url(md_to_url(target)[1:] or "./", md_to_url(here)[1:] or "./")


def _attribute(value: str) -> str:
    """A value inside a double-quoted HTML attribute, escaped as Python-Markdown escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def plain(value: str) -> str:
    """Escape a plain-text value so Markdown and HTML show it literally."""
    if type(value) is str:  # names and labels recur on thousands of pages: escape each once
        return _plain_cached(value)
    return _plain(value)


def _plain(value: str) -> str:
    # Only &, < and > are escaped: plain values land in Markdown text, never inside an HTML
    # attribute that we write, and Python-Markdown escapes quotes where it writes attributes.
    # Quotes as &#34; / &#39; would show literally in the table of contents (issue 13, item 14).
    out = MD_SPECIAL.sub(r"\\\1", str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return LINE_START.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else f"\\{m.group(2)}", out)


_plain_cached = functools.lru_cache(maxsize=200_000)(_plain)


def _finalize(value: object) -> Markup:
    """Applied to every {{ }}: plain values are escaped for Markdown and HTML."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)):
        return Markup(str(value))
    return Markup(plain(str(value)))


def front_matter_value(value: object) -> Markup:
    """A front matter value (page title, description) as a YAML string, HTML-escaped.

    Material prints `page.meta.title` and `page.meta.description` without escaping, the
    description inside `content="..."`: a '"' in a summary would otherwise add attributes
    to the <meta> tag (issue 13: `http-equiv="refresh"`). Escaped, the browser shows the
    text literally in the title, the header and the attribute alike."""
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


def wbr(url: str) -> Markup:
    """An address shown as text that may wrap only after a slash: a <wbr> after every '/' (after the
    scheme's '//' as one), so a narrow or printed line never breaks inside a host name or a word. Each
    part is a code span, which Markdown leaves alone (no glossary tooltip on a word of an address;
    kennisbank.css shows it as plain text). Copying gives the address unchanged (<wbr> adds nothing)."""
    url = str(url).replace("`", "%60")
    scheme, sep, rest = url.partition("://")
    parts = rest.split("/") if sep else url.split("/")
    pieces = [part + "/" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if sep:
        pieces = [f"{scheme}://"] + pieces
    return Markup("<wbr>".join(f"`{piece}`" for piece in pieces))


def heading_id(text: str) -> str:
    """The id Python-Markdown's toc gave a heading with this text before headings had fixed ids: a
    published deep link to it keeps working through an empty element with this id."""
    from markdown.extensions.toc import slugify

    return slugify(str(text), "-")


def _join(items: Iterable[object], separator: str = ", ") -> Markup:
    return Markup(separator).join(_finalize(item) for item in items)


@functools.lru_cache(maxsize=8)
def _environment(templates: str) -> jinja2.Environment:
    """One Jinja environment per template folder, kept for the process: templates are
    compiled once (a live preview renders again on every edit) and recompiled only when a
    template file changes (Jinja checks their modification times)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,  # macros return Markup; plain strings are escaped by _finalize
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.globals.update(vocab=vocab, badge=Renderer.badge)
    env.filters.update(
        label=Renderer._label,
        join=_join,
        wbr=wbr,
        slug=heading_id,
        meta=front_matter_value,
        yamlstr=front_matter_value,
        href=lambda v: Markup(
            str(v).replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        ),
    )
    return env


@dataclass
class Page:
    path: str  # docs-tree path
    template: str
    context: dict
    node: tuple | None = None  # (kind, key) of the entry shown, if any


def tooltip(term: Term) -> str:
    """A glossary term's tooltip: its short definition, and, when that is the knowledge base's own
    wording ('basis: redactie'), the glossary page's label for it, so no tooltip passes the editors'
    explanation off as the report's. A definition from the report or another source stays as it is,
    as on the glossary page, which labels only the knowledge base's own."""
    if term.basis != "redactie":
        return term.definition
    label = vocab("definition_basis").label("redactie")
    return f"{term.definition} ({label[:1].lower()}{label[1:]})"


class Renderer:
    def __init__(
        self,
        graph: Graph,
        templates: Path = TEMPLATES,
        related: dict | None = None,
        changed: dict | None = None,
        added: dict | None = None,
        addresses: Addresses | None = None,
        settings: Settings | None = None,
        tooltips: dict[tuple[int, str], str] | None = None,
        build_date: Callable[[], str | int] | None = None,
    ):
        from generator.site.freshness import reference_date

        self.graph = graph
        self._related = related or {}
        self.changed = changed or {}  # content file -> date of its last commit
        self.added = added or {}  # content file -> date of its first commit
        self.reference = reference_date(self.changed)  # the date of this version: its newest commit
        self.addresses = addresses or Addresses(site_url=None, repo_url=None)
        if settings is None:  # licence and contact addresses (mkdocs.yml extra:)
            from generator.paths import ROOT
            from generator.site.settings import read_settings

            settings = read_settings(ROOT / "mkdocs.yml")
        self.settings = settings
        self._tooltips = {} if tooltips is None else tooltips  # the session's cache (generator/session.py)
        self.open_data: dict[str, bytes] | None = None  # the files under /data/, made once (site/opendata.downloads)
        self.build_date = build_date  # asked only for an entry without a date of its own: seconds since 1970
        # (the session's: the content's last commit, one git call), else SOURCE_DATE_EPOCH
        self.env = _environment(str(templates))
        self.env.globals.update(vocabularies=vocabularies())
        self.terms = self._term_patterns()
        self._terms_key = hash(frozenset(self.terms[1].items()))  # the glossary, for the tooltip cache

    # --- helpers exposed to templates ------------------------------------------------------
    @staticmethod
    def _label(key: str, vocabulary: str) -> str:
        return vocab(vocabulary).label(key)

    @staticmethod
    def badge(status: str) -> Markup:
        """A status label as a coloured badge; the key is a vocabulary slug."""
        key = str(escape(status))
        return Markup(f'<span class="kb-status kb-status--{key}">{plain(vocab("status").label(status))}</span>')

    def rel(self, here: str, kind: str, key: str) -> str:
        target = src_path(kind, key)
        target_path, _, anchor = target.partition("#")
        rel = "" if target_path == here else _relpath(target_path, posixpath.dirname(here))
        return rel + (f"#{anchor}" if anchor else "")

    def href(self, here: str, kind: str, key: str) -> str:
        """The address of an entry as MkDocs writes it into page `here` for a link to the
        entry's Markdown file: relative to the page's URL, e.g. '../../instrumenten/x/'."""
        target, _, anchor = src_path(kind, key).partition("#")
        url = "" if target == here else _relative_url(target, here)
        return url + (f"#{anchor}" if anchor else "")

    def link(self, here: str, rec: Record, text: str | None = None) -> Markup:
        """A link to an entry, written as the HTML that Python-Markdown and MkDocs make of
        `[text](../entry.md)`: the target is known and validated, and Markdown's link parser
        was the costliest part of our pages (BENCHMARKS.md, run 7). The text stays Markdown
        text (escaped, with glossary tooltips), as inside a Markdown link; every such link is
        checked in the built site (tests/test_site.py), as MkDocs no longer sees it."""
        return Markup(f'<a href="{_attribute(self.href(here, rec.type.kind, rec.key))}">{plain(text or display_name(rec))}</a>')

    def md(self, here: str, value: str | None, shift: int = 0) -> Markup:
        """A validated Markdown field, internal links rewritten, headings shifted down."""
        if not value:
            return Markup("")

        def repl(m: re.Match) -> str:
            kind = SCHEMES[m.group(1)]
            return "](" + self.rel(here, kind, m.group(2)) + (m.group(3) or "") + ")"

        out = INTERNAL_LINK.sub(repl, value)
        if shift:
            out = HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + shift), out)
        return Markup(out)

    def source_label(self, c: Citation, note: bool = True) -> str:
        """'Platform31 (2018), §6.1' (and the citation's note): how a citation names its source."""
        return self.graph.citation_label(c, note)

    def cite(self, here: str, citations: Iterable[Citation]) -> Markup:
        parts = []
        for c in citations:
            parts.append(f'<a href="{_attribute(self.href(here, "source", c.source))}">{plain(self.source_label(c))}</a>')
        return Markup("; ".join(parts))

    def page_sources(self, here: str, node: Node | None) -> list[dict]:
        """The sources an entry's page cites, each once, with its full title and address (for the
        'Bronnen' section, on screen and on paper): first those of the entry's own `sources`, with
        those citations (section, note) as links, then every other source the page cites (in a
        result, a cost note), as the graph recorded them. The address only where the source has one."""
        if not node:
            return []
        rec = self.graph.record(node)
        own: dict[str, list[Citation]] = {}
        for c in getattr(rec.model, "sources", []):
            own.setdefault(c.source, []).append(c)
        keys = list(own) + [dst[1] for _loc, dst in self.graph.out.get(node, []) if dst[0] == "source" and dst[1] not in own]
        rows = []
        for key in dict.fromkeys(keys):
            source = self.graph.record(("source", key)).model
            label = (
                self.cite(here, own[key])
                if key in own
                else Markup(
                    f'<a href="{_attribute(self.href(here, "source", key))}">{plain(f"{source.author} ({source.when})")}</a>'
                )
            )
            rows.append(dict(label=label, title=source.title, url=source.url, cited_here=key in own))
        return rows

    def related(self, kind: str, key: str) -> list[Record]:
        """Up to five related entries (from the search index), not already linked."""
        return [self.graph.record(n) for n in self._related.get((kind, key), [])]

    def updated(self, node: Node | None) -> str | None:
        """'27 november 2026': when the entry's file last changed in git, if known."""
        from generator.site.history import dutch

        if not node:
            return None
        date = self.changed.get(self.graph.record(node).file)
        return dutch(date) if date else None

    def year(self, node: Node | None) -> int | None:
        """Year for a citation: of the last change in git, else of the build date."""
        import datetime
        import os

        date = self.changed.get(self.graph.record(node).file) if node else None
        if date:
            return date.year
        epoch = self.build_date() if self.build_date is not None else os.environ.get("SOURCE_DATE_EPOCH", "1514764800")
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).year

    # --- glossary tooltips -----------------------------------------------------------------
    def _term_patterns(self):
        """Each glossary name's definition, and the names by their first word: a name can only
        start where a word of the text equals the name's first word."""
        definitions: dict[str, str] = {}
        for rec in self.graph.of("term"):
            for name in [rec.model.name, *rec.model.aliases]:
                definitions.setdefault(name, tooltip(rec.model))
        by_first: dict[str, list[str]] = {}
        for name in sorted(definitions, key=lambda n: (-len(n), n)):  # longest first
            first = TERM_WORD.match(name)
            if first:  # a name that starts with a quote or bracket gets no tooltip (and no crash)
                by_first.setdefault(first.group(0), []).append(name)
        return by_first, definitions

    def used_terms(self, text: str) -> set[str]:
        """Glossary names in the text as whole words (not inside a longer word or a
        hyphenated compound), longest first, not overlapping, as one regex alternation of
        all names would find them, but without trying every name at every position."""
        by_first, _definitions = self.terms
        hits = []
        for word in set(TERM_WORD.findall(text)).intersection(by_first):
            start = text.find(word)
            while start >= 0:
                if not (start and TERM_CHAR.match(text, start - 1)):  # a word starts here
                    for name in by_first[word]:
                        stop = start + len(name)
                        if text.startswith(name, start) and not TERM_CHAR.match(text, stop):
                            hits.append((start, stop, name))
                            break
                start = text.find(word, start + 1)
        used: set[str] = set()
        end = 0
        for start, stop, name in sorted(hits):
            if start >= end:
                used.add(name)
                end = stop
        return used

    def abbreviations(self, markdown: str) -> str:
        """Abbreviation definitions (tooltips) for the glossary terms used on a page."""
        _by_first, definitions = self.terms
        if not definitions:
            return ""
        key = (self._terms_key, markdown)
        if key not in self._tooltips:  # most pages come out the same on every preview rebuild
            if len(self._tooltips) > 4096:
                self._tooltips.clear()
            self._tooltips[key] = self._abbreviations(markdown)
        return self._tooltips[key]

    def _abbreviations(self, markdown: str) -> str:
        _by_first, definitions = self.terms
        body = LINK_TARGET.sub("", re.sub(r"\]\([^)]*\)", "]", markdown))  # don't match inside link targets
        lines = []
        for name in sorted(self.used_terms(body)):
            safe = definitions[name].replace("]", ")").replace("[", "(")
            lines.append(f"*[{name}]: {safe}")
        # One definition per block: Python-Markdown's abbr extension takes one definition off
        # a block at a time and sends the rest through every block test again (blockquote,
        # heading: each searches the whole rest), quadratic in a page's definitions. The HTML
        # is the same; the real content's pages build faster (BENCHMARKS.md, run 7).
        return ("\n\n" + "\n\n".join(lines) + "\n") if lines else ""

    # --- pages -----------------------------------------------------------------------------
    def render(self, page: Page) -> str:
        template = self.env.get_template(page.template)
        here = page.path
        ctx = dict(
            page.context,
            here=here,
            link=lambda rec, text=None: self.link(here, rec, text),
            md=lambda value, shift=0: self.md(here, value, shift),
            cite=lambda citations: self.cite(here, citations),
            rel=lambda kind, key: self.rel(here, kind, key),
            url_path=url_path,
            address=lambda path: self.addresses.absolute(path) or path,  # absolute when the site has an address
            fixed=lambda path: _relative_url(path, here),  # a fixed page (urls.FIXED_PAGES) as a link from here
            page_sources=self.page_sources(here, page.node),
            related=self.related(*page.node) if page.node else [],
            updated=self.updated(page.node),
            year=self.year(page.node),
        )
        if page.node and page.node[0] == "practice":
            from generator.site.freshness import stand

            ctx["stand"] = stand(self.graph, page.node, self.reference)
        text = template.render(ctx)
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        if page.context.get("tooltips", True):
            text += self.abbreviations(text)
        from generator.site.editpath import edit_path, with_edit_path

        return with_edit_path(text, edit_path(self.graph.record(page.node).file if page.node else None, page.template))


PARALLEL_PAGES = 2000  # from this many pages on, a second process renders half of them


def render_pages(renderer: Renderer, pages: list[Page]) -> dict[str, bytes]:
    """Render every page; large sites on two cores (a forked process takes every other page,
    generator/processes.py). The output is the same either way."""
    from generator import processes

    def render(share: list[Page]) -> dict[str, bytes]:
        return {page.path: renderer.render(page).encode("utf-8") for page in share}

    if len(pages) < PARALLEL_PAGES or not processes.can_share_work():
        return render(pages)  # small, one core, or threads around (a live preview): no fork
    return processes.in_two(render, pages, doing="pagina's maakt")
