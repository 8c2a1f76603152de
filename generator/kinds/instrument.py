"""The instrument kind: a policy instrument for mixed neighbourhoods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.models import Instrument
from generator.content.vocab import vocab
from generator.graph import evidence
from generator.kinds.base import Inverse, Kind, SearchFields, derived, names, text
from generator.kinds.rows import LEVELS_PAGE, MAP_PAGE, md_link, practice_rows, result_rows

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def page(g: Graph, rec: Record) -> dict[str, Any]:
    node = ("instrument", rec.key)
    here = KIND.src_path(rec.key)
    return dict(
        results=result_rows(g, rec),
        level=evidence.level(g, rec.key),
        map_md=md_link(here, MAP_PAGE),
        levels_md=md_link(here, LEVELS_PAGE),
        level_studies=evidence.studies_of(g, rec.key),
        levels_page=LEVELS_PAGE,
        practices=practice_rows(g, g.practices_of(node)),
        cities=g.cities_of(node),
        barriers=g.barriers_of(node),
        related=g.instruments_of(node),
        recommendations=g.recommendations_of(node),
        mentioned_by=g.mentioned_by(node),
    )


def search(g: Graph, rec: Record) -> SearchFields:
    m, node = rec.model, ("instrument", rec.key)
    return SearchFields(
        facets=dict(
            domain=[m.domain],
            perspective=list(m.perspectives),
            target_group=list(m.target_groups),
            evidence_level=[evidence.level(g, rec.key)],
            city=[c.key for c in g.cities_of(node)],
            barrier=[b.key for b in g.barriers_of(node)],
            outcome=sorted({f.result.outcome for f in evidence.findings(g)[rec.key]}),
        ),
        body=text(
            m.what,
            m.aim,
            m.approach,
            [a.role for a in m.actors],
            m.legal.basis,
            m.evidence.explanation,
            [r.text for r in m.evidence.results],
            [c.text for c in m.evidence.context],
            m.evidence.gaps,
            [p.text for p in m.success_factors],
            [p.text for p in m.risks],
        ),
        keywords=text([vocab("target_group").label(t) for t in m.target_groups], names(g.cities_of(node))),
    )


KIND = Kind(
    "instrument",
    model=Instrument,
    folder="instruments",
    singular="instrument",
    plural="instrumenten",
    scheme="instrument",
    section="instrumenten",
    path="instrumenten/{key}.md",
    has_page=True,
    searchable=True,
    renamable=True,
    suggested=True,
    inverses=(Inverse("related", "instruments"),),  # related is declared on either side
    derived=(
        derived("instruments", "related"),
        derived("cities", "practices.city"),
        derived("barriers", "practices.barriers"),
    ),
    template="instrument.md.j2",
    page=page,
    search=search,
    type_prior=1.6,
    description_prior=1.0,
)
