"""A way off MkDocs (issue 22, item 8): the generated docs tree built by Zensical, completed by
`kennisbank finish`, is the same site: the key pages, the site's own search index (and no
whole-index search file), the security headers, Dutch redirect pages, and search in a browser.

Part of the normal run whenever zensical is installed (it is in the test extra); marked
`zensical` so it can be chosen (-m zensical) or left out (-m 'not zensical')."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT
from sitehtml import page

ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.zensical, pytest.mark.skipif(not ZENSICAL, reason="zensical is not installed")]

MOVED = ("oude-kiezer.md", "kiezer/index.md")  # a redirect of this test's own (mkdocs.yml, redirect_maps)
KEY_PAGES = [
    "/",
    "/zoeken/",
    "/instrumenten/",
    "/instrumenten/housing-first/",
    "/steden/tilburg/skaeve-huse/",
    "/belemmeringen/",
    "/begrippen/",
    "/achtergrond/bronnen/",
    "/bewijskaart/",
    "/en/",
    "/kiezer/",
]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KENNISBANK_ROOT=str(cwd), PYTHONUTF8="1")
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, " ".join(args) + "\n" + result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    """A checkout copy: `kennisbank generate`, `zensical build`, `kennisbank finish build/site`."""
    root = tmp_path_factory.mktemp("zensical")
    for folder in ("content", "site_config"):
        shutil.copytree(ROOT / folder, root / folder)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(
        r"(?m)^(\s*)redirect_maps:.*$",
        lambda m: f"{m.group(1)}redirect_maps:\n{m.group(1)}  {MOVED[0]}: {MOVED[1]}",
        text,
        count=1,
    )
    assert n == 1 and "redirect_maps: {}" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    _run([sys.executable, "-m", "generator", "generate"], root)
    built = _run([ZENSICAL, "build"], root)
    (root / "zensical.log").write_text(built.stdout + built.stderr, encoding="utf-8")
    site = root / "build" / "site"
    finished = _run([sys.executable, "-m", "generator", "finish", "build/site"], root)
    assert "Site afgemaakt" in finished.stdout
    return site


def test_key_pages_are_built_in_dutch(zensical_site):
    for url in KEY_PAGES:
        html = page(zensical_site, url)
        assert '<html lang="nl"' in html, url
        assert "<article" in html, url
    assert (zensical_site / "feed.xml").is_file() and (zensical_site / "data" / "kennisbank.json").is_file()


def test_finish_adds_the_search_index_and_headers_and_no_whole_index_file_is_left(zensical_site):
    import json

    from generator.site.settings import read_settings

    assert (zensical_site / "zoekindex" / "index.json").is_file()
    # search is off in mkdocs.yml: Zensical's search.json (1.5 MB with it on) is an empty index
    assert json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"] == []
    assert (zensical_site / "search.json").stat().st_size < 500
    assert not list(zensical_site.rglob("search_index.json"))
    assert (zensical_site / "_headers").read_text(encoding="utf-8") == read_settings(ROOT / "mkdocs.yml").headers_file()


def test_zensical_pages_carry_the_csp_and_no_inline_script(zensical_site):
    """The same policy as with MkDocs, and Zensical's own inline scripts (its palette script runs on
    every page) replaced by files through the overrides."""
    from test_public_site import INLINE_SCRIPT

    from generator.site.settings import read_settings

    policy = read_settings(ROOT / "mkdocs.yml").csp
    pages = list(zensical_site.rglob("*.html"))  # the redirect page of a moved address too
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in html, path
        assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group(0))


def test_moved_address_gets_a_dutch_redirect_page(zensical_site):
    html = page(zensical_site, "/oude-kiezer/")
    assert '<html lang="nl">' in html and "Doorverwijzen" in html and "Redirecting" not in html
    assert 'content="0; url=../kiezer/"' in html
    # under the site's policy, its anchor-keeping script a file of the site (an inline one would be refused)
    from test_public_site import INLINE_SCRIPT

    from generator.site.settings import read_settings

    assert f'<meta http-equiv="Content-Security-Policy" content="{read_settings(ROOT / "mkdocs.yml").csp}">' in html
    assert not INLINE_SCRIPT.search(html)
    script = re.search(r'<script src="([^"]+)" data-doel="../kiezer/"></script>', html).group(1)
    assert (zensical_site / "oude-kiezer" / script).resolve().is_file()


def test_article_text_is_the_same_as_mkdocs_builds_it(zensical_site):
    """The same docs tree, two builders: the article of each key page says the same."""
    root = zensical_site.parent.parent
    reference = root / "build" / "mkdocs-site"
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    _run([mkdocs, "build", "--quiet", "--site-dir", str(reference)], root)

    def article(site: Path, url: str) -> str:
        html = page(site, url)
        body = html[html.index("<article") : html.index("</article>")]
        text = re.sub(r"<[^>]+>", " ", body)
        return " ".join(text.split())

    for url in KEY_PAGES:
        assert article(zensical_site, url) == article(reference, url), url


def test_finish_empties_a_whole_index_any_builder_wrote(tmp_path):
    """A site built with the theme's search on (an older mkdocs.yml): finish keeps no page text in it."""
    import json

    from generator.site.finish import remove_whole_index

    (tmp_path / "search").mkdir()
    (tmp_path / "search.json").write_text(json.dumps({"config": {"lang": ["nl"]}, "items": [{"text": "x" * 1000}]}))
    (tmp_path / "search/search_index.json").write_text(json.dumps({"config": {}, "docs": [{"text": "y"}]}))
    assert remove_whole_index(tmp_path) == ["search/search_index.json", "search.json"]
    assert json.loads((tmp_path / "search.json").read_text()) == {"config": {"lang": ["nl"]}, "items": []}
    assert json.loads((tmp_path / "search/search_index.json").read_text())["docs"] == []
    assert remove_whole_index(tmp_path) == []  # nothing left to take out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_search_works_in_a_browser_on_the_zensical_site(zensical_site):
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(zensical_site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            pg = browser.new_page(locale="nl-NL")
            requests, errors = [], []
            pg.on("request", lambda r: requests.append(r.url))
            pg.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            pg.goto(base + "/zoeken/?zoek=Rotterdamwet", wait_until="networkidle")
            first = pg.locator("#kb-results li").first
            first.wait_for()
            assert "Wbmgp" in first.inner_text()
            pg.goto(base + "/steden/tilburg/skaeve-huse/", wait_until="networkidle")
            pg.focus("#kb-kop-q")  # the search box in the header (site.js + zoekmachine.js)
            pg.keyboard.type("rotterdamwet")
            option = pg.locator("#kb-kop-lijst [role=option]").first
            option.wait_for()
            assert "Wbmgp" in option.inner_text()
            browser.close()
    finally:
        httpd.shutdown()
    assert not errors, errors
    assert any("/zoekindex/" in u for u in requests)
    assert not [u for u in requests if u.endswith(("search.json", "search_index.json"))]
    assert all(u.startswith(base) or not u.startswith("http") for u in requests), requests
