"""The instrument kind: a policy instrument for mixed neighbourhoods."""

from __future__ import annotations

from generator.content.loader import Record
from generator.content.vocab import vocab
from generator.graph import evidence
from generator.graph.graph import Graph
from generator.kinds.base import Kind, SearchFields, names, text


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


KIND = Kind("instrument", search=search, type_prior=1.6, description_prior=1.0)
