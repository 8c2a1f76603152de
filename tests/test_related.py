"""The "Zie ook" block on the real content: entries sharing an instrument, barrier or city
come first, ranked by those ties; text similarity only fills the places left.

Most tests load the real content in-process (pipeline.validate) and call pipeline.related;
one reads the "Zie ook" section of the real built HTML.
"""

from __future__ import annotations

import posixpath
import re

import pytest

from generator import pipeline
from generator.content.urls import url_path
from generator.search.documents import documents

from sitehtml import page


@pytest.fixture(scope="module")
def graph():
    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors, "\n".join(map(str, problems.errors))
    return g


@pytest.fixture(scope="module")
def related(graph):
    return pipeline.related(graph, documents(graph))


def node(text: str) -> tuple[str, str]:
    kind, key = text.split(":", 1)
    return kind, key


def practice_ties(graph, key: str) -> tuple[set, set, set]:
    """Instruments, barriers and city of a practice, straight from its YAML fields."""
    m = graph.record(("practice", key)).model
    return {m.instrument, *m.also_instruments}, set(m.barriers), {key.split("/")[0]}


def score_on_practice_page(graph, page_key: str, other: tuple[str, str]) -> int:
    """What the ranking promises for a practice page: 4 per shared instrument, 2 per shared
    barrier, 1 for the same city (an instrument counts its barriers)."""
    inst, barriers, city = practice_ties(graph, page_key)
    if other[0] == "practice":
        o_inst, o_barriers, o_city = practice_ties(graph, other[1])
        return 4 * len(inst & o_inst) + 2 * len(barriers & o_barriers) + len(city & o_city)
    if other[0] == "instrument":
        return 4 * (other[1] in inst) + 2 * len(barriers & {b.key for b in graph.barriers_of(other)})
    return 0


MUST_APPEAR = [
    # the Tilburg Wbmgp practice: practices of its instruments (also_instruments: gebiedsgerichte-samenwerking)
    ("practice:tilburg/wbmgp", "practice:tilburg/mom-innovatielabs"),
    ("practice:tilburg/wbmgp", "practice:breda/groot-onderhoud-wonen-breburg"),
    # a practice sharing an instrument (directe-toewijzing) and a barrier in another city
    ("practice:nijmegen/omklapcontracten", "practice:tilburg/housing-first"),
    # same barrier and same city
    ("practice:tilburg/huur-op-maat", "practice:tilburg/middeldure-huur-tbv"),
    # a barrier: another barrier meeting the same instruments
    ("barrier:grenzen-toewijzingssysteem", "barrier:privacywetgeving"),
    # an instrument: another instrument meeting the same barrier
    ("instrument:wbmgp", "instrument:herstructurering"),
    # a city: the city applying most of the same instruments
    ("city:tilburg", "city:nijmegen"),
]

MUST_NOT_APPEAR = [
    # text similarity used to list a Nijmegen new-build quota and the history page here
    ("practice:tilburg/wbmgp", "practice:nijmegen/sociale-huur-uitleggebied"),
    ("practice:tilburg/wbmgp", "background:geschiedenis-menging"),
    ("practice:nijmegen/wbmgp-dukenburg", "background:geschiedenis-menging"),
    ("instrument:wbmgp", "practice:nijmegen/sociale-huur-uitleggebied"),
    ("instrument:wbmgp", "background:geschiedenis-menging"),
    ("barrier:grenzen-toewijzingssysteem", "background:conclusies"),
    ("city:ede", "background:bestrijden"),
]


@pytest.mark.parametrize("page_id, other_id", MUST_APPEAR)
def test_entries_sharing_instrument_barrier_or_city_are_listed(related, page_id, other_id):
    listed = related[node(page_id)]
    assert node(other_id) in listed, f"{page_id} should list {other_id}; lists {listed}"


@pytest.mark.parametrize("page_id, other_id", MUST_NOT_APPEAR)
def test_text_only_lookalikes_give_way_to_graph_ties(related, page_id, other_id):
    listed = related[node(page_id)]
    assert node(other_id) not in listed, f"{page_id} should not list {other_id}; lists {listed}"


def test_tilburg_wbmgp_lists_other_cities_practices_of_its_instruments(graph, related):
    listed = related[("practice", "tilburg/wbmgp")]
    inst, _barriers, _city = practice_ties(graph, "tilburg/wbmgp")
    assert len(listed) == 5
    for other in listed:
        assert other[0] == "practice", listed
        assert inst & practice_ties(graph, other[1])[0], f"{other} shares no instrument with tilburg/wbmgp"
    assert len({o[1].split("/")[0] for o in listed} - {"tilburg"}) >= 3, listed


def test_practice_pages_are_ranked_by_shared_ties(graph, related):
    """On every practice page: at most five, nothing already linked, the best-tied candidate
    first, and scores never go up along the list (untied text results come last)."""
    candidates = [("practice", r.key) for r in graph.of("practice")] + [("instrument", r.key) for r in graph.of("instrument")]
    for rec in graph.of("practice"):
        here = ("practice", rec.key)
        listed = related[here]
        skip = graph.neighbours(here)
        assert len(listed) <= 5 and here not in listed and not set(listed) & skip, (here, listed)
        scores = [score_on_practice_page(graph, rec.key, o) for o in listed]
        assert scores == sorted(scores, reverse=True), (here, list(zip(listed, scores)))
        best = max((score_on_practice_page(graph, rec.key, o) for o in candidates if o != here and o not in skip), default=0)
        assert not listed or scores[0] == best, (here, best, list(zip(listed, scores)))


def test_text_similarity_fills_only_the_places_the_graph_leaves(graph, related):
    """Skaeve Huse (the instrument) has three tied entries: they come first, then two text results."""
    listed = related[("instrument", "skaeve-huse")]
    barriers = {b.key for b in graph.barriers_of(("instrument", "skaeve-huse"))}

    def tied(other):
        if other[0] == "practice":
            return bool(barriers & practice_ties(graph, other[1])[1])
        if other[0] == "instrument":
            return bool(barriers & {b.key for b in graph.barriers_of(other)})
        return False

    flags = [tied(o) for o in listed]
    assert len(listed) == 5, listed
    assert flags == sorted(flags, reverse=True), list(zip(listed, flags))  # tied first, then text
    assert 0 < sum(flags) < 5, list(zip(listed, flags))


def _zie_ook_links(site, url: str) -> list[str]:
    html = page(site, url)
    start = html.index('id="zie-ook"')
    section = html[start : html.find("<h2", start + 1)]
    return [posixpath.normpath(posixpath.join(url, href)) + "/" for href in re.findall(r'<li><a href="([^"#]+)"', section)]


@pytest.mark.parametrize(
    "page_id, present, absent",
    [
        ("practice:tilburg/wbmgp", "practice:tilburg/mom-innovatielabs", "background:geschiedenis-menging"),
        ("barrier:grenzen-toewijzingssysteem", "barrier:privacywetgeving", "background:conclusies"),
        ("instrument:wbmgp", "instrument:herstructurering", "practice:nijmegen/sociale-huur-uitleggebied"),
    ],
)
def test_built_zie_ook_section_shows_the_graph_picks(built_site, related, page_id, present, absent):
    """The real build (another process, another hash seed) shows exactly these entries."""
    url = url_path(*node(page_id))
    shown = _zie_ook_links(built_site / "site", url)
    assert shown == [url_path(*o) for o in related[node(page_id)]]
    assert url_path(*node(present)) in shown, shown
    assert url_path(*node(absent)) not in shown, shown


def test_related_entries_read_text_with_the_search_s_one_analysis():
    """'Zie ook' weighs a page's words exactly as the search index holds them (query.analyse):
    a hyphenated name also by its parts, a digit as a word, Wonen+ as one term. A tokenizer of
    its own (as before: \\w+) split '30-30-30' and 'Heechterp-Schieringen' differently."""
    from collections import Counter

    from generator import pipeline
    from generator.search import query
    from generator.search.documents import documents
    from generator.site.related import quick_terms

    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    docs = documents(g)
    assert docs
    for d in docs:
        assert quick_terms(d.body) == dict(Counter(query.analyse(d.body))), d.id
    sample = "De 30-30-30-norm in Heechterp-Schieringen, en Wonen+ in aanbeveling 3."
    assert quick_terms(sample) == dict(Counter(query.analyse(sample)))
    assert "schiering" in quick_terms(sample) or "schieringen" in quick_terms(sample)
