"""The practice kind: an instrument as one city applies it (content/cities/<stad>/<key>.yaml)."""

from __future__ import annotations

from generator.content.loader import Record
from generator.graph import evidence
from generator.graph.graph import Graph
from generator.kinds.base import ExportColumn, Kind, SearchFields, names, text


def search(g: Graph, rec: Record) -> SearchFields:
    m = rec.model
    inst = g.record(("instrument", m.instrument))
    city = g.city_of(rec)
    orgs = [g.record(("organisation", p.organisation)) for p in m.organisations]
    return SearchFields(
        facets=dict(
            domain=[inst.model.domain],
            perspective=list(inst.model.perspectives),
            target_group=list(inst.model.target_groups),
            city=[city.key],
            status=[m.status],
            barrier=list(m.barriers),
            evidence_level=[evidence.level(g, inst.key)],
            outcome=[r.outcome for r in m.results if r.outcome],
        ),
        aliases=[f"{inst.model.name} {city.model.name}"],
        body=text(
            m.description,
            [r.text for r in m.results],
            [c.text for c in m.context],
            m.gaps,
            [p.text for p in m.lessons],
            [p.role for p in m.organisations],
        ),
        keywords=text(
            m.location,
            m.neighbourhoods,
            city.model.name,
            inst.model.name,
            inst.model.aliases,
            names(orgs),
            [a for o in orgs for a in o.model.aliases],
        ),
    )


def city_key(rec: Record) -> str:
    """A practice's city is its folder, no field."""
    return rec.key.split("/", 1)[0]


KIND = Kind(
    "practice",
    search=search,
    type_prior=1.0,
    description_prior=1.3,
    export_columns=(ExportColumn("city", city_key, "De stad (sleutel) waar de praktijk bij hoort."),),
)
