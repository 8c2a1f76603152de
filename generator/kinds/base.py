"""What a kind module declares: `Kind`, its relations, and the helpers its functions use.

A content kind is one module, generator/kinds/<kind>.py, with `KIND = Kind(...)`: its model and
folder, its Dutch names, its URL rule, its relations (declared inverse edges and derived lists
the graph answers generically), its page (template + context), its search document, its ranking
weights and the columns of its open-data export besides its model's fields. The generic code
(loader, graph, urls, site/pages, search/documents, search/ranking, site/opendata) loops over the
registry `generator.kinds.KINDS` instead of asking `if kind == ...`.

A kind module imports only the content stage (models, text, vocabularies) and the evidence
rules; the graph it is asked about comes in as an argument (typed under TYPE_CHECKING), so the
stages that read the declarations (loader, graph, urls) can import the registry without a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.content.models import Strict
from generator.content.text import markdown_words

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph

DE_WORDS = {"stad", "praktijk", "belemmering", "organisatie", "bron", "achtergrondpagina", "aanbeveling"}


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
class Inverse:
    """A reference field of this kind seen from the other end: the entry the field points at lists
    this entry under `name` (a practice's `instrument` field: the instrument's "practices").
    `field` is the first part of the reference's place in the model ("organisations" for
    organisations[0].organisation), or the kind's `parent` (the folder it lives in)."""

    field: str
    name: str


@dataclass(frozen=True)
class Derived:
    """A list an entry of this kind shows that no field holds: the union of `paths`, each a chain of
    relation names walked from the entry (("practices", "city"): the cities of its practices)."""

    name: str
    paths: tuple[tuple[str, ...], ...]


def derived(name: str, *paths: str) -> Derived:
    """derived("cities", "practices.city", "cities"): each path written with dots between its steps."""
    return Derived(name, tuple(tuple(p.split(".")) for p in paths))


@dataclass(frozen=True)
class Same:
    """When two entries of a kind are one, if not by name: `parts` of each equal (compared without
    case and punctuation); the message names `what` and points at `field`."""

    parts: Callable[[Record], tuple[str, ...]]
    what: str  # Dutch: "stad, instrument en plaats"
    field: str


@dataclass(frozen=True)
class Kind:
    """One content kind's declaration: everything the generator knows about it."""

    kind: str  # internal name
    model: type[Strict]
    folder: str  # folder under content/ ("cities/<stad>": in the folder of its parent)
    singular: str  # Dutch, for messages and UI
    plural: str
    scheme: str  # scheme of internal links in Markdown, e.g. (instrument:housing-first)
    section: str  # docs-tree folder of its pages ("instrumenten"), or, without pages, the page that lists it
    path: str  # its docs-tree path, which decides the URL: "instrumenten/{key}.md"; "{section}#{key}" without a page
    has_page: bool  # an own page (and URL) per entry; otherwise an anchor on the `section` page
    searchable: bool  # a search document per entry
    renamable: bool  # `kennisbank rename` moves it (and redirects its old URL)
    suggested: bool  # may be suggested under "Zie ook" by text similarity
    parent: str | None = None  # the kind whose folder holds its files; the entry refers to it under this name
    inverses: tuple[Inverse, ...] = ()
    derived: tuple[Derived, ...] = ()
    same: Same | None = None  # when two entries are one; None: the same shown name
    order: Callable[[Record], Any] | None = None  # the order of a list of this kind; None: by name (then key)
    template: str | None = None  # its page's template (site_config/templates/)
    page: Callable[[Graph, Record], dict[str, Any]] | None = None  # its page's context besides `e` and `rec`
    search: Callable[[Graph, Record], SearchFields] | None = None  # None: no search document
    type_prior: float | None = None  # search/ranking.py TYPE_PRIOR
    description_prior: float | None = None  # search/ranking.py DESCRIPTION_PRIOR
    export_columns: tuple[ExportColumn, ...] = ()  # after "id" and "url", before the model's fields

    @property
    def de_word(self) -> bool:
        """'de stad' (not 'het instrument'): adjectives before it take -e ('onbekende stad')."""
        return self.singular in DE_WORDS

    def inflect(self, adjective: str) -> str:
        """'onbekend' -> 'onbekende stad' / 'onbekend instrument'."""
        return f"{adjective}{'e' if self.de_word else ''} {self.singular}"

    def file_for(self, key: str) -> str:
        """Where the file of an entry with this key lives, as shown to contributors (a practice's key
        is "<stad>/<slug>", its file content/cities/<stad>/<slug>.yaml)."""
        return f"content/{self.folder.split('/<', 1)[0]}/{key}.yaml"

    def src_path(self, key: str) -> str:
        """Docs-tree path of an entry (with `#anchor` for an entry without a page of its own)."""
        return self.path.format(key=key, section=self.section)


@dataclass(frozen=True)
class Priors:
    """Ranking weights of search results that are no entry (the site's fixed pages)."""

    kind: str  # their type in the search documents
    type_prior: float
    description_prior: float


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


def display_name(rec: Record) -> str:
    """An entry's name as shown: its `name`, or the `title` of kinds that have one instead."""
    m = rec.model
    return getattr(m, "name", None) or getattr(m, "title", None) or rec.key


def sort_name(rec: Record) -> str:
    """What entries are sorted by: the shown name, without regard to case."""
    return display_name(rec).casefold()


def names(records: Iterable[Record]) -> list[str]:
    return [display_name(r) for r in records]
