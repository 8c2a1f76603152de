"""The organisation kind: a corporation, care provider, municipality department, ..."""

from __future__ import annotations

from generator.content.loader import Record
from generator.content.vocab import vocab
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, names, text


def search(g: Graph, rec: Record) -> SearchFields:
    m, node = rec.model, ("organisation", rec.key)
    return SearchFields(
        facets=dict(city=[c.key for c in g.cities_of(node)]),
        body=text(m.summary),
        keywords=text(vocab("actor_type").label(m.type), names(g.practices_of(node)), names(g.cities_of(node))),
    )


KIND = Kind("organisation", search=search, type_prior=1.0, description_prior=0.8)
