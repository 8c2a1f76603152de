"""The graph as search documents: one per searchable entry (each kind the registry marks
`searchable`, including the report's recommendations and the sources, which are anchors on
their overview pages), with name, aliases, summary, body and facet fields, built from the
validated entries, not from HTML; and one per fixed page of the site that
site_config/search.yaml lists (type "page": the evidence map, the finder, what's new, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.graph import evidence
from generator.graph.graph import Graph
from generator.content.models import CONTENT_TYPES, kinds
from generator.content.text import markdown_words
from generator.content.urls import display_name, md_to_url, url_path
from generator.content.vocab import vocab
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


def _text(*parts) -> str:
    out = []
    for part in parts:
        if not part:
            continue
        if isinstance(part, (list, tuple)):
            out.append(_text(*part))
        else:
            out.append(markdown_words(str(part)))
    return "\n".join(out)


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
        out.append(Document(
            id=f"{PAGE}:{page_key(page.path)}", type=PAGE, url=md_to_url(page.path), title=page.title,
            summary=page.summary, aliases=list(page.aliases), body=page.summary, phrases=_text(page.phrases),
            facets={"type": [PAGE]}))
    return out


def _names(records) -> list[str]:
    return [display_name(r) for r in records]


def _document(g: Graph, kind: str, rec) -> Document:
    m, node = rec.model, (kind, rec.key)
    facets: dict[str, list[str]] = {"type": [kind]}
    aliases = list(getattr(m, "aliases", []) or [])
    summary = getattr(m, "summary", None) or getattr(m, "definition", "")
    if kind == "instrument":
        facets.update(domain=[m.domain], perspective=list(m.perspectives), target_group=list(m.target_groups),
                      evidence_level=[evidence.level(g, rec.key)], city=[c.key for c in g.cities_of(node)],
                      barrier=[b.key for b in g.barriers_of(node)],
                      outcome=sorted({f.result.outcome for f in evidence.findings(g)[rec.key]}))
        body = _text(m.what, m.aim, m.approach, [a.role for a in m.actors], m.legal.basis, m.evidence.explanation,
                     [r.text for r in m.evidence.results], [c.text for c in m.evidence.context], m.evidence.gaps,
                     [p.text for p in m.success_factors], [p.text for p in m.risks])
        keywords = _text([vocab("target_group").label(t) for t in m.target_groups], _names(g.cities_of(node)))
    elif kind == "practice":
        inst = g.record(("instrument", m.instrument))
        city = g.city_of(rec)
        orgs = [g.record(("organisation", p.organisation)) for p in m.organisations]
        facets.update(domain=[inst.model.domain], perspective=list(inst.model.perspectives),
                      target_group=list(inst.model.target_groups), city=[city.key], status=[m.status],
                      barrier=list(m.barriers), evidence_level=[evidence.level(g, inst.key)],
                      outcome=[r.outcome for r in m.results if r.outcome])
        aliases += [f"{inst.model.name} {city.model.name}"]
        body = _text(m.description, [r.text for r in m.results], [c.text for c in m.context], m.gaps,
                     [p.text for p in m.lessons], [p.role for p in m.organisations])
        keywords = _text(m.location, m.neighbourhoods, city.model.name, inst.model.name, inst.model.aliases,
                         _names(orgs), [a for o in orgs for a in o.model.aliases])
    elif kind == "city":
        facets.update(city=[rec.key], perspective=list(m.perspectives))
        body = _text(m.vision, [f"{n.name}: {n.note or ''}" for n in m.neighbourhoods])
        keywords = _text(_names(g.organisations_of(node)), _names(g.practices_of(node)))
    elif kind == "barrier":
        facets.update(perspective=list(m.perspectives), city=[c.key for c in g.cities_of(node)], barrier=[rec.key])
        body = _text(m.description, m.what_helped)
        keywords = _text(_names(g.instruments_of(node)))
    elif kind == "organisation":
        facets.update(city=[c.key for c in g.cities_of(node)])
        body = _text(m.summary)
        keywords = _text(vocab("actor_type").label(m.type), _names(g.practices_of(node)), _names(g.cities_of(node)))
    elif kind == "term":
        body, keywords = _text(m.explanation), ""
    elif kind == "recommendation":
        instruments = [g.record(("instrument", k)) for k in m.instruments]
        facets.update(barrier=list(m.barriers))
        aliases += [f"aanbeveling {m.number}", f"recommendation {m.number}"]
        body = _text(m.body)
        keywords = _text(_names(instruments), _names(g.record(("barrier", k)) for k in m.barriers))
        summary = f"Aanbeveling {m.number} uit het onderzoek van Platform31 (2018)."
    elif kind == "source":
        summary = f"{m.author} ({m.when}). {vocab('source_kind').label(m.kind)}."
        body, keywords = "", _text(m.author, vocab("source_kind").label(m.kind))
    else:  # background
        facets.update(perspective=[m.perspective] if m.perspective else [])
        body, keywords = _text(m.body), ""
    phrases = _text(getattr(m, "search_phrases", None) or [], getattr(m, "summary_en", None) or "")
    return Document(
        id=f"{kind}:{rec.key}",
        type=kind,
        url=url_path(kind, rec.key),
        title=display_name(rec),
        summary=summary,
        aliases=aliases,
        body=body,
        keywords=keywords,
        phrases=phrases,
        facets={k: sorted(set(v)) for k, v in facets.items() if v},
    )


def facet_labels(g: Graph) -> dict[str, dict[str, str]]:
    """Dutch labels for every facet value, for the search page."""
    labels = {facet: {t.key: t.label for t in vocab(facet).terms}
              for facet in ("domain", "perspective", "target_group", "status", "evidence_level", "outcome")}
    labels["type"] = {k: CONTENT_TYPES[k].singular.capitalize() for k in kinds(searchable=True)}
    labels["type"][PAGE] = PAGE_LABEL
    labels["city"] = {r.key: display_name(r) for r in g.of("city")}
    labels["barrier"] = {r.key: display_name(r) for r in g.of("barrier")}
    return labels
