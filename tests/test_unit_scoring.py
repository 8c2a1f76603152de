"""Ranking, in-process on a tiny index: the small project of conftest.py plus a second
instrument, indexed with the real documents, and searched with every engine (the whoosh index
and the static index the site publishes, written from it), with no build and no subprocess.
Each test names the ranking rule (generator/search/ranking.py) it checks."""

from __future__ import annotations

import pytest

from generator.search import whoosh_engine as engine_mod
from generator.search import static
from generator.search.engines import ENGINES, open_engine
from generator.search.documents import documents, facet_labels

from test_unit_graph import graph_of

SKAEVE = """
    name: Skaeve Huse
    aliases: [Skæve Huse, Anders wonen]
    summary: Kleine woningen apart gelegen voor mensen die elders overlast geven.
    domain: woningvoorraad
    perspectives: [beheersbaar-houden]
    target_groups: [overlastgevers]
    what: Kleine, sobere woningen op een afgelegen plek, met begeleiding.
    aim: Overlast in gewone wijken verminderen en bewoners een eigen plek geven.
    approach: De gemeente zoekt een plek, de corporatie bouwt, de zorgpartij begeleidt.
    actors:
      - type: gemeente
        role: zoekt de plek
    legal:
      status: regulier
      basis: Valt binnen de gewone regels voor verhuur en zorg.
    evidence:
      explanation: Ervaringen uit de praktijk, geen effectonderzoek.
    success_factors: [Een goede plek]
    risks: [Verzet uit de buurt]
    sources:
      - source: rapport
        section: "§6.1"
"""


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory):
    """The whoosh index and the static one (zoekindex/) of the small project."""
    from conftest import MINIMAL, Project, fixture_mkdocs_yml

    root = tmp_path_factory.mktemp("scoring")
    fixture_mkdocs_yml(root)
    project = Project(root)
    for rel, text in MINIMAL.items():
        project.write(rel, text)
    project.write("instruments/skaeve-huse.yaml", SKAEVE)
    g = graph_of(project)
    engine_mod.build(documents(g), root / "index", labels=facet_labels(g))
    static.export(root / "index", root / "site")
    return {"whoosh": root / "index", "static": root / "site" / "zoekindex"}


@pytest.fixture(scope="module", params=ENGINES)
def engine(tiny_index, request):
    e = open_engine(tiny_index[request.param], request.param)
    yield e
    e.close()


def ids(results) -> list[str]:
    return [h.id for h in results.hits]


def test_the_entry_named_comes_first_before_pages_that_mention_it(engine):
    r = engine.search("housing first")
    assert ids(r)[:2] == ["instrument:housing-first", "practice:tilburg/housing-first"]
    assert r.hits[0].score > r.hits[1].score > 0
    assert [h.score for h in r.hits] == sorted((h.score for h in r.hits), reverse=True)


def test_an_alias_finds_its_entry_also_with_accents_folded(engine):
    assert ids(engine.search("Woning Eerst"))[0] == "instrument:housing-first"
    assert ids(engine.search("skaeve huse"))[0] == "instrument:skaeve-huse"
    assert ids(engine.search("skæve"))[0] == "instrument:skaeve-huse"


def test_a_typo_is_corrected_and_the_last_word_completed(engine):
    typo = engine.search("hosuing first")  # 'hosuing' counts half: the two pages named Housing First lead
    assert set(ids(typo)[:2]) == {"instrument:housing-first", "practice:tilburg/housing-first"}
    assert "instrument:skaeve-huse" not in ids(typo)
    assert ids(engine.search("skaeve hu"))[0] == "instrument:skaeve-huse"


def test_a_city_beside_other_words_puts_that_city_s_practice_first(engine):
    assert ids(engine.search("Tilburg housing first"))[0] == "practice:tilburg/housing-first"
    assert ids(engine.search("Tilburg"))[0] == "city:tilburg"  # only the name: the city's own page


def test_filters_narrow_and_facets_count_what_matched(engine):
    everything = engine.search("housing first")
    only = engine.search("housing first", {"type": ["practice"]})
    assert ids(only) == ["practice:tilburg/housing-first"] and only.total == 1
    assert everything.facets["type"]["practice"] == 1
    assert sum(everything.facets["type"].values()) == everything.total
    assert engine.search("overlast", {"domain": ["woningvoorraad"]}).total == 1
    browse = engine.search("", {"city": ["tilburg"]})  # no words: everything that passes the filter
    assert browse.total >= 2 and "practice:tilburg/housing-first" in ids(browse)


def test_nothing_found_gives_a_correction_or_the_nearest_entries(engine):
    r = engine.search("skaeveee")  # two edits from a word of the index: 'bedoelde je' and what that finds
    assert (r.total, r.hits, r.suggestion) == (0, [], "skaeve")
    assert [h.id for h in r.nearest] == ["instrument:skaeve-huse"]
    assert ids(engine.search("skeave"))[0] == "instrument:skaeve-huse"  # one edit: corrected right away
    nothing = engine.search("qqqqzzzz")
    assert nothing.total == 0 and nothing.hits == [] and nothing.suggestion == ""
    assert nothing.nearest and all(h.type == "instrument" for h in nothing.nearest)


def test_question_and_stop_words_alone_find_nothing(engine):
    assert engine.search("hoe kun je wat doen").total == 0
    assert engine.search("de het een").hits == []


def test_paging_continues_where_the_first_page_ended(engine):
    first, second = engine.search("wonen", limit=1), engine.search("wonen", limit=1, offset=1)
    both = engine.search("wonen", limit=2)
    assert first.total == second.total == both.total >= 2
    assert ids(first) + ids(second) == ids(both)
