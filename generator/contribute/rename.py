"""`kennisbank rename OLD NEW`: give an entry a new slug without breaking any link.

Moves the file (for a city also its folder of practices), rewrites every reference to it
in the content (typed fields and Markdown links), and adds a redirect from each old URL
to the new one in mkdocs.yml (mkdocs-redirects), so published links keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator.graph import permalinks
from generator import pipeline
from generator.content.errors import KennisbankError
from generator.content.modelfields import walk
from generator.content.models import RefTo
from generator.kinds import KINDS, kinds
from generator.content.urls import md_to_url, src_path
from generator.fileio import write_text_atomic

if TYPE_CHECKING:
    from generator.content.records import Record
    from generator.graph.graph import Graph

RENAMABLE = kinds(renamable=True)


class RenameError(KennisbankError):
    pass


@dataclass
class Renamed:
    kind: str
    old: str
    new: str
    files_changed: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)


def _resolve(graph: Graph, old: str) -> tuple[str, str]:
    if ":" in old:
        scheme, key = old.split(":", 1)
        kinds = [k for k, ct in KINDS.items() if scheme in (k, ct.scheme)]
    else:
        key = old
        kinds = ["practice"] if "/" in old else list(RENAMABLE)
    found = [k for k in kinds if k in RENAMABLE and key in graph.content.records[k]]
    if not found:
        raise RenameError(
            f"'{old}' is geen bestaande pagina. Gebruik bijvoorbeeld 'instrument:housing-first' of 'tilburg/skaeve-huse'."
        )
    if len(found) > 1:
        options = ", ".join(f"{KINDS[k].scheme}:{key}" for k in found)
        raise RenameError(f"'{old}' is niet eenduidig; kies een van: {options}.")
    return found[0], key


def _new_key(kind: str, key: str, new: str) -> str:
    """The new slug, checked whole before any file is touched."""
    from generator.contribute.scaffold import SLUG_MAX, shown_slug, valid_slug

    ct = KINDS[kind]
    rest = new
    if ":" in new:
        scheme, rest = new.split(":", 1)
        if scheme not in (kind, ct.scheme):
            raise RenameError(
                f"'{shown_slug(new)}' past niet bij {ct.singular} '{key}': "
                f"geef alleen de nieuwe naam, bijv. '{ct.scheme}:nieuwe-naam' of 'nieuwe-naam'."
            )
    parts = rest.split("/")
    if ct.parent:  # a practice stays in the folder of its city
        parent, folder = KINDS[ct.parent], key.split("/")[0]
        if len(parts) == 1:
            parts = [folder, parts[0]]
        if len(parts) != 2 or parts[0] != folder:
            raise RenameError(
                f"Een {ct.singular} blijft bij {'haar' if ct.de_word else 'zijn'} {parent.singular}: geef alleen een "
                f"nieuwe naam binnen dezelfde {parent.singular}, bijv. '{folder}/nieuwe-naam' of 'nieuwe-naam'."
            )
    elif len(parts) != 1:
        raise RenameError(
            f"'{shown_slug(new)}' is geen geldige slug: een {ct.singular} heeft een naam zonder '/', bijv. 'nieuwe-naam'."
        )
    for part in parts:
        if not valid_slug(part):
            raise RenameError(
                f"'{shown_slug(new)}' is geen geldige slug: gebruik kleine letters a-z, cijfers en "
                f"koppeltekens (hoogstens {SLUG_MAX} tekens)."
            )
    return "/".join(parts)


def rename(project: pipeline.Project, old: str, new: str) -> Renamed:
    """Under the project lock: a build (or another rename) running now finishes first."""
    with pipeline.changing(project):
        return _rename(project, old, new)


def _rename(project: pipeline.Project, old: str, new: str) -> Renamed:
    graph, problems = pipeline.validate(project)
    if problems.errors:
        raise RenameError(
            "Herstel eerst de fouten in de inhoud (kennisbank validate); hernoemen gebeurt alleen op geldige inhoud."
        )
    kind, key = _resolve(graph, old)
    new_key = _new_key(kind, key, new)
    if new_key == key:
        raise RenameError(f"'{key}' heet al zo; er is niets te hernoemen.")
    if new_key in graph.content.records[kind]:
        raise RenameError(f"Er bestaat al een {KINDS[kind].singular} '{new_key}'.")
    result = Renamed(kind, key, new_key)
    content = project.content_dir
    old_file = project.shown_root / graph.record((kind, key)).file
    new_file = old_file.with_name(new_key.split("/")[-1] + old_file.suffix)
    children = [k for k in KINDS.values() if k.parent == kind]  # kinds in the folder of this one (practices: a city's)
    old_folder, new_folder = content / KINDS[kind].folder / key, content / KINDS[kind].folder / new_key
    moves = [(old_file, new_file)]
    if children and old_folder.is_dir():
        moves.append((old_folder, new_folder))
    for _a, b in moves:
        if b.exists() or b.is_symlink():
            raise RenameError(f"{b.relative_to(project.shown_root).as_posix()} bestaat al; kies een andere naam.")
    edits: dict[Path, str] = {}

    def source_of(rec: Record) -> Path:
        return project.shown_root / rec.file

    # 1. typed references in every file, at their exact positions
    for k in KINDS:
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
                    if line[start : start + 1] in "'\"":
                        start += 1
                    if line[start : start + len(key)] != key:
                        raise RenameError(
                            f"{rec.file}:{line_no}: de verwijzing naar '{key}' staat niet waar verwacht; "
                            "pas haar met de hand aan. Er is niets veranderd."
                        )
                    lines[line_no - 1] = line[:start] + new_key + line[start + len(key) :]
                edits[path] = "\n".join(lines)
    # 2. Markdown links (instrument:x), (stad:x), (praktijk:stad/x); for a city also its practices
    patterns = [(KINDS[kind].scheme, key, new_key)]
    for child in children:
        patterns.append((child.scheme, key + "/", new_key + "/"))
    for path in sorted(content.rglob("*.y*ml")):
        original = edits.get(path) or path.read_text(encoding="utf-8")
        updated = original
        for scheme, before, after in patterns:
            end = r"(?=[#)\s])" if not before.endswith("/") else ""
            updated = re.sub(r"\(\s*" + scheme + ":" + re.escape(before) + end, f"({scheme}:{after}", updated)
        if updated != original:
            edits[path] = updated
    # 3. redirects for every published URL that moved (site_config/permalinks.txt lists them)
    moved = {src_path(kind, key): src_path(kind, new_key)}
    for child in children:
        for p in graph.of(child.kind):
            if p.key.split("/")[0] == key:
                slug = p.key.split("/")[1]
                moved[src_path(child.kind, p.key)] = src_path(child.kind, f"{new_key}/{slug}")
    published = set(permalinks.read(permalinks.registry_path(content)))
    mkdocs_yml = project.root / "mkdocs.yml"
    mkdocs_text, result.redirects = redirect_text(mkdocs_yml.read_text(encoding="utf-8"), moved, published)
    # 4. only now touch files: write the edits, move the file(s), write mkdocs.yml; undo all on failure
    _apply(project, edits, moves, mkdocs_yml, mkdocs_text, result)
    return result


def _apply(
    project: pipeline.Project,
    edits: dict[Path, str],
    moves: list[tuple[Path, Path]],
    mkdocs_yml: Path,
    mkdocs_text: str,
    result: Renamed,
) -> None:
    originals: dict[Path, str] = {}
    done: list[tuple[Path, Path]] = []
    try:
        for path, data in sorted(edits.items()):
            originals[path] = path.read_text(encoding="utf-8")
            write_text_atomic(path, data)
        for a, b in moves:
            a.rename(b)
            done.append((a, b))
        originals[mkdocs_yml] = mkdocs_yml.read_text(encoding="utf-8")
        write_text_atomic(mkdocs_yml, mkdocs_text)
    except BaseException as exc:
        for a, b in reversed(done):
            b.rename(a)
        for path, data in originals.items():
            write_text_atomic(path, data)
        if isinstance(exc, OSError):
            raise RenameError(f"Hernoemen is mislukt ({exc.strerror or exc}); er is niets veranderd.") from None
        raise
    result.files_changed = [path.relative_to(project.shown_root).as_posix() for path in sorted(edits)]


def _maps(config_text: str) -> dict[str, str]:
    config = yaml.safe_load(config_text) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return {str(a): str(b) for a, b in ((plugin["redirects"] or {}).get("redirect_maps") or {}).items()}
    return {}


def _collapse(maps: dict[str, str]) -> dict[str, str]:
    """Each old address straight to its final page: a -> b, b -> c becomes a -> c, b -> c; no redirect to itself."""
    out = {}
    for old, target in maps.items():
        seen = {old}
        while target in maps and target not in seen:
            seen.add(target)
            target = maps[target]
        if target != old:
            out[old] = target
    return out


def redirect_text(config_text: str, moved: dict[str, str], published: set[str]) -> tuple[str, dict[str, str]]:
    """mkdocs.yml with old -> new in redirect_maps, the rest of the file as it is; and the redirects added.

    Only addresses that were published (site_config/permalinks.txt) get a redirect; an older redirect to a
    page that moves now follows it; the pages that exist after the move never redirect."""
    current = _maps(config_text)
    for old, target in list(current.items()):
        if target in moved:
            current[old] = moved[target]
    added = {old: new for old, new in moved.items() if md_to_url(old) in published}
    current.update(added)
    for new in moved.values():
        current.pop(new, None)
    current = _collapse(current)
    added = {old: new for old, new in current.items() if old in added}
    lines = config_text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)redirect_maps:", line)
        if m:
            indent = m.group(1)
            j = i + 1
            while j < len(lines) and (lines[j].startswith(indent + "  ") and lines[j].strip()):
                j += 1
            if current:
                block = [f"{indent}redirect_maps:"] + [f"{indent}  {old}: {new}" for old, new in sorted(current.items())]
            else:
                block = [f"{indent}redirect_maps: {{}}"]
            lines[i:j] = block
            break
    else:
        raise RenameError("mkdocs.yml heeft geen 'redirect_maps' bij de plug-in 'redirects'; er is niets veranderd.")
    return "\n".join(lines), added


def add_redirects(mkdocs_yml: Path, moved: dict[str, str], published: set[str] | None = None) -> dict[str, str]:
    """Add old -> new to redirect_maps in mkdocs.yml (all of `moved` when `published` is None)."""
    if published is None:
        published = {md_to_url(old) for old in moved}
    text_, added = redirect_text(mkdocs_yml.read_text(encoding="utf-8"), moved, published)
    write_text_atomic(mkdocs_yml, text_)
    return added
