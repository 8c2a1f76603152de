"""The term kind: a glossary entry, an anchor on the glossary page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.models import Term
from generator.kinds.base import Kind, SearchFields, text

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def search(g: Graph, rec: Record) -> SearchFields:
    return SearchFields(body=text(rec.model.explanation))


KIND = Kind(
    "term",
    model=Term,
    folder="glossary",
    singular="begrip",
    plural="begrippen",
    scheme="begrip",
    section="begrippen/index.md",
    path="{section}#{key}",
    has_page=False,
    searchable=True,
    renamable=False,
    suggested=False,
    search=search,
    type_prior=1.2,
    description_prior=0.6,
)
