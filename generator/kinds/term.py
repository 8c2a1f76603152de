"""The term kind: a glossary entry, an anchor on the glossary page."""

from __future__ import annotations

from generator.content.loader import Record
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, text


def search(g: Graph, rec: Record) -> SearchFields:
    return SearchFields(body=text(rec.model.explanation))


KIND = Kind("term", search=search, type_prior=1.2, description_prior=0.6)
