"""The organisation kind: a corporation, care provider, municipality department, ..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.models import Organisation
from generator.content.vocab import vocab
from generator.kinds.base import Inverse, Kind, SearchFields, derived, names, text
from generator.kinds.rows import practice_rows

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def page(g: Graph, rec: Record) -> dict[str, Any]:
    node = ("organisation", rec.key)
    practices = practice_rows(g, g.practices_of(node))
    return dict(
        practices=practices,
        cities=g.cities_of(node),
        instruments=g.by_name(("instrument", row.instrument.key) for row in practices),
    )


def search(g: Graph, rec: Record) -> SearchFields:
    m, node = rec.model, ("organisation", rec.key)
    return SearchFields(
        facets=dict(city=[c.key for c in g.cities_of(node)]),
        body=text(m.summary),
        keywords=text(vocab("actor_type").label(m.type), names(g.practices_of(node)), names(g.cities_of(node))),
    )


KIND = Kind(
    "organisation",
    model=Organisation,
    folder="organisations",
    singular="organisatie",
    plural="organisaties",
    scheme="organisatie",
    section="organisaties",
    path="organisaties/{key}.md",
    has_page=True,
    searchable=True,
    renamable=True,
    suggested=False,
    inverses=(Inverse("cities", "organisations"),),
    derived=(derived("cities", "practices.city"), derived("instruments", "practices.instrument")),
    template="organisation.md.j2",
    page=page,
    search=search,
    type_prior=1.0,
    description_prior=0.8,
)
