"""Search of record: relevance on practitioner queries, the CLI, and the HTTP API under bad input."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import kennisbank
from relevance import GROUPS, QUERIES

from generator.search.engine import Engine
from generator.search.query import stem


@pytest.fixture(scope="module")
def engine(built_site):
    e = Engine(built_site / "index")
    yield e
    e.close()


def ranks(search, queries=QUERIES) -> list[int | None]:
    out = []
    for query, expected in queries:
        ids = search(query)
        out.append(ids.index(expected) + 1 if expected in ids else None)
    return out


def figures(r: list[int | None]) -> dict[str, float]:
    n = len(r)
    return {
        "recall@1": sum(1 for x in r if x == 1) / n,
        "recall@3": sum(1 for x in r if x and x <= 3) / n,
        "MRR": sum(1 / x for x in r if x) / n,
    }


def report(engine_name: str, r: list[int | None]) -> str:
    """The figures per group of queries and in all, as the test prints them."""
    lines, start = [], 0
    for group, queries in GROUPS.items():
        f = figures(r[start:start + len(queries)])
        lines.append(f"  {group:15s} {len(queries):4d}  " + "  ".join(f"{k} {v:.3f}" for k, v in f.items()))
        start += len(queries)
    f = figures(r)
    lines.append(f"  {'alles':15s} {len(r):4d}  " + "  ".join(f"{k} {v:.3f}" for k, v in f.items()))
    for (q, exp), rank in zip(QUERIES, r):
        if rank != 1:
            lines.append(f"    {q!r}: {exp} op plaats {rank}")
    return f"\nzoeken ({engine_name}): {len(QUERIES)} vragen\n" + "\n".join(lines)


def side_by_side(columns: dict[str, list[int | None]]) -> str:
    """recall@1, recall@3 and MRR per group of queries, one column block per engine."""
    names = list(columns)
    head = "| groep | vragen | " + " | ".join(f"{n}: r@1 | r@3 | MRR" for n in names) + " |"
    lines = [head, "|---|---:|" + "---:|---:|---:|" * len(names)]
    groups = [(g, len(q)) for g, q in GROUPS.items()] + [("alles", len(QUERIES))]
    start = 0
    for group, size in groups:
        part = slice(0, len(QUERIES)) if group == "alles" else slice(start, start + size)
        cells = []
        for n in names:
            f = figures(columns[n][part])
            cells.append(" | ".join(f"{f[k]:.3f}" for k in ("recall@1", "recall@3", "MRR")))
        lines.append(f"| {group} | {size} | " + " | ".join(cells) + " |")
        if group != "alles":
            start += size
    return "\n".join(lines)


def test_relevance_of_practitioner_queries(engine):
    """The contract every engine meets (the static site's engine in test_browser.py too)."""
    assert len(QUERIES) >= 120 and sum(len(q) for q in GROUPS.values()) == len(QUERIES)
    r = ranks(lambda q: [h.id for h in engine.search(q, limit=10).hits])
    f = figures(r)
    print(report("API, whoosh", r))
    assert f["recall@3"] >= 0.95 and f["MRR"] >= 0.9, f


def test_facet_filters_and_counts(engine):
    everything = engine.search("Housing First", limit=50)
    practices = engine.search("Housing First", {"type": ["practice"]}, limit=50)
    assert practices.hits and all(h.type == "practice" for h in practices.hits)
    assert everything.facets["type"]["practice"] == practices.total
    tilburg = engine.search("Housing First", {"type": ["practice"], "city": ["tilburg"]}, limit=50)
    assert [h.id for h in tilburg.hits][0] == "practice:tilburg/housing-first"
    assert all("/steden/tilburg/" in h.url for h in tilburg.hits)


@pytest.mark.parametrize("query, parts", [
    ("probleemhuurders", ["probleem", "huurders"]),
    ("woningcorporatiebeleid", ["woningcorporatie", "beleid"]),
    ("overlastgezinnen", ["overlast", "gezinnen"]),
    ("statushoudershuisvesting", ["statushouders", "huisvesting"]),
])
def test_an_unknown_compound_is_searched_by_its_parts(engine, query, parts):
    plan, _highlight = engine.plan(query)
    assert [word for word, _alternatives, _completions in plan] == [stem(p) for p in parts]


@pytest.mark.parametrize("query, parts", [
    ("daklozenopvang", ["daklozen", "opvang"]),
    ("zorgcliënten", ["zorg", "clienten"]),
])
def test_a_known_compound_also_finds_its_parts(engine, query, parts):
    plan, _highlight = engine.plan(query)
    assert len(plan) == 1
    assert [t for t, weight in plan[0][1] if weight < 1] == [stem(p) for p in parts]


def test_question_words_are_dropped_and_codes_split(engine):
    plan, _ = engine.plan("hoe kun je als gemeente iets doen tegen verzet van de buurt?")
    assert [w for w, _a, _c in plan] == ["gemeent", "verzet", "buurt"]
    plan, _ = engine.plan("what can you do about NIMBY")
    assert [w for w, _a, _c in plan] == ["nimby"]
    plan, _ = engine.plan("30-30-30")
    assert [w for w, _a, _c in plan] == ["30"]


def test_a_typo_is_corrected_within_one_edit(engine):
    plan, _ = engine.plan("wbmpg")
    assert plan[0][1] == [("wbmgp", 0.5)]
    assert engine.search("wbmpg", limit=1).hits[0].id == "instrument:wbmgp"
    assert engine.search("huur op maaat", limit=1).hits[0].id == "instrument:huur-op-maat"  # a key held down


def test_zero_results_suggest_a_correction_and_the_nearest_entries(engine):
    found = engine.search("wbmpgx", limit=5)
    assert found.total == 0 and found.hits == []
    assert found.suggestion.lower() == "wbmgp" and found.nearest[0].id == "instrument:wbmgp"
    nothing = engine.search("qqqqzzzz", limit=5)
    assert nothing.suggestion == "" and [h.type for h in nothing.nearest] == ["instrument"] * len(nothing.nearest)
    assert len(nothing.nearest) == 5


def test_a_city_in_the_query_favours_that_city_s_pages(engine):
    assert engine.search("Tilburg welkomstgesprek nieuwe huurders", limit=1).hits[0].id == "practice:tilburg/welkomstgesprekken"
    assert engine.search("welkomstgesprek nieuwe huurders", limit=1).hits[0].id == "instrument:bemiddeling-en-welkomstgesprek"
    assert engine.search("Groningen privacy wijkteams", limit=1).hits[0].id == "practice:groningen/wij-vier-ogenprincipe"
    assert engine.search("Tilburg vastgoedbeleid corporaties", limit=1).hits[0].id == "practice:tilburg/strategisch-vastgoedbeleid"
    assert engine.search("Tilburg", limit=1).hits[0].id == "city:tilburg"  # only the name: the city's own page


def test_snippets_highlight_and_escape(engine):
    hit = engine.search("Dukenburg", limit=1).hits[0]
    assert "<mark" in hit.snippet
    assert "<script" not in hit.snippet


def test_cli_search_prints_ranked_results_with_url():
    result = kennisbank("search", "Rotterdamwet", "--limit", "3")
    assert result.returncode == 0, result.stderr
    assert "/instrumenten/wbmgp/" in result.stdout.splitlines()[1]
    as_json = kennisbank("search", "Housing First", "--type", "practice", "--city", "tilburg", "--json")
    data = json.loads(as_json.stdout)
    assert data["results"][0]["url"] == "/steden/tilburg/housing-first/"


# --- the HTTP API -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api(site_server):
    return site_server


def call(base: str, query: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base + "/api/search?" + query, timeout=10) as r:
            assert r.headers["content-type"].startswith("application/json")
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        assert e.headers["content-type"].startswith("application/json")
        return e.code, json.loads(e.read())


def test_api_answers_with_results_and_facets(api):
    status, data = call(api, "q=skaeve%20huse&limit=5")
    assert status == 200 and data["schema_version"] == 1
    assert data["results"][0]["id"] == "instrument:skaeve-huse"
    types = {f["value"]: f for f in data["facets"]["type"]}
    assert types["practice"]["label"] == "Praktijk" and types["practice"]["count"] >= 4


def test_api_says_did_you_mean_and_gives_the_nearest_entries(api):
    status, data = call(api, "q=qqqqzzzz")
    assert status == 200 and data["total"] == 0 and data["results"] == []
    assert data["suggestion"] == "" and len(data["nearest"]) == 5


def test_openapi_document(api):
    with urllib.request.urlopen(api + "/api/openapi.json") as r:
        doc = json.loads(r.read())
    assert doc["openapi"].startswith("3.")
    params = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "type", "city", "domain", "limit"} <= params


@pytest.mark.parametrize("query, expected_status", [
    ("q=", 200),                                                   # empty: browse everything
    ("q=" + "woning%20" * 700, 400),                               # 5,000+ characters
    ("q=AND%20OR%20(%20%22%20*%20~%20%3A", 200),                  # query-syntax characters
    ("q=housing&city=atlantis", 400),                              # unknown facet value
    ("q=housing&kleur=rood", 400),                                 # unknown parameter
    ("q=%C3%28", 400),                                             # invalid UTF-8 after percent-decoding
    ("q=%ZZhousing", 200),                                         # malformed percent escape: taken literally
    ("q=housing&limit=abc", 400),
    ("q=housing&limit=100000", 200),                               # capped, not refused
])
def test_bad_queries_get_a_valid_json_answer(api, query, expected_status):
    status, data = call(api, query)
    assert status == expected_status, data
    assert data["schema_version"] == 1
    if status == 400:
        assert data["error"] and isinstance(data["error"], str)
    else:
        assert isinstance(data["results"], list) and len(data["results"]) <= 50


def test_many_concurrent_requests(api):
    queries = ["q=housing", "q=Rotterdamwet", "q=", "q=%C3%28", "q=Dukenburg&type=practice", "q=hosuing"] * 40
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda q: call(api, q), queries))
    assert time.monotonic() - started < 120
    assert all(status in (200, 400) for status, _ in answers)
    assert all(data["schema_version"] == 1 for _, data in answers)
