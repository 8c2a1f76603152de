"""mkdocs.yml read once: its text and its parsed YAML (yaml.safe_load), handed to each stage that
needs a part of it (the addresses, the settings in `extra:`, the redirects), so a build reads the
file once (generator/session.py). A file that cannot be read or parsed is kept with its error; each
reader decides, as it did when it read the file itself (MkDocs reports an unreadable mkdocs.yml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class MkdocsConfig:
    path: Path
    text: str | None  # None: the file could not be read
    data: Any  # the parsed YAML ({} for an empty file); None when it could not be read or parsed
    error: Exception | None = None  # OSError or yaml.YAMLError

    @property
    def name(self) -> str:
        return self.path.name

    def parsed(self) -> Any:
        """The parsed file; raises the error met reading it (OSError or yaml.YAMLError)."""
        if self.error is not None:
            raise self.error
        return self.data

    def redirect_maps(self) -> Any:
        """The `redirect_maps` of mkdocs-redirects as written (normally old page -> new page), {} without any;
        raises the error met reading the file."""
        maps: Any = {}
        for plugin in self.parsed().get("plugins") or []:
            if isinstance(plugin, dict) and "redirects" in plugin:
                maps = (plugin["redirects"] or {}).get("redirect_maps") or {}
                break
        return maps


def read(path: Path) -> MkdocsConfig:
    """Read and parse mkdocs.yml (safely: no YAML tags that build objects)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return MkdocsConfig(path, None, None, exc)
    try:
        return MkdocsConfig(path, text, yaml.safe_load(text) or {})
    except yaml.YAMLError as exc:
        return MkdocsConfig(path, text, None, exc)


def of(config: Path | MkdocsConfig) -> MkdocsConfig:
    """The parsed file, read now when given a path (a caller outside a build session: the server, a test)."""
    return config if isinstance(config, MkdocsConfig) else read(config)
