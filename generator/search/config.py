"""What search knows beside the content, from its one file `site_config/search.yaml`:

- `pages`: the site's fixed pages (overviews and tools) as search documents, with the names
  people give them in Dutch and English (a new fixed page joins with one row);
- `concepts`: English words a foreign researcher types for a Dutch concept, and the Dutch
  words the knowledge base uses for it. The query analysis (`query.concept_spans`) searches
  the Dutch words beside the English ones; the table travels with each index (`concept_table`),
  so the API and the static site read the same one.

`check` reports a bad file in Dutch, with line and fix, like every content problem.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.content.errors import Problem, Problems, did_you_mean, format_path
from generator.content.urls import FIXED_PAGES
from generator.paths import SITE_CONFIG
from generator.search import query

SEARCH_CONFIG = SITE_CONFIG / "search.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SearchPage(_Strict):
    path: str = Field(description="De pagina in de docs-tree, zoals in FIXED_PAGES (bijv. 'bewijskaart/index.md').")
    title: str = Field(min_length=1, description="De titel zoals de pagina hem toont.")
    summary: str = Field(min_length=1, description="Eén zin over wat op de pagina staat.")
    aliases: list[str] = Field(default_factory=list, description="Hoe mensen de pagina noemen (Nederlands en Engels).")
    phrases: list[str] = Field(default_factory=list, description="Zinnen zoals iemand naar de pagina zoekt.")

    @field_validator("path")
    @classmethod
    def _fixed(cls, value: str) -> str:
        if value not in FIXED_PAGES:
            raise ValueError(
                f"'{value}' is geen vaste pagina van de site; kies een pad uit FIXED_PAGES in "
                f"generator/content/urls.py.{did_you_mean(value, FIXED_PAGES)}"
            )
        return value


class Concept(_Strict):
    en: list[str] = Field(min_length=1, description="Engelse woorden of woordgroepen.")
    nl: list[str] = Field(min_length=1, description="De Nederlandse woorden van de kennisbank voor hetzelfde begrip.")


class SearchConfig(_Strict):
    pages: list[SearchPage] = Field(default_factory=list)
    concepts: list[Concept] = Field(default_factory=list)


def _line(node: yaml.Node | None, loc: tuple[str | int, ...]) -> int:
    """The line (1-based) of the YAML node at `loc`, as far as it can be followed."""
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = [v for k, v in node.value if getattr(k, "value", None) == part]
            if not found:
                break
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1 if node is not None else 1


def _read(path: Path, problems: Problems | None) -> SearchConfig:
    shown = f"site_config/{path.name}"
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if problems is not None:
            problems.add(
                Problem(
                    shown,
                    (mark.line + 1) if mark else 1,
                    (mark.column + 1) if mark else 1,
                    "",
                    f"geen geldige YAML ({getattr(exc, 'problem', exc)}). Controleer inspringing en aanhalingstekens.",
                )
            )
        return SearchConfig()
    try:
        return SearchConfig.model_validate(raw)
    except ValidationError as exc:
        if problems is not None:
            for err in exc.errors():
                loc = err["loc"]
                message = err["msg"].removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    message = (
                        "onbekend veld; toegestaan zijn path, title, summary, aliases, phrases (pages) en en, nl (concepts)."
                    )
                elif err["type"] == "missing":
                    message = "dit veld ontbreekt; vul het in."
                elif err["type"] in ("list_type", "string_type", "too_short", "string_too_short"):
                    message = f"verwacht: {'een lijst met ten minste één woord' if err['type'] != 'string_type' else 'tekst'}."
                problems.add(Problem(shown, _line(node, loc), 1, format_path(loc), message))
        return SearchConfig()


@functools.cache
def load(path: Path = SEARCH_CONFIG) -> SearchConfig:
    """The search configuration (an empty one when the file is missing or wrong: `check` says why)."""
    return _read(path, None) if path.exists() else SearchConfig()


def check(problems: Problems, path: Path = SEARCH_CONFIG) -> None:
    """Every problem of the file, in Dutch, with its line; also a path listed twice."""
    if not path.exists():
        return
    config = _read(path, problems)
    seen: set[str] = set()
    for i, page in enumerate(config.pages):
        if page.path in seen:
            problems.add(
                Problem(
                    f"site_config/{path.name}",
                    1,
                    1,
                    f"pages[{i}].path",
                    f"'{page.path}' staat twee keer in de lijst; laat één rij over.",
                )
            )
        seen.add(page.path)


def concept_table(config: SearchConfig | None = None) -> dict[str, list[str]]:
    """English key (its query words, stemmed, joined by a space) -> the stems of the Dutch words,
    in order, each once. Keys without a subject word are left out."""
    config = config or load()
    table: dict[str, list[str]] = {}
    for concept in config.concepts:
        dutch = [t for phrase in concept.nl for t in query.analyse(phrase)]
        for phrase in concept.en:
            key = " ".join(query.stem(w) for w in query.query_words(phrase))
            if key:
                table[key] = list(dict.fromkeys(table.get(key, []) + dutch))
    return dict(sorted(table.items()))
