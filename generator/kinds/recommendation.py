"""The recommendation kind: one of the report's recommendations, an anchor on their overview page."""

from __future__ import annotations

from generator.content.loader import Record
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, names, text


def search(g: Graph, rec: Record) -> SearchFields:
    m = rec.model
    instruments = [g.record(("instrument", k)) for k in m.instruments]
    return SearchFields(
        facets=dict(barrier=list(m.barriers)),
        aliases=[f"aanbeveling {m.number}", f"recommendation {m.number}"],
        body=text(m.body),
        keywords=text(names(instruments), names(g.record(("barrier", k)) for k in m.barriers)),
        summary=f"Aanbeveling {m.number} uit het onderzoek van Platform31 (2018).",
    )


KIND = Kind("recommendation", search=search, type_prior=0.8, description_prior=0.8)
