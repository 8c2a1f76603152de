"""The source kind: a publication the entries cite, an anchor on the sources page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.models import Source
from generator.content.vocab import vocab
from generator.kinds.base import Kind, SearchFields, text

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph


def search(g: Graph, rec: Record) -> SearchFields:
    m = rec.model
    return SearchFields(
        summary=f"{m.author} ({m.when}). {vocab('source_kind').label(m.kind)}.",
        body="",
        keywords=text(m.author, vocab("source_kind").label(m.kind)),
    )


KIND = Kind(
    "source",
    model=Source,
    folder="sources",
    singular="bron",
    plural="bronnen",
    scheme="bron",
    section="achtergrond/bronnen.md",
    path="{section}#{key}",
    has_page=False,
    searchable=True,
    renamable=False,
    suggested=False,
    search=search,
    type_prior=0.6,
    description_prior=0.6,
)
