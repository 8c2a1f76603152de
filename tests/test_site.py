"""The real content, built by the real command, inspected in the produced HTML."""

from __future__ import annotations

import re

import pytest

from generator import pipeline
from generator.content.urls import url_path

from sitehtml import article_links, broken_links, page

FIVE = ["housing-first", "skaeve-huse", "wonen-plus", "huur-op-maat", "wbmgp"]


@pytest.fixture(scope="module")
def graph():
    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors, "\n".join(map(str, problems.errors))
    return g


def test_build_has_zero_warnings_and_shows_the_builders_notices(built_site):
    import re

    from conftest import WITH_REPOSITORY

    log = (built_site / "build.log").read_text(encoding="utf-8")
    assert "0 waarschuwingen" in log
    # the notices MkDocs' plugins print for everyone running `mkdocs build` are shown, not swallowed
    # (issue 22): Material's end of life and the ProperDocs notice, unless their own switches are set
    if not WITH_REPOSITORY.get("NO_MKDOCS_2_WARNING"):
        assert "Material for MkDocs reaches end of life" in log
    if not WITH_REPOSITORY.get("DISABLE_MKDOCS_2_WARNING"):
        assert "ProperDocs" in log
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)  # the notices' colours
    notice = ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING", "WARNING: MkDocs may break support")
    warnings = [line for line in plain.splitlines() if "WARNING" in line and not any(n in line for n in notice)]
    assert not warnings, warnings


@pytest.mark.parametrize("slug", FIVE)
def test_instrument_and_its_practices_link_both_ways(built_site, graph, slug):
    site = built_site / "site"
    inst_url = url_path("instrument", slug)
    practices = graph.practices_of(("instrument", slug))
    assert practices, f"{slug} has no practice"
    links = article_links(site, inst_url)
    for p in practices:
        p_url = url_path("practice", p.key)
        assert p_url in links, f"{inst_url} does not link to {p_url}"
        assert inst_url in article_links(site, p_url), f"{p_url} does not link back to {inst_url}"
        city_url = url_path("city", p.city)
        assert city_url in article_links(site, p_url)
        assert p_url in article_links(site, city_url), f"{city_url} does not list {p_url}"


def test_every_barrier_links_to_its_instruments_and_cities(built_site, graph):
    site = built_site / "site"
    for b in graph.of("barrier"):
        b_url = url_path("barrier", b.key)
        links = article_links(site, b_url)
        for inst in b.model.instruments:
            assert url_path("instrument", inst) in links, (b_url, inst)
            assert b_url in article_links(site, url_path("instrument", inst)), (inst, b_url)
        for city in graph.cities_of(("barrier", b.key)):
            assert url_path("city", city.key) in links, (b_url, city.key)
            assert b_url in article_links(site, url_path("city", city.key)), (city.key, b_url)
        for p in graph.practices_of(("barrier", b.key)):
            assert url_path("practice", p.key) in links
            assert b_url in article_links(site, url_path("practice", p.key))


def test_every_entry_has_its_page_at_its_stable_url(built_site, graph):
    site = built_site / "site"
    for kind in ("instrument", "city", "practice", "barrier", "organisation", "background"):
        for rec in graph.of(kind):
            url = url_path(kind, rec.key)
            assert re.fullmatch(r"/[a-z]+(/[a-z0-9-]+){1,2}/", url), url
            html = page(site, url)
            assert 'lang="nl"' in html


def test_overview_pages_are_in_the_nav_and_leaf_pages_are_not(built_site):
    site = built_site / "site"
    home = page(site, "/")
    for url in ("instrumenten/", "steden/", "belemmeringen/", "organisaties/", "begrippen/", "achtergrond/"):
        assert f'href="{url}"' in home or f'href="./{url}"' in home, url
    assert "instrumenten/housing-first/" not in home.split('class="md-content"')[0]


def test_every_link_into_the_site_reaches_a_page_and_its_anchor(built_site):
    """Every relative link of every built page, the generator's own (written as HTML, unseen by
    MkDocs' link check) and MkDocs', reaches a page of the site and the element of its #anchor.
    The evidence map linked to '../instrumenten/x.md': no such file on the published site."""
    broken = broken_links(built_site / "site")
    assert not broken, f"{len(broken)} links lead nowhere, e.g.:\n" + "\n".join(broken[:10])


def test_home_page_explains_the_knowledge_base(built_site):
    html = page(built_site / "site", "/")
    for phrase in ("Kennisbank Gemengde Wijk", "Voor wie", "Zo vindt u wat u zoekt", "Waar loopt u tegenaan"):
        assert phrase in html


def test_home_page_leads_to_the_evidence_map_english_what_s_new_and_contributing(built_site):
    """Issue 20: the site's own tools are reached from the home page, and what's new says how to subscribe."""
    site = built_site / "site"
    links = article_links(site, "/")
    assert {"/bewijskaart/", "/en/", "/nieuw/", "/bijdragen/", "/feed.xml"} <= links, links
    html = page(site, "/")
    assert "Abonneer u op de" in html and 'href="nieuw/#abonneren"' in html
    new = page(site, "/nieuw/")
    assert 'id="abonneren"' in new and "feedlezer" in new and "feed.xml" in new


def test_the_feed_reads_as_a_page_and_stays_atom(built_site):
    """/feed.xml asks for its stylesheet (CSS, served by the site itself) and carries the Dutch
    explanation as an XHTML element, which Atom allows; the Atom elements are all still there."""
    import xml.etree.ElementTree as ET

    site = built_site / "site"
    raw = (site / "feed.xml").read_bytes()
    lines = raw.split(b"\n")
    assert lines[1] == b'<?xml-stylesheet type="text/css" href="assets/stylesheets/feed.css"?>'
    assert (site / "assets/stylesheets/feed.css").is_file()
    feed = ET.fromstring(raw)
    atom, xhtml = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/1999/xhtml}"
    intro = feed.find(xhtml + "div")
    assert intro is not None and intro.get("lang") == "nl"
    text = "".join(intro.itertext())
    assert "Zo abonneert u zich" in text and "feedlezer" in text
    assert {a.get("href") for a in intro.iter(xhtml + "a")} == {"./", "nieuw/"}
    assert all(child.tag.startswith((atom, xhtml)) for child in feed)  # Atom, plus foreign markup Atom allows
    for tag in ("id", "title", "updated", "author"):
        assert len(feed.findall(atom + tag)) == 1, tag
    assert feed.findall(atom + "entry")


def test_no_request_to_any_other_host(built_site):
    site = built_site / "site"
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            if re.search(r'rel="(canonical|alternate|prev|next)"', tag):
                continue  # not a request the browser makes
            src = re.search(r'(?:src|href)="([^"]+)"', tag)
            if src:
                assert not re.match(r"(https?:)?//", src.group(1)), f"{html_file}: {tag}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_search_is_the_site_s_own_and_dutch(built_site):
    """No lunr index for every visitor to download whole: the site's own sharded index, with
    Dutch stop words and a manifest that stays small."""
    import json

    site = built_site / "site"
    assert not list(site.rglob("search_index.json"))
    manifest = json.loads((site / "zoekindex/index.json").read_text(encoding="utf-8"))
    assert "het" in manifest["query"]["stopwords"] and "waarom" in manifest["query"]["question_words"]
    assert manifest["n"] > 200 and len(manifest["doc_types"]) == manifest["n"]
    assert (site / "zoekindex/index.json").stat().st_size < 20_000
    for shard in manifest["shards"]:
        assert (site / f"zoekindex/t/{shard}.json").exists()


def test_english_landing_page_lists_instruments_cities_and_barriers(built_site, graph):
    """/en/ for international readers: in English (lang="en"), every instrument, city and barrier
    with its English summary and a link to its Dutch page; every entry has that summary."""
    import html

    site = built_site / "site"
    text = page(site, "/en/")
    assert '<div lang="en">' in text
    links = article_links(site, "/en/")
    for kind in ("instrument", "city", "barrier", "practice"):
        for rec in graph.of(kind):
            assert rec.model.summary_en, f"{kind} {rec.key} has no summary_en"
            if kind != "practice":
                assert url_path(kind, rec.key) in links
                assert rec.model.summary_en in html.unescape(text)


def test_cost_and_effort_shown_from_a_source_or_as_unknown(built_site, graph):
    """Every instrument page has 'Kosten en inspanning': the source's words where a source gives
    them, otherwise 'Onbekend' and that the knowledge base does not estimate them."""
    import html

    site = built_site / "site"
    with_note = 0
    for rec in graph.of("instrument"):
        raw = page(site, url_path("instrument", rec.key))
        assert 'id="kosten-en-inspanning"' in raw
        text = html.unescape(re.sub(r"<[^>]+>", " ", raw.split('id="kosten-en-inspanning"', 1)[1]))
        ce = rec.model.cost_effort
        if ce is None or (ce.cost == "onbekend" and ce.effort == "onbekend"):
            assert "de kennisbank schat ze niet zelf" in text, rec.key
        if ce and ce.note:
            with_note += 1
            assert "Bron:" in text.split("Voorwaarden voor succes", 1)[0]
    assert with_note >= 1


def test_static_search_index_is_byte_identical_when_written_again(built_site, tmp_path):
    """The same index gives the same static search files, byte for byte (deterministic output)."""
    from generator.search import static

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        static.export(built_site / "index", tmp_path / name)
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert first == second and len(first) > 200
    published = {
        p.relative_to(built_site / "site"): p.read_bytes() for p in (built_site / "site" / "zoekindex").rglob("*") if p.is_file()
    }
    assert first == published  # as the build published it
