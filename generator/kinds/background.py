"""The background kind: a page on history, research or a perspective."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.models import Background
from generator.kinds.base import Kind, SearchFields, text

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def page(g: Graph, rec: Record) -> dict[str, Any]:
    instruments = []
    if rec.model.perspective:
        instruments = g.by_name(
            ("instrument", i.key) for i in g.of("instrument") if rec.model.perspective in i.model.perspectives
        )
    return dict(instruments=instruments)


def search(g: Graph, rec: Record) -> SearchFields:
    m = rec.model
    return SearchFields(facets=dict(perspective=[m.perspective] if m.perspective else []), body=text(m.body))


KIND = Kind(
    "background",
    model=Background,
    folder="background",
    singular="achtergrondpagina",
    plural="achtergrond",
    scheme="achtergrond",
    section="achtergrond",
    path="achtergrond/{key}.md",
    has_page=True,
    searchable=True,
    renamable=True,
    suggested=True,
    template="background.md.j2",
    page=page,
    search=search,
    type_prior=0.9,
    description_prior=0.8,
)
