"""One family of content errors, collected for a whole run and reported at once.

Every problem in the content becomes a `Problem` that names the file, the line and
column, the field path, what is wrong and how to fix it, in Dutch. Stages collect
problems instead of stopping at the first; the CLI prints them all and exits 1.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str = "fout"  # "fout" stops the build, "waarschuwing" does not

    @classmethod
    def at(cls, file: str, message: str, line: int = 1, column: int = 1, loc: Iterable[object] = ()) -> Problem:
        """An error in `file`: at its start unless a line and column are given, about the field at
        `loc` (a path such as ("results", 0, "study")) when there is one."""
        return cls(file, line, column, format_path(loc), message)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field_path = f"{self.path}: " if self.path else ""
        return f"{where}  {field_path}{self.message}"


@dataclass
class Problems:
    """A collector that stages append to; the caller decides what errors stop."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "fout")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity != "fout")


class KennisbankError(Exception):
    """Base of every error the CLI turns into a clean Dutch message (never a traceback)."""


def did_you_mean(value: object, options: Iterable[str]) -> str:
    """' Bedoelde je 'x'?' for the closest option, or '' when nothing is close."""
    if not isinstance(value, str):
        return ""
    matches = difflib.get_close_matches(value, sorted(set(options)), n=1, cutoff=0.6)
    return f" Bedoelde je '{matches[0]}'?" if matches else ""


def format_path(loc: Iterable[object]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
