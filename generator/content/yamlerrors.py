"""YAML's syntax errors in Dutch: the parser's (English) problem turned into what is wrong, where
(often where the construct began, not where the parser gave up) and how to fix it."""

from __future__ import annotations

import re

import yaml

from generator.content.errors import Problem

# The parser's (English) problems in Dutch: what is wrong and how to fix it, and whether the place
# to point at is where the construct began (context mark: the key without ':', the opening quote or
# bracket) rather than where the parser gave up, often a line later. libyaml and PyYAML word a few
# problems differently; both are listed.
YAML_PROBLEMS = (
    (
        ("mapping values are not allowed",),
        "een ': ' op een plek waar geen veld kan beginnen: een tekst met ': ' erin, of een veld dat verder "
        "inspringt dan het veld erboven. Zet zo'n tekst tussen aanhalingstekens, of laat het veld even ver "
        "inspringen als de velden van zijn blok",
        False,
    ),
    (
        ("could not find expected ':'",),
        "deze regel heeft geen ':' na de veldnaam, of een tekst loopt hier door op een nieuwe regel zonder "
        "in te springen. Schrijf 'veld: waarde', of gebruik '|' voor een tekst van meer regels",
        True,
    ),
    (
        ("did not find expected key", "expected <block end>"),
        "de inspringing klopt niet: deze regel springt minder of meer in dan de velden van hetzelfde blok. "
        "Laat velden van één blok precies even ver inspringen (met spaties)",
        False,
    ),
    (
        ("did not find expected '-' indicator",),
        "de inspringing in de lijst klopt niet. Begin elk item met '- ' op dezelfde inspringing; velden van "
        "een item staan precies onder het eerste veld na de '- '",
        False,
    ),
    (
        ("block sequence entries are not allowed",),
        "een '- ' (lijstitem) op dezelfde regel als een veld. Zet elk lijstitem op een eigen regel onder het veld",
        False,
    ),
    (
        ("did not find expected ',' or ']'", "did not find expected ',' or '}'", "expected ',' or ']'", "expected ',' or '}'"),
        "een lijst tussen [ ] of een blok tussen { } wordt niet gesloten, of er ontbreekt een komma. Sluit af met "
        "] of } en scheid de items met komma's; of zet een tekst met haken tussen aanhalingstekens",
        True,
    ),
    (
        ("found unexpected end of stream", "found unexpected end of stream while scanning a quoted scalar"),
        "een aanhalingsteken dat hier opent wordt nergens gesloten. Sluit de tekst af met hetzelfde teken (' of \")",
        True,
    ),
    (
        ("found unexpected document separator",),
        "een aanhalingsteken dat hier opent wordt niet gesloten voor '---'. Sluit de tekst af met hetzelfde teken",
        True,
    ),
    (("found undefined alias",), "een '*' aan het begin van een waarde. Zet de tekst tussen aanhalingstekens", False),
    (
        ("found unknown escape character",),
        "een backslash (\\) in een tekst tussen dubbele aanhalingstekens. Gebruik enkele aanhalingstekens (') of schrijf \\\\",
        False,
    ),
    (
        (
            "found character that cannot start any token",
            "found character '@' that cannot start any token",
            "found character '`' that cannot start any token",
        ),
        "een teken dat een waarde niet mag beginnen (zoals @, ` of %). Zet de tekst tussen aanhalingstekens",
        False,
    ),
    (
        ("found a tab character", "found character '\\t'"),
        "een tab. YAML staat alleen spaties toe: vervang de tab door spaties (2 per niveau)",
        False,
    ),
    (
        ("found duplicate anchor", "found undefined tag handle", "expected alphabetic or numeric character"),
        "een '&', '!' of '*' aan het begin van een waarde. Zet de tekst tussen aanhalingstekens",
        False,
    ),
    (
        ("but found another document", "did not find expected <document start>"),
        "het bestand gaat hier verder na een einde ('---' of '...'). Een inhoudsbestand is één blok velden: haal "
        "'---' of '...' weg, of zet de tweede inhoud in een eigen bestand",
        False,
    ),
    (
        ("expected a comment or a line break", "expected the node content"),
        "tekst na een afgesloten waarde (bijv. na een aanhalingsteken of haakje). Zet de hele waarde tussen aanhalingstekens",
        False,
    ),
)


OPENING_QUOTE = re.compile(r"""^\s*(?:- +)?(?:[\w-]+: +)?(?:- +)?(["'])""")


BLOCK_START = re.compile(r"^\s*(?:- +)?(?:[\w-]+: *)?[|>][-+0-9]*\s*(?:#.*)?$")


def _open_quote(lines: list[str], last: int) -> tuple[int, int] | None:
    """(line, column) of a value on or before line index `last` that opens a quote and does not close it
    on the same line; None if every quoted value closes where it opens. Lines of a text block ('|' or '>')
    are text, not values: a quote there is just a character."""
    block = None  # indentation of the field that opened a text block
    for index, line in enumerate(lines[: last + 1]):
        indent = len(line) - len(line.lstrip())
        if block is not None and (not line.strip() or indent > block):
            continue
        block = indent if BLOCK_START.match(line) else None
        m = OPENING_QUOTE.match(line)
        if not m:
            continue
        quote, rest = m.group(1), line[m.end() :]
        closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) if quote == '"' else re.search(r"'", rest.replace("''", ""))
        if not closed:
            return index + 1, m.end()
    return None


def _over_indented(lines: list[str], index: int) -> int:
    """Column of a line 'veld: …' that is indented deeper than the line 'veld: waarde' above it (0 if not)."""
    if index >= len(lines) or not re.match(r"\s+[\w-]+:(\s|$)", lines[index]):
        return 0
    above = next((line for line in reversed(lines[:index]) if line.strip() and not line.lstrip().startswith("#")), "")
    indent = len(lines[index]) - len(lines[index].lstrip())
    if re.match(r"\s*(- )?[\w-]+:\s+\S", above) and len(above) - len(above.lstrip()) < indent:
        return indent + 1
    return 0


def yaml_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    lines = text.splitlines()
    for i, row in enumerate(lines, start=1):
        indent = row[: len(row) - len(row.lstrip())]
        if "\t" in indent:
            return Problem.at(
                shown,
                "deze regel springt in met een tab. YAML staat alleen spaties toe: vervang de tab door spaties (2 per niveau).",
                i,
                indent.index("\t") + 1,
            )
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark or exc.context_mark
    open_quote = _open_quote(lines, mark.line if mark else len(lines))
    if open_quote:  # a quote left open makes the parser stumble lines later, where the next quote is
        return Problem.at(
            shown,
            "YAML-syntaxfout: een aanhalingsteken dat hier opent wordt nergens op deze regel gesloten. Sluit de "
            "tekst af met hetzelfde teken (' of \"), of gebruik '|' voor een tekst van meer regels.",
            open_quote[0],
            open_quote[1],
        )
    if problem.startswith("mapping values are not allowed") and exc.problem_mark:
        over = _over_indented(lines, exc.problem_mark.line)
        if over:
            return Problem.at(
                shown,
                "YAML-syntaxfout: dit veld springt verder in dan het veld erboven, dat al een waarde heeft. "
                "Laat het even ver inspringen als de andere velden van zijn blok.",
                exc.problem_mark.line + 1,
                over,
            )
    for starts, dutch, at_context in YAML_PROBLEMS:
        if problem.startswith(starts):
            mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            return Problem.at(shown, f"YAML-syntaxfout: {dutch}.", line, col)
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem.at(
        shown,
        "YAML-syntaxfout: deze regel kan niet gelezen worden. Controleer de "
        "inspringing (alleen spaties, velden van één blok even ver), de dubbele punt na elke veldnaam "
        "en de aanhalingstekens; zet een tekst met bijzondere tekens tussen aanhalingstekens.",
        line,
        col,
    )
