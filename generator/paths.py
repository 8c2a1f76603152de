"""Well-known locations of the project, relative to the project root.

The root is the content checkout the command runs in, never the place the code is installed
(`pip install .` puts the code in site-packages, the content stays in its checkout): the folder
named by KENNISBANK_ROOT, or else the working directory or the nearest folder above it that
holds mkdocs.yml, content/ and site_config/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

ROOT_ENV = "KENNISBANK_ROOT"


def is_root(folder: Path) -> bool:
    """A content checkout: mkdocs.yml, content/ and site_config/ side by side."""
    return (folder / "mkdocs.yml").is_file() and (folder / "content").is_dir() and (folder / "site_config").is_dir()


def find_root(start: Path | None = None, environ: Mapping[str, str] = os.environ) -> Path | None:
    """KENNISBANK_ROOT, or the first folder from `start` (the working directory) upwards that is
    a content checkout; None when there is none."""
    if environ.get(ROOT_ENV):
        return Path(environ[ROOT_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if is_root(folder)), None)


FOUND = find_root()
ROOT = FOUND or Path.cwd().resolve()  # outside a checkout the commands refuse to start (app/start.py)
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
