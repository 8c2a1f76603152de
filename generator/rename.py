"""`kennisbank rename OLD NEW`: give an entry a new slug without breaking any link.

Moves the file (for a city also its folder of practices), rewrites every reference to it
in the content (typed fields and Markdown links), and adds a redirect from each old URL
to the new one in mkdocs.yml (mkdocs-redirects), so published links keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import pipeline, text
from .errors import KennisbankError
from .graph import walk
from .models import CONTENT_TYPES, RefTo
from .render import src_path

RENAMABLE = ("instrument", "city", "practice", "barrier", "organisation", "background")


class RenameError(KennisbankError):
    pass


@dataclass
class Renamed:
    kind: str
    old: str
    new: str
    files_changed: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)


def _resolve(graph, old: str) -> tuple[str, str]:
    if ":" in old:
        scheme, key = old.split(":", 1)
        kinds = [k for k, ct in CONTENT_TYPES.items() if scheme in (k, ct.scheme)]
    else:
        key = old
        kinds = ["practice"] if "/" in old else list(RENAMABLE)
    found = [k for k in kinds if k in RENAMABLE and key in graph.content.records[k]]
    if not found:
        raise RenameError(f"'{old}' is geen bestaande pagina. Gebruik bijvoorbeeld 'instrument:housing-first' of 'tilburg/skaeve-huse'.")
    if len(found) > 1:
        options = ", ".join(f"{CONTENT_TYPES[k].scheme}:{key}" for k in found)
        raise RenameError(f"'{old}' is niet eenduidig; kies een van: {options}.")
    return found[0], key


def rename(project: pipeline.Project, old: str, new: str) -> Renamed:
    graph, problems = pipeline.validate(project)
    if problems.errors:
        raise RenameError("Herstel eerst de fouten in de inhoud (kennisbank validate); hernoemen gebeurt alleen op geldige inhoud.")
    kind, key = _resolve(graph, old)
    new_key = new.split(":", 1)[-1]
    if kind == "practice" and "/" not in new_key:
        new_key = f"{key.split('/')[0]}/{new_key}"
    if kind == "practice" and new_key.split("/")[0] != key.split("/")[0]:
        raise RenameError("Een praktijk blijft bij haar stad: geef alleen een nieuwe naam binnen dezelfde stad.")
    for part in new_key.split("/"):
        if not text.SLUG.match(part):
            raise RenameError(f"'{new}' is geen geldige slug: gebruik kleine letters a-z, cijfers en koppeltekens.")
    if new_key in graph.content.records[kind]:
        raise RenameError(f"Er bestaat al een {CONTENT_TYPES[kind].singular} '{new_key}'.")
    result = Renamed(kind, key, new_key)
    content = project.content_dir
    edits: dict[Path, str] = {}

    def source_of(rec) -> Path:
        return project.shown_root / rec.file

    # 1. typed references in every file, at their exact positions
    for k in CONTENT_TYPES:
        for rec in graph.of(k):
            lines = None
            hits = []
            for loc, marker, value in walk(rec.model):
                if isinstance(marker, RefTo) and marker.kind == kind and value == key:
                    hits.append(rec.positions[loc])
            if hits:
                path = source_of(rec)
                lines = (edits.get(path) or path.read_text(encoding="utf-8")).split("\n")
                for line_no, col in sorted(hits, reverse=True):
                    line = lines[line_no - 1]
                    start = col - 1
                    if line[start:start + 1] in "'\"":
                        start += 1
                    assert line[start:start + len(key)] == key, (rec.file, line_no, line)
                    lines[line_no - 1] = line[:start] + new_key + line[start + len(key):]
                edits[path] = "\n".join(lines)
    # 2. Markdown links (instrument:x), (stad:x), (praktijk:stad/x); for a city also its practices
    patterns = [(CONTENT_TYPES[kind].scheme, key, new_key)]
    if kind == "city":
        patterns.append((CONTENT_TYPES["practice"].scheme, key + "/", new_key + "/"))
    for path in sorted(content.rglob("*.y*ml")):
        original = edits.get(path) or path.read_text(encoding="utf-8")
        updated = original
        for scheme, a, b in patterns:
            end = r"(?=[#)\s])" if not a.endswith("/") else ""
            updated = re.sub(r"\(\s*" + scheme + ":" + re.escape(a) + end, f"({scheme}:{b}", updated)
        if updated != original:
            edits[path] = updated
    # 3. write edits, then move the file(s)
    for path, data in sorted(edits.items()):
        path.write_text(data, encoding="utf-8")
        result.files_changed.append(path.relative_to(project.shown_root).as_posix())
    old_file = project.shown_root / graph.record((kind, key)).file
    new_file = old_file.with_name(new_key.split("/")[-1] + old_file.suffix)
    old_file.rename(new_file)
    if kind == "city" and (content / "cities" / key).is_dir():
        (content / "cities" / key).rename(content / "cities" / new_key)
    # 4. redirects for every URL that moved
    moved = {src_path(kind, key): src_path(kind, new_key)}
    if kind == "city":
        for p in graph.practices_of(("city", key)):
            slug = p.key.split("/")[1]
            moved[src_path("practice", p.key)] = src_path("practice", f"{new_key}/{slug}")
    add_redirects(project.root / "mkdocs.yml", moved)
    result.redirects = moved
    return result


def add_redirects(mkdocs_yml: Path, moved: dict[str, str]) -> None:
    """Add old -> new to redirect_maps in mkdocs.yml, keeping the rest of the file as it is."""
    text_ = mkdocs_yml.read_text(encoding="utf-8")
    config = yaml.safe_load(text_)
    current: dict[str, str] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "redirects" in plugin:
            current = dict((plugin["redirects"] or {}).get("redirect_maps") or {})
    # no chains: an older redirect to a page that now moves follows it
    for old, target in list(current.items()):
        if target in moved:
            current[old] = moved[target]
    current.update(moved)
    lines = text_.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)redirect_maps:", line)
        if m:
            indent = m.group(1)
            j = i + 1
            while j < len(lines) and (lines[j].startswith(indent + "  ") and lines[j].strip()):
                j += 1
            block = [f"{indent}redirect_maps:"] + [f"{indent}  {old}: {new}" for old, new in sorted(current.items())]
            lines[i:j] = block
            break
    else:
        raise RenameError("mkdocs.yml heeft geen 'redirect_maps' bij de plug-in 'redirects'.")
    mkdocs_yml.write_text("\n".join(lines), encoding="utf-8")
