"""Every page can be edited and corrected, has its address, and changes can be followed (issue 12).

The real content built by the real command, twice: as a local build (no site address) and as
the deploy workflow builds it (with a GitHub Pages address); checked in the produced HTML,
sitemap.xml and Atom feed.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

from conftest import MINIMAL, REPO_URL, ROOT, SITE_URL, Project, fixture_mkdocs_yml, git, kennisbank
from generator import pipeline
from generator.site.render import url_path

from sitehtml import page

ATOM = "{http://www.w3.org/2005/Atom}"
REPO = REPO_URL


class _Head(HTMLParser):
    """The <link> tags, the links with a class, and the text of elements with a class."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.anchors: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            self.links.append(a)
        elif tag == "a":
            self.anchors.append(a)


def parsed(html: str) -> _Head:
    p = _Head()
    p.feed(html)
    return p


def pages(built: Path) -> dict[str, str]:
    """Every generated page: its URL -> its Markdown source in the docs tree."""
    out = {}
    for md in sorted((built / "docs").rglob("*.md")):
        rel = md.relative_to(built / "docs").as_posix()
        url = "/" + (rel[: -len("index.md")] if rel.endswith("index.md") else rel[: -len(".md")] + "/")
        out[url] = rel
    return out


def anchor(html: str, css_class: str) -> dict:
    found = [a for a in parsed(html).anchors if css_class in (a.get("class") or "").split()]
    assert len(found) == 1, f"{css_class}: {len(found)} links"
    return found[0]


@pytest.fixture(scope="module")
def graph():
    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    return g


# --- "Bewerk deze pagina": the correction form for readers, the source file for git users ---------


def _form_link(href: str) -> dict:
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REPO + "/issues/new", href
    return {k: v[0] for k, v in parse_qs(parts.query, strict_parsing=True).items()}


def test_every_page_has_an_edit_link_to_its_source_file_in_the_repository(built_site, graph):
    """Under the page, for git users: the page's source file in the repository's editor."""
    all_pages = pages(built_site)
    assert len(all_pages) > 100
    for url in all_pages:
        edit = anchor(page(built_site / "site", url), "kb-edit-git")
        prefix = REPO + "/edit/main/"
        assert edit["href"].startswith(prefix), (url, edit["href"])
        source = edit["href"][len(prefix) :]
        assert (ROOT / source).is_file(), f"{url}: {source} is not a file in the repository"
        assert not source.startswith("build/"), f"{url}: points at the generated Markdown"
    # an entry's page opens its own YAML file, an overview page its template
    for kind in ("practice", "instrument", "city", "barrier", "organisation", "background"):
        for rec in graph.of(kind):
            href = anchor(page(built_site / "site", url_path(kind, rec.key)), "kb-edit-git")["href"]
            assert href == f"{REPO}/edit/main/{rec.file}"
    assert anchor(page(built_site / "site", "/instrumenten/"), "kb-edit-git")["href"].endswith(
        "/site_config/templates/instruments.md.j2"
    )


def test_bewerk_deze_pagina_opens_the_correction_form_with_the_page_filled_in(built_site, built_site_at_address):
    """Readers without git: the button "Bewerk deze pagina" opens the correction form (an issue form
    in the repository) with the page's title, address and source file filled in, not raw YAML."""
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/correctie.yml").read_text())
    ids = {item["id"] for item in form["body"] if item["type"] != "markdown"}
    for built, base in ((built_site, "/"), (built_site_at_address, SITE_URL)):
        for url in pages(built):
            html = page(built / "site", url)
            button = anchor(html, "kb-action-edit")
            assert button["title"] == "Bewerk deze pagina"
            query = _form_link(button["href"])
            assert query["template"] == "correctie.yml" and set(query) - {"template", "title"} <= ids
            title = html_lib.unescape(re.search(r"<title>(.*?)(?: - Kennisbank Gemengde Wijk)?</title>", html).group(1))
            assert query["title"] == f"Correctie: {title}", (url, query["title"])
            assert query["pagina"] == urljoin(base, url.lstrip("/")), (url, query)
            assert (ROOT / query["bronbestand"]).is_file()
            # the same form in words under the page, then the source file for git users
            line = re.search(r'<p class="kb-bijdragen">(.*?)</p>', html, re.S).group(1)
            hrefs = [html_lib.unescape(h) for h in re.findall(r'<a href="([^"]*)"', line)]
            assert hrefs == [button["href"], anchor(html, "kb-edit-git")["href"]], url
            assert "Stel een correctie voor" in line and "Bewerk het bronbestand" in line


def test_bijdragen_links_the_form_and_the_correction_form(built_site):
    """A build with the repository's address: /bijdragen/ opens the form "Praktijk toevoegen" and the
    correction form; no editors' address is configured, so it says the route without GitHub is not set up
    and invents none."""
    html = page(built_site / "site", "/bijdragen/")
    hrefs = [html_lib.unescape(a.get("href", "")) for a in parsed(html).anchors]
    forms = [_form_link(h)["template"] for h in hrefs if h.startswith(REPO + "/issues/new")]
    assert "praktijk-toevoegen.yml" in forms and "correctie.yml" in forms
    for template in forms:
        assert (ROOT / ".github/ISSUE_TEMPLATE" / template).is_file()
    assert "Open het formulier" in html
    assert "niet ingesteld" in html and "mailto:" not in html and "kb-formulier-tekst" not in html


# --- the site's address ---------------------------------------------------------------------------


def test_sitemap_lists_every_page_with_its_absolute_address(built_site_at_address):
    tree = ET.parse(built_site_at_address / "site" / "sitemap.xml")
    locs = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(set(locs))
    assert set(locs) == {SITE_URL + url.lstrip("/") for url in pages(built_site_at_address)}


def test_the_sitemap_is_dated_by_the_build_date_given_not_by_the_clock(project):
    """SOURCE_DATE_EPOCH (else the content's last commit) dates every page in sitemap.xml; the build
    hands the date to MkDocs for its call instead of writing it into os.environ."""
    site = _project_build(project, dict(os.environ, SOURCE_DATE_EPOCH="1700000000"), "--site-url", SITE_URL)
    tree = ET.parse(site / "sitemap.xml")
    urls = list(tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}url"))
    assert len(urls) > 5
    assert {u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod") for u in urls} == {"2023-11-14"}


def test_every_page_has_its_absolute_canonical_address(built_site_at_address):
    for url in pages(built_site_at_address):
        canonical = [
            link["href"] for link in parsed(page(built_site_at_address / "site", url)).links if link.get("rel") == "canonical"
        ]
        assert canonical == [SITE_URL + url.lstrip("/")], url


def _cite_urls(html: str) -> list[str]:
    """The permalink shown in the cite block, as text (written as code spans joined by <wbr>)."""
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<span class="kb-cite__url"[^>]*>(.*?)</span>', html)]


def test_the_permalink_on_a_practice_page_is_absolute(built_site_at_address, built_site, graph):
    for rec in graph.of("practice"):
        path = url_path("practice", rec.key)
        # once as the permalink, once inside the citation
        assert _cite_urls(page(built_site_at_address / "site", path)) == [SITE_URL + path.lstrip("/")] * 2
        # a local build has no address: the path, which the browser completes (site.js)
        assert _cite_urls(page(built_site / "site", path)) == [path] * 2


# --- the Atom feed ----------------------------------------------------------------------------------


def test_atom_feed_of_new_and_changed_practices(built_site_at_address, graph):
    site = built_site_at_address / "site"
    raw = (site / "feed.xml").read_bytes()
    feed = ET.fromstring(raw)
    assert feed.tag == ATOM + "feed"
    assert feed.findtext(ATOM + "id") == SITE_URL + "feed.xml"
    assert feed.findtext(ATOM + "title") and feed.find(ATOM + "author/" + ATOM + "name") is not None
    stamp = re.compile(r"\d{4}-\d\d-\d\dT00:00:00Z$")
    assert stamp.match(feed.findtext(ATOM + "updated"))
    entries = feed.findall(ATOM + "entry")
    assert len(entries) >= 10
    practices = {SITE_URL + url_path("practice", rec.key).lstrip("/"): rec for rec in graph.of("practice")}
    ids = [e.findtext(ATOM + "id") for e in entries]
    assert len(set(ids)) == len(ids)
    updated = [e.findtext(ATOM + "updated") for e in entries]
    assert updated == sorted(updated, reverse=True) and updated[0] == feed.findtext(ATOM + "updated")
    for entry, entry_id in zip(entries, ids):
        assert entry_id in practices, entry_id  # the permalink: it never changes
        link = entry.find(ATOM + "link").get("href")
        assert link == entry_id and (site / link[len(SITE_URL) :] / "index.html").is_file()
        assert stamp.match(entry.findtext(ATOM + "published")) and entry.findtext(ATOM + "published") <= entry.findtext(
            ATOM + "updated"
        )
        assert practices[entry_id].model.name in entry.findtext(ATOM + "title")
        assert practices[entry_id].model.summary in entry.findtext(ATOM + "summary")


def test_feed_is_linked_from_the_new_page_and_the_head_of_every_page(built_site):
    site = built_site / "site"
    assert (site / "feed.xml").is_file()
    html = page(site, "/nieuw/")
    assert "../feed.xml" in {a.get("href") for a in parsed(html).anchors}
    for url in pages(built_site):
        alternate = [
            link
            for link in parsed(page(site, url)).links
            if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
        ]
        assert len(alternate) == 1, url
        assert urljoin("https://x" + url, alternate[0]["href"]) == "https://x/feed.xml", url


def test_feed_is_written_byte_for_byte_the_same_again(built_site, tmp_path):
    result = kennisbank("generate", "--docs-dir", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "docs/feed.xml").read_bytes() == (built_site / "docs/feed.xml").read_bytes()


# --- "Stand van" ------------------------------------------------------------------------------------


def test_every_practice_page_says_how_old_its_newest_source_is(built_site, graph):
    import datetime

    from generator.site.history import last_changed

    reference = max(last_changed(ROOT / "content").values())
    for rec in graph.of("practice"):
        sources = [graph.record(("source", c.source)).model for c in rec.model.sources]
        sources += [graph.record(("source", c.source)).model for r in rec.model.results for c in r.sources]
        newest = max(s.year for s in sources if s.year)
        line = re.findall(r'<p class="kb-stand">(.*?)</p>', page(built_site / "site", url_path("practice", rec.key)))
        assert len(line) == 1, rec.key
        text = re.sub(r"<[^>]+>", "", line[0])
        age = reference.year - newest
        assert text.startswith(f"Stand van: bronnen tot en met {newest} ("), text
        assert (f"{age} jaar oud op " if age else "van het jaar op ") in text, text
        assert f"{reference.day} " in text and str(reference.year) in text, text
        assert isinstance(reference, datetime.date)


def test_a_site_address_that_is_no_web_address_gets_a_dutch_message(project):
    result = project.run(
        "build",
        "--site-url",
        "javascript:alert(1)",
        "--docs-dir",
        str(project.root / "docs"),
        "--site-dir",
        str(project.root / "site"),
    )
    assert result.returncode == 1
    assert "KENNISBANK_SITE_URL (of --site-url): 'javascript:alert(1)' is geen webadres" in result.stderr
    assert "https://" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert not (project.root / "site").exists() and not (project.root / "docs").exists()


def test_feed_tells_new_from_changed_by_git_and_escapes_names(tmp_path):
    """A small project with two commits: a practice added in the second is 'Nieuw', one changed in it
    'Bijgewerkt' with its first date as published; a name with &, quotes and < comes out as written."""
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config", ignore=shutil.ignore_patterns("permalinks.txt"))
    fixture_mkdocs_yml(tmp_path, tmp_path / "site_config")
    p = Project(tmp_path)
    for rel, text in MINIMAL.items():
        p.write(rel, text)
    git(tmp_path, "init", "-q", date="2026-03-01T12:00:00")
    git(tmp_path, "add", "-A", date="2026-03-01T12:00:00")
    git(tmp_path, "commit", "-qm", "inhoud", date="2026-03-01T12:00:00")
    original = (p.content / "cities/tilburg/housing-first.yaml").read_text(encoding="utf-8")
    name = 'Huur & zorg "samen" < 5 jaar in Tilburg'
    p.write(
        "cities/tilburg/samen.yaml",
        original.replace("name: Housing First in Tilburg", f"name: '{name}'").replace(
            "location: verspreid over de stad", "location: in de binnenstad"
        ),
    )
    p.write(
        "cities/tilburg/housing-first.yaml",
        original.replace(
            "lessons: [Begin klein en leer van elke plaatsing]",
            "lessons: [Begin klein en leer van elke plaatsing, Houd de buurt op de hoogte]",
        ),
    )
    git(tmp_path, "add", "-A", date="2026-04-15T09:00:00")
    git(tmp_path, "commit", "-qm", "meer", date="2026-04-15T09:00:00")
    site_url = "https://voorbeeld.github.io/klein/"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-url", site_url],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, KENNISBANK_ROOT=str(tmp_path), PYTHONUTF8="1"),
    )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "build/site"
    raw = (site / "feed.xml").read_bytes()
    assert b"Huur &amp; zorg" in raw and b"&lt; 5 jaar" in raw
    entries = {e.findtext(ATOM + "id"): e for e in ET.fromstring(raw).findall(ATOM + "entry")}
    assert list(entries) == [site_url + "steden/tilburg/housing-first/", site_url + "steden/tilburg/samen/"]
    added, changed = entries[site_url + "steden/tilburg/samen/"], entries[site_url + "steden/tilburg/housing-first/"]
    assert added.findtext(ATOM + "title") == f"Nieuw: {name}"
    assert added.findtext(ATOM + "published") == added.findtext(ATOM + "updated") == "2026-04-15T00:00:00Z"
    assert changed.findtext(ATOM + "title") == "Bijgewerkt: Housing First in Tilburg"
    assert changed.findtext(ATOM + "published") == "2026-03-01T00:00:00Z"
    assert changed.findtext(ATOM + "updated") == "2026-04-15T00:00:00Z"
    # the age of the sources is counted to the newest commit, not to today
    stand = re.search(r'<p class="kb-stand">(.*?)</p>', page(site, "/steden/tilburg/samen/")).group(1)
    assert re.sub(r"<[^>]+>", "", stand) == (
        "Stand van: bronnen tot en met 2018 (8 jaar oud op 15 april 2026, de datum van deze versie van de kennisbank)."
    )


# --- the repository's address: given, never guessed ---------------------------------------------


def _project_build(project, env: dict, *options: str) -> Path:
    """The project built with the real command into project.root / "site"."""
    result = kennisbank(
        "build",
        *options,
        "--content",
        str(project.content),
        "--docs-dir",
        str(project.root / "docs"),
        "--site-dir",
        str(project.root / "site"),
        cwd=project.root,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project.root / "site"


def _without_repository() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("KENNISBANK_REPO_URL", "GITHUB_REPOSITORY", "GITHUB_SERVER_URL")}


def test_without_a_repository_address_no_page_links_to_a_made_up_repository(project):
    """mkdocs.yml named a repository nobody had confirmed (a guessed GitHub address): every edit and
    correction link led there. The address now comes only from the environment that knows it."""
    assert "repo_url" not in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    site = _project_build(project, _without_repository())
    for html_file in sorted(site.rglob("*.html")):
        text = html_file.read_text(encoding="utf-8")
        assert "github.com" not in text, html_file
        assert "/issues/new" not in text and "/edit/main/" not in text, html_file


def test_a_github_workflow_gives_the_repository_it_runs_in(project):
    env = dict(_without_repository(), GITHUB_SERVER_URL="https://github.com", GITHUB_REPOSITORY="gemeente-zwolle/kennisbank")
    site = _project_build(project, env)
    html = page(site, url_path("practice", "tilburg/housing-first"))
    hrefs = [a.get("href", "") for a in parsed(html).anchors]
    assert "https://github.com/gemeente-zwolle/kennisbank/edit/main/content/cities/tilburg/housing-first.yaml" in hrefs
    assert any(h.startswith("https://github.com/gemeente-zwolle/kennisbank/issues/new?") for h in hrefs)
