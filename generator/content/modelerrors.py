"""pydantic's validation errors as Dutch messages: what is wrong, what was expected (the field's
own description) and how to fix it, naming the value as the contributor wrote it."""

from __future__ import annotations

import datetime
import typing

from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from generator.content.errors import Problem, did_you_mean, format_path
from generator.content.modelfields import field_info, model_at
from generator.kinds import Kind
from generator.content.records import Loc, Positions

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


def _is_year(info: FieldInfo | None) -> bool:
    """Whether a field holds a year (its type carries the year check of models.Year)."""
    from generator.content.models import _year

    def has(tp: object) -> bool:
        if getattr(tp, "func", None) is _year:
            return True
        return any(has(arg) for arg in typing.get_args(tp)) or any(has(m) for m in getattr(tp, "__metadata__", ()))

    return info is not None and (has(info.annotation) or any(has(m) for m in info.metadata))


def _describe(value: object) -> str:
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


def validation_problems(
    exc: ValidationError, ct: Kind, shown: str, text: str, positions: Positions, key_positions: Positions
) -> list[Problem]:
    """Every error of a file's validation as a Problem at the place it is about: an unknown field
    at its key, a value at the value (or its nearest parent), a fragment inside a long text where it stands."""
    found = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        pos_map = key_positions if err["type"] == "extra_forbidden" else positions
        pos = pos_map.get(loc) or _nearest(positions, loc)
        fragment = (err.get("ctx") or {}).get("fragment")
        if fragment:
            pos = _find(text.splitlines(), str(fragment), pos)
        found.append(Problem(shown, pos[0], pos[1], format_path(loc), translate(err, ct)))
    return found


def _find(lines: list[str], needle: str, start: tuple[int, int]) -> tuple[int, int]:
    """Position of `needle` at or after `start`: points inside a long text at the problem."""
    for number in range(start[0], len(lines) + 1):
        col = lines[number - 1].find(needle, start[1] - 1 if number == start[0] else 0)
        if col >= 0:
            return number, col + 1
    return start


def _nearest(positions: Positions, loc: Loc) -> tuple[int, int]:
    while loc:
        loc = loc[:-1]
        if loc in positions:
            return positions[loc]
    return positions.get((), (1, 1))
