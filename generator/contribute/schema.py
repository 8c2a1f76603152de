"""JSON Schema per content type, generated from the pydantic models (never by hand).

`kennisbank schema` writes site_config/schema/<soort>.schema.json; the files are
committed so editors (VS Code's YAML extension) can use them from a checkout, a test
fails when they drift from the models, and the generator publishes them under /schema/.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.kinds import KINDS
from generator.paths import ROOT, SCHEMA_DIR, issue_form_path
from generator.fileio import write_text_atomic

SCHEMA_KINDS = tuple(KINDS)  # every kind of content file has a schema


def schema_for(kind: str) -> dict:
    ct = KINDS[kind]
    schema = ct.model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"/schema/{kind}.schema.json"
    schema["title"] = f"Kennisbank Gemengde Wijk: {ct.singular}"
    schema["description"] = f"Eén {ct.singular} in {ct.file_for('<slug>')}. " + (ct.model.__doc__ or "").strip()
    return schema


def rendered() -> dict[str, str]:
    """File name -> JSON text, for every content type."""
    return {
        f"{kind}.schema.json": json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for kind in SCHEMA_KINDS
    }


ISSUE_FORM = issue_form_path(ROOT)


def generated_files(target: Path = SCHEMA_DIR) -> dict[Path, str]:
    """Every committed file that is generated from the models: schemas, the issue form, the
    labels the site's scripts show and the generated blocks of CONTRIBUTING.md."""
    from generator.contribute import fielddocs
    from generator.site import jslabels
    from generator.contribute.form import issue_form_yaml

    files = {target / name: text for name, text in rendered().items()}
    files[ISSUE_FORM] = issue_form_yaml()
    files[jslabels.JS_LABELS] = jslabels.text()
    if fielddocs.CONTRIBUTING.exists():  # its field tables and vocabulary appendix
        files[fielddocs.CONTRIBUTING] = fielddocs.render(fielddocs.CONTRIBUTING.read_text(encoding="utf-8"))
    return files


def write(target: Path = SCHEMA_DIR) -> list[Path]:
    written = []
    for path, text in generated_files(target).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
            written.append(path)
    return written


def drift(target: Path = SCHEMA_DIR) -> list[str]:
    """Committed generated files that differ from what the models give now."""
    return [
        path.name
        for path, text in generated_files(target).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
