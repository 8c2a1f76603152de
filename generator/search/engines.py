"""How an engine is opened: the engines that implement the interface of `base`, by name.

Callers never construct an engine themselves: `open_engine(path)` opens one, and
`index_exists(path)` / `index_stamp(path)` ask the engine about an index on disk.
"""

from __future__ import annotations

from pathlib import Path

from generator.search.base import SearchEngine


ENGINES = ("whoosh", "static")


def engine_class(kind: str = "whoosh") -> type[SearchEngine]:
    """The engine of that kind: 'whoosh' (build/index) or 'static' (the site's zoekindex/)."""
    if kind == "whoosh":
        from generator.search.whoosh_engine import Engine

        return Engine
    if kind == "static":
        from generator.search.static import StaticEngine

        return StaticEngine
    raise ValueError(f"unknown search engine {kind!r}; one of {', '.join(ENGINES)}")


def open_engine(path: Path, kind: str = "whoosh") -> SearchEngine:
    return engine_class(kind).open(Path(path))


def index_exists(path: Path, kind: str = "whoosh") -> bool:
    return engine_class(kind).exists(Path(path))


def index_stamp(path: Path, kind: str = "whoosh") -> str | None:
    return engine_class(kind).stamp_at(Path(path))
