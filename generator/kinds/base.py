"""What a kind module declares: `Kind`, and the helpers its search document uses.

A module per content kind (generator/kinds/<kind>.py) brings together what is particular to
that kind beyond its registry row in generator/content/models.py: its search document fields
its weights in the ranking and the
columns of its open-data export besides its model's fields. The generic code (search/documents.py, search/ranking.py)
loops over the declarations in `generator.kinds.KINDS` instead of asking `if kind == ...`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.content.loader import Record
from generator.content.models import CONTENT_TYPES, ContentType
from generator.content.text import markdown_words
from generator.content.urls import display_name
from generator.graph.graph import Graph


@dataclass
class SearchFields:
    """The kind-specific part of an entry's search document (search/documents.py adds the rest)."""

    facets: dict[str, list[str]] = field(default_factory=dict)  # besides "type"
    body: str = ""
    keywords: str = ""
    aliases: list[str] = field(default_factory=list)  # added after the entry's own aliases
    summary: str | None = None  # instead of the entry's summary (or definition)


@dataclass(frozen=True)
class ExportColumn:
    """A column of the open-data export (site/opendata.py) that is no field of the kind's model."""

    name: str
    value: Callable[[Record], str]
    description: str  # Dutch, for the export's JSON Schema


@dataclass(frozen=True)
class Kind:
    """One content kind's declaration: its registry row and what only this kind knows."""

    kind: str
    search: Callable[[Graph, Record], SearchFields] | None = None  # None: no search document
    type_prior: float | None = None  # search/ranking.py TYPE_PRIOR
    description_prior: float | None = None  # search/ranking.py DESCRIPTION_PRIOR
    export_columns: tuple[ExportColumn, ...] = ()  # after "id" and "url", before the model's fields

    @property
    def type(self) -> ContentType:
        return CONTENT_TYPES[self.kind]


def text(*parts: Any) -> str:
    """The words of these texts (Markdown stripped), one part a line; lists flattened, empty parts left out."""
    out = []
    for part in parts:
        if not part:
            continue
        if isinstance(part, (list, tuple)):
            out.append(text(*part))
        else:
            out.append(markdown_words(str(part)))
    return "\n".join(out)


def names(records: Iterable[Record]) -> list[str]:
    return [display_name(r) for r in records]
