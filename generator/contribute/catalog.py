"""What a filled-in form may choose from: the names, slugs and aliases of the content and the
vocabularies, found in constant time per answer, with a did-you-mean only when it is close.

A pick list answer is an option text ('Housing First (housing-first)'), a slug, a name or an alias
in any case; an answer that is none of these gets a suggestion only for a likely typo (a few letters
off, or the whole name with words around it), never a merely similar name ('Gemeente Zwolle' is not
'Gemeente Ede').
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.kinds import KINDS
from generator.content.vocab import vocab

if TYPE_CHECKING:
    from generator.content.records import Content

# content kinds a pick list can offer (every kind with a name or a title and a slug of its own, as the
# registry says), with the field of their model that names them
NAMED = {
    kind: "name" if "name" in ct.model.model_fields else "title"
    for kind, ct in KINDS.items()
    if kind != "practice" and ({"name", "title"} & set(ct.model.model_fields))
}
SHOWN_SLUG = re.compile(r"\(([a-z0-9-]+)\)\s*$")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def close(typed: str, candidate: str) -> bool:
    """A likely typo: at most one edit per five letters (at least one), or the candidate whole,
    as words, inside a longer answer ('housing first zwolle' -> 'housing first')."""
    a, b = _norm(typed), _norm(candidate)
    if not a or not b:
        return False
    if len(b) >= 6 and re.search(r"(?<!\w)" + re.escape(b) + r"(?!\w)", a):
        return True
    limit = max(1, len(b) // 5)
    return abs(len(a) - len(b)) <= limit and edit_distance(a, b, limit) <= limit


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit` (banded, O(len * limit))."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [limit + 1] * len(b)
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        for j in range(lo, hi + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]))
        if min(current[max(0, lo - 1) : hi + 1]) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@dataclass
class Catalog:
    """Slug -> (name, aliases) per content kind, from the loaded content, with an index of every
    name, slug and alias (casefolded) so a lookup does not walk the list."""

    entries: dict[str, dict[str, tuple[str, tuple[str, ...]]]]
    hints: dict[str, tuple[str, str]] = field(default_factory=dict)  # source slug -> (author, 'author year')
    index: dict[str, dict[str, str]] = field(init=False)
    commas: dict[str, int] = field(init=False)  # the most commas in one option text of a kind

    def __post_init__(self) -> None:
        self.index, self.commas = {}, {}
        for kind, entries in self.entries.items():
            words: dict[str, str] = {}
            for slug, (name, aliases) in entries.items():
                for word in (slug, name, *aliases):
                    words.setdefault(_norm(word), slug)
            self.index[kind] = words
            self.commas[kind] = max(
                (
                    self.option(name, slug).count(",") + sum(a.count(",") for a in aliases)
                    for slug, (name, aliases) in entries.items()
                ),
                default=0,
            )

    @classmethod
    def from_content(cls, content: Content) -> "Catalog":
        entries = {}
        for kind, attr in NAMED.items():
            entries[kind] = {
                r.key: (getattr(r.model, attr), tuple(getattr(r.model, "aliases", ()) or ())) for r in content.of(kind)
            }
        hints = {r.key: (r.model.author, f"{r.model.author} {r.model.year or r.model.accessed}") for r in content.of("source")}
        return cls(entries, hints)

    @staticmethod
    def option(name: str, slug: str) -> str:
        return f"{name} ({slug})"

    def options(self, kind: str) -> list[str]:
        items = sorted(self.entries[kind].items(), key=lambda kv: (kv[1][0].casefold(), kv[0]))
        return [self.option(name, slug) for slug, (name, _aliases) in items]

    def shown(self, kind: str, slug: str) -> str:
        return self.option(self.entries[kind][slug][0], slug)

    def lookup(self, kind: str, text: str) -> str | None:
        """The slug that `text` means: an option text, a slug, a name or an alias (any case)."""
        if len(text) > 400:
            return None  # no name is that long
        shown = SHOWN_SLUG.search(text)
        if shown and shown.group(1) in self.entries[kind]:
            return shown.group(1)
        return self.index[kind].get(_norm(text))

    def suggestion(self, kind: str, text: str) -> str:
        """ " Bedoelde je 'Housing First (housing-first)'?" for a close name, slug or alias, or ''."""
        if len(text) > 200:
            return ""
        found = []
        for slug, (name, aliases) in sorted(self.entries[kind].items()):
            words = (slug, name, *aliases, *(self.hints.get(slug, ()) if kind == "source" else ()))
            if any(close(text, word) for word in words):
                found.append(slug)
        return f" Bedoelde je '{self.shown(kind, found[0])}'?" if len(found) == 1 else ""


def vocab_options(name: str) -> list[str]:
    return [t.label for t in vocab(name).terms]


def vocab_lookup(name: str, text: str) -> str | None:
    wanted = _norm(text)
    for t in vocab(name).terms:
        if wanted in (t.key, t.label.casefold()):
            return t.key
    return None


BY_KEY = ("source_kind", "actor_type")  # vocabularies a form answer names by key (typed in a line); others by label


def vocab_shown(name: str) -> list[str]:
    """How the form shows a vocabulary's values: keys for a typed line, labels in a dropdown."""
    return vocab(name).keys() if name in BY_KEY else vocab_options(name)


def vocab_suggestion(name: str, text: str) -> str:
    found = [t for t in vocab(name).terms if close(text, t.key) or close(text, t.label)]
    return f" Bedoelde je '{found[0].key if name in BY_KEY else found[0].label}'?" if len(found) == 1 else ""


def content_catalog(content_dir: Path) -> Catalog:
    from generator.content.errors import Problems
    from generator.content.loader import load

    return Catalog.from_content(load(content_dir, content_dir.parent, Problems()))


def singular(kind: str) -> str:
    return KINDS[kind].singular
