"""The background kind: a page on history, research or a perspective."""

from __future__ import annotations

from generator.content.loader import Record
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, text


def search(g: Graph, rec: Record) -> SearchFields:
    m = rec.model
    return SearchFields(facets=dict(perspective=[m.perspective] if m.perspective else []), body=text(m.body))


KIND = Kind("background", search=search, type_prior=0.9, description_prior=0.8)
