"""The JSON export (/data/kennisbank.json), in-process on the small project: the keys and types
of every kind of record, references that point at records in the same file, and the same
bytes for the same content (generator/site/export.py; the finder and compare pages read it)."""

from __future__ import annotations

import json

import pytest

from generator.site import export

from test_unit_graph import graph_of

STR, INT, LIST_STR = "str", "int", "list[str]"
SHAPES = {
    "instruments": {
        "id": STR,
        "name": STR,
        "url": STR,
        "summary": STR,
        "aliases": LIST_STR,
        "domain": STR,
        "perspectives": LIST_STR,
        "target_groups": LIST_STR,
        "aim": STR,
        "what": STR,
        "actors": [{"type": STR, "role": STR}],
        "legal_status": STR,
        "legal_basis": STR,
        "evidence_level": STR,
        "evidence": STR,
        "results": LIST_STR,
        "success_factors": [{"text": STR, "basis": STR}],
        "risks": [{"text": STR, "basis": STR}],
        "cost": STR,
        "effort": STR,
        "cost_note": "str|None",
        "cost_sources": LIST_STR,
        "cities": LIST_STR,
        "barriers": LIST_STR,
        "practices": LIST_STR,
        "outcomes": LIST_STR,
    },
    "practices": {
        "id": STR,
        "name": STR,
        "url": STR,
        "summary": STR,
        "city": STR,
        "instrument": STR,
        "also_instruments": LIST_STR,
        "status": STR,
        "period": {"start": INT, "end": "int|None", "note": "str|None"},
        "location": STR,
        "barriers": LIST_STR,
        "organisations": LIST_STR,
        "domain": STR,
        "perspectives": LIST_STR,
        "target_groups": LIST_STR,
        "evidence_level": STR,
        "legal_status": STR,
        "outcomes": LIST_STR,
    },
    "cities": {"id": STR, "name": STR, "url": STR, "summary": STR},
    "barriers": {"id": STR, "name": STR, "url": STR, "summary": STR, "perspectives": LIST_STR},
    "organisations": {"id": STR, "name": STR, "url": STR, "type": STR},
}


def shape_of(value):
    """The shape of a JSON value in the notation of SHAPES."""
    if isinstance(value, dict):
        return {k: shape_of(v) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return LIST_STR
        if value and all(isinstance(v, dict) for v in value):
            shapes = [shape_of(v) for v in value]
            assert all(s == shapes[0] for s in shapes), shapes
            return [shapes[0]]
        return "list[]"
    return {str: STR, int: INT, type(None): "None"}[type(value)]


def fits(actual, expected) -> bool:
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict) and actual.keys() == expected.keys() and all(fits(actual[k], expected[k]) for k in expected)
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and all(fits(a, expected[0]) for a in actual)
    if expected == LIST_STR:
        return actual in (LIST_STR, "list[]")
    return actual in expected.split("|")


@pytest.fixture
def data(project):
    return export.build(graph_of(project))


def test_every_kind_of_record_has_its_keys_and_types(data):
    assert data.keys() == {"schema_version", "content_fingerprint", "result"}
    assert data["schema_version"] == export.SCHEMA_VERSION and isinstance(data["schema_version"], int)
    assert len(data["content_fingerprint"]) == 16 and int(data["content_fingerprint"], 16) >= 0
    result = data["result"]
    assert result.keys() == set(SHAPES) | {"vocabularies"}
    for kind, expected in SHAPES.items():
        assert result[kind], f"the small project has a record of kind {kind}"
        for record in result[kind]:
            assert fits(shape_of(record), expected), (kind, shape_of(record))


def test_vocabularies_carry_key_label_and_help(data):
    from generator.content.vocab import vocabularies

    vocabs = data["result"]["vocabularies"]
    assert vocabs.keys() == vocabularies().keys()
    for terms in vocabs.values():
        assert terms and all(t.keys() == {"key", "label", "help"} and all(isinstance(v, str) for v in t.values()) for t in terms)


def test_references_point_at_records_in_the_same_export(data):
    r = data["result"]
    ids = {kind: {rec["id"] for rec in r[kind]} for kind in SHAPES}
    for inst in r["instruments"]:
        assert set(inst["cities"]) <= ids["cities"] and set(inst["barriers"]) <= ids["barriers"]
        assert set(inst["practices"]) <= ids["practices"]
    for p in r["practices"]:
        assert p["city"] in ids["cities"] and p["instrument"] in ids["instruments"]
        assert set(p["organisations"]) <= ids["organisations"] and set(p["barriers"]) <= ids["barriers"]
    hf = next(i for i in r["instruments"] if i["id"] == "housing-first")
    assert (hf["cities"], hf["barriers"], hf["practices"]) == (["tilburg"], ["privacy"], ["tilburg/housing-first"])
    assert hf["url"] == "/instrumenten/housing-first/"
    practice = r["practices"][0]
    assert practice["url"] == "/steden/tilburg/housing-first/"
    assert practice["domain"] == hf["domain"]  # facets inherited from the instrument


def test_same_content_same_bytes_other_content_other_fingerprint(project, data):
    again = export.build(graph_of(project))
    assert json.dumps(again, sort_keys=True) == json.dumps(data, sort_keys=True)
    text = (project.content / "cities/tilburg.yaml").read_text()
    project.write("cities/tilburg.yaml", text.replace("Tilburg zoekt naar evenwicht", "Tilburg zoekt al jaren naar evenwicht"))
    assert export.build(graph_of(project))["content_fingerprint"] != data["content_fingerprint"]


def test_markdown_becomes_plain_text(project):
    text = (
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace(
            "aim: Mensen duurzaam gehuisvest houden met begeleiding aan huis.",
            "aim: Mensen **duurzaam** gehuisvest houden, zie [Privacyregels](belemmering:privacy).",
        )
    )
    project.write("instruments/housing-first.yaml", text)
    hf = export.build(graph_of(project))["result"]["instruments"][0]
    assert hf["aim"] == "Mensen duurzaam gehuisvest houden, zie Privacyregels."
