"""The JSON Schema an editor checks a file against (site_config/schema/, as committed) and the
validator (the loader that `kennisbank validate` runs on each file) say the same about the same
file: a file the validator accepts is never red in the editor, and the other way round.

Checks beyond one file (does the referenced instrument exist?) and the upper bound of a year (this
year: a committed schema cannot follow it) are the validator's alone, so no case depends on them."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import MINIMAL, ROOT, dedent
from generator.content import loader
from generator.content.errors import Problems
from generator.kinds import KINDS

SOURCE = dedent(MINIMAL["sources/rapport.yaml"])
PRACTICE = dedent(MINIMAL["cities/tilburg/housing-first.yaml"])
ORGANISATION = dedent(MINIMAL["organisations/gemeente-tilburg.yaml"])
RECOMMENDATION = """\
number: 3
title: Zorg voor begeleiding bij elke plaatsing
body: Een woning zonder begeleiding houdt geen stand; spreek de begeleiding vooraf af.
sources:
  - source: rapport
    section: "§8"
"""


def _kind(rel: str) -> str:
    """The kind of a file by its place in content/: cities/<stad>/<praktijk>.yaml is a practice."""
    parts = rel.split("/")
    return "practice" if len(parts) == 3 else next(k for k, ct in KINDS.items() if ct.folder == parts[0])


# (kind, file text, what a contributor expects); both must give this answer.
CASES = [
    *[(_kind(rel), dedent(text), True) for rel, text in MINIMAL.items()],
    ("source", SOURCE, True),
    ("source", SOURCE.replace("year: 2018", 'year: "2018"'), True),  # a quoted year is common YAML
    ("source", SOURCE.replace("year: 2018", "year: '2018'"), True),
    ("source", SOURCE.replace("year: 2018", "year: 2018.5"), False),
    ("source", SOURCE.replace("year: 2018", "year: 2018-05-01"), False),
    ("source", SOURCE.replace("year: 2018", "year: twintig"), False),
    ("source", SOURCE.replace("year: 2018", 'year: "18"'), False),
    ("source", SOURCE.replace("year: 2018", "year: 1850"), False),
    ("source", SOURCE.replace("year: 2018", "year: true"), False),
    ("source", SOURCE + "url: https://www.platform31.nl/rapport\n", True),
    ("source", SOURCE + "url: http://www.platform31.nl/rapport\n", False),  # only https://
    ("source", SOURCE + "url: www.platform31.nl\n", False),
    ("source", SOURCE.replace("cite_by_section: true", "cite_by_section:"), False),
    ("source", SOURCE.replace("kind: rapport", "kind: boek"), False),
    ("source", SOURCE + "publisher: Platform31\n", False),
    ("source", SOURCE.replace("title: Onderzoek naar de gemengde wijk", 'title: "Onderzoek naar\\nde gemengde wijk"'), False),
    ("practice", PRACTICE, True),
    ("practice", PRACTICE.replace("instrument: housing-first", "instrument: Housing First"), False),  # a slug
    ("practice", PRACTICE.replace("barriers: [privacy]", "barriers: [Privacy_regels]"), False),
    ("practice", PRACTICE.replace("  - organisation: gemeente-tilburg", "  - organisation: gemeente tilburg"), False),
    (
        "practice",
        PRACTICE.replace(
            "lessons: [Begin klein en leer van elke plaatsing]",
            "lessons:\n  - |\n    Begin klein\n    en leer van elke plaatsing\n",
        ),
        False,
    ),  # one line
    (
        "practice",
        PRACTICE.replace(
            "lessons: [Begin klein en leer van elke plaatsing]", "lessons:\n  - |\n    Begin klein en leer van elke plaatsing\n"
        ),
        True,
    ),
    ("practice", PRACTICE.replace("start: 2016", 'start: "2016"'), True),
    ("practice", PRACTICE.replace("start: 2016", "start: 2016-03"), False),
    ("practice", PRACTICE.replace("lessons: [Begin klein en leer van elke plaatsing]", "lessons: []"), False),
    ("practice", PRACTICE.replace("status: lopend", "status: loopt"), False),
    ("practice", PRACTICE + "contact:\n  organisation: gemeente-tilburg\n  email: wonen@example.org\n", True),
    ("practice", PRACTICE + "contact:\n  organisation: gemeente-tilburg\n  email: wonen bij example.org\n", False),
    ("organisation", ORGANISATION + "website: https://www.tilburg.nl\n", True),
    ("organisation", ORGANISATION + "website: http://www.tilburg.nl\n", False),
    ("organisation", ORGANISATION.replace("cities: [tilburg]", "cities: [Tilburg]"), False),
    ("recommendation", RECOMMENDATION, True),
    ("recommendation", RECOMMENDATION.replace("number: 3", 'number: "3"'), True),
    ("recommendation", RECOMMENDATION.replace("number: 3", "number: 0"), False),
    ("recommendation", RECOMMENDATION.replace("number: 3", "number: drie"), False),
]


def _validator_accepts(kind: str, text: str) -> bool:
    problems = Problems()
    entry = loader._parse_and_validate(KINDS[kind], text.encode("utf-8"), f"content/{kind}.yaml", problems)
    return entry is not None and not problems.errors


def _schema_accepts(kind: str, text: str) -> bool:
    schema = json.loads((ROOT / "site_config/schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema).is_valid(yaml.safe_load(text))


def test_validator_and_json_schema_agree_on_every_case():
    disagree = []
    for kind, text, expected in CASES:
        validator, schema = _validator_accepts(kind, text), _schema_accepts(kind, text)
        if not validator == schema == expected:
            disagree.append(f"{kind}: validator {validator}, schema {schema}, expected {expected}:\n{text}")
    assert not disagree, "\n\n".join(disagree)
    assert len(CASES) > 40


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_schema_is_valid_json_schema(kind):
    schema = json.loads((ROOT / "site_config/schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
