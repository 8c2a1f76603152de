"""The barrier kind: what stands in the way of a mixed neighbourhood, and what helped."""

from __future__ import annotations

from generator.content.loader import Record
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, names, text


def search(g: Graph, rec: Record) -> SearchFields:
    m, node = rec.model, ("barrier", rec.key)
    return SearchFields(
        facets=dict(perspective=list(m.perspectives), city=[c.key for c in g.cities_of(node)], barrier=[rec.key]),
        body=text(m.description, m.what_helped),
        keywords=text(names(g.instruments_of(node))),
    )


KIND = Kind("barrier", search=search, type_prior=1.3, description_prior=1.2)
