"""Stage 1: YAML files in content/ -> validated models, with file:line:column for every problem.

YAML is parsed with PyYAML's SafeLoader (no Python objects), anchors and aliases are
refused (they enable "billion laughs" bombs), duplicate keys are refused, and every
node's position is remembered so that a pydantic error on `practices[1].instrument`
can point at its line and column.
"""

from __future__ import annotations

import datetime
import typing
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from generator.content.errors import Problem, Problems, did_you_mean, format_path
from generator.kinds import KINDS, Kind
from generator.content.discovery import discover, read_content_file, shown_path, symlink_problem
from generator.content.modelfields import field_info, model_at
from generator.content.records import Content, Loc, Record
from generator.content.yamlread import parse


# --- validation ------------------------------------------------------------------------------


# Fields that existed once: what to do instead (issue 19 moved the evidence level to the studies).
RETIRED = {
    "level": "het veld 'level' bestaat niet meer: het bewijsniveau volgt uit de onderzoeken achter de resultaten "
    "(de sterkste opzet). Haal 'level' weg en laat elk resultaat naar zijn onderzoek verwijzen met 'study'.",
    "study_type": "het veld 'study_type' bestaat niet meer: een resultaat verwijst naar zijn onderzoek met 'study' "
    "(een bestand in content/studies/, met daarin de opzet). Is het geen onderzoek maar een uitspraak, "
    "regeling of nieuws? Zet het dan onder 'context'.",
}


def translate(error: ErrorDetails, ct: Kind) -> str:
    """A pydantic error as a Dutch message with what was expected and how to fix it."""
    kind, loc, ctx = error["type"], tuple(error["loc"]), error.get("ctx") or {}
    value = error.get("input")
    info = field_info(ct.model, loc)
    help_text = f" ({info.description.rstrip('.')})" if info is not None and info.description else ""
    if (
        kind == "extra_forbidden"
        and loc[-1] in RETIRED
        and (loc[-1] != "level" or loc[-2:-1] == ("evidence",))
        and (loc[-1] != "study_type" or "results" in loc)
    ):
        return RETIRED[loc[-1]]
    if kind == "extra_forbidden":
        parent = model_at(ct.model, loc[:-1])
        options = list(parent.model_fields) if parent else []
        hint = did_you_mean(loc[-1], options) or f" Toegestane velden: {', '.join(options)}."
        return f"onbekend veld '{loc[-1]}'.{hint}"
    if kind == "missing":
        return f"verplicht veld '{loc[-1]}' ontbreekt{help_text}. Voeg het toe."
    if value is None and kind in (
        "literal_error",
        "string_type",
        "list_type",
        "int_type",
        "model_type",
        "dict_type",
        "model_attributes_type",
        "bool_type",
    ):
        expected = ""
        if kind == "literal_error":
            expected = (
                " Kies uit: "
                + ", ".join(o.strip().strip("'") for o in ctx.get("expected", "").replace(" or ", ", ").split(","))
                + "."
            )
        return f"'{loc[-1]}' is leeg{help_text}. Vul een waarde in.{expected}"
    if kind == "literal_error":
        options = [o.strip().strip("'") for o in ctx.get("expected", "").replace(" or ", ", ").split(",")]
        return f"onbekende waarde '{value}'.{did_you_mean(value, options)} Kies uit: {', '.join(options)}."
    if kind == "list_type":
        return (
            f"verwacht een lijst{help_text}, maar kreeg {_describe(value)}. Zet elk item op een eigen regel die begint met '- '."
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        parent = model_at(ct.model, loc)
        first = next(iter(parent.model_fields), "veld") if parent else "veld"
        return (
            f"verwacht een blok met velden{help_text}, maar kreeg {_describe(value)}. Zet de velden op de "
            f"regels eronder, ingesprongen met twee spaties, bijv. '{first}: …' onder '{loc[-1]}:'."
        )
    if kind == "string_type":
        return f"verwacht tekst{help_text}, maar kreeg {_describe(value)}. Zet de tekst eventueel tussen aanhalingstekens."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if _is_year(info):
            fix = (
                f" Schrijf alleen het jaar: '{loc[-1]}: {value.year}'."
                if isinstance(value, (datetime.date, datetime.datetime))
                else f" Schrijf een jaartal van vier cijfers, bijv. '{loc[-1]}: 2018'."
            )
            return f"verwacht een jaartal{help_text}, maar kreeg {_describe(value)}.{fix}"
        return (
            f"verwacht een geheel getal{help_text}, maar kreeg {_describe(value)}. Schrijf alleen cijfers, bijv. '{loc[-1]}: 3'."
        )
    if kind in ("bool_type", "bool_parsing"):
        return (
            f"verwacht true of false, maar kreeg {_describe(value)}. Schrijf '{loc[-1]}: true' of "
            f"'{loc[-1]}: false' (zonder aanhalingstekens)."
        )
    if kind == "string_too_short":
        return f"tekst is te kort: minstens {ctx.get('min_length')} tekens nodig{help_text}."
    if kind == "too_short":
        wanted = ctx.get("min_length")
        return (
            f"minstens {wanted} {'item' if wanted == 1 else 'items'} nodig{help_text}; nu "
            f"{ctx.get('actual_length', 0)}. Vul in: elk item op een eigen regel onder '{loc[-1]}:' die begint "
            f"met '- '."
        )
    if kind == "greater_than_equal":
        return f"verwacht een getal van minstens {ctx.get('ge')}, maar kreeg {value}."
    if kind == "string_pattern_mismatch":
        example = " Bijvoorbeeld: info@organisatie.nl." if "@" in str(ctx.get("pattern", "")) else ""
        return f"'{value}' heeft niet de verwachte vorm{help_text}.{example}"
    if kind.startswith(("value_error", "assertion_error")):
        return error["msg"]
    # Our own PydanticCustomErrors already carry a Dutch message.
    return error["msg"]


def _is_year(info) -> bool:
    """Whether a field holds a year (its type carries the year check of models.Year)."""
    from generator.content.models import _year

    def has(tp) -> bool:
        if getattr(tp, "func", None) is _year:
            return True
        return any(has(arg) for arg in typing.get_args(tp)) or any(has(m) for m in getattr(tp, "__metadata__", ()))

    return info is not None and (has(info.annotation) or any(has(m) for m in info.metadata))


def _describe(value) -> str:
    """The value a contributor wrote, in Dutch words (never a Python type name)."""
    if value is None:
        return "niets"
    if isinstance(value, datetime.datetime):
        return f"de datum en tijd {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"de datum {value.isoformat()}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"de tekst '{short}'"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"het getal {value}"
    if isinstance(value, float):
        return f"het kommagetal {value:g}".replace(".", ",")
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een blok met velden"
    return "een waarde van een soort die de kennisbank niet kent"


def load(content_dir: Path, root: Path, problems: Problems, cache: dict[tuple, tuple] | None = None) -> Content:
    """Load and validate every file; problems are collected, never raised here. `cache` (the build
    session's, generator/session.py) remembers the files that parsed and validated cleanly, by
    (kind, shown path, bytes): a live preview re-reads every file on each edit but only parses the
    ones whose bytes changed. It is left holding only what the content holds now."""
    valid = cache if cache is not None else {}
    records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
    failed: set = set()
    seen: dict[tuple, tuple] = {}
    for ct, key, path in discover(content_dir, problems, root):
        failed.add((ct.kind, key))
        shown = shown_path(path, root)
        slug = key.rsplit("/", 1)[-1]
        if not _valid_slug(slug) or ("/" in key and not _valid_slug(key.split("/")[0])):
            problems.add(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"de bestandsnaam '{path.name}' is geen geldige slug: gebruik alleen kleine letters a-z, "
                    "cijfers en koppeltekens, zoals 'housing-first.yaml'. De bestandsnaam wordt het webadres.",
                )
            )
            continue
        try:
            raw = read_content_file(path)
        except OSError as exc:
            if path.is_symlink():
                problems.add(symlink_problem(path, "bestand", root))
            else:
                problems.add(
                    Problem(
                        shown,
                        1,
                        1,
                        "",
                        f"bestand kan niet gelezen worden ({exc.strerror or exc}). Controleer of het bestaat en "
                        "of je het mag lezen.",
                    )
                )
            continue
        cache_key = (ct.kind, shown, raw)
        before = len(problems.items)
        entry = valid.get(cache_key) or _parse_and_validate(ct, raw, shown, problems)
        if entry is None:
            continue
        if len(problems.items) == before:  # only files that said nothing are remembered
            seen[cache_key] = entry
        model, positions, key_positions, text = entry
        if key in records[ct.kind]:
            other = records[ct.kind][key].file
            problems.add(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"dubbele slug: '{key}' bestaat al in {other}. Elke {ct.singular} heeft een eigen "
                    "bestandsnaam; geef een van beide een andere naam of verwijder het dubbele bestand.",
                )
            )
            continue
        records[ct.kind][key] = Record(ct, key, model, shown, positions, key_positions, tuple(text.splitlines()))
        failed.discard((ct.kind, key))
    valid.clear()
    valid.update(seen)  # only what the content holds now
    return Content(records, failed)


def _parse_and_validate(ct: Kind, raw: bytes, shown: str, problems: Problems) -> tuple | None:
    """(model, positions, key_positions, text), or None after adding the file's problems."""
    parsed = parse(raw, shown, problems)
    if parsed is None:
        return None
    data, positions, key_positions, text = parsed
    try:
        model = ct.model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            pos_map = key_positions if err["type"] == "extra_forbidden" else positions
            pos = pos_map.get(loc) or _nearest(positions, loc)
            fragment = (err.get("ctx") or {}).get("fragment")
            if fragment:
                pos = _find(text.splitlines(), str(fragment), pos)
            problems.add(Problem(shown, pos[0], pos[1], format_path(loc), translate(err, ct)))
        return None
    return model, positions, key_positions, text


def _find(lines: list[str], needle: str, start: tuple[int, int]) -> tuple[int, int]:
    """Position of `needle` at or after `start`: points inside a long text at the problem."""
    for number in range(start[0], len(lines) + 1):
        col = lines[number - 1].find(needle, start[1] - 1 if number == start[0] else 0)
        if col >= 0:
            return number, col + 1
    return start


def _nearest(positions: dict, loc: Loc) -> tuple[int, int]:
    while loc:
        loc = loc[:-1]
        if loc in positions:
            return positions[loc]
    return positions.get((), (1, 1))


def _valid_slug(s: str) -> bool:
    from generator.content.text import SLUG

    return bool(SLUG.match(s))
