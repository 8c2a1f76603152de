"""One module per content kind: what is particular to it (its search document, its ranking
weights, its export columns), declared as `KIND = Kind(...)` (generator/kinds/base.py). `KINDS` lists them in the
order of the registry (generator/content/models.py CONTENT_TYPES); `PAGE` declares the ranking
weights of the site's fixed pages (site_config/search.yaml), which are searched but no kind."""

from __future__ import annotations

from generator.content.models import CONTENT_TYPES
from generator.kinds import background, barrier, city, instrument, organisation, practice, recommendation, source, study, term
from generator.kinds.base import ExportColumn, Kind, SearchFields, names, text

_DECLARED = {
    k.kind: k
    for k in (
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
}
KINDS: dict[str, Kind] = {kind: _DECLARED[kind] for kind in CONTENT_TYPES}  # a kind without a module fails here
PAGE = Kind("page", type_prior=1.0, description_prior=0.7)

__all__ = ["KINDS", "PAGE", "ExportColumn", "Kind", "SearchFields", "names", "text"]
