"""The city kind: a municipality, the folder of its practices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.models import City
from generator.kinds.base import Kind, SearchFields, derived, names, text
from generator.kinds.rows import practice_rows

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def page(g: Graph, rec: Record) -> dict[str, Any]:
    node = ("city", rec.key)
    practices = practice_rows(g, g.practices_of(node))
    return dict(
        practices=practices,
        instruments=g.by_name(("instrument", row.instrument.key) for row in practices),
        barriers=g.barriers_of(node),
        organisations=g.organisations_of(node),
    )


def search(g: Graph, rec: Record) -> SearchFields:
    m, node = rec.model, ("city", rec.key)
    return SearchFields(
        facets=dict(city=[rec.key], perspective=list(m.perspectives)),
        body=text(m.vision, [f"{n.name}: {n.note or ''}" for n in m.neighbourhoods]),
        keywords=text(names(g.organisations_of(node)), names(g.practices_of(node))),
    )


KIND = Kind(
    "city",
    model=City,
    folder="cities",
    singular="stad",
    plural="steden",
    scheme="stad",
    section="steden",
    path="steden/{key}/index.md",  # a city's page is the index of its folder, next to its practices
    has_page=True,
    searchable=True,
    renamable=True,
    suggested=True,
    derived=(
        derived("instruments", "practices.instrument"),
        derived("barriers", "practices.barriers"),
        derived("organisations", "practices.organisations"),
    ),
    template="city.md.j2",
    page=page,
    search=search,
    type_prior=1.1,
    description_prior=0.9,
)
