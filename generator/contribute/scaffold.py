"""`kennisbank new`: a YAML template with every field, Dutch help and the schema line.

The template is derived from the models: field order, descriptions, required or not,
and allowed vocabulary values all come from generator/content/models.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel

from generator.content.modelfields import is_list, literal_values, unwrap
from generator.content.text import is_slug
from generator.kinds import KINDS
from generator.paths import SCHEMA_DIR

WIDTH = 100
SLUG_MAX = 80


def valid_slug(slug: str) -> bool:
    """A file name (without .yaml) and web address: a-z, 0-9 and single hyphens, at most 80 characters."""
    return is_slug(slug) and len(slug) <= SLUG_MAX


def shown_slug(slug: str) -> str:
    """A rejected name as it can be read back: invisible characters escaped, cut short."""
    shown = slug if slug.isprintable() else slug.encode("unicode_escape").decode("ascii")
    return shown[:SLUG_MAX] + ("…" if len(shown) > SLUG_MAX else "")


def _comment(text: str, indent: str) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if len(indent) + 2 + len(line) + len(w) + 1 > WIDTH and line:
            lines.append(f"{indent}# {line}")
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(f"{indent}# {line}")
    return lines


def fields(model: type[BaseModel], indent: str = "", prefill: dict | None = None) -> list[str]:
    prefill = prefill or {}
    out: list[str] = []
    for name, info in model.model_fields.items():
        required = info.is_required()
        label = "verplicht" if required else "optioneel"
        help_text = f"{name} ({label}): {info.description or ''}"
        values = literal_values(info.annotation)
        if values:
            help_text += " Kies uit: " + ", ".join(values) + "."
        out += _comment(help_text, indent)
        sub = unwrap(info.annotation)
        if name in prefill:
            value = prefill[name]
            out.append(f"{indent}{name}: {value}")
        elif sub is not None and is_list(info.annotation) and not required:
            out.append(f"{indent}{name}: []")
            out += _comment(
                f"Voorbeeld van één item. Gebruikt u het: maak van '{name}: []' dan '{name}:' "
                "en haal de # weg voor de regels van het voorbeeld.",
                indent,
            )
            out += [
                f"{indent}# {line[len(indent) :]}" if line.strip() else line
                for line in _list_item(sub, indent, prefill.get(f"{name}[]", {}))
            ]
        elif sub is not None and is_list(info.annotation):
            out.append(f"{indent}{name}:")
            out += _list_item(sub, indent, prefill.get(f"{name}[]", {}))
        elif sub is not None and not required:
            out += _comment(f"Optioneel blok: haal de # weg voor '{name}:' en de regels eronder als u het gebruikt.", indent)
            out.append(f"{indent}# {name}:")
            out += [
                f"{indent}#{line[len(indent) :]}" if line.strip() and not line.strip().startswith("#") else line
                for line in fields(sub, indent + "  ")
            ]
        elif sub is not None:
            out.append(f"{indent}{name}:")
            out += fields(sub, indent + "  ")
        elif is_list(info.annotation):
            out.append(f"{indent}{name}: []")
        elif not required and isinstance(info.default, (bool, int, str)):
            # an optional field with a default: written with it ('cite_by_section:' left empty is null,
            # which a true/false field refuses)
            out.append(f"{indent}{name}: {_scalar(info.default)}")
        else:
            out.append(f"{indent}{name}:")
        out.append("")
    while out and not out[-1]:
        out.pop()
    return out


def _scalar(value: object) -> str:
    """A default value as YAML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _list_item(sub: type[BaseModel], indent: str, prefill: dict) -> list[str]:
    """One example item of a list of blocks; the dash sits on its first field line."""
    inner = [line for line in fields(sub, indent + "    ", prefill) if line]
    for i, line in enumerate(inner):
        if not line.strip().startswith("#"):
            inner[i] = indent + "  - " + line[len(indent) + 4 :]
            break
    return inner


def template(kind: str, target: Path, prefill: dict | None = None, schema_dir: Path = SCHEMA_DIR) -> str:
    ct = KINDS[kind]
    schema = Path(os.path.relpath(schema_dir / f"{kind}.schema.json", target.parent)).as_posix()
    head = [
        f"# yaml-language-server: $schema={schema}",
        f"# Nieuw(e) {ct.singular}. Vul elk veld in; de uitleg staat erboven. Controleer met:",
        "#   .venv/bin/kennisbank validate",
        "# Schrijf in eigen woorden en noem bij elk feit de bron (sources). Zie CONTRIBUTING.md.",
        "",
    ]
    return "\n".join(head + fields(ct.model, prefill=prefill)) + "\n"
