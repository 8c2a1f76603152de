"""The docs tree MkDocs builds from: rendered pages, the JSON export, the schemas, the assets.

`contents` gathers every file the tree should hold (path relative to docs_dir -> bytes);
`write` makes the folder hold exactly that. Files are only rewritten when their content
changed, and stale files are removed, so a live preview rebuilds only what an edit touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from generator.site import opendata
from generator.site import feed
from generator.site import pages
from generator.fileio import write_bytes_atomic
from generator.paths import ASSETS, SCHEMA_DIR
from generator.site.render import Renderer, render_pages


class DocsCounts(TypedDict):
    """What `write` did to the docs tree: files it holds, written, left unchanged, removed."""

    pages: int
    written: int
    unchanged: int
    removed: int


def contents(renderer: Renderer) -> dict[str, bytes]:
    """Every file of the docs tree: the pages, /data/ (open data, kennisbank.json), /feed.xml, /schema/ and /assets/."""
    files = render_pages(renderer, pages.all_pages(renderer))
    for name, data in opendata.downloads(renderer).items():  # /data/: the open data and the finder's extract
        files[f"{opendata.FOLDER}/{name}"] = data
    files[feed.PATH] = feed.atom(renderer.graph, renderer.changed, renderer.added, renderer.addresses)
    if SCHEMA_DIR.exists():  # published under /schema/ for editors and other tools
        for schema_file in sorted(SCHEMA_DIR.glob("*.json")):
            files["schema/" + schema_file.name] = schema_file.read_bytes()
    if ASSETS.exists():
        for asset in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
            files["assets/" + asset.relative_to(ASSETS).as_posix()] = asset.read_bytes()
    return files


def write(files: dict[str, bytes], docs_dir: Path) -> DocsCounts:
    """Make docs_dir hold exactly `files`; only changed files are touched. Returns counts."""
    written = unchanged = removed = 0
    docs_dir.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        target = docs_dir / rel
        if target.exists() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, data, durable=False)  # generated again by the next run: no fsync
        written += 1
    for existing in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        if existing.relative_to(docs_dir).as_posix() not in files:
            existing.unlink()
            removed += 1
    for d in sorted((p for p in docs_dir.rglob("*") if p.is_dir()), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()
    return {"pages": len(files), "written": written, "unchanged": unchanged, "removed": removed}
