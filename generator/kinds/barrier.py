"""The barrier kind: what stands in the way of a mixed neighbourhood, and what helped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.models import Barrier
from generator.kinds.base import Inverse, Kind, SearchFields, derived, names, text
from generator.kinds.rows import practice_rows

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def page(g: Graph, rec: Record) -> dict[str, Any]:
    node = ("barrier", rec.key)
    return dict(
        instruments=g.instruments_of(node),
        practices=practice_rows(g, g.practices_of(node)),
        cities=g.cities_of(node),
        recommendations=g.recommendations_of(node),
    )


def search(g: Graph, rec: Record) -> SearchFields:
    m, node = rec.model, ("barrier", rec.key)
    return SearchFields(
        facets=dict(perspective=list(m.perspectives), city=[c.key for c in g.cities_of(node)], barrier=[rec.key]),
        body=text(m.description, m.what_helped),
        keywords=text(names(g.instruments_of(node))),
    )


KIND = Kind(
    "barrier",
    model=Barrier,
    folder="barriers",
    singular="belemmering",
    plural="belemmeringen",
    scheme="belemmering",
    section="belemmeringen",
    path="belemmeringen/{key}.md",
    has_page=True,
    searchable=True,
    renamable=True,
    suggested=True,
    inverses=(Inverse("instruments", "barriers"), Inverse("cities", "barriers")),
    derived=(derived("cities", "practices.city"), derived("instruments", "practices.instrument")),
    template="barrier.md.j2",
    page=page,
    search=search,
    type_prior=1.3,
    description_prior=1.2,
)
