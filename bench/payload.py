"""What a visitor downloads to search the static site, and how long results take.

Serves a built site with a plain file server (as GitHub Pages would, without its gzip) and
drives Debian's Chromium: a practitioner's queries typed into the header search box and
into the search page. Counted per query: the bytes of the search library and of the index
files fetched for it (file sizes as served; gzip sizes beside them). Timed: from the last
keystroke to the results on screen (the box waits 100 ms for typing to stop).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import socketserver
import statistics
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A plain file server that keeps its request log to itself."""

    def log_message(self, *args) -> None:
        pass


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# The scripts a search needs: shared helpers, labels (generated), the query engine.
LIBRARY = ("/assets/javascripts/kb.js", "/assets/javascripts/labels.js", "/assets/javascripts/zoekmachine.js")
INDEX = "/zoekindex/"


def available() -> bool:
    return Path(CHROMIUM).exists()


class _Server:
    def __init__(self, folder: Path):
        handler = functools.partial(_Quiet, directory=str(folder))
        self.httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _sizes(site: Path, urls: list[str]) -> tuple[int, int]:
    raw = packed = 0
    for url in urls:
        f = site / unquote(urlsplit(url).path).lstrip("/")
        data = f.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, 6))
    return raw, packed


def _searched(urls: list[str]) -> list[str]:
    return [u for u in urls if INDEX in u or u.split("?")[0].endswith(LIBRARY)]


def measure(site: Path, queries: list[str]) -> dict:
    """Bytes for the first and each next query (header box and search page), and keystroke
    to results in milliseconds (median and worst of the queries, the index cached as it comes)."""
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with _Server(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            out.update(_header(browser, server.base, site, queries))
            out.update(_search_page(browser, server.base, site, queries))
        finally:
            browser.close()
    return out


def _page(browser, base: str, path: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(base + path, wait_until="networkidle")
    return context, page


def _header(browser, base: str, site: Path, queries: list[str]) -> dict:
    context, page = _page(browser, base, "/")
    page.evaluate("""() => {
        const input = document.getElementById('kb-kop-q');
        input.addEventListener('keydown', () => { window.__t0 = performance.now(); window.__t1 = null; });
        new MutationObserver(() => { if (window.__t0 && !window.__t1) window.__t1 = performance.now(); })
            .observe(document.getElementById('kb-kop-lijst'), {childList: true});
    }""")
    library = [u for u in page.requests if u.split("?")[0].endswith(LIBRARY)]
    raw, packed, times = [], [], []
    box = page.locator("#kb-kop-q")
    for i, q in enumerate(queries):
        box.fill("")
        page.wait_for_timeout(150)
        seen = len(page.requests)
        box.press_sequentially(q)
        page.wait_for_function("() => window.__t1 !== null && window.__t1 !== undefined", timeout=30000)
        page.wait_for_load_state("networkidle")
        times.append(page.evaluate("() => window.__t1 - window.__t0"))
        fetched = _searched(page.requests[seen:]) + (library if i == 0 else [])
        r, z = _sizes(site, fetched)
        raw.append(r)
        packed.append(z)
    context.close()
    return {
        "header_first_bytes": raw[0],
        "header_first_gzip": packed[0],
        "header_next_median_bytes": statistics.median(raw[1:]),
        "header_next_max_bytes": max(raw[1:]),
        "header_next_max_gzip": max(packed[1:]),
        "keystroke_ms_median": statistics.median(times),
        "keystroke_ms_max": max(times),
    }


def _search_page(browser, base: str, site: Path, queries: list[str]) -> dict:
    context, page = _page(browser, base, "/zoeken/")
    library = [u for u in page.requests if u.split("?")[0].endswith(LIBRARY)]
    already = _searched([u for u in page.requests if not u.split("?")[0].endswith(LIBRARY)])  # the empty page's own
    raw = []
    box = page.locator("#kb-q")
    for i, q in enumerate(queries):
        seen = len(page.requests)
        box.fill(q)
        page.wait_for_function(
            "q => document.getElementById('kb-status').textContent.includes('\\u201c' + q + '\\u201d')", arg=q, timeout=30000
        )
        page.wait_for_load_state("networkidle")
        fetched = _searched(page.requests[seen:]) + ((library + already) if i == 0 else [])
        raw.append(_sizes(site, fetched)[0])
    context.close()
    return {"page_first_bytes": raw[0], "page_next_median_bytes": statistics.median(raw[1:]), "page_next_max_bytes": max(raw[1:])}
