"""Rows the entry pages share: a practice with its city and instrument, a result with its study,
and the links from an entry's page to the evidence pages. The kinds' page functions and the site's
overview pages (site/pages.py) build their tables from these."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.content.vocab import vocab
from generator.graph import evidence
from generator.kinds.base import display_name

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.content.records import Record
    from generator.content.models import Result
    from generator.graph.graph import Graph

STATUS_ORDER = {key: i for i, key in enumerate(vocab("status").keys())}
LEVELS_PAGE = "achtergrond/onderzoeken.md"
MAP_PAGE = "bewijskaart/index.md"


@dataclass(frozen=True)
class PracticeRow:
    """A practice as a row of a practice table: with its city and its instrument."""

    practice: Record
    city: Record
    instrument: Record


def practice_rows(g: Graph, practices: Iterable[Record]) -> list[PracticeRow]:
    """Practices by city, status and name, each with its city and instrument."""
    rows = [PracticeRow(p, g.city_of(p), g.record(("instrument", p.model.instrument))) for p in practices]
    return sorted(
        rows,
        key=lambda row: (
            display_name(row.city).casefold(),
            STATUS_ORDER[row.practice.model.status],
            row.practice.model.name.casefold(),
        ),
    )


@dataclass(frozen=True)
class ResultRow:
    """A result as a page shows it: with its study and the citations to show (its own, else the study's)."""

    result: Result
    study: Record
    citations: tuple


def result_rows(g: Graph, rec: Record) -> list[ResultRow]:
    rows = []
    for res in evidence.results_on(rec):
        study = g.record(("study", res.study))
        rows.append(ResultRow(res, study, tuple(res.sources or study.model.sources)))
    return rows


def md_link(here: str, target: str) -> str:
    """A Markdown link from page `here` to the docs-tree file `target` (MkDocs rewrites it)."""
    return posixpath.relpath(target, posixpath.dirname(here))
