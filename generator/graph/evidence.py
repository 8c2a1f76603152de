"""What counts as evidence for which instrument: results, the studies behind them, the derived level.

The one place for the rules of the evidence-and-gap map, the instruments' evidence level and the
study download:

- A result counts for the instruments it is about: its own `instruments`, or else the instrument of
  the page it stands on (an instrument's page: that instrument; a practice: its `instrument`, never
  its `also_instruments`).
- Context items and gaps are never evidence.
- A cell (instrument x outcome) counts distinct studies: one study cited in four files is one study.
- An instrument's level is the strongest design among the studies behind its results ('onbekend',
  shown as "Geen onderzoek", when there are none). The scale is the vocabulary 'evidence_level'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from generator.content.models import NO_STUDY, Result
from generator.content.vocab import vocab

if TYPE_CHECKING:
    from generator.content.errors import Problems
    from generator.content.records import Record
    from generator.graph.graph import Graph


def scale() -> list[str]:
    """The designs, strongest first ('onbekend' not included)."""
    return [k for k in vocab("evidence_level").keys() if k != NO_STUDY]


def rank(design: str) -> int:
    """0 for the strongest design; 'onbekend' ranks below every design."""
    keys = vocab("evidence_level").keys()
    return keys.index(design)


@dataclass(frozen=True)
class Finding:
    """A result as evidence: where it stands, which study it comes from, whom it is about."""

    result: Result
    page: "Record"  # the instrument or practice whose file holds it
    study: "Record"
    index: int  # its position in that file's results (for a stable order)


def results_on(rec: "Record") -> list[Result]:
    """The results written in an instrument's or practice's file."""
    m = rec.model
    return list(m.evidence.results) if rec.type.kind == "instrument" else list(m.results)


def about(rec: "Record", result: Result) -> tuple[str, ...]:
    """The instruments a result is about (never a practice's also_instruments)."""
    if result.instruments:
        return tuple(result.instruments)
    return (rec.key,) if rec.type.kind == "instrument" else (rec.model.instrument,)


def findings(g: "Graph") -> dict[str, list[Finding]]:
    """Per instrument key, the findings that count for it, in file order (instrument first, then
    practices by key). Computed once per graph."""
    cached = g.memo.get("findings")
    if cached is not None:
        return cast("dict[str, list[Finding]]", cached)
    out: dict[str, list[Finding]] = {rec.key: [] for rec in g.of("instrument")}
    pages = sorted(g.of("instrument"), key=lambda r: r.key) + sorted(g.of("practice"), key=lambda r: r.key)
    for rec in pages:
        for i, res in enumerate(results_on(rec)):
            study = g.content.records["study"].get(res.study)
            if study is None:
                continue  # reported by the graph as an unknown reference
            for key in about(rec, res):
                if key in out:
                    out[key].append(Finding(res, rec, study, i))
    g.memo["findings"] = out
    return out


def strongest_first(study: "Record") -> tuple[int, str, str]:
    """The order of studies everywhere: strongest design first, then by name."""
    return (rank(study.model.design), study.model.name.casefold(), study.key)


def studies_of(g: "Graph", instrument: str) -> list["Record"]:
    """The distinct studies behind an instrument's results, strongest design first, then by name."""
    found = {f.study.key: f.study for f in findings(g).get(instrument, [])}
    return sorted(found.values(), key=strongest_first)


def level(g: "Graph", instrument: str) -> str:
    """The instrument's evidence level: the strongest design of its studies, or 'onbekend'."""
    studies = studies_of(g, instrument)
    return studies[0].model.design if studies else NO_STUDY


def direction(directions: Iterable[str]) -> str:
    """One direction for several results: the same one, 'gemengd' when they differ; 'onbekend' only
    when none of them has a direction (a result without one does not make a cell 'gemengd')."""
    known = {d for d in directions if d != "onbekend"}
    if not known:
        return "onbekend"
    return known.pop() if len(known) == 1 else "gemengd"


@dataclass(frozen=True)
class Cell:
    """One cell of the map: the studies (with their findings) on one outcome of one instrument."""

    instrument: str
    outcome: str
    studies: tuple[tuple["Record", tuple[Finding, ...]], ...]  # strongest design first

    @property
    def direction(self) -> str:
        return direction(f.result.direction for _s, fs in self.studies for f in fs)

    def at_least(self, design: str) -> "Cell":
        """The same cell with only the studies of this design or stronger."""
        return Cell(
            self.instrument, self.outcome, tuple((s, fs) for s, fs in self.studies if rank(s.model.design) <= rank(design))
        )


def cell(g: "Graph", instrument: str, outcome: str) -> Cell:
    by_study: dict[str, list[Finding]] = {}
    records: dict[str, "Record"] = {}
    for f in findings(g).get(instrument, []):
        if f.result.outcome == outcome:
            by_study.setdefault(f.study.key, []).append(f)
            records[f.study.key] = f.study
    order = sorted(records.values(), key=strongest_first)
    return Cell(instrument, outcome, tuple((s, tuple(by_study[s.key])) for s in order))


def check(g: "Graph", problems: "Problems") -> None:
    """A result of a study about named instruments may only count for those instruments."""
    for kind, field in (("instrument", ("evidence", "results")), ("practice", ("results",))):
        for rec in g.of(kind):
            for i, res in enumerate(results_on(rec)):
                study = g.content.records["study"].get(res.study)
                if study is None or not study.model.instruments:
                    continue
                outside = [k for k in about(rec, res) if k not in study.model.instruments]
                if outside:
                    where = (
                        "'instruments' van dit resultaat"
                        if res.instruments
                        else ("dit instrument" if kind == "instrument" else "het 'instrument' van deze praktijk")
                    )
                    problems.add(
                        rec.problem(
                            field + (i, "study"),
                            f"het onderzoek '{res.study}' gaat over {', '.join(study.model.instruments)}, niet over "
                            f"{', '.join(outside)} ({where}). Een resultaat telt alleen bij het instrument waar het over "
                            f"gaat: kies het juiste onderzoek, vul 'instruments' in, of voeg het instrument toe aan "
                            f"'instruments' in content/studies/{res.study}.yaml als het onderzoek er echt over gaat.",
                        )
                    )
