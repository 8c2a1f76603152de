"""What loading the content gives: a `Record` per entry (its validated model and where each of its
values stands in its file) and the `Content`, every record by kind and key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.content.errors import Problem, format_path

if TYPE_CHECKING:
    from generator.kinds import Kind

Loc = tuple[str | int, ...]  # a path into the document: ("organisations", 1, "role")
Positions = dict[Loc, tuple[int, int]]  # where each value (or key) stands: Loc -> (line, column)


@dataclass(frozen=True)
class Record:
    """One validated entry with where it came from."""

    type: Kind
    key: str  # slug; for practices "<city>/<slug>"
    model: Any  # an instance of KINDS[type].model (kind-specific fields are read by kind)
    file: str  # path as shown to contributors, relative to the project root
    positions: Positions  # of the values
    key_positions: Positions  # of the keys
    lines: tuple[str, ...] = ()  # the file's text, to point at a link inside a text block

    @property
    def slug(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def city(self) -> str | None:
        return self.key.split("/", 1)[0] if "/" in self.key else None

    def position(self, loc: Loc) -> tuple[int, int]:
        """Best position for a location: the value, else the key, else the nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def find(self, needle: str, loc: Loc) -> tuple[int, int]:
        """Line and column of `needle` at or after the start of the field at `loc`."""
        start_line, start_col = self.position(loc)
        for number in range(start_line, len(self.lines) + 1):
            col = self.lines[number - 1].find(needle)
            if col >= 0:
                return number, col + 2  # point at the link target, after '('
        return start_line, start_col

    def problem(self, loc: Loc, message: str, severity: str = "fout") -> Problem:
        line, col = self.position(loc)
        return Problem(self.file, line, col, format_path(loc), message, severity)


@dataclass
class Content:
    """Everything loaded from content/, by type and key, in a stable order."""

    records: dict[str, dict[str, Record]]
    failed: set = field(default_factory=set)  # (kind, key) of files that exist but did not validate
    _sorted: dict[str, list[Record]] = field(default_factory=dict, repr=False)  # of(): the content does not change

    def of(self, kind: str) -> list[Record]:
        """The records of a kind, sorted by key (cached: the content does not change after loading)."""
        cache = self._sorted
        if kind not in cache or len(cache[kind]) != len(self.records[kind]):
            cache[kind] = [self.records[kind][k] for k in sorted(self.records[kind])]
        return cache[kind]
