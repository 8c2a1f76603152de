"""The JSON export: the whole graph as one versioned, machine-readable file.

Published as /data/kennisbank.json. The instrument finder and the compare page read it
in the browser, so both work on plain static hosting. Its shape is fixed by
SCHEMA_VERSION; there is no timestamp (the same content gives the same bytes), only a
fingerprint of the content.
"""

from __future__ import annotations

import hashlib
import json

from generator.graph.graph import Graph
from generator.content.text import markdown_to_text as plain
from generator.content.urls import display_name, url_path
from generator.content.vocab import vocabularies

SCHEMA_VERSION = 1


def _ref(kind: str, rec) -> dict:
    return {"id": rec.key, "name": display_name(rec), "url": url_path(kind, rec.key)}


def _points(points) -> list[dict]:
    """List points with what they rest on: 'rapport', 'bron' or 'redactie' (the knowledge base's own advice)."""
    return [{"text": p.text, "basis": p.basis} for p in points]


def build(g: Graph) -> dict:
    instruments = []
    for rec in g.of("instrument"):
        m, node = rec.model, ("instrument", rec.key)
        practices = g.practices_of(node)
        ce = m.cost_effort
        instruments.append({
            "id": rec.key, "name": m.name, "url": url_path("instrument", rec.key), "summary": m.summary,
            "aliases": list(m.aliases), "domain": m.domain, "perspectives": list(m.perspectives),
            "target_groups": list(m.target_groups), "aim": plain(m.aim), "what": plain(m.what),
            "actors": [{"type": a.type, "role": a.role} for a in m.actors],
            "legal_status": m.legal.status, "legal_basis": plain(m.legal.basis),
            "evidence_level": m.evidence.level, "evidence": plain(m.evidence.explanation),
            "results": [plain(r.text) for r in m.evidence.results],
            "success_factors": _points(m.success_factors), "risks": _points(m.risks),
            # cost and effort only as a source gives them ("onbekend" where none does), with the source's note
            "cost": ce.cost if ce else "onbekend", "effort": ce.effort if ce else "onbekend",
            "cost_note": plain(ce.note) if ce and ce.note else None,
            "cost_sources": [g.citation_label(c) for c in ce.sources] if ce else [],
            "cities": [c.key for c in g.cities_of(node)],
            "barriers": [b.key for b in g.barriers_of(node)],
            "practices": [p.key for p in practices],
            # outcomes of its own results and of its practices' (the evidence-and-gap map's columns)
            "outcomes": sorted({r.outcome for r in m.evidence.results if r.outcome}
                               | {r.outcome for p in practices for r in p.model.results if r.outcome}),
        })
    practices = []
    for rec in g.of("practice"):
        m = rec.model
        inst = g.record(("instrument", m.instrument)).model
        practices.append({
            "id": rec.key, "name": m.name, "url": url_path("practice", rec.key), "summary": m.summary,
            "city": rec.city, "instrument": m.instrument, "also_instruments": list(m.also_instruments),
            "status": m.status, "period": {"start": m.period.start, "end": m.period.end, "note": m.period.note},
            "location": m.location, "barriers": list(m.barriers),
            "organisations": [p.organisation for p in m.organisations],
            # facets inherited from the instrument, so practices can be filtered alike
            "domain": inst.domain, "perspectives": list(inst.perspectives), "target_groups": list(inst.target_groups),
            "evidence_level": inst.evidence.level, "legal_status": inst.legal.status,
            "outcomes": sorted({r.outcome for r in m.results if r.outcome}),
        })
    data = {
        "instruments": instruments,
        "practices": practices,
        "cities": [dict(_ref("city", r), summary=r.model.summary) for r in g.of("city")],
        "barriers": [dict(_ref("barrier", r), summary=r.model.summary, perspectives=list(r.model.perspectives))
                     for r in g.of("barrier")],
        "organisations": [dict(_ref("organisation", r), type=r.model.type) for r in g.of("organisation")],
        "vocabularies": {name: [{"key": t.key, "label": t.label, "help": t.help} for t in v.terms]
                         for name, v in vocabularies().items()},
    }
    fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return {"schema_version": SCHEMA_VERSION, "content_fingerprint": fingerprint, "result": data}


def to_json(g: Graph) -> bytes:
    return json.dumps(build(g), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

