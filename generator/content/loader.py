"""Stage 1: YAML files in content/ -> validated models, with file:line:column for every problem.

The loading itself: each file found (discovery), read safely with positions (yamlread),
validated against its kind's model, its errors in Dutch at their places (modelerrors), kept as a
Record (records); a slug checked, a duplicate refused, and the files that were valid remembered
so a live preview parses only what changed.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from generator.content.errors import Problem, Problems
from generator.kinds import KINDS, Kind
from generator.content.discovery import discover, read_content_file, shown_path, symlink_problem
from generator.content.modelerrors import validation_problems
from generator.content.records import Content, Record
from generator.content.text import is_slug
from generator.content.yamlread import parse


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
                Problem.at(
                    shown,
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
                    Problem.at(
                        shown,
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
                Problem.at(
                    shown,
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
        problems.extend(validation_problems(exc, ct, shown, text, positions, key_positions))
        return None
    return model, positions, key_positions, text


def _valid_slug(s: str) -> bool:
    return is_slug(s)
