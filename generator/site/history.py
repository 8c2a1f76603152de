"""Freshness from git history: when each content file last changed.

One `git log` pass over content/ gives the date of the last commit that touched each
file. Outside a git checkout (or for files never committed) there is no date, and the
pages simply show none. The same commits always give the same dates, so the build
stays deterministic.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def last_changed(content_dir: Path) -> dict[str, datetime.date]:
    """Path relative to the content folder's parent (as shown to contributors) -> date."""
    return dates(content_dir)[0]


def dates(content_dir: Path) -> tuple[dict[str, datetime.date], dict[str, datetime.date]]:
    """(last changed, first added) per content file, from one pass over the git log. A file
    renamed (or moved) counts as added on the day it got its present name."""
    root = content_dir.resolve().parent
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, timeout=10)
        if top.returncode != 0:
            return {}, {}
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", str(content_dir.resolve())],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}, {}
    git_root = Path(top.stdout.strip())
    last: dict[str, datetime.date] = {}
    first: dict[str, datetime.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = datetime.date.fromisoformat(line[1:])
        elif line.strip() and current:
            try:
                rel = (git_root / line.strip()).relative_to(root).as_posix()
            except ValueError:
                continue
            last.setdefault(rel, current)  # newest first: keep the first date seen
            first[rel] = current  # ... and the last one seen is the oldest
    return last, first


def dutch(date: datetime.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
