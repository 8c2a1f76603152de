"""The knowledge base holds the whole report: coverage, sources, own words, tooltips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import pipeline
from generator.content.urls import url_path

from sitehtml import page

REPORT = Path(__file__).resolve().parent.parent.parent / "shared" / "sources" / "platform31-2018-gemengde-wijk.txt"

INSTRUMENTS = [
    "herstructurering",
    "verkoop-sociale-huurwoningen",
    "middeldure-huur",
    "gespiegeld-bouwen",
    "norm-sociale-huur-nieuwbouw",
    "strategisch-vastgoedbeleid",
    "housing-first",
    "skaeve-huse",
    "tussenvoorzieningen",
    "screening-woningzoekenden",
    "bemiddeling-en-welkomstgesprek",
    "directe-toewijzing",
    "spreiding-kwetsbare-huishoudens",
    "wbmgp",
    "wonen-plus",
    "huur-op-maat",
    "tweehurenbeleid",
    "omklapcontracten",
    "driehoekscontracten",
    "gebiedsgerichte-samenwerking",
    "wijkmonitoring",
    "afwegingskader-privacy",
]
BARRIERS = [
    "botsende-beleidsdoelen",
    "grenzen-toewijzingssysteem",
    "terughoudende-marktpartijen",
    "markttoets-en-woningwet",
    "grondprijzen",
    "privacywetgeving",
    "samenwerking-zorg-corporatie-gemeente",
    "onbenutte-informatieposities",
    "omgaan-met-risicos",
    "gebrek-aan-bestuurlijke-moed",
    "financieringsregels-zorg",
    "bezuinigingen-sociaal-domein",
]
CITIES = ["breda", "ede", "groningen", "leeuwarden", "nijmegen", "tilburg"]
# The practices the first issue names: (city, instrument, status or None)
NAMED_PRACTICES = [
    ("tilburg", "housing-first", None),
    ("nijmegen", "housing-first", None),
    ("breda", "housing-first", None),
    ("ede", "housing-first", "in-voorbereiding"),
    ("tilburg", "skaeve-huse", None),
    ("ede", "skaeve-huse", "afgeblazen"),
    ("leeuwarden", "skaeve-huse", None),
    ("nijmegen", "skaeve-huse", None),
    ("nijmegen", "wbmgp", None),
    ("tilburg", "wbmgp", None),
    ("breda", "wonen-plus", None),
    ("tilburg", "huur-op-maat", "overwogen"),
    ("nijmegen", "huur-op-maat", "overwogen"),
]
ORGANISATIONS = [
    "tiwos",
    "portaal",
    "talis",
    "nijestee",
    "woonstede",
    "woonfriesland",
    "elkien",
    "wonen-breburg",
    "alwel",
    "traverse",
    "leger-des-heils",
    "ribw-arnhem-veluwe-vallei",
    "smo-breda",
    "ggz-breburg",
    "thebe",
    "wij-groningen",
    "amaryllis",
]
GLOSSARY = [
    "passend-toewijzen",
    "daeb",
    "liberalisatiegrens",
    "aftoppingsgrens",
    "extramuralisering",
    "beschermd-wonen",
    "maatschappelijke-opvang",
    "statushouder",
    "urgentie",
    "aanbodmodel",
    "prestatieafspraken",
    "verhuurderheffing",
    "markttoets",
    "onrendabele-top",
    "isv",
    "grotestedenbeleid",
    "scheefwonen",
    "huisvestingsvergunning",
    "residualisering",
    "buurteffect",
    "selectie-effect",
]


@pytest.fixture(scope="module")
def graph():
    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors, "\n".join(map(str, problems.errors[:20]))
    return g


def test_counts(graph):
    counts = {kind: len(graph.of(kind)) for kind in graph.content.records}
    assert counts["instrument"] >= 20
    assert counts["practice"] >= 35
    assert counts["barrier"] >= 12
    assert counts["city"] >= 6
    assert counts["organisation"] >= 25
    assert counts["recommendation"] >= 7
    assert counts["term"] >= 35
    assert {b.model.perspective for b in graph.of("background")} >= {"bestrijden", "beheersbaar-houden"}


@pytest.mark.parametrize("slug", INSTRUMENTS)
def test_instrument_exists_with_its_sections(graph, slug):
    rec = graph.content.records["instrument"].get(slug)
    assert rec, f"instrument {slug} missing"
    m = rec.model
    for text in (m.what, m.aim, m.approach, m.legal.basis, m.evidence.explanation):
        assert len(text) >= 80, (slug, text)
    assert m.actors and m.success_factors and m.risks and m.sources


@pytest.mark.parametrize("slug", BARRIERS)
def test_barrier_exists_with_what_helped(graph, slug):
    rec = graph.content.records["barrier"].get(slug)
    assert rec, f"barrier {slug} missing"
    assert len(rec.model.what_helped) >= 80 and rec.model.instruments
    assert graph.cities_of(("barrier", slug)), f"{slug}: no city met it"


@pytest.mark.parametrize("city", CITIES)
def test_city_has_vision_neighbourhoods_and_practices(graph, city):
    rec = graph.content.records["city"][city]
    assert len(rec.model.vision) >= 200
    assert rec.model.neighbourhoods
    assert len(graph.practices_of(("city", city))) >= 4


@pytest.mark.parametrize("city, instrument, status", NAMED_PRACTICES)
def test_named_practice_exists(graph, city, instrument, status):
    found = [
        p
        for p in graph.practices_of(("city", city))
        if p.model.instrument == instrument or instrument in p.model.also_instruments
    ]
    assert found, f"no practice of {instrument} in {city}"
    if status:
        assert any(p.model.status == status for p in found), [p.model.status for p in found]


def test_named_organisations_exist(graph):
    missing = [o for o in ORGANISATIONS if o not in graph.content.records["organisation"]]
    assert not missing


def test_named_glossary_terms_exist(graph):
    missing = [t for t in GLOSSARY if t not in graph.content.records["term"]]
    assert not missing


def test_every_instrument_practice_and_barrier_has_a_source(graph):
    for kind in ("instrument", "practice", "barrier"):
        for rec in graph.of(kind):
            assert rec.model.sources, rec.file


def test_every_result_has_a_source(graph):
    results = [r for i in graph.of("instrument") for r in i.model.evidence.results]
    results += [r for p in graph.of("practice") for r in p.model.results]
    assert len(results) >= 20
    studies = graph.content.records["study"]
    assert all(r.sources or studies[r.study].model.sources for r in results)  # its own, else its study's


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.lower()).split()


@pytest.mark.skipif(not REPORT.exists(), reason="report text not present")
def test_no_ten_word_run_copied_from_the_report():
    words = _words(REPORT.read_text(encoding="utf-8"))
    grams = {tuple(words[i : i + 10]) for i in range(len(words) - 9)}
    copied = []
    for f in sorted((Path(__file__).resolve().parent.parent / "content").rglob("*.yaml")):
        w = _words(f.read_text(encoding="utf-8"))
        for i in range(len(w) - 9):
            if tuple(w[i : i + 10]) in grams:
                copied.append(f"{f.name}: {' '.join(w[i : i + 10])}")
                break
    assert not copied, copied


QUOTED = re.compile(r"“([^”]+)”|„([^”“]+)[”“]|\"([^\"]+)\"|(?<![\w'])'([^']+)'(?![\w'])")
OMISSION = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\(…\))\s*")


def _plain(text: str) -> str:
    """For comparing a quote with the report: typographic quotes and apostrophes made plain,
    soft hyphens out, white space folded, lower case."""
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("\u00ad", "")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip().lower()


def _dutch_strings(value, key=""):
    """Every text of an entry except its English summary."""
    if isinstance(value, str):
        if key != "summary_en":
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _dutch_strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _dutch_strings(v, key)


def quotes_not_in_report(content: Path, report_text: str) -> list[str]:
    """Passages of three words or more in quotation marks, in files that cite the report, that
    do not stand word for word in the report (an omission mark … splits a quote in parts).
    A name in capitals ('Continuum of Care', two words in three) is a name, not a quote."""
    import yaml

    report = _plain(report_text)
    missing = []
    for f in sorted(content.rglob("*.yaml")):
        raw = f.read_text(encoding="utf-8")
        if "platform31-2018" not in raw:
            continue
        for text in _dutch_strings(yaml.safe_load(raw)):
            for m in QUOTED.finditer(text):
                quote = next(g for g in m.groups() if g)
                words = quote.split()
                capitals = sum(1 for w in words if w[:1].isupper())
                if len(words) < 3 or capitals * 3 >= len(words) * 2:
                    continue
                parts = [p.strip(" .,;:") for p in OMISSION.split(quote) if p.strip(" .,;:")]
                if not all(_plain(p) in report for p in parts):
                    missing.append(f"{f.relative_to(content)}: {quote!r}")
    return missing


@pytest.mark.skipif(not REPORT.exists(), reason="report text not present")
def test_every_quote_from_the_report_is_word_for_word():
    missing = quotes_not_in_report(Path(__file__).resolve().parent.parent / "content", REPORT.read_text(encoding="utf-8"))
    assert not missing, "\n".join(missing)


def test_the_quote_check_finds_a_changed_word(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "text: Volgens de wethouder is het 'blijft het dweilen met de kraan open'.\nsources: [{source: platform31-2018}]\n",
        encoding="utf-8",
    )
    report = "Zo blijft het dweilen, zegt de wethouder."
    assert quotes_not_in_report(tmp_path, report) == ["a.yaml: 'blijft het dweilen met de kraan open'"]
    (tmp_path / "a.yaml").write_text(
        "text: \"Hij zegt 'zo blijft het … zegt de'.\"\nsources: [{source: platform31-2018}]\n", encoding="utf-8"
    )
    assert quotes_not_in_report(tmp_path, report) == []


FACTS = REPORT.with_name("external-facts.md")
# Statements no source of the knowledge base makes: (kind, key, pattern). Where the content makes one,
# the sentence says it is the knowledge base's own explanation, not the report's or a source's.
UNSOURCED = [
    ("instrument", "housing-first", r"behandeling\w* (?:is )?geen voorwaarde"),
]


@pytest.mark.skipif(not (REPORT.exists() and FACTS.exists()), reason="source texts not present")
@pytest.mark.parametrize("kind,key,pattern", UNSOURCED, ids=[f"{k}:{key}" for k, key, _ in UNSOURCED])
def test_a_statement_no_source_makes_is_marked_as_the_knowledge_bases_own(graph, kind, key, pattern):
    for source in (REPORT, FACTS):
        assert not re.search(pattern, _plain(source.read_text(encoding="utf-8"))), (source.name, pattern)
    rec = next(r for r in graph.of(kind) if r.key == key)
    texts = [t for t in _dutch_strings(rec.model.model_dump()) if isinstance(t, str)]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?;])\s+", t) if re.search(pattern, s.lower())]
    assert sentences, (key, pattern)  # the statement is still there (else drop it from UNSOURCED)
    for sentence in sentences:
        assert "eigen uitleg van de kennisbank" in sentence.lower(), sentence


def test_glossary_tooltips_on_pages_that_use_the_term(built_site, graph):
    site = built_site / "site"
    checked = 0
    for rec in graph.of("instrument"):
        html = page(site, url_path("instrument", rec.key))
        for term in graph.of("term"):
            name = term.model.name
            if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", rec.model.what + rec.model.approach):
                assert '<abbr title="' in html and f">{name}</abbr>" in html, (rec.key, name)
                checked += 1
    assert checked >= 10


ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')


def test_a_tooltip_says_when_the_definition_is_the_knowledge_bases_own(built_site, graph):
    """As on the glossary page: a definition in the knowledge base's own words ('basis: redactie')
    says so in its tooltip; one the report gives (basis: rapport) is shown as it is."""
    import html

    by_name = {}
    for term in graph.of("term"):
        for name in [term.model.name, *term.model.aliases]:
            by_name.setdefault(name, term.model)
    seen = {"redactie": set(), "rapport": set()}
    for rec in graph.of("instrument"):
        for title, name in ABBR.findall(page(built_site / "site", url_path("instrument", rec.key))):
            term = by_name[html.unescape(name)]
            title = html.unescape(title)
            if term.basis == "redactie":
                assert title == term.definition + " (eigen uitleg van de kennisbank)", (rec.key, name, title)
            else:
                assert title == term.definition, (rec.key, name, title)
            seen.setdefault(term.basis, set()).add(term.name)
    assert "maatschappelijke opvang" in seen["redactie"], seen  # own words (content/glossary/maatschappelijke-opvang.yaml)
    assert "grotestedenbeleid" in seen["rapport"], seen  # the report's definition
