"""'Stand van': how old the newest source of a page is.

The age is counted against the date of this version of the knowledge base, the newest
commit in content/ (generator/site/history.py), not against the clock: the same commits give
the same pages, byte for byte, and the line says which date it counts from. Outside git
there is no such date and the line gives only the year of the newest source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from generator.graph.graph import Graph, Node
from generator.site.history import dutch


@dataclass(frozen=True)
class Stand:
    year: int | None  # the publication year of the newest source that has one
    accessed: int | None  # sources without a publication year: the latest year one was consulted, if later
    age: int | None  # years from `year` to the reference date, if both are known
    reference: str | None  # '27 november 2026': the date of this version of the knowledge base


def reference_date(changed: dict[str, datetime.date]) -> datetime.date | None:
    """The date of this version of the content: its newest commit."""
    return max(changed.values(), default=None)


def stand(graph: Graph, node: Node, reference: datetime.date | None) -> Stand | None:
    """The newest source the entry cites (anywhere on its page), or None if it cites none."""
    sources = [graph.record(("source", key)).model for _kind, key in graph.targets(node, "source")]
    if not sources:
        return None
    year = max((s.year for s in sources if s.year is not None), default=None)
    accessed = max((s.accessed for s in sources if s.year is None), default=None)
    if year is not None and accessed is not None and accessed <= year:
        accessed = None  # consulted before the newest dated source appeared: adds nothing
    age = max(0, reference.year - year) if reference and year is not None else None
    return Stand(year=year, accessed=accessed, age=age, reference=dutch(reference) if reference else None)
