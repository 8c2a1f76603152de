"""The registry of content kinds: one module per kind (generator/kinds/<kind>.py) declares it as
`KIND = Kind(...)` (generator/kinds/base.py); `KINDS` lists them in the order the site shows them.
Code that handles "every kind that ..." asks `kinds(has_page=True)` instead of listing kinds.

Adding a kind = one module here (listed in BUILT_IN), its page template and its line in mkdocs.yml
(`register` does the same for a kind from outside the package, as the add-a-kind test does)."""

from __future__ import annotations

from generator.kinds import background, barrier, city, instrument, organisation, practice, recommendation, source, study, term
from generator.kinds.base import Derived, ExportColumn, Inverse, Kind, Priors, SearchFields, display_name, names, sort_name, text

KINDS: dict[str, Kind] = {}
SCHEMES: dict[str, str] = {}  # scheme of internal Markdown links -> kind: (instrument:wbmgp), (stad:tilburg)


def register(kind: Kind) -> None:
    """Add a kind to the registry (after the built-in ones)."""
    if kind.kind in KINDS or kind.scheme in SCHEMES:
        raise ValueError(f"kind {kind.kind!r} or link scheme {kind.scheme!r} is registered already")
    KINDS[kind.kind] = kind
    SCHEMES[kind.scheme] = kind.kind


BUILT_IN = (
    instrument.KIND,
    city.KIND,
    practice.KIND,
    barrier.KIND,
    organisation.KIND,
    term.KIND,
    background.KIND,
    recommendation.KIND,
    study.KIND,
    source.KIND,
)
for _kind in BUILT_IN:
    register(_kind)


def kinds(**flags: bool) -> tuple[str, ...]:
    """The kinds whose registry flags match, in registry order: kinds(has_page=True)."""
    return tuple(k.kind for k in KINDS.values() if all(getattr(k, name) == wanted for name, wanted in flags.items()))


# the site's fixed pages (site_config/search.yaml): searched, but no kind
PAGE = Priors("page", type_prior=1.0, description_prior=0.7)

__all__ = [
    "KINDS",
    "PAGE",
    "SCHEMES",
    "Derived",
    "ExportColumn",
    "Inverse",
    "Kind",
    "SearchFields",
    "display_name",
    "kinds",
    "names",
    "register",
    "sort_name",
    "text",
]
