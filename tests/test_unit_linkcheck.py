"""`kennisbank check-links` against a local web server: a live page, a dead one, redirects, a
server that never answers, and one that refuses HEAD (issue 22, item 4)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.contribute import linkcheck
from generator.contribute.linkcheck import Link

ROOT = Path(__file__).resolve().parent.parent


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        path = self.path
        if path == "/traag":
            time.sleep(3)
        if path == "/geen-head" and self.command == "HEAD":
            self.send_response(405)
        elif path in ("/ok", "/geen-head", "/traag"):
            self.send_response(200)
        elif path == "/oud":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/oud-weg":
            self.send_response(302)
            self.send_header("Location", "/weg")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _results(server: str, *paths: str) -> dict[str, linkcheck.Checked]:
    links = [Link(url=server + p, file=f"content/sources/{p.strip('/')}.yaml", title=p) for p in paths]
    return {r.link.url.removeprefix(server): r for r in linkcheck.check_all(links, timeout=0.5)}


def test_live_dead_redirected_slow_and_head_refusing_addresses(server):
    r = _results(server, "/ok", "/weg", "/oud", "/oud-weg", "/traag", "/geen-head")
    assert r["/ok"].ok and r["/ok"].status == 200 and not r["/ok"].moved
    assert not r["/weg"].ok and r["/weg"].status == 404 and "404" in r["/weg"].reason
    assert r["/oud"].ok and r["/oud"].final_url == server + "/ok" and r["/oud"].moved  # redirect followed
    assert not r["/oud-weg"].ok and r["/oud-weg"].status == 404  # a redirect to a dead page is dead
    assert not r["/traag"].ok and r["/traag"].status is None and "geen antwoord binnen 0.5 seconden" in r["/traag"].reason
    assert r["/geen-head"].ok and r["/geen-head"].status == 200  # HEAD refused, GET answered


def test_report_lists_only_the_dead_sources_with_their_files(server):
    results = list(_results(server, "/ok", "/weg").values())
    text = linkcheck.report(results)
    assert "content/sources/weg.yaml" in text and f"<{server}/weg>" in text
    assert "content/sources/ok.yaml" not in text and "1 van de 2" in text


def test_every_source_address_of_the_content_is_checked():
    import yaml

    links, problems = linkcheck.source_links(ROOT / "content", ROOT)
    assert not problems.errors
    urls = {yaml.safe_load(p.read_text(encoding="utf-8")).get("url") for p in (ROOT / "content/sources").glob("*.yaml")}
    assert {link.url for link in links} == urls - {None}
    assert all(link.url.startswith(("http://", "https://")) and link.file.startswith("content/sources/") for link in links)


def test_check_links_command_reports_a_dead_source_and_writes_the_issue_text(project, tmp_path):
    text = (project.content / "sources/rapport.yaml").read_text(encoding="utf-8")
    project.write("sources/rapport.yaml", text + "url: https://127.0.0.1:9/verdwenen\n")  # port 9: nobody listens
    report = tmp_path / "dood.md"
    result = project.run("check-links", "--timeout", "2", "--report", str(report))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DOOD  https://127.0.0.1:9/verdwenen" in result.stdout and "1 werken niet" in result.stdout
    assert "content/sources/rapport.yaml" in report.read_text(encoding="utf-8")
