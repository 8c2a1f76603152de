"""The study kind: a piece of research an instrument's evidence rests on (no page, not searched)."""

from __future__ import annotations

from generator.content.models import Study
from generator.kinds.base import Kind

KIND = Kind(
    "study",
    model=Study,
    folder="studies",
    singular="onderzoek",
    plural="onderzoeken",
    scheme="onderzoek",
    section="achtergrond/onderzoeken.md",
    path="{section}#{key}",
    has_page=False,
    searchable=False,
    renamable=False,
    suggested=False,
)
