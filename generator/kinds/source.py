"""The source kind: a publication the entries cite, an anchor on the sources page."""

from __future__ import annotations

from generator.content.loader import Record
from generator.content.vocab import vocab
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, text


def search(g: Graph, rec: Record) -> SearchFields:
    m = rec.model
    return SearchFields(
        summary=f"{m.author} ({m.when}). {vocab('source_kind').label(m.kind)}.",
        body="",
        keywords=text(m.author, vocab("source_kind").label(m.kind)),
    )


KIND = Kind("source", search=search, type_prior=0.6, description_prior=0.6)
