"""The graph as search documents: one per searchable entry (each kind the registry marks
`searchable`, including the report's recommendations and the sources, which are anchors on
their overview pages), with name, aliases, summary, body and facet fields, built from the
validated entries, not from HTML; and one per fixed page of the site that
site_config/search.yaml lists (type "page": the evidence map, the finder, what's new, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.graph.graph import Graph
from generator.content.records import Record
from generator.kinds import KINDS, kinds
from generator.content.urls import display_name, md_to_url, url_path
from generator.content.vocab import vocab
from generator.kinds.base import text as _text
from generator.search import config

FACETS = ("type", "domain", "perspective", "target_group", "city", "barrier", "status", "evidence_level", "outcome")


@dataclass
class Document:
    id: str  # "<kind>:<key>"
    type: str
    url: str
    title: str
    summary: str
    aliases: list[str] = field(default_factory=list)
    body: str = ""  # prose: searched and used for snippets
    keywords: str = ""  # names of linked entries, neighbourhoods: searched, never shown
    phrases: str = ""  # practitioners' search phrases and the English summary: searched, never shown
    facets: dict[str, list[str]] = field(default_factory=dict)


PAGE = "page"  # the type of a fixed page's document (not a content kind: no entry behind it)
PAGE_LABEL = "Pagina van de site"
PAGE_SINGULAR, PAGE_PLURAL = "pagina", "pagina's"


def documents(g: Graph) -> list[Document]:
    docs = []
    for kind in kinds(searchable=True):
        for rec in g.of(kind):
            docs.append(_document(g, kind, rec))
    docs += page_documents()
    return docs


def page_key(path: str) -> str:
    """bewijskaart/index.md -> bewijskaart, achtergrond/bronnen.md -> achtergrond/bronnen, index.md -> home."""
    return md_to_url(path).strip("/") or "home"


def page_documents(search_config: config.SearchConfig | None = None) -> list[Document]:
    """The fixed pages of site_config/search.yaml as search documents."""
    out = []
    for page in (search_config or config.load()).pages:
        out.append(
            Document(
                id=f"{PAGE}:{page_key(page.path)}",
                type=PAGE,
                url=md_to_url(page.path),
                title=page.title,
                summary=page.summary,
                aliases=list(page.aliases),
                body=page.summary,
                phrases=_text(page.phrases),
                facets={"type": [PAGE]},
            )
        )
    return out


def _document(g: Graph, kind: str, rec: Record) -> Document:
    m = rec.model
    declared = KINDS[kind].search
    assert declared is not None, f"the kind {kind!r} is searchable but its module declares no search document"
    own = declared(g, rec)
    entry_summary: str = getattr(m, "summary", None) or getattr(m, "definition", None) or ""  # a term has a definition
    summary = own.summary if own.summary is not None else entry_summary
    facets: dict[str, list[str]] = {"type": [kind], **own.facets}
    phrases = _text(getattr(m, "search_phrases", None) or [], getattr(m, "summary_en", None) or "")
    return Document(
        id=f"{kind}:{rec.key}",
        type=kind,
        url=url_path(kind, rec.key),
        title=display_name(rec),
        summary=summary,
        aliases=list(getattr(m, "aliases", []) or []) + own.aliases,
        body=own.body,
        keywords=own.keywords,
        phrases=phrases,
        facets={k: sorted(set(v)) for k, v in facets.items() if v},
    )


def facet_labels(g: Graph) -> dict[str, dict[str, str]]:
    """Dutch labels for every facet value, for the search page."""
    labels = {
        facet: {t.key: t.label for t in vocab(facet).terms}
        for facet in ("domain", "perspective", "target_group", "status", "evidence_level", "outcome")
    }
    labels["type"] = {k: KINDS[k].singular.capitalize() for k in kinds(searchable=True)}
    labels["type"][PAGE] = PAGE_LABEL
    labels["city"] = {r.key: display_name(r) for r in g.of("city")}
    labels["barrier"] = {r.key: display_name(r) for r in g.of("barrier")}
    return labels
