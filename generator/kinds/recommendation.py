"""The recommendation kind: one of the report's recommendations, an anchor on their overview page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.models import Recommendation
from generator.kinds.base import Inverse, Kind, SearchFields, names, text

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def search(g: Graph, rec: Record) -> SearchFields:
    m = rec.model
    instruments = [g.record(("instrument", k)) for k in m.instruments]
    return SearchFields(
        facets=dict(barrier=list(m.barriers)),
        aliases=[f"aanbeveling {m.number}", f"recommendation {m.number}"],
        body=text(m.body),
        keywords=text(names(instruments), names(g.record(("barrier", k)) for k in m.barriers)),
        summary=f"Aanbeveling {m.number} uit het onderzoek van Platform31 (2018).",
    )


def number(rec: Record) -> int:
    return rec.model.number


KIND = Kind(
    "recommendation",
    model=Recommendation,
    folder="recommendations",
    singular="aanbeveling",
    plural="aanbevelingen",
    scheme="aanbeveling",
    section="achtergrond/aanbevelingen.md",
    path="{section}#{key}",
    has_page=False,
    searchable=True,
    renamable=False,
    suggested=False,
    inverses=(Inverse("instruments", "recommendations"), Inverse("barriers", "recommendations")),
    order=number,
    search=search,
    type_prior=0.8,
    description_prior=0.8,
)
