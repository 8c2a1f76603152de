"""Well-known locations of the project, relative to the project root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(os.environ.get("KENNISBANK_ROOT", Path(__file__).resolve().parent.parent))
SITE_CONFIG = ROOT / "site_config"
VOCABULARIES = SITE_CONFIG / "vocabularies.yaml"
TEMPLATES = SITE_CONFIG / "templates"
OVERRIDES = SITE_CONFIG / "overrides"
ASSETS = SITE_CONFIG / "assets"
SCHEMA_DIR = SITE_CONFIG / "schema"  # the JSON Schemas `kennisbank schema` writes (also published under /schema/)


def issue_form_path(root: Path) -> Path:
    """The GitHub issue form 'Praktijk toevoegen' of the project at root (generated from the models)."""
    return root / ".github" / "ISSUE_TEMPLATE" / "praktijk-toevoegen.yml"


def swap_in(new: Path, target: Path) -> None:
    """Replace the folder `target` by the finished folder `new`: readers see the old one or the
    new one, never a half-written one."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
