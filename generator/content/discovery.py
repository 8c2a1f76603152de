"""Finding the content files: every file under content/ with its kind (by folder) and key (by
name); anything out of place, a symlink or an unreadable thing is a Problem, never followed."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.errors import Problem, Problems, did_you_mean
from generator.kinds import KINDS, Kind

EXTENSIONS = (".yaml", ".yml")


FOLDERS = {ct.folder: ct for ct in KINDS.values() if "<" not in ct.folder}


def discover(content_dir: Path, problems: Problems, root: Path) -> list[tuple[Kind, str, Path]]:
    """All content files with their type and key; anything out of place is a problem."""
    found: list[tuple[Kind, str, Path]] = []
    if not content_dir.is_dir():
        problems.add(
            Problem.at(
                shown_path(content_dir, root),
                "deze map met inhoud bestaat niet. Geef met --content de map met de YAML-bestanden op (standaard: content/).",
            )
        )
        return found
    for path in _files(content_dir, problems, root):
        rel = path.relative_to(content_dir)
        shown = shown_path(path, root)
        if path.suffix not in EXTENSIONS:
            problems.add(Problem.at(shown, "dit is geen YAML-bestand. Inhoud staat in bestanden met de extensie .yaml."))
            continue
        parts = rel.parts
        if len(parts) == 2 and parts[0] in FOLDERS:
            found.append((FOLDERS[parts[0]], path.stem, path))
        elif len(parts) == 3 and parts[0] == "cities":
            found.append((KINDS["practice"], f"{parts[1]}/{path.stem}", path))
        else:
            known = ", ".join(f"content/{f}/" for f in sorted(FOLDERS)) + ", content/cities/<stad>/"
            hint = did_you_mean(parts[0], FOLDERS) if len(parts) > 1 else ""
            problems.add(Problem.at(shown, f"bestand staat in een onbekende map.{hint} Zet het in een van deze mappen: {known}"))
    return found


SYMLINK = (
    "is een symbolische koppeling (symlink) naar {target}. Koppelingen worden niet gevolgd: "
    "zo komt er geen tekst van buiten content/ op de site. Zet het {what} zelf in content/ "
    "(kopieer het) en verwijder de koppeling."
)


def _files(content_dir: Path, problems: Problems, root: Path) -> list[Path]:
    """Every regular file under content/, sorted. Symlinked files and folders are refused and
    never followed (they could publish text from anywhere on the machine); hidden files
    (editor lock files are often dangling symlinks) and README.md are skipped."""
    found = []
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)  # and do not descend into it
                problems.add(symlink_problem(here / name, "map", root))
        for name in filenames:
            path = here / name
            if name.startswith(".") or name.lower() == "readme.md":
                continue
            if path.is_symlink():
                problems.add(symlink_problem(path, "bestand", root))
            elif not path.is_file():
                problems.add(
                    Problem.at(
                        shown_path(path, root),
                        "dit is geen gewoon bestand (maar bijvoorbeeld een pipe of socket). Verwijder het uit content/.",
                    )
                )
            else:
                found.append(path)
    return sorted(found)


def symlink_problem(path: Path, what: str, root: Path) -> Problem:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Problem.at(shown_path(path, root), SYMLINK.format(target=f"'{target}'", what=what))


def read_content_file(path: Path) -> bytes:
    """The bytes of a content file, refusing a symlink that appeared after discovery."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        return f.read()


def shown_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
