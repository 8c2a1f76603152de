"""Vocabularies (domains, perspectives, target groups, ...) from their one file.

`site_config/vocabularies.yaml` is the single table: the models turn each vocabulary
into a `Literal` type (so validation and JSON Schema list the allowed values), and the
templates read the labels from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from generator.paths import VOCABULARIES


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    help: str


@dataclass(frozen=True)
class Vocabulary:
    name: str
    description: str
    terms: tuple[Term, ...]
    title: str = ""  # the list's own short name, e.g. the heading of its filter on the site

    def keys(self) -> list[str]:
        return [t.key for t in self.terms]

    def label(self, key: str) -> str:
        for t in self.terms:
            if t.key == key:
                return t.label
        return key

    def literal(self) -> Any:  # typing.Literal[...] of the keys, made at run time
        """A typing.Literal of the allowed keys, for pydantic."""
        return Literal[tuple(self.keys())]


@cache
def vocabularies() -> dict[str, Vocabulary]:
    raw = yaml.safe_load(VOCABULARIES.read_text(encoding="utf-8"))
    result = {}
    for name, spec in raw.items():
        terms = tuple(Term(key=key, label=val["label"], help=val.get("help", "")) for key, val in spec["values"].items())
        result[name] = Vocabulary(
            name=name, description=spec["description"], terms=terms, title=spec.get("title") or spec["description"]
        )
    return result


def vocab(name: str) -> Vocabulary:
    return vocabularies()[name]
