"""The evidence-and-gap map is exactly as strong as the evidence (issue 19).

Two layers: a small project of conftest.py where each rule is set up on purpose (also_instruments,
one study cited in four files, context and gaps, an explicit `instruments`), rendered with the real
templates; and the real content, where every cell of the built /bewijskaart/ is checked against the
studies behind it, computed here from the YAML files themselves (not from the generator's own code).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml

from conftest import ROOT
from generator import pipeline
from sitehtml import page

# --- the rules, on a small project ------------------------------------------------------------

STUDY = """
    name: Evaluatie van Housing First
    design: evaluatie
    summary: Een evaluatie van uitvoering en woonduur bij Housing First in vier wijken van Tilburg.
    instruments: [housing-first]
    sources:
      - source: rapport
        section: "§6.1"
"""
INTERVIEWS = """
    name: Interviews in Tilburg
    design: praktijkervaring
    summary: Gesprekken met gemeente, corporaties en zorg in Tilburg over hun aanpak.
    sources:
      - source: rapport
        section: "§1.3"
"""
RESULTS = """
    results:
      - text: Na een jaar woont het merendeel van de deelnemers nog zelfstandig.
        outcome: woonbehoud
        direction: positief
        study: evaluatie-hf
"""
CONTEXT = """
    context:
      - text: In 2018 is een landelijk platform voor de aanpak opnieuw opgericht.
        kind: organisatie
        sources:
          - source: rapport
            section: "§6.1"
    gaps:
      - Het rapport geeft geen cijfers over overlast in de buurt.
"""
RESULT = RESULTS + CONTEXT.lstrip("\n")


def dedent_block(text: str, indent: int) -> str:
    """A YAML block at this indentation (2: inside `evidence:`)."""
    import textwrap

    return "".join(" " * indent + line + "\n" for line in textwrap.dedent(text).strip("\n").split("\n"))


def _practice(project, slug: str, extra: str = "", also: str = "") -> None:
    text = (project.content / "cities/tilburg/housing-first.yaml").read_text()
    text = (
        text.replace("name: Housing First in Tilburg", f"name: Housing First in {slug}")
        .replace("location: verspreid over de stad", f"location: {slug}")
        .replace(
            "summary: Tilburg huisvest dakloze mensen direct in een eigen woning.",
            f"summary: In {slug} kregen dakloze mensen een woning met begeleiding van een vast team.",
        )
    )
    if also:
        text = text.replace("instrument: housing-first\n", f"instrument: housing-first\nalso_instruments: [{also}]\n")
    project.write(f"cities/tilburg/{slug}.yaml", text.replace("barriers: [privacy]", extra + "barriers: [privacy]"))


@pytest.fixture
def small(project):
    project.write("studies/evaluatie-hf.yaml", STUDY)
    project.write("studies/interviews-tilburg.yaml", INTERVIEWS)
    project.write(
        "instruments/directe-toewijzing.yaml",
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("name: Housing First", "name: Directe toewijzing")
        .replace("aliases: [Woning Eerst]", "aliases: []")
        .replace(
            "  explanation: Ervaringen uit de praktijk, geen effectonderzoek in deze stad.\n",
            "  explanation: Ervaringen uit de praktijk, geen effectonderzoek in deze stad.\n" + dedent_block(CONTEXT, 2),
        ),
    )
    # one study cited in four files: three practices and the instrument itself, all on woonbehoud
    for slug in ("wijk-a", "wijk-b", "wijk-c"):
        _practice(project, slug, dedent_block(RESULT, 0), also="directe-toewijzing")
    text = (
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace(
            "  explanation: Ervaringen uit de praktijk, geen effectonderzoek in deze stad.\n",
            "  explanation: Ervaringen uit de praktijk, geen effectonderzoek in deze stad.\n" + dedent_block(RESULT, 2),
        )
    )
    project.write("instruments/housing-first.yaml", text)
    g, problems = pipeline.validate(pipeline.Project(root=project.root, content=project.content))
    assert not problems.errors, [str(p) for p in problems.errors]
    return g


def _map(g) -> dict:
    """The rendered map of a graph: {(instrument name, outcome key): (n, direction, study anchors)}."""
    from generator.site.pages import evidence_map
    from generator.site.render import Renderer

    r = Renderer(g)
    text = r.render(evidence_map(r))
    cells = {}
    for name, row in re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a>(.*?)</tr>', text):
        for outcome, body in re.findall(r'<td class="kb-map__cell[^"]*" data-outcome="([^"]+)"[^>]*>(.*?)</td>', row):
            if "<details" not in body:
                cells[(name, outcome)] = (0, None, set())
                continue
            n = int(re.search(r'class="kb-map__n"[^>]*>(\d+)<', body).group(1))
            direction = re.search(r'class="kb-mark kb-mark--([a-z-]+) ', body).group(1)
            studies = set(re.findall(r'<p class="kb-map__study-name"><a href="[^"#]*#([^"]+)"', body))
            cells[(name, outcome)] = (n, direction, studies)
    return cells


def test_a_practice_result_is_not_counted_for_its_also_instruments(small):
    cells = _map(small)
    assert cells[("Housing First", "woonbehoud")][0] == 1
    assert all(n == 0 for (name, _o), (n, _d, _s) in cells.items() if name == "Directe toewijzing")


def test_one_study_cited_in_four_files_counts_once(small):
    from generator.graph import evidence

    found = [f for f in evidence.findings(small)["housing-first"] if f.study.key == "evaluatie-hf"]
    assert len({f.page.key for f in found}) == 4  # the instrument and three practices cite it
    assert _map(small)[("Housing First", "woonbehoud")] == (1, "positief", {"evaluatie-hf"})


def test_a_context_item_or_a_gap_never_fills_a_cell(small):
    """Directe toewijzing has context and a gap, no result: every cell of its row is a gap, and its
    level is 'no study'."""
    from generator.graph import evidence

    rec = small.record(("instrument", "directe-toewijzing"))
    assert rec.model.evidence.context and rec.model.evidence.gaps and not rec.model.evidence.results
    cells = _map(small)
    assert [n for (name, _o), (n, _d, _s) in cells.items() if name == "Directe toewijzing"] == [0] * 9
    assert evidence.level(small, "directe-toewijzing") == "onbekend"


def test_an_explicit_instruments_on_a_result_counts_there_and_only_there(project, small):
    """A practice of Housing First whose result is about Directe toewijzing (`instruments:`)."""
    _practice(
        project,
        "wijk-d",
        dedent_block(
            """
        results:
          - text: Volgens de corporatie ging de toewijzing zonder wachttijd sneller dan eerst.
            outcome: doorstroming
            direction: positief
            study: interviews-tilburg
            instruments: [directe-toewijzing]
    """,
            0,
        ),
    )
    g, problems = pipeline.validate(pipeline.Project(root=project.root, content=project.content))
    assert not problems.errors, [str(p) for p in problems.errors]
    cells = _map(g)
    assert cells[("Directe toewijzing", "doorstroming")] == (1, "positief", {"interviews-tilburg"})
    assert cells[("Housing First", "doorstroming")][0] == 0


def test_the_level_is_the_strongest_design_behind_the_results(project, small):
    from generator.graph import evidence

    assert evidence.level(small, "housing-first") == "evaluatie"
    project.write("studies/evaluatie-hf.yaml", STUDY.replace("design: evaluatie", "design: effectonderzoek"))
    g, _problems = pipeline.validate(pipeline.Project(root=project.root, content=project.content))
    assert evidence.level(g, "housing-first") == "effectonderzoek"


# --- the real content, against the built site -------------------------------------------------


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_cells() -> dict:
    """From the content files alone: per (instrument, outcome) the studies and their directions. A
    result counts for its own `instruments`, else for its page's instrument (never also_instruments)."""
    content = ROOT / "content"
    cells: dict = defaultdict(lambda: defaultdict(list))
    for path in (content / "instruments").glob("*.yaml"):
        for r in _yaml(path)["evidence"].get("results") or []:
            for inst in r.get("instruments") or [path.stem]:
                cells[(inst, r["outcome"])][r["study"]].append(r["direction"])
    for path in (content / "cities").glob("*/*.yaml"):
        data = _yaml(path)
        for r in data.get("results") or []:
            for inst in r.get("instruments") or [data["instrument"]]:
                cells[(inst, r["outcome"])][r["study"]].append(r["direction"])
    return cells


def _direction(directions) -> str:
    known = set(directions) - {"onbekend"}
    return "onbekend" if not known else known.pop() if len(known) == 1 else "gemengd"


def built_cells(site) -> dict:
    html = page(site, "/bewijskaart/")
    cells = {}
    for slug, row in re.findall(r'<tr><th scope="row"><a href="\.\./instrumenten/([a-z0-9-]+)/">.*?</th>(.*?)</tr>', html):
        for outcome, body in re.findall(r'<td class="kb-map__cell[^"]*" data-outcome="([^"]+)"[^>]*>(.*?)</td>', row):
            if "<details" not in body:
                assert "kennislacune" in body
                continue
            cells[(slug, outcome)] = (
                int(re.search(r'class="kb-map__n"[^>]*>(\d+)<', body).group(1)),
                re.search(r'class="kb-mark kb-mark--([a-z-]+) ', body).group(1),
                set(re.findall(r'<p class="kb-map__study-name"><a href="[^"#]*#([^"]+)"', body)),
                len(re.findall(r"<li>", body)),
                body,
            )
    return cells


def test_every_map_cell_matches_the_studies_behind_it(built_site):
    site = built_site / "site"
    expected = expected_cells()
    built = built_cells(site)
    assert set(built) == set(expected)  # a cell is filled exactly when a study has a result there
    for key, by_study in expected.items():
        n, direction, studies, items, body = built[key]
        assert n == len(by_study) and studies == set(by_study), key
        assert direction == _direction(d for ds in by_study.values() for d in ds), key
        assert items == sum(len(ds) for ds in by_study.values()), key  # every finding is listed
        assert body.count('href="../achtergrond/bronnen/#') >= items, key  # each with its source
    instruments = {p.stem for p in (ROOT / "content/instruments").glob("*.yaml")}
    assert len(re.findall(r'<td class="kb-map__cell', page(site, "/bewijskaart/"))) == len(instruments) * 9


def test_the_map_page_says_how_many_studies_cells_and_gaps(built_site):
    text = re.sub(r"<[^>]+>", "", page(built_site / "site", "/bewijskaart/"))
    studies = {s for cell in expected_cells().values() for s in cell}
    filled = len(expected_cells())
    total = len(list((ROOT / "content/instruments").glob("*.yaml"))) * 9
    assert f"{len(studies)} onderzoeken vullen {filled} van de {total} vakken" in text
    assert f"{total - filled} vakken\nzijn leeg" in text or f"{total - filled} vakken zijn leeg" in text


def test_no_placeholder_is_a_result(graph):
    """'The report gives no figures' is a gap (`gaps`), never a result that fills a cell."""
    from generator.graph import evidence

    placeholder = re.compile(r"\b(geeft|noemt|meldt|beschrijft) (het rapport |de bron )?geen\b|geeft het rapport geen", re.I)
    for kind in ("instrument", "practice"):
        for rec in graph.of(kind):
            for res in evidence.results_on(rec):
                assert not placeholder.search(res.text), (rec.file, res.text[:80])


def test_the_downloads_hold_every_study_and_finding(built_site, graph):
    import csv
    import json

    from generator.graph import evidence

    site = built_site / "site"
    data = json.loads((site / "data/onderzoeken.json").read_text(encoding="utf-8"))
    assert {s["id"] for s in data["studies"]} == set(graph.content.records["study"])
    assert [t["key"] for t in data["scale"]][:4] == evidence.scale()
    rows = list(csv.DictReader((site / "data/onderzoeken.csv").open(encoding="utf-8")))
    findings = sum(len(fs) for fs in evidence.findings(graph).values())
    assert sum(1 for r in rows if r["resultaat"]) == findings == sum(len(s["results"]) for s in data["studies"])
    assert {(r["instrument"], r["uitkomst"]) for r in rows if r["resultaat"]} == set(expected_cells())


def test_one_scale_on_instrument_pages_and_the_map(built_site, graph):
    """The instrument page's 'Bewijs' and the map row say the same level, a label of the one scale,
    linked to its one definition on /achtergrond/onderzoeken/."""
    from generator.content.vocab import vocab
    from generator.graph import evidence

    site = built_site / "site"
    labels = {t.key: t.label for t in vocab("evidence_level").terms}
    levels_page = page(site, "/achtergrond/onderzoeken/")
    the_map = page(site, "/bewijskaart/")
    for key in labels:
        assert f'id="niveau-{key}"' in levels_page
    for rec in graph.of("instrument"):
        level = evidence.level(graph, rec.key)
        html = page(site, f"/instrumenten/{rec.key}/")
        row = re.search(r"<strong>Bewijs</strong></td>\s*<td>(.*?)</td>", html).group(1)
        assert f'href="../../achtergrond/onderzoeken/#niveau-{level}"' in row and labels[level] in row, rec.key
        map_row = re.search(rf'<a href="\.\./instrumenten/{rec.key}/">[^<]*</a> <span class="kb-map__level">([^<]*)<', the_map)
        assert map_row.group(1) == labels[level], rec.key


@pytest.fixture(scope="module")
def graph():
    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    return g


def test_each_level_is_defined_once_on_the_site(built_site):
    """The scale's definitions stand on /achtergrond/onderzoeken/ only; every other page links there."""
    import html

    from generator.content.vocab import vocab

    site = built_site / "site"
    pages = {p.relative_to(site).as_posix(): html.unescape(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    for term in vocab("evidence_level").terms:
        where = sorted(name for name, text in pages.items() if term.help in text)
        assert where == ["achtergrond/onderzoeken/index.html"], (term.key, where)
    assert 'href="../../achtergrond/onderzoeken/#niveau-' in pages["instrumenten/housing-first/index.html"]
