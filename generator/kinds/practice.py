"""The practice kind: an instrument as one city applies it (content/cities/<stad>/<key>.yaml)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.models import Practice
from generator.graph import evidence
from generator.kinds.base import ExportColumn, Inverse, Kind, Same, SearchFields, derived, names, text
from generator.kinds.rows import MAP_PAGE, md_link, practice_rows, result_rows

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def page(g: Graph, rec: Record) -> dict[str, Any]:
    inst = g.record(("instrument", rec.model.instrument))
    siblings = [p for p in g.practices_of(("instrument", inst.key)) if p.key != rec.key]
    return dict(
        city=g.city_of(rec),
        instrument=inst,
        results=result_rows(g, rec),
        map_md=md_link(KIND.src_path(rec.key), MAP_PAGE),
        also=[g.record(("instrument", k)) for k in rec.model.also_instruments],
        organisations=[(g.record(("organisation", p.organisation)), p.role) for p in rec.model.organisations],
        barriers=g.barriers_of(("practice", rec.key)),
        siblings=practice_rows(g, siblings),
        contact_org=g.record(("organisation", rec.model.contact.organisation)) if rec.model.contact else None,
    )


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


def same(rec: Record) -> tuple[str, ...]:
    """Two practices are one when they apply the same instrument in the same city and place."""
    return (city_key(rec), rec.model.instrument, rec.model.location)


KIND = Kind(
    "practice",
    model=Practice,
    folder="cities/<stad>",
    singular="praktijk",
    plural="praktijken",
    scheme="praktijk",
    section="steden",
    path="steden/{key}.md",  # a practice's key is "<stad>/<slug>"
    has_page=True,
    searchable=True,
    renamable=True,
    suggested=True,
    parent="city",
    inverses=(
        Inverse("city", "practices"),
        Inverse("instrument", "practices"),
        Inverse("also_instruments", "practices"),
        Inverse("barriers", "practices"),
        Inverse("organisations", "practices"),
    ),
    derived=(derived("instruments", "instrument", "also_instruments"),),
    same=Same(same, "stad, instrument en plaats", "location"),
    template="practice.md.j2",
    page=page,
    search=search,
    type_prior=1.0,
    description_prior=1.3,
    export_columns=(ExportColumn("city", city_key, "De stad (sleutel) waar de praktijk bij hoort."),),
)
