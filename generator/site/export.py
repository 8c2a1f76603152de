"""The JSON export: the whole graph as one versioned, machine-readable file.

Published as /data/kennisbank.json. The instrument finder and the compare page read it
in the browser, so both work on plain static hosting. Its shape is fixed by
SCHEMA_VERSION; there is no timestamp (the same content gives the same bytes), only a
fingerprint of the content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from generator.graph import evidence
from generator.graph.graph import Graph
from generator.content.models import Citation, Point
from generator.content.records import Record
from generator.content.text import markdown_to_text as plain
from generator.content.urls import display_name, url_path
from generator.content.vocab import vocabularies

SCHEMA_VERSION = 1


def _ref(kind: str, rec: Record) -> dict[str, str]:
    return {"id": rec.key, "name": display_name(rec), "url": url_path(kind, rec.key)}


def _points(points: Iterable[Point]) -> list[dict[str, str]]:
    """List points with what they rest on: 'rapport', 'bron' or 'redactie' (the knowledge base's own advice)."""
    return [{"text": p.text, "basis": p.basis} for p in points]


def build(g: Graph) -> dict:
    instruments = []
    for rec in g.of("instrument"):
        m, node = rec.model, ("instrument", rec.key)
        practices = g.practices_of(node)
        ce = m.cost_effort
        instruments.append(
            {
                "id": rec.key,
                "name": m.name,
                "url": url_path("instrument", rec.key),
                "summary": m.summary,
                "aliases": list(m.aliases),
                "domain": m.domain,
                "perspectives": list(m.perspectives),
                "target_groups": list(m.target_groups),
                "aim": plain(m.aim),
                "what": plain(m.what),
                "actors": [{"type": a.type, "role": a.role} for a in m.actors],
                "legal_status": m.legal.status,
                "legal_basis": plain(m.legal.basis),
                # derived from the studies behind the results that count for it (graph/evidence.py)
                "evidence_level": evidence.level(g, rec.key),
                "evidence": plain(m.evidence.explanation),
                "results": [plain(r.text) for r in m.evidence.results],
                "success_factors": _points(m.success_factors),
                "risks": _points(m.risks),
                # cost and effort only as a source gives them ("onbekend" where none does), with the source's note
                "cost": ce.cost if ce else "onbekend",
                "effort": ce.effort if ce else "onbekend",
                "cost_note": plain(ce.note) if ce and ce.note else None,
                "cost_sources": [g.citation_label(c) for c in ce.sources] if ce else [],
                "cities": [c.key for c in g.cities_of(node)],
                "barriers": [b.key for b in g.barriers_of(node)],
                "practices": [p.key for p in practices],
                # the outcomes of the results that count for it: its filled cells on the evidence-and-gap map
                "outcomes": sorted({f.result.outcome for f in evidence.findings(g)[rec.key]}),
            }
        )
    practice_rows = []
    for rec in g.of("practice"):
        m = rec.model
        inst = g.record(("instrument", m.instrument)).model
        practice_rows.append(
            {
                "id": rec.key,
                "name": m.name,
                "url": url_path("practice", rec.key),
                "summary": m.summary,
                "city": rec.city,
                "instrument": m.instrument,
                "also_instruments": list(m.also_instruments),
                "status": m.status,
                "period": {"start": m.period.start, "end": m.period.end, "note": m.period.note},
                "location": m.location,
                "barriers": list(m.barriers),
                "organisations": [p.organisation for p in m.organisations],
                # facets inherited from the instrument, so practices can be filtered alike
                "domain": inst.domain,
                "perspectives": list(inst.perspectives),
                "target_groups": list(inst.target_groups),
                "evidence_level": evidence.level(g, m.instrument),
                "legal_status": inst.legal.status,
                "outcomes": sorted({r.outcome for r in m.results if r.outcome}),
            }
        )
    data = {
        "instruments": instruments,
        "practices": practice_rows,
        "cities": [dict(_ref("city", r), summary=r.model.summary) for r in g.of("city")],
        "barriers": [
            dict(_ref("barrier", r), summary=r.model.summary, perspectives=list(r.model.perspectives)) for r in g.of("barrier")
        ],
        "organisations": [dict(_ref("organisation", r), type=r.model.type) for r in g.of("organisation")],
        "vocabularies": {
            name: [{"key": t.key, "label": t.label, "help": t.help} for t in v.terms] for name, v in vocabularies().items()
        },
    }
    fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return {"schema_version": SCHEMA_VERSION, "content_fingerprint": fingerprint, "result": data}


def to_json(g: Graph) -> bytes:
    return json.dumps(build(g), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# --- the coded studies: /data/onderzoeken.json and /data/onderzoeken.csv ----------------------

STUDY_COLUMNS = (
    "onderzoek",
    "naam",
    "opzet",
    "opzet_label",
    "instrument",
    "uitkomst",
    "richting",
    "jaar",
    "resultaat",
    "pagina",
    "bronnen",
)


def _citation(g: Graph, c: Citation) -> dict[str, str | int | None]:
    src = g.record(("source", c.source)).model
    return {
        "source": c.source,
        "author": src.author,
        "title": src.title,
        "year": src.year,
        "accessed": src.accessed,
        "section": c.section,
        "url": src.url,
    }


def _cited(g: Graph, citations: Iterable[Citation]) -> str:
    parts = []
    for c in citations:
        src = g.record(("source", c.source)).model
        parts.append(f"{src.author} ({src.when})" + (f", {c.section}" if c.section else ""))
    return "; ".join(parts)


def _cited_dict(c: dict) -> str:
    """'Platform31 (2018), §6.1' or 'Wikipedia (z.j., geraadpleegd 2026)', from an exported citation."""
    when = str(c["year"]) if c["year"] else f"z.j., geraadpleegd {c['accessed']}"
    return f"{c['author']} ({when})" + (f", {c['section']}" if c["section"] else "")


def studies(g: Graph) -> dict:
    """Every study with its design and what it is about, and every result from it with the
    instruments it counts for on the map: the evidence-and-gap map's data, computed from the content."""
    by_study: dict[str, list] = {}
    for inst, found in sorted(evidence.findings(g).items()):
        for f in found:
            by_study.setdefault(f.study.key, []).append((inst, f))
    labels = {t.key: t.label for t in vocabularies()["evidence_level"].terms}
    out = []
    for rec in sorted(g.of("study"), key=lambda s: (evidence.rank(s.model.design), s.key)):
        m = rec.model
        results = []
        for inst, f in sorted(by_study.get(rec.key, []), key=lambda x: (x[0], x[1].page.key, x[1].index)):
            results.append(
                {
                    "instrument": inst,
                    "outcome": f.result.outcome,
                    "direction": f.result.direction,
                    "year": f.result.year,
                    "text": plain(f.result.text),
                    "page": url_path(f.page.type.kind, f.page.key),
                    "sources": [_citation(g, c) for c in (f.result.sources or m.sources)],
                }
            )
        out.append(
            {
                "id": rec.key,
                "name": m.name,
                "design": m.design,
                "design_label": labels[m.design],
                "summary": m.summary,
                "instruments": list(m.instruments),
                "places": list(m.places),
                "period": {"start": m.period.start, "end": m.period.end, "note": m.period.note} if m.period else None,
                "population": m.population,
                "caveat": m.caveat,
                "url": url_path("study", rec.key),
                "sources": [_citation(g, c) for c in m.sources],
                "results": results,
            }
        )
    return {
        "scale": [{"key": t.key, "label": t.label, "help": t.help} for t in vocabularies()["evidence_level"].terms],
        "studies": out,
    }


def studies_json(g: Graph) -> bytes:
    return json.dumps(studies(g), ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def studies_csv(g: Graph) -> bytes:
    """One row per result and instrument it counts for (a study without results: one row without them)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(STUDY_COLUMNS)
    for st in studies(g)["studies"]:
        head = [st["id"], st["name"], st["design"], st["design_label"]]
        if not st["results"]:
            w.writerow(head + [""] * 6 + [_cited(g, g.record(("study", st["id"])).model.sources)])
        for r in st["results"]:
            cits = "; ".join(_cited_dict(c) for c in r["sources"])
            w.writerow(head + [r["instrument"], r["outcome"], r["direction"], r["year"] or "", r["text"], r["page"], cits])
    return buf.getvalue().encode("utf-8")
