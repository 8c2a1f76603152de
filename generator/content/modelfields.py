"""What the models say about a field, read from its type: the model class a field path belongs to
and the field it ends at, the model inside a field, its allowed values, whether it is a list (for
the validation messages, the scaffold and the field tables); and, walking an entry's values by
their types, every reference and Markdown field in it (walk: for the graph and rename)."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any
from types import NoneType, UnionType

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.models import MarkdownField, RefTo
from generator.content.records import Loc
from generator.content.vocab import vocabularies


def unwrap(tp: object) -> type[BaseModel] | None:
    """The model class inside Optional[...] / list[...] / Annotated[...], if any."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(tp)[0])
    if origin in (list, tuple, typing.Union, UnionType):
        for arg in typing.get_args(tp):
            if arg is not NoneType:
                found = unwrap(arg)
                if found is not None:
                    return found
        return None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that a location (ending at a field) belongs to."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = unwrap(current.model_fields[part].annotation)
    return current


def field_info(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    """The field a location ends at, or None."""
    parent = model_at(model, loc[:-1])
    if parent is None or not loc or loc[-1] not in parent.model_fields:
        return None
    return parent.model_fields[loc[-1]]


def literal_values(tp: object) -> list[str] | None:
    """The allowed values of a Literal field (inside Optional, list or Annotated), or None."""
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return list(typing.get_args(tp))
    if origin in (typing.Union, UnionType, typing.Annotated, list):
        for arg in typing.get_args(tp):
            if arg is not NoneType:
                found = literal_values(arg)
                if found:
                    return found
    return None


def vocabulary_of(tp: object) -> str | None:
    """The vocabulary (site_config/vocabularies.yaml) whose keys a Literal field, or its list items, may take."""
    values = literal_values(tp)
    if not values:
        return None
    for name, v in vocabularies().items():
        if v.keys() == values:
            return name
    return None


def is_list(tp: object) -> bool:
    """Whether a field holds a list (inside Optional or Annotated)."""
    origin = typing.get_origin(tp)
    if origin is list:
        return True
    if origin in (typing.Union, UnionType, typing.Annotated):
        return any(is_list(a) for a in typing.get_args(tp) if a is not NoneType)
    return False


def walk(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, RefTo | MarkdownField, Any]]:
    """Yield (loc, marker, value) for every reference and Markdown field of a model."""
    for name, info in type(model).model_fields.items():
        yield from _walk(info.annotation, info.metadata, getattr(model, name), loc + (name,))


def _walk(tp, metadata, value, loc):
    if value is None:
        return
    for marker in metadata:
        if isinstance(marker, (RefTo, MarkdownField)):
            yield loc, marker, value
            return
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        args = typing.get_args(tp)
        yield from _walk(args[0], args[1:], value, loc)
    elif origin in (list, tuple):
        (item_tp,) = typing.get_args(tp)[:1]
        for i, item in enumerate(value):
            yield from _walk(item_tp, (), item, loc + (i,))
    elif origin in (typing.Union, UnionType):
        for arg in typing.get_args(tp):
            if arg is not NoneType:
                yield from _walk(arg, (), value, loc)
                return
    elif isinstance(value, BaseModel):
        yield from walk(value, loc)
