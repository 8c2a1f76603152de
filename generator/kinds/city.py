"""The city kind: a municipality, the folder of its practices."""

from __future__ import annotations

from generator.content.loader import Record
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, names, text


def search(g: Graph, rec: Record) -> SearchFields:
    m, node = rec.model, ("city", rec.key)
    return SearchFields(
        facets=dict(city=[rec.key], perspective=list(m.perspectives)),
        body=text(m.vision, [f"{n.name}: {n.note or ''}" for n in m.neighbourhoods]),
        keywords=text(names(g.organisations_of(node)), names(g.practices_of(node))),
    )


KIND = Kind("city", search=search, type_prior=1.1, description_prior=0.9)
