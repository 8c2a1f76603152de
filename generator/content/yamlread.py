"""Reading a content file's YAML safely, with the position of every value.

YAML is parsed with PyYAML's SafeLoader (no Python objects), anchors and aliases are
refused (they enable "billion laughs" bombs), duplicate keys, tags beyond the plain ones and
deep nesting are refused, and every node's position is remembered so that a pydantic error on
`practices[1].instrument` can point at its line and column.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import yaml

from generator.content.errors import Problem, Problems
from generator.content.records import Loc, Positions
from generator.content.yamlerrors import yaml_problem

MAX_BYTES = 1_000_000
# libyaml's safe loader when PyYAML has it (several times faster); same safety, same marks.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Mark(Protocol):
    """A place in the text, as PyYAML's nodes and libyaml's events give it (0-based)."""

    line: int
    column: int


def _at_mark(shown: str, mark: _Mark, message: str, loc: Loc = ()) -> Problem:
    """A problem where YAML's mark (0-based line and column) points, about the field at `loc`."""
    return Problem.at(shown, message, mark.line + 1, mark.column + 1, loc)


def parse(raw: bytes, shown: str, problems: Problems) -> tuple[Any, Positions, Positions, str] | None:
    """Bytes -> (data, positions, key_positions, text), or None after adding problems."""
    if len(raw) > MAX_BYTES:
        problems.add(
            Problem.at(
                shown,
                f"bestand is te groot ({len(raw) / 1_000_000:.1f} MB; maximaal 1 MB). Splits de inhoud over meer bestanden.",
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(
            Problem.at(
                shown,
                "bestand is geen geldige UTF-8-tekst. Sla het op als UTF-8 (in de meeste editors: 'Opslaan als' → "
                "codering UTF-8).",
                line,
                col,
            )
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(line.strip().startswith("#") or not line.strip() for line in text.splitlines()):
        problems.add(Problem.at(shown, "bestand is leeg. Vul de velden in (zie 'kennisbank new') of verwijder het bestand."))
        return None
    if _could_be_deep(text) and not _depth_ok(text, shown, problems):
        return None
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.add(Problem.at(shown, "bestand is leeg. Vul de velden in of verwijder het bestand."))
            return None
        positions: Positions = {}
        key_positions: Positions = {}
        ok = _walk(node, (), positions, key_positions, set(), shown, problems)
        if not ok:
            return None
        if not isinstance(node, yaml.MappingNode):
            kind = "een lijst" if isinstance(node, yaml.SequenceNode) else "één losse waarde"
            problems.add(
                _at_mark(
                    shown,
                    node.start_mark,
                    f"het bestand bevat {kind}, maar verwacht worden velden op het hoogste niveau (zoals 'name: "
                    "…'). Haal het '- ' voor de velden weg.",
                )
            )
            return None
        try:
            data = loader.construct_document(node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            # a value that looks like a date but is none (2018-13-45), or an explicit '!!int x'
            problems.add(_unreadable_value(node, shown))
            return None
    except yaml.MarkedYAMLError as exc:
        problems.add(yaml_problem(exc, text, shown))
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.add(
            Problem.at(
                shown,
                f"bevat een stuurteken (U+{exc.character:04X}) dat YAML niet toestaat. "
                "Verwijder het: typ de tekst op deze plek opnieuw.",
                line,
                col,
            )
        )
        return None
    except yaml.YAMLError:  # unmarked: rare
        problems.add(
            Problem.at(
                shown,
                "YAML kan niet gelezen worden. Controleer inspringing, dubbele punten "
                "en aanhalingstekens, of begin opnieuw met 'kennisbank new'.",
            )
        )
        return None
    finally:
        loader.dispose()
    return data, positions, key_positions, text


def _unreadable_value(root: yaml.Node, shown: str) -> Problem:
    """The first value that YAML cannot turn into what it looks like, with its place."""
    todo = [root]
    while todo:
        node = todo.pop(0)
        if isinstance(node, yaml.MappingNode):
            todo[:0] = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo[:0] = list(node.value)
        else:
            try:
                yaml.constructor.SafeConstructor().construct_object(node)
            except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
                line, col = node.start_mark.line + 1, node.start_mark.column + 1
                if node.tag == YAML_TAG + "timestamp":
                    return Problem.at(
                        shown,
                        f"'{node.value[:40]}' lijkt een datum, maar die bestaat niet. Bedoel je een jaartal? Schrijf dan "
                        "alleen het jaar (bijv. 2018). Is het tekst? Zet het dan tussen aanhalingstekens.",
                        line,
                        col,
                    )
                return Problem.at(
                    shown,
                    f"'{node.value[:40]}' past niet bij de YAML-tag '{_short_tag(node.tag)}'. Haal de tag weg en "
                    "schrijf de waarde als gewone tekst.",
                    line,
                    col,
                )
    return Problem.at(shown, "een waarde kan niet gelezen worden. Zet bijzondere waarden tussen aanhalingstekens.")


# The tags a node may carry: what YAML gives plain values, lists and blocks by itself (also
# when written out, like '!!str'). Anything else ('!!binary', '!!set', '!!python/...', '!eigen')
# is refused: '!!binary' would become text nobody can read in the file.
YAML_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


# Content nests a few levels (a practice: fields > results > sources > fields). Deeper YAML is
# refused: libyaml builds its nodes recursively in C (100,000 '[' crash the process) and the
# walk below is recursive too.
MAX_DEPTH = 32
_DEEP_LINE = re.compile(r"\n[ ?:-]{100}")  # a literal '\n' first: fast
_DEEP_FIRST_LINE = re.compile(r"[ ?:-]{100}")


def _could_be_deep(text: str) -> bool:
    """Cheap test that a file may nest deeper than is safe to build nodes for (without it the
    nesting is at most a few hundred levels): many brackets, or a line that starts with a
    long run of indentation and '- ', '? ' or ': ' indicators (block nesting needs a new column
    per level)."""
    if text.count("[") + text.count("{") >= 100:
        return True
    # YAML 1.1 also breaks lines at a lone \r, NEL, LINE and PARAGRAPH SEPARATOR.
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.replace("\r", "\n").replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _DEEP_LINE.search(text) is not None or _DEEP_FIRST_LINE.match(text) is not None


def _depth_ok(text: str, shown: str, problems: Problems) -> bool:
    """Count the nesting from the parser's events (libyaml parses without recursion), before
    any node is built. Syntax errors are left to the normal parse."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                if depth >= MAX_DEPTH:
                    assert event.start_mark is not None  # a parsed event has its place
                    problems.add(_too_deep(shown, event.start_mark))
                    return False
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return True
    return True


def _too_deep(shown: str, mark: _Mark, loc: Loc = ()) -> Problem:
    return _at_mark(
        shown,
        mark,
        f"de lijsten en blokken zijn hier te diep genest (meer dan {MAX_DEPTH} niveaus); de kennisbank gebruikt er "
        "hooguit een handvol. Controleer de haken [ ] en { } en de inspringing.",
        loc,
    )


def _walk(
    node: yaml.Node, loc: Loc, positions: Positions, key_positions: Positions, seen: set[int], shown: str, problems: Problems
) -> bool:
    if id(node) in seen:
        problems.add(
            _at_mark(shown, node.start_mark, "ankers en aliassen (& en *) zijn niet toegestaan. Schrijf de waarde voluit.", loc)
        )
        return False
    seen.add(id(node))
    positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in PLAIN_TAGS:
        problems.add(
            _at_mark(
                shown,
                node.start_mark,
                f"de YAML-tag '{_short_tag(node.tag)}' is niet toegestaan: de kennisbank kent alleen tekst, "
                f"getallen, lijsten en blokken met velden. Haal '{_short_tag(node.tag)}' weg en schrijf de waarde "
                "als gewone tekst.",
                loc,
            )
        )
        return False
    if isinstance(node, yaml.CollectionNode) and len(loc) >= MAX_DEPTH:
        problems.add(_too_deep(shown, node.start_mark, loc))
        return False
    if isinstance(node, yaml.MappingNode):
        keys_here = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if key_node.tag not in PLAIN_TAGS:
                problems.add(
                    _at_mark(
                        shown,
                        key_node.start_mark,
                        f"de YAML-tag '{_short_tag(key_node.tag)}' is niet toegestaan voor een veldnaam. Haal "
                        f"'{_short_tag(key_node.tag)}' weg.",
                        loc,
                    )
                )
                return False
            if key == "<<":
                problems.add(
                    _at_mark(
                        shown, key_node.start_mark, "samenvoegen met '<<' is niet toegestaan. Schrijf de velden voluit.", loc
                    )
                )
                return False
            if key in keys_here:
                problems.add(
                    _at_mark(
                        shown,
                        key_node.start_mark,
                        f"het veld '{key}' staat twee keer in dit blok. Houd er één over.",
                        loc + (key,),
                    )
                )
            keys_here.add(key)
            key_positions[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not _walk(value_node, loc + (key,), positions, key_positions, seen, shown, problems):
                return False
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            if not _walk(item, loc + (i,), positions, key_positions, seen, shown, problems):
                return False
    return True
