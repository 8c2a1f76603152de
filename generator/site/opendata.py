"""The open data downloads under /data/: every entry of every kind, as one JSON file with its own
JSON Schema and as one CSV file per kind, with the licence, a version and a fingerprint of each file.

    /data/kennisbank-volledig.json          every kind, every field, as the content files hold them
    /data/kennisbank-volledig.schema.json   its JSON Schema, made from the pydantic models
    /data/csv/<kind>.csv                    one row per entry, one column per field
    /data/SHA256SUMS                        the sha256 of each file (`sha256sum -c SHA256SUMS`)
    /data/LEESMIJ.txt                       licence, version and the list of files, in words

Everything is derived from the models (the one schema) and the graph: no field is listed here.
Markdown fields keep their Markdown, internal links included (`instrument:housing-first`), as in
the content files. The same content gives the same bytes (no clock; the version is the date of
the content's newest commit, from git).

(/data/kennisbank.json, the extract the finder and the compare page read, is export.py's.)
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import hashlib
import io
import json
from typing import TYPE_CHECKING

from generator.kinds import KINDS
from generator.content.urls import url_path
from generator.graph.graph import Graph

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.site.render import Renderer

SCHEMA_VERSION = 1
FOLDER = "data"
FULL = "kennisbank-volledig.json"
SCHEMA = "kennisbank-volledig.schema.json"
SUMS = "SHA256SUMS"
README = "LEESMIJ.txt"
FINDER = "kennisbank.json"  # export.py's extract, listed on the page too
STUDIES_JSON = "onderzoeken.json"  # the coded studies and their findings (export.studies), for the map
STUDIES_CSV = "onderzoeken.csv"


def _entry(kind: str, rec: Record) -> dict[str, object]:
    """An entry as the download holds it: its id and address, then every field of its model."""
    entry: dict[str, object] = {"id": rec.key, "url": url_path(kind, rec.key)}
    entry.update({c.name: c.value(rec) for c in KINDS[kind].export_columns})  # e.g. a practice's city (its folder)
    entry.update(rec.model.model_dump(mode="json"))
    return entry


def _columns(kind: str) -> list[str]:
    return ["id", "url"] + [c.name for c in KINDS[kind].export_columns] + list(KINDS[kind].model.model_fields)


def _cell(value: object) -> str:
    """Text as is, numbers and true/false as JSON writes them, lists and objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _csv(kind: str, entries: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    columns = _columns(kind)
    writer.writerow(columns)
    for entry in entries:
        writer.writerow([_cell(entry.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def schema() -> dict:
    """The JSON Schema of kennisbank-volledig.json, from the models (their serialised form) plus the
    id and address every entry gets."""
    from pydantic.json_schema import models_json_schema

    _, top = models_json_schema([(ct.model, "serialization") for ct in KINDS.values()], ref_template="#/$defs/{model}")
    defs = top["$defs"]
    kinds = {}
    for kind, ct in KINDS.items():
        entry = copy.deepcopy(defs[ct.model.__name__])
        extra = {
            "id": {"type": "string", "description": "De sleutel van het item (bestandsnaam; bij een praktijk '<stad>/<naam>')."},
            "url": {"type": "string", "description": "Het adres op de site, vanaf de hoofdmap van de site."},
        }
        extra.update({c.name: {"type": "string", "description": c.description} for c in KINDS[kind].export_columns})
        entry["properties"] = {**extra, **entry.get("properties", {})}
        entry["required"] = list(extra) + [r for r in entry.get("required", []) if r not in extra]
        entry["title"] = f"{ct.singular} ({kind})"
        defs[f"{ct.model.__name__}Entry"] = entry
        kinds[kind] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{ct.model.__name__}Entry"},
            "description": f"Alle {ct.plural}.",
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA,
        "title": "Kennisbank Gemengde Wijk: volledige export",
        "description": "Alle items van alle soorten, met alle velden zoals de inhoudsbestanden ze bevatten.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "version", "licence", "content_fingerprint", "counts", "kinds"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "version": {
                "type": ["string", "null"],
                "description": "Datum van deze versie van de inhoud (laatste wijziging in git), JJJJ-MM-DD.",
            },
            "licence": {
                "type": "object",
                "description": "De licentie van de inhoud en de gegevens.",
                "required": ["name", "short", "spdx", "url"],
                "additionalProperties": False,
                "properties": {k: {"type": "string"} for k in ("name", "short", "spdx", "url")},
            },
            "content_fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "counts": {
                "type": "object",
                "properties": {k: {"type": "integer"} for k in KINDS},
                "required": list(KINDS),
                "additionalProperties": False,
            },
            "kinds": {"type": "object", "properties": kinds, "required": list(KINDS), "additionalProperties": False},
        },
        "$defs": defs,
    }


def _dump(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def build(g: Graph, licence: dict[str, str], version: str | None) -> dict[str, bytes]:
    """Every download file (path under /data/ -> bytes), SHA256SUMS and LEESMIJ.txt included."""
    kinds = {kind: [_entry(kind, rec) for rec in sorted(g.of(kind), key=lambda r: r.key)] for kind in KINDS}
    fingerprint = hashlib.sha256(_dump(kinds)).hexdigest()
    full = {
        "schema_version": SCHEMA_VERSION,
        "version": version,
        "licence": licence,
        "content_fingerprint": fingerprint,
        "counts": {k: len(v) for k, v in kinds.items()},
        "kinds": kinds,
    }
    files = {FULL: _dump(full), SCHEMA: _dump(schema())}
    for kind, entries in kinds.items():
        files[f"csv/{kind}.csv"] = _csv(kind, entries)
    return files


def sums(files: dict[str, bytes]) -> bytes:
    """`sha256sum` format: one line per file, sorted by name."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())).encode()


def readme(files: dict[str, bytes], licence: dict[str, str], version: str | None) -> bytes:
    lines = [
        "Kennisbank Gemengde Wijk: open data",
        "",
        f"Versie: {version or 'onbekend (geen git-geschiedenis)'}",
        f"Licentie: {licence['short']} ({licence['name']}), {licence['url']}. Vermeld bij hergebruik: "
        "Kennisbank Gemengde Wijk, met de datum van de versie.",
        "",
        "Bestanden (sha256 in SHA256SUMS, controleer met: sha256sum -c SHA256SUMS):",
    ]
    lines += [f"  {name}  ({len(data)} bytes)" for name, data in sorted(files.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def downloads(renderer: Renderer) -> dict[str, bytes]:
    """Every file under /data/ for this build (made once per renderer: the page lists their sizes
    and fingerprints, the docs tree holds them)."""
    if renderer.open_data is not None:
        return renderer.open_data
    from generator.site import export

    licence = dataclasses.asdict(renderer.settings.licence)  # mkdocs.yml extra.licence (site/settings.py)
    version = renderer.reference.isoformat() if renderer.reference else None
    files = build(renderer.graph, licence, version)
    files[FINDER] = export.to_json(renderer.graph)
    files[STUDIES_JSON] = export.studies_json(renderer.graph)  # the evidence-and-gap map's data (issue 19)
    files[STUDIES_CSV] = export.studies_csv(renderer.graph)
    files[README] = readme(files, licence, version)
    files[SUMS] = sums(files)
    renderer.open_data = files
    return files
