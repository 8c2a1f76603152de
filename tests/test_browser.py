"""The built site in a real browser: Playwright driving Debian's Chromium.

Search as you type with facets, the finder and a shared URL, compare, navigation and
back, a 375 px viewport, print emulation, keyboard use, axe-core on every page type,
and not a single request to another host. Screenshots go to artifacts/ (git-ignored).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT
from relevance import CLASS_QUERIES, QUERIES
from test_search import figures


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A plain file server that keeps its request log to itself."""

    def log_message(self, *args) -> None:
        pass


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
ARTIFACTS = ROOT / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"


@pytest.fixture(scope="module")
def server(site_server):
    return site_server


@pytest.fixture(scope="module")
def static_server(built_site):
    """The same site as plain static files, without the search API."""
    handler = functools.partial(_Quiet, directory=str(built_site / "site"))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def watched(context):
    """Every page of the context records its requests and every script error: an exception in a
    script or an error on the console (a file that did not load) would otherwise go unnoticed."""
    context.errors = []

    def on_page(pg):
        pg.requests = []
        pg.on("request", lambda r: pg.requests.append(r.url))
        pg.on("pageerror", lambda e: context.errors.append(f"{pg.url}: {e}"))
        pg.on(
            "console",
            lambda m: (
                context.errors.append(f"{pg.url}: {m.text}")
                if m.type == "error" and not _asks_for_the_browser_s_icon(m)
                else None
            ),
        )

    context.on("page", on_page)
    return context


def _asks_for_the_browser_s_icon(message) -> bool:
    """A document that names no icon (the feed, an XML document) makes the browser ask for
    /favicon.ico on its own; the site's pages name theirs, and the site has no /favicon.ico."""
    return (message.location or {}).get("url", "").endswith("/favicon.ico")


def close_without_errors(context) -> None:
    errors = list(context.errors)
    context.close()
    assert not errors, errors


@pytest.fixture
def page(browser):
    context = watched(browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL"))
    pg = context.new_page()
    yield pg
    close_without_errors(context)


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def only_own_host(pg, base: str) -> None:
    own = urlsplit(base).netloc
    foreign = [u for u in pg.requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != own]
    assert not foreign, foreign


PAGE_TYPES = {
    "home": "/",
    "instrument": "/instrumenten/housing-first/",
    "praktijk": "/steden/tilburg/skaeve-huse/",
    "belemmering": "/belemmeringen/privacywetgeving/",
    "stad": "/steden/nijmegen/",
    "organisatie": "/organisaties/tiwos/",
    "zoeken": "/zoeken/?zoek=Rotterdamwet",
    "kiezer": "/kiezer/?stad=tilburg",
    "vergelijken": "/vergelijken/?i=housing-first&i=skaeve-huse",
    "matrix": "/matrix/",
    "begrippen": "/begrippen/",
    "achtergrond": "/achtergrond/buurteffecten/",
    "instrumenten": "/instrumenten/",
    "english": "/en/",
    "bewijskaart": "/bewijskaart/",
    "colofon": "/over/",
    "onderzoeken": "/achtergrond/onderzoeken/",
}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_is_accessible_and_private(server, browser, name):
    # axe is added to the page as a script of the test's own: the site's CSP would refuse it
    context = watched(browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True))
    page = context.new_page()
    page.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    assert page.get_attribute("html", "lang") == "nl"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    shot(page, f"pagina-{name}")
    only_own_host(page, server)
    close_without_errors(context)
    assert not serious, serious


# Pages whose scripts do the most: search, finder, compare, the evidence map, and the statements.
CSP_PAGES = {name: PAGE_TYPES[name] for name in ("home", "zoeken", "kiezer", "vergelijken", "bewijskaart", "praktijk")}
CSP_PAGES["toegankelijkheid"] = "/over/toegankelijkheid/"
WATCH_CSP = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'))); }"""


@pytest.mark.parametrize("name", list(CSP_PAGES))
def test_csp_meta_holds_on_a_plain_static_host(static_server, browser, name):
    """A plain file server sends no headers, like GitHub Pages: the policy comes from the page's
    meta tag alone. The page works without a single violation, and a script or event handler that
    an attacker manages to put into the page does not run."""
    context = watched(browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL"))
    context.add_init_script(script=f"({WATCH_CSP})()")
    page = context.new_page()
    page.goto(static_server + CSP_PAGES[name], wait_until="networkidle")
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy and "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert page.evaluate("() => typeof __md_scope") == "object"  # Material's head script ran, from its file
    assert page.evaluate("() => window.__csp") == []
    close_without_errors(context)  # no CSP report on the console either

    context = browser.new_context(locale="nl-NL")
    context.add_init_script(script=f"({WATCH_CSP})()")
    page = context.new_page()
    page.goto(static_server + CSP_PAGES[name], wait_until="networkidle")
    page.evaluate("""() => {
        const s = document.createElement('script'); s.textContent = 'window.__injected = "script"';
        document.body.appendChild(s);
        const d = document.createElement('div');
        d.innerHTML = '<img alt="" src="data:," onerror="window.__injected = \\'handler\\'">';
        document.body.appendChild(d);
        const a = document.createElement('a'); a.href = 'javascript:window.__injected = "link"'; a.id = 'kb-injected';
        a.textContent = 'x'; document.body.appendChild(a); }""")
    page.click("#kb-injected", force=True)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__injected") is None
    violations = page.evaluate("() => window.__csp")
    assert any(v.startswith("script-src-elem") for v in violations), violations
    assert any(v.startswith("script-src-attr") for v in violations), violations
    context.close()


def no_search_server(pg) -> None:
    """The static site searches on its own: no request to a search API, no lunr index."""
    assert not [u for u in pg.requests if "/api/" in u or "search_index.json" in u]


def test_search_as_you_type_with_facets_and_shared_url(static_server, page):
    server = static_server
    page.goto(server + "/zoeken/", wait_until="networkidle")
    page.fill("#kb-q", "Rotterdamwet")
    page.wait_for_function("() => document.getElementById('kb-status').textContent.includes('Rotterdamwet')")
    first = page.locator("#kb-results li").first
    assert "Wbmgp" in first.inner_text()
    assert page.locator("#kb-results mark").count() > 0
    page.locator("label[for='kb-f-type-practice']").click()
    page.wait_for_function("() => location.search.includes('type=practice')")
    page.wait_for_function("() => [...document.querySelectorAll('.kb-result__type')].every(n => n.textContent === 'Praktijk')")
    assert "zoek=Rotterdamwet" in page.url
    shared = page.url
    other = page.context.new_page()
    other.goto(shared, wait_until="networkidle")
    other.locator("#kb-results li").first.wait_for()
    assert other.input_value("#kb-q") == "Rotterdamwet"
    assert other.is_checked("#kb-f-type-practice")
    shot(page, "zoeken-met-filter")
    only_own_host(page, server)
    no_search_server(page)


def test_search_by_keyboard_alone(static_server, page):
    page.goto(static_server + "/zoeken/", wait_until="networkidle")
    page.focus("#kb-q")
    page.keyboard.type("hosuing first")
    page.wait_for_function("() => document.getElementById('kb-status').textContent.includes('hosuing first')")
    assert "Housing First" in page.locator("#kb-results li").first.inner_text()
    for _ in range(40):  # tab to the first facet checkbox and toggle it with the space bar
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'checkbox'"):
            break
    name = page.evaluate("() => document.activeElement.id")
    assert name.startswith("kb-f-")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.getElementById('{name}') && document.getElementById('{name}').checked")
    page.wait_for_load_state("networkidle")  # the filtered answer has come and the facets are drawn anew
    page.wait_for_timeout(100)
    assert page.evaluate("() => document.activeElement.id") == name, "focus stays on the checkbox"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"


def test_finder_filters_counts_and_restores_a_shared_url(server, page):
    page.goto(server + "/kiezer/", wait_until="networkidle")
    status = page.locator("#kb-finder-status")
    page.wait_for_function("() => /instrumenten en/.test(document.getElementById('kb-finder-status').textContent)")
    before = status.inner_text()
    count_label = page.locator("label[for='kb-k-stad-tilburg'] .kb-facet__count").inner_text()
    page.focus("#kb-k-stad-tilburg")
    page.keyboard.press("Space")  # keyboard alone
    page.wait_for_function("() => location.search.includes('stad=tilburg')")
    after = status.inner_text()
    assert after != before
    n_inst, n_prac = [int(x) for x in __import__("re").findall(r"\d+", after)[:2]]
    assert n_inst + n_prac == int(count_label.strip("()"))
    page.check("#kb-k-domein-woningtoewijzing")
    page.wait_for_function("() => location.search.includes('domein=woningtoewijzing')")
    narrowed = status.inner_text()
    shared = page.url
    other = page.context.new_page()
    other.goto(shared, wait_until="networkidle")
    other.wait_for_function("() => /instrumenten en/.test(document.getElementById('kb-finder-status').textContent)")
    assert other.locator("#kb-finder-status").inner_text() == narrowed
    assert other.is_checked("#kb-k-stad-tilburg") and other.is_checked("#kb-k-domein-woningtoewijzing")
    shot(page, "kiezer-tilburg-toewijzing")


def test_compare_three_instruments(server, page):
    page.goto(server + "/vergelijken/?i=housing-first&i=skaeve-huse", wait_until="networkidle")
    page.locator("#kb-compare-table table").wait_for()
    assert page.locator("#kb-compare-table thead th").count() == 3
    page.select_option("#kb-compare-3", "wbmgp")
    page.wait_for_function("() => document.querySelectorAll('#kb-compare-table thead th').length === 4")
    assert page.url.endswith("?i=housing-first&i=skaeve-huse&i=wbmgp")
    rows = page.locator("#kb-compare-table tbody th").all_inner_texts()
    for row in ("Doel", "Doelgroep", "Partijen", "Juridische basis", "Bewijs", "Steden", "Belemmeringen"):
        assert row in rows
    # risks are points: their text, and the knowledge base's own advice labelled as such (issue 19)
    risks = page.locator("#kb-compare-table tbody tr", has=page.locator("th", has_text="Risico's"))
    assert "[object Object]" not in risks.inner_text()
    assert risks.locator(".kb-basis").first.inner_text() == "Advies van de kennisbank"
    shot(page, "vergelijken")


def test_navigate_instrument_practice_barrier_and_back(server, page):
    page.goto(server + "/instrumenten/skaeve-huse/", wait_until="networkidle")
    page.locator("article a[href*='steden/tilburg/skaeve-huse/']").first.click()
    page.wait_for_url("**/steden/tilburg/skaeve-huse/")
    barrier = page.locator("article a[href*='belemmeringen/']").first
    barrier_href = barrier.get_attribute("href")
    barrier.click()
    page.wait_for_url("**/belemmeringen/**")
    assert page.locator("article").inner_text().count("Skaeve Huse") >= 1
    page.go_back()
    page.wait_for_url("**/steden/tilburg/skaeve-huse/")
    assert page.locator("h1").inner_text().startswith("Skaeve Huse in Tilburg")
    assert barrier_href


@pytest.mark.parametrize("name", ["home", "instrument", "praktijk", "belemmering", "matrix", "kiezer", "vergelijken", "zoeken"])
def test_no_horizontal_scroll_at_375_px(server, browser, name):
    context = watched(browser.new_context(viewport={"width": 375, "height": 800}))
    pg = context.new_page()
    pg.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    overflow = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    shot(pg, f"mobiel-{name}")
    close_without_errors(context)
    assert overflow <= 0, f"{name}: {overflow}px horizontal scroll"


def test_case_page_prints_as_a_clean_handout(server, page):
    page.goto(server + "/steden/tilburg/skaeve-huse/", wait_until="networkidle")
    assert "/steden/tilburg/skaeve-huse/" in page.locator(".kb-cite").inner_text()
    assert "[datum]" not in page.locator(".kb-cite").inner_text()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}')).display") == "none"
    after = page.evaluate("() => getComputedStyle(document.querySelector('article td a[href]'), '::after').content")
    assert "attr" not in after and len(after) > 4  # the link target is printed
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "praktijk-print.pdf"))
    shot(page, "praktijk-print")


@pytest.fixture(scope="module")
def published_server(built_site_at_address):
    """The site as the deploy workflow builds it (with its GitHub Pages address), on a plain file server."""
    handler = functools.partial(_Quiet, directory=str(built_site_at_address / "site"))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


# A source's address is its own link text, printed once (not again after it); a zero-width space after
# each slash lets a printed address wrap there only (tests/test_browser_phone.py checks that).
PRINTED_TARGETS = """() => Array.from(document.querySelectorAll('article a[href]:not(.kb-source-url)'))
    .map(a => [a.getAttribute('href'),
               getComputedStyle(a, '::after').content.replaceAll('\u200b', '').replaceAll('\u2011', '-'),
               getComputedStyle(a).display])
    .filter(([href, after, display]) => display !== 'none' && !href.startsWith('#'))"""


def test_printed_case_page_shows_absolute_link_targets(published_server, static_server, page):
    """On paper a relative href means nothing: each link prints its full address, the published one
    (from the canonical link) when the site has an address, else the one in the browser."""
    from conftest import SITE_URL

    path = "/steden/tilburg/skaeve-huse/"
    for base, published in ((published_server, SITE_URL), (static_server, static_server + "/")):
        page.goto(base + path, wait_until="networkidle")
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED_TARGETS)
        assert len(printed) > 10
        internal = 0
        for href, after, _display in printed:
            if href.startswith(("https://", "http://", "mailto:")):
                assert after == f'" <{href}>"', (href, after)
                continue
            internal += 1
            target = urljoin(published + path.lstrip("/"), href)
            assert after == f'" <{target}>"', (href, after)
            assert target.startswith(published)
        assert internal > 5
        page.emulate_media(media="screen")
    page.goto(published_server + path, wait_until="networkidle")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "praktijk-print-adressen.pdf"))


# --- the static site's own search, on a plain file server -----------------------------------


def test_header_search_as_you_type_and_by_keyboard(static_server, page):
    page.goto(static_server + "/steden/tilburg/skaeve-huse/", wait_until="networkidle")
    page.keyboard.press("/")  # jumps to the search box
    assert page.evaluate("() => document.activeElement.id") == "kb-kop-q"
    page.keyboard.type("rotterdamwet")
    first = page.locator("#kb-kop-lijst [role=option]").first
    first.wait_for()
    assert "Wbmgp" in first.inner_text()
    assert page.get_attribute("#kb-kop-q", "aria-expanded") == "true"
    shot(page, "zoekvak-kop")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#kb-kop-q", "aria-activedescendant") == "kb-kop-o0"
    page.keyboard.press("Enter")
    page.wait_for_url("**/instrumenten/wbmgp/")
    page.keyboard.press("/")
    page.keyboard.type("wbmpgx")  # nothing matches: a correction and what it finds
    page.locator(".kb-kop__melding").wait_for()
    assert "Bedoelde je" in page.inner_text(".kb-kop__melding")
    assert "Wbmgp" in page.locator("#kb-kop-lijst [role=option]").first.inner_text()
    page.keyboard.press("Escape")
    assert page.is_hidden("#kb-kop-lijst")
    page.keyboard.press("Enter")  # no choice made: the search page with the query
    page.wait_for_url("**/zoeken/?zoek=wbmpgx")
    page.locator(".kb-suggest__did-you-mean").wait_for()
    assert page.locator("#kb-suggest .kb-result").count() >= 1
    only_own_host(page, static_server)
    no_search_server(page)


def _expected_path(expected: str) -> str:
    from generator.content.urls import url_path

    return url_path(*expected.split(":", 1))


def test_static_site_relevance_in_chromium(static_server, page, built_site):
    """The 120+ practitioner queries typed into the search page of the static site: the page shows
    the API's results in the API's order for every one of them, and meets the relevance contract."""
    from test_search import ranks, report, side_by_side

    from generator.search.whoosh_engine import Engine

    page.goto(static_server + "/zoeken/", wait_until="networkidle")
    box = page.locator("#kb-q")
    static_ranks, shown = [], {}
    for query, expected in QUERIES:
        box.fill(query)
        page.wait_for_function(
            "q => document.getElementById('kb-status').textContent.includes('\u201c' + q + '\u201d')", arg=query
        )
        paths = page.eval_on_selector_all(
            "#kb-results .kb-result__title a", "els => els.map(e => new URL(e.href).pathname + new URL(e.href).hash)"
        )
        want = _expected_path(expected)
        static_ranks.append(paths.index(want) + 1 if want in paths else None)
        shown[query] = paths
    engine = Engine(built_site / "index")
    try:
        api_ranks = ranks(lambda q: [h.id for h in engine.search(q, limit=10).hits])
        api_paths = {q: [h.url for h in engine.search(q, limit=10).hits] for q, _ in QUERIES}
    finally:
        engine.close()
    print("\n" + side_by_side({"API (whoosh)": api_ranks, "statische site (Chromium)": static_ranks}))
    print(report("statische site in Chromium", static_ranks))
    different = [(q, shown[q], api_paths[q]) for q, _ in QUERIES if shown[q] != api_paths[q]]
    assert not different, different[:3]
    f = figures(static_ranks)
    assert f["recall@3"] >= 0.95 and f["MRR"] >= 0.9, f
    no_search_server(page)


def test_the_feed_opens_as_a_dutch_page_that_explains_subscribing(static_server, page):
    """Issue 20: no raw XML and no English 'no style information' line, no XSLT warning: a Dutch page
    with how to subscribe, the latest practices and a way to the site."""
    page.goto(static_server + "/feed.xml", wait_until="networkidle")
    text = page.evaluate("document.documentElement.textContent")
    assert "style information" not in page.content()
    assert page.locator("xslt-warning-banner").count() == 0
    heading = page.locator("h1")
    assert heading.inner_text() == "Nieuwe en gewijzigde praktijken volgen" and heading.is_visible()
    assert "Zo abonneert u zich" in text
    titles = page.locator("entry > title")
    assert titles.count() >= 10 and titles.first.is_visible()
    assert not page.locator("entry > id").first.is_visible()  # the feed's machinery stays out of sight
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "feed-in-de-browser.png"))  # full_page waits forever on an XML document
    page.locator("a", has_text="Nieuw en gewijzigd").click()
    page.wait_for_url("**/nieuw/")
    assert page.locator("#abonneren").count() == 1


def test_the_header_box_names_a_site_page_in_dutch(static_server, page):
    """The header's list names the kind of every result from labels.js: a fixed page is 'Pagina van de site'."""
    page.goto(static_server + "/", wait_until="networkidle")
    page.locator("#kb-kop-q").press_sequentially("bewijskaart")
    first = page.locator("#kb-kop-lijst .kb-kop__optie").first
    first.wait_for()
    assert first.locator(".kb-kop__titel").inner_text() == "Bewijskaart"
    assert first.locator(".kb-kop__soort").inner_text() == "Pagina van de site"


@pytest.mark.parametrize(
    "query, path",
    [
        ("evidence map", "/bewijskaart/"),
        ("abonneren", "/nieuw/"),
        ("instrument kiezen", "/kiezer/"),
        ("aanbeveling 3", "/achtergrond/aanbevelingen/#aanbeveling-3"),
        ("Garib tegen Nederland", "/achtergrond/bronnen/#ehrm-2017-garib"),
    ],
)
def test_the_site_s_own_pages_recommendations_and_sources_are_results(static_server, page, query, path):
    """The search page finds the tools, a recommendation and a source, and the link lands there."""
    page.goto(static_server + "/zoeken/?zoek=" + query.replace(" ", "+"), wait_until="networkidle")
    page.locator("#kb-results .kb-result__title a").first.wait_for()
    links = page.eval_on_selector_all(
        "#kb-results .kb-result__title a", "els => els.map(e => new URL(e.href).pathname + new URL(e.href).hash)"
    )
    assert path in links[:3], links
    page.locator("#kb-results .kb-result__title a").nth(links.index(path)).click()
    page.wait_for_url(lambda url: urlsplit(url).path == path.partition("#")[0])
    landed = urlsplit(page.url)
    assert landed.path + ("#" + landed.fragment if landed.fragment else "") == path


EXTRA = [
    "probleemhuurders",
    "zorgcliënten",
    "daklozenopvang",
    "woningcorporatie",
    "wbmpg",
    "wbmpgx",
    "hosuing frist",
    "qqqqzzzz",
    "skaeve hu",
    "30-30-30",
    "hoe kun je iets doen tegen verzet uit de buurt?",
    "Huur op Maat",
    "<script>alert(1)</script>",
    "",
    "   ",
    "de het een",
    "wonen +",
    "zorg + wonen",
    "+",
    "Zoeken",
    "aanbeveling 3",
    "right to buy rght",
    "schieringen",
    "wonen-plus",
]


def test_static_engine_ranks_exactly_as_the_api(static_server, page, built_site):
    """Same ids in the same order, totals, facet counts, 'bedoelde je' and nearest entries, with
    and without filters: the browser reads the API's own numbers and rules."""
    from generator.search.whoosh_engine import Engine

    page.goto(static_server + "/", wait_until="networkidle")
    engine = Engine(built_site / "index")
    cases = (
        [(q, {}) for q, _ in QUERIES + CLASS_QUERIES]
        + [(q, {}) for q in EXTRA]
        + [
            ("housing first", {"type": ["practice"]}),
            ("", {"type": ["page"]}),
            ("bronnen", {"type": ["source", "page"]}),
            ("", {"city": ["tilburg"]}),
            ("woning", {"type": ["barrier", "term"]}),
            ("zorg", {"city": ["ede"], "type": ["practice"]}),
        ]
    )
    differences = []
    try:
        for query, filters in cases:
            js = page.evaluate(
                """([q, f]) => KBZoek.search(q, {filters: f, limit: 10}).then(r => ({
                ids: r.hits.map(h => h.id), total: r.total, suggestion: r.suggestion,
                nearest: r.nearest.map(h => h.id), facets: r.facets, snippets: r.hits.map(h => h.snippet)}))""",
                [query, filters],
            )
            py = engine.search(query, filters, limit=10)
            expected = {
                "ids": [h.id for h in py.hits],
                "total": py.total,
                "suggestion": py.suggestion,
                "nearest": [h.id for h in py.nearest],
                "facets": {f: [[v, n] for v, n in counts.items()] for f, counts in py.facets.items() if counts},
                "snippets": [h.snippet for h in py.hits],
            }
            js["facets"] = {f: c for f, c in js["facets"].items() if c}
            if js != expected:
                differences.append((query, filters, js, expected))
    finally:
        engine.close()
    assert not differences, differences[:3]
    assert len(cases) >= 140


def test_stemmer_in_the_browser_is_snowball_s(static_server, page):
    """Every word of the content stemmed in the browser as whoosh stems it."""
    from generator.search import query

    vocabulary = sorted(
        {w for f in (ROOT / "content").rglob("*.yaml") for w in query.words(f.read_text(encoding="utf-8")) if len(w) >= 2}
    )
    page.goto(static_server + "/", wait_until="networkidle")
    stems = page.evaluate("words => words.map(w => KBZoek.stem(w))", vocabulary)
    wrong = [(w, s, query.stem(w)) for w, s in zip(vocabulary, stems) if s != query.stem(w)]
    assert len(vocabulary) > 5000
    assert not wrong, wrong[:10]


def test_static_site_ships_no_lunr_index_and_searches_without_a_server(built_site):
    site = built_site / "site"
    assert not list(site.rglob("search_index.json"))
    assert (site / "zoekindex" / "index.json").exists()


def test_evidence_map_shows_every_column_at_1280_px_and_opens_a_cell(static_server, browser):
    """/bewijskaart/ at 1280 px: all outcome columns inside the window without sideways scrolling,
    the column headers stay in view when the map scrolls, a cell opens its studies with their
    sources in a dialog (mouse and keyboard), and Escape returns to the cell."""
    context = watched(browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL"))
    page = context.new_page()
    page.goto(static_server + "/bewijskaart/", wait_until="networkidle")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    headers = page.locator(".kb-map thead th")
    assert headers.count() == 10  # instrument + nine outcomes
    for i in range(headers.count()):
        box = headers.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, headers.nth(i).inner_text()
    last_row = page.locator(".kb-map tbody tr").last
    last_row.scroll_into_view_if_needed()
    top = page.evaluate("() => document.querySelector('.kb-map thead th').getBoundingClientRect().top")
    assert 0 <= top < 120  # sticky: the headers are still at the top of the window
    cell = page.locator(".kb-map td[data-outcome='woonbehoud'] summary").first
    assert int(cell.locator(".kb-map__n").inner_text()) >= 1
    cell.click()
    dialog = page.locator("dialog.kb-map-dialog[open]")
    dialog.wait_for()
    assert dialog.locator(".kb-map__study-name a").count() >= 1
    assert dialog.locator("a[href*='achtergrond/bronnen/']").count() >= 1  # the sources
    shot(page, "bewijskaart-1280-vak")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.kb-map-dialog').open")
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")  # the keyboard opens it too
    dialog.wait_for()
    page.keyboard.press("Escape")
    close_without_errors(context)


def test_evidence_map_filters_by_design_and_outcome(static_server, page):
    """Minimum design 'evaluatie': a cell keeps only the studies of that design or stronger (its
    count and mark follow, from the content); one outcome: the other columns go; the address keeps it."""
    import json

    page.goto(static_server + "/bewijskaart/", wait_until="networkidle")
    details = page.locator(".kb-map details")
    levels = [json.loads(x) for x in details.evaluate_all("ds => ds.map(d => d.getAttribute('data-levels'))")]
    at_evaluation = [next(level for level in ls if level["design"] == "evaluatie")["n"] for ls in levels]
    only_experience = at_evaluation.count(0)
    assert only_experience > 0  # the content has cells with practice experience only
    page.select_option("#kb-map-opzet", "evaluatie")
    page.wait_for_function("() => location.search.includes('opzet=evaluatie')")
    assert page.locator(".kb-map td.kb-map__cell--gefilterd").count() == only_experience
    counts = page.locator(".kb-map td:not(.kb-map__cell--gefilterd) .kb-map__n").all_inner_texts()
    assert [int(c) for c in counts] == [n for n in at_evaluation if n]
    page.select_option("#kb-map-uitkomst", "woonbehoud")
    page.wait_for_function("() => location.search.includes('uitkomst=woonbehoud')")
    visible = page.locator(".kb-map thead th:visible").all_inner_texts()
    assert visible[1:] == ["Woonbehoud"]
    shared = page.url
    other = page.context.new_page()
    other.goto(shared, wait_until="networkidle")
    assert other.locator("#kb-map-opzet").input_value() == "evaluatie"
    assert other.locator(".kb-map thead th:visible").count() == 2
    other.close()


def test_evidence_map_is_a_list_at_375_px(static_server, browser):
    """On a phone the map is a list: per instrument its filled outcomes, each with its words
    (count, direction, strongest design), and its gaps; nothing scrolls sideways."""
    context = watched(browser.new_context(viewport={"width": 375, "height": 800}, locale="nl-NL"))
    page = context.new_page()
    page.goto(static_server + "/bewijskaart/", wait_until="networkidle")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert not page.locator(".kb-map thead").is_visible()
    said = page.locator(".kb-map__said").first
    assert said.is_visible() and "onderzoek" in said.inner_text() and "sterkste opzet" in said.inner_text()
    assert page.locator(".kb-map__gaplist").first.is_visible()
    assert page.locator(".kb-map td.kb-map__cell--leeg").first.is_hidden()
    rows = page.locator(".kb-map tbody tr")
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked, not side by side
    page.locator(".kb-map summary").first.click()
    page.locator("dialog.kb-map-dialog[open]").wait_for()
    shot(page, "bewijskaart-375")
    close_without_errors(context)


def test_one_evidence_scale_in_finder_compare_instrument_page_and_map(static_server, page, graph):
    """The finder's 'Bewijs' filter, the compare page, the instrument page and the map use the same
    labels: those of the one scale, the level derived from the studies."""
    from generator.content.vocab import vocab
    from generator.graph import evidence

    labels = {t.key: t.label for t in vocab("evidence_level").terms}
    level = {rec.key: evidence.level(graph, rec.key) for rec in graph.of("instrument")}
    page.goto(static_server + "/kiezer/", wait_until="networkidle")
    page.wait_for_function("() => /instrumenten en/.test(document.getElementById('kb-finder-status').textContent)")
    ids = page.locator("input[id^='kb-k-bewijs-']").evaluate_all("xs => xs.map(x => x.id)")
    assert {i.removeprefix("kb-k-bewijs-") for i in ids} == set(level.values())
    for i in ids:
        text = page.locator(f"label[for='{i}']").inner_text()
        assert text.startswith(labels[i.removeprefix("kb-k-bewijs-")]), text
    chosen = ["housing-first", "wbmgp", "tweehurenbeleid"]
    page.goto(static_server + "/vergelijken/?i=" + "&i=".join(chosen), wait_until="networkidle")
    page.locator("#kb-compare-table table").wait_for()
    row = page.locator("#kb-compare-table tbody tr", has=page.locator("th", has_text="Bewijs"))
    cells = row.locator("td").all_inner_texts()
    assert [c.split(".")[0] for c in cells] == [labels[level[k]] for k in chosen]
    page.goto(static_server + "/bewijskaart/", wait_until="networkidle")
    for key in chosen:
        shown = page.locator(f".kb-map tbody th:has(a[href$='instrumenten/{key}/']) .kb-map__level").inner_text()
        assert shown == labels[level[key]]
        page.goto(static_server + f"/instrumenten/{key}/", wait_until="networkidle")
        assert page.locator("td:right-of(:text('Bewijs'))").first.inner_text() == labels[level[key]]
        page.goto(static_server + "/bewijskaart/", wait_until="networkidle")
    old = ["Procesevaluatie", "Interviews en casestudie", "Cijfers van de uitvoerder"]
    for url in ("/kiezer/", "/bewijskaart/", "/instrumenten/huur-op-maat/", "/achtergrond/onderzoeken/"):
        page.goto(static_server + url, wait_until="networkidle")
        text = page.locator("article").inner_text()
        assert not [o for o in old if o in text], url


@pytest.fixture(scope="module")
def graph():
    from generator import pipeline

    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    return g


def test_more_results_continue_the_list_in_the_api_s_order(static_server, page, built_site):
    """'Meer resultaten' adds the next ten results below the first ten (it never appeared: the
    page did not remember its question), and the keyboard continues at the first new one."""
    from generator.search.whoosh_engine import Engine

    engine = Engine(built_site / "index")
    try:
        expected = engine.search("wonen", limit=30)
    finally:
        engine.close()
    assert expected.total > 20
    page.goto(static_server + "/zoeken/?zoek=wonen", wait_until="networkidle")
    page.wait_for_function("() => document.querySelectorAll('#kb-results li').length === 10")
    more = page.locator("#kb-more")
    assert more.is_visible()
    more.click()
    page.wait_for_function("() => document.querySelectorAll('#kb-results li').length === 20")
    paths = page.eval_on_selector_all(
        "#kb-results .kb-result__title a", "els => els.map(e => new URL(e.href).pathname + new URL(e.href).hash)"
    )
    assert paths == [h.url for h in expected.hits[:20]]
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('#kb-results li a')[10]")
    page.fill("#kb-q", "skaeve huse")  # a new question starts a new list
    page.wait_for_function("() => document.getElementById('kb-status').textContent.includes('skaeve huse')")
    assert page.locator("#kb-results li").count() <= 10
    assert more.is_visible() == (engine_total("skaeve huse", built_site) > 10)


def test_a_double_click_on_more_results_adds_each_result_once(static_server, page):
    page.goto(static_server + "/zoeken/?zoek=wonen", wait_until="networkidle")
    page.wait_for_function("() => document.querySelectorAll('#kb-results li').length === 10")
    page.locator("#kb-more").dblclick()
    page.wait_for_function("() => document.querySelectorAll('#kb-results li').length >= 20")
    page.wait_for_load_state("networkidle")
    paths = page.eval_on_selector_all("#kb-results .kb-result__title a", "els => els.map(e => e.href)")
    assert len(paths) == 20 and len(set(paths)) == 20, paths


def engine_total(query: str, built_site) -> int:
    from generator.search.whoosh_engine import Engine

    engine = Engine(built_site / "index")
    try:
        return engine.search(query).total
    finally:
        engine.close()


# --- content that carries <, >, & and quotes, on a small site of its own ------------------------


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory):
    """The small project with an instrument whose name and text carry <, >, & and quotes (test_search's
    MARKUP_NAME), built with the real command and served as plain files."""
    from conftest import MINIMAL, Project, fixture_mkdocs_yml, kennisbank
    from test_search import write_markup_instrument

    root = tmp_path_factory.mktemp("markup")
    fixture_mkdocs_yml(root)
    project = Project(root)
    for rel, text in MINIMAL.items():
        project.write(rel, text)
    write_markup_instrument(project)
    result = kennisbank(
        "build", "--content", str(project.content), "--docs-dir", str(root / "docs"), "--site-dir", str(root / "site"), cwd=root
    )
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_markup_in_the_content_is_shown_as_text_by_every_script(markup_site, page):
    from test_search import MARKUP_NAME

    only_marks = "els => els.every(e => [...e.querySelectorAll('*')].every(c => c.tagName === 'MARK'))"
    page.goto(markup_site + "/zoeken/?zoek=begeleiding%20kamers", wait_until="networkidle")
    first = page.locator("#kb-results li").first
    first.wait_for()
    assert first.locator(".kb-result__title a").text_content() == MARKUP_NAME
    snippet = first.locator(".kb-result__snippet")
    assert snippet.text_content().startswith('Een woning met <3 kamers & "begeleiding" (&lt 4) voor wie')
    assert [m.text_content() for m in snippet.locator("mark").all()][:2] == ["kamers", "begeleiding"]
    assert page.eval_on_selector_all("#kb-results .kb-result__snippet", only_marks)

    page.focus("#kb-kop-q")  # the search box in the header
    page.keyboard.type("kamers")
    option = page.locator("#kb-kop-lijst [role=option]").first
    option.wait_for()
    assert option.locator(".kb-kop__titel").text_content() == MARKUP_NAME
    assert "<3 kamers &" in option.locator(".kb-kop__tekst").text_content()
    assert page.eval_on_selector_all("#kb-kop-lijst .kb-kop__tekst", only_marks)

    page.goto(markup_site + "/kiezer/", wait_until="networkidle")
    page.wait_for_function("() => /instrumenten en/.test(document.getElementById('kb-finder-status').textContent)")
    assert MARKUP_NAME in page.locator("#kb-finder-results .kb-result__title a").all_text_contents()

    page.goto(markup_site + "/vergelijken/?i=housing-first&i=huur-en-zorg", wait_until="networkidle")
    page.locator("#kb-compare-table table").wait_for()
    assert page.locator("#kb-compare-table thead th a").all_text_contents() == ["Housing First", MARKUP_NAME]
    assert MARKUP_NAME in page.locator("#kb-compare-status").text_content()
