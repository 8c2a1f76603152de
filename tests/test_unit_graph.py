"""The reference graph, in-process on the small project of conftest.py: which references it
records, the backlinks it derives both ways, and links inside Markdown text."""

from __future__ import annotations

import pytest

from generator import pipeline


def graph_of(project):
    g, problems = pipeline.validate(pipeline.Project(root=project.root, content=project.content))
    assert not problems.errors, [str(p) for p in problems.errors]
    return g


def keys(records) -> list[str]:
    return [r.key for r in records]


@pytest.fixture
def g(project):
    # a second instrument, related to the first and mentioned in a text: more edges to follow
    project.write(
        "instruments/skaeve-huse.yaml",
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("name: Housing First", "name: Skaeve Huse")
        .replace("aliases: [Woning Eerst]", "aliases: []")
        .replace("aim: Mensen duurzaam", "related: [housing-first]\naim: Mensen duurzaam")
        .replace(
            "what: Een aanpak waarin een dakloze eerst een eigen woning krijgt.",
            "what: Kleine woningen apart, anders dan [Housing First](instrument:housing-first).",
        ),
    )
    return graph_of(project)


def test_references_are_recorded_both_ways(g):
    practice, instrument = ("practice", "tilburg/housing-first"), ("instrument", "housing-first")
    assert g.targets(practice, "instrument", "instrument") == {instrument}
    assert g.referrers(instrument, "practice", "instrument") == {practice}
    assert g.referrers(instrument, "practice", "barriers") == set()  # the field is part of the edge
    assert g.targets(practice, "barrier", "barriers") == {("barrier", "privacy")}
    assert g.targets(("barrier", "privacy"), "instrument") == {instrument}
    assert g.targets(("organisation", "gemeente-tilburg"), "city", "cities") == {("city", "tilburg")}


def test_backlinks_are_derived_for_every_kind(g):
    instrument, city = ("instrument", "housing-first"), ("city", "tilburg")
    assert keys(g.practices_of(instrument)) == ["tilburg/housing-first"]
    assert keys(g.practices_of(city)) == ["tilburg/housing-first"]
    assert keys(g.practices_of(("barrier", "privacy"))) == ["tilburg/housing-first"]
    assert keys(g.practices_of(("organisation", "gemeente-tilburg"))) == ["tilburg/housing-first"]
    assert keys(g.cities_of(instrument)) == ["tilburg"]  # through its practice
    assert keys(g.barriers_of(instrument)) == ["privacy"]  # declared by the barrier and met by the practice
    assert keys(g.barriers_of(city)) == ["privacy"]
    assert keys(g.instruments_of(("barrier", "privacy"))) == ["housing-first"]
    assert keys(g.organisations_of(city)) == ["gemeente-tilburg"]
    assert g.city_of(g.record(("practice", "tilburg/housing-first"))).key == "tilburg"
    assert keys(g.practices_of(("instrument", "skaeve-huse"))) == []
    assert keys(g.cities_of(("instrument", "skaeve-huse"))) == []


def test_related_instruments_count_from_either_side(g):
    assert keys(g.instruments_of(("instrument", "skaeve-huse"))) == ["housing-first"]
    assert keys(g.instruments_of(("instrument", "housing-first"))) == ["skaeve-huse"]


def test_a_link_in_markdown_text_is_an_edge_of_its_own(g):
    assert keys(g.mentioned_by(("instrument", "housing-first"))) == ["skaeve-huse"]
    assert keys(g.mentioned_by(("instrument", "skaeve-huse"))) == []
    assert ("instrument", "housing-first") in g.neighbours(("instrument", "skaeve-huse"))


def test_every_citation_is_a_backlink_of_its_source(g):
    citing = {(r.type.kind, r.key) for r in g.citing("rapport")}
    assert citing == {
        ("organisation", "gemeente-tilburg"),
        ("instrument", "housing-first"),
        ("instrument", "skaeve-huse"),
        ("city", "tilburg"),
        ("practice", "tilburg/housing-first"),
        ("barrier", "privacy"),
    }


def test_neighbours_hold_declared_and_derived_links_but_not_the_page_itself(g):
    practice = ("practice", "tilburg/housing-first")
    found = g.neighbours(practice)
    assert {
        ("instrument", "housing-first"),
        ("barrier", "privacy"),
        ("organisation", "gemeente-tilburg"),
        ("city", "tilburg"),
        ("source", "rapport"),
    } <= found
    assert practice not in found


def test_lists_are_sorted_by_name_not_by_file(project):
    project.write(
        "cities/tilburg/aaa-wonen.yaml",
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("name: Housing First in Tilburg", "name: Zorgwoningen in Tilburg")
        .replace("location: verspreid over de stad", "location: in het centrum"),
    )
    g = graph_of(project)
    assert [r.model.name for r in g.practices_of(("city", "tilburg"))] == ["Housing First in Tilburg", "Zorgwoningen in Tilburg"]


def test_an_unknown_reference_leaves_no_edge_and_is_reported(project):
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace("instruments: [housing-first]", "instruments: [housing-frist]")
    )
    project.write("barriers/privacy.yaml", text)
    g, problems = pipeline.validate(pipeline.Project(root=project.root, content=project.content))
    assert [p.path for p in problems.errors] == ["instruments[0]"]
    assert g.targets(("barrier", "privacy"), "instrument") == set()
