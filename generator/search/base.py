"""The declared search interface: what every search engine answers.

Two engines implement it:

- `engine.Engine` answers from the whoosh index (`build/index`): the API of `kennisbank serve`
  and `kennisbank search`;
- `static.StaticEngine` answers from the static index files the site publishes
  (`zoekindex/`), reading them exactly as `zoekmachine.js` does in the browser.

Both rank with the same rules (`ranking.Ranker`), so the relevance set in
`tests/relevance.py` is the contract every engine passes, with identical results.

Building is not part of the protocol, because the engines are built from different things:
`engine.build(documents, index_dir, labels)` writes the whoosh index from the search
documents, `static.export(index_dir, site_dir)` writes the static files from an opened
engine through its public interface (`ExportSource`).

Callers never construct an engine themselves: `engines.open_engine(path)` opens one, and
`engines.index_exists(path)` / `engines.index_stamp(path)` ask the engine about an index on
disk. (That lives in `engines`, not here: the engines import this interface, so it cannot
import them.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol, runtime_checkable

MAX_QUERY_CHARS = 500

# A query plan: per subject word (the word, [(term, weight)], [completions of the last word]).
Plan = list[tuple[str, list[tuple[str, float]], list[str]]]


class QueryError(ValueError):
    """A query we refuse, with a Dutch message for the user."""


@dataclass
class Hit:
    id: str
    type: str
    title: str
    url: str
    summary: str
    snippet: str
    score: float


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str = ""  # "bedoelde je …": the query with its unknown words corrected
    nearest: list[Hit] = field(default_factory=list)  # when nothing matched: the closest entries


@dataclass(frozen=True)
class Entry:
    """One indexed document as an engine keeps it, by document number."""

    docnum: int
    id: str
    type: str
    title: str
    url: str
    summary: str
    body: str
    names: tuple[str, ...]  # the analysed title and aliases (for the exact-name bonus), sorted
    facets: dict[str, list[str]]


@runtime_checkable
class SearchEngine(Protocol):
    """What every search engine answers."""

    labels: dict[str, dict[str, str]]  # facet -> value -> Dutch label
    stamp: str  # changes whenever the index is rebuilt from other content

    @classmethod
    def exists(cls, path: Path) -> bool:
        """Whether `path` holds an index this engine can open."""

    @classmethod
    def stamp_at(cls, path: Path) -> str | None:
        """The stamp of the index at `path` without opening it (None while it is being replaced)."""

    @classmethod
    def open(cls, path: Path) -> "SearchEngine":
        """The engine over the index at `path`."""

    def search(self, text: str, filters: dict[str, list[str]] | None = None, limit: int = 10, offset: int = 0) -> Results:
        """Ranked hits, the total, facet counts and, when nothing matched, 'bedoelde je' and the
        nearest entries. Raises QueryError for a query it refuses."""

    def plan(self, text: str) -> tuple[Plan, list[str]]:
        """How the query is understood: per subject word its alternatives and completions; and
        the stems to highlight."""

    def facet_values(self, facet: str) -> set[str]:
        """Every value the facet has in the index."""

    def close(self) -> None: ...


@runtime_checkable
class ExportSource(Protocol):
    """What the static export reads from an engine (public, nothing else)."""

    labels: dict[str, dict[str, str]]
    stamp: str
    places: list[str]
    surface: dict[str, str]  # stem -> the word as the content most often writes it
    concepts: dict[str, list[str]]  # English concept -> the stems of its Dutch words (config.concept_table)

    @property
    def doc_count(self) -> int: ...

    def entries(self) -> Iterator[Entry]: ...

    def term_flags(self) -> dict[str, int]: ...

    def term(self, term: str) -> tuple[list[int], list[int], list[int]]: ...

    def popular(self, n: int = 5) -> list[int]: ...
