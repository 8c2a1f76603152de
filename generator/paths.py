"""Well-known locations of the project, relative to the project root."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("KENNISBANK_ROOT", Path(__file__).resolve().parent.parent))
SITE_CONFIG = ROOT / "site_config"
VOCABULARIES = SITE_CONFIG / "vocabularies.yaml"
TEMPLATES = SITE_CONFIG / "templates"
OVERRIDES = SITE_CONFIG / "overrides"
ASSETS = SITE_CONFIG / "assets"
