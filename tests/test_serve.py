"""`kennisbank serve` and `kennisbank preview` on localhost, driven over real HTTP."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from conftest import ROOT
from test_contributing import full  # noqa: F401  (the fixture)
from test_search import call as api_call  # one helper for a JSON call of the API


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


class Output(list):
    """The lines a server process prints, collected as they come (a thread reads its pipe)."""

    def __init__(self, proc: subprocess.Popen):
        super().__init__()
        threading.Thread(target=lambda: self.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def wait_for(self, text: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in list(self)):
            assert time.monotonic() < deadline, f"{text!r} not printed; got:\n{''.join(self)}"
            time.sleep(0.05)


@contextmanager
def running(project, *args, output: list | None = None, env: dict | None = None):
    """The server on a free port; `output` (a list) receives an Output of what it prints."""
    port = free_port()
    env = dict(os.environ, KENNISBANK_ROOT=str(ROOT), **(env or {}))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            *args,
            "--port",
            str(port),
            "--content",
            str(project.content),
            "--docs-dir",
            str(project.root / "docs"),
            *(["--site-dir", str(project.root / "site")] if args[0] == "serve" else []),
        ],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    printed = Output(proc)
    if output is not None:
        output.append(printed)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if get(base + "/")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, "".join(printed)
            time.sleep(0.3)
        else:
            raise AssertionError("server did not start")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        status, body = get(url)
        if status == 200 and text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url}")


def test_serve_builds_and_serves_the_site(project):
    with running(project, "serve") as base:
        status, html = get(base + "/")
        assert status == 200 and 'lang="nl"' in html
        status, html = get(base + "/steden/tilburg/housing-first/")
        assert status == 200 and "Housing First in Tilburg" in html
        assert get(base + "/zoekindex/index.json")[0] == 200  # the site's own search, served as files
        status, html = get(base + "/bestaat-niet/")
        assert status == 404 and 'lang="nl"' in html


def test_preview_regenerates_when_content_changes(project):
    output: list = []
    with running(project, "preview", output=output) as base:
        wait_for(base + "/steden/tilburg/", "Tilburg zoekt naar evenwicht")
        text = (
            (project.content / "cities/tilburg.yaml")
            .read_text()
            .replace("Tilburg zoekt naar evenwicht", "Tilburg werkt aan evenwicht")
        )
        project.write("cities/tilburg.yaml", text)
        wait_for(base + "/steden/tilburg/", "Tilburg werkt aan evenwicht")
        # the preview rebuilt only the changed pages, and its search follows the edit
        shard = wait_for(base + "/zoekindex/t/we.json", '"werkt"')
        assert json.loads(shard)["t"]["werkt"]
        manifest = json.loads(get(base + "/zoekindex/index.json")[1])
        from generator.search import config

        # every searchable entry of the project (its one source too) and the site's fixed pages
        assert manifest["n"] == 6 + len(config.load().pages)
        # a broken edit: the last good page stays, and the preview keeps running
        project.write("cities/tilburg.yaml", text.replace("perspectives:", "perspectieven:"))
        output[0].wait_for("het voorbeeld toont de laatste goede versie")  # the preview read the broken edit
        assert "Tilburg werkt aan evenwicht" in get(base + "/steden/tilburg/")[1]
        # mended: the next edit shows again
        project.write("cities/tilburg.yaml", text.replace("Tilburg werkt aan evenwicht", "Tilburg zoekt balans"))
        wait_for(base + "/steden/tilburg/", "Tilburg zoekt balans")


def _raw(base: str, path: str, host: str | None = None):
    """A GET without following redirects: (status, headers)."""
    import http.client
    from urllib.parse import urlsplit

    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    conn.request("GET", path, headers={"Host": host} if host else {})
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}


def test_serve_sends_security_headers_and_never_echoes_a_forged_host(project):
    """CSP, nosniff, referrer policy and frame-ancestors on pages, files and the API; a redirect
    points within the site, whatever Host the request claims; the built site carries the same
    headers as `_headers` for static hosts."""
    from generator.app.server import security_headers

    with running(project, "serve") as base:
        for path in ("/", "/zoekindex/index.json", "/api/search?q=housing", "/bestaat-niet/"):
            _status, headers = _raw(base, path)
            for name, value in security_headers(project.root / "mkdocs.yml").items():
                assert headers.get(name.lower()) == value, (path, name)
            assert "frame-ancestors 'none'" in headers["content-security-policy"]
        status, headers = _raw(base, "/steden", host="evil.example")
        assert status in (301, 302, 307, 308)
        assert "evil.example" not in headers["location"] and headers["location"].startswith("/steden/")
    written = (project.root / "site" / "_headers").read_text()
    assert written.startswith("/*\n") and "Content-Security-Policy: default-src 'self'" in written


TRICKY_PATHS = [
    "/%2fevil.example%2f..",
    "/%2f%2fevil.example",
    "//evil.example/..",
    "//evil.example%2f..",
    "/%5cevil.example%2f..",
    "/%5c%5cevil.example",
    "/%5C/evil.example/..",
    "/%09/evil.example/..",
    "/%2f%09%2fevil.example%2f..",
    "///evil.example/..",
    "/.%2f%2fevil.example%2f..",
]


def test_serve_never_redirects_to_another_host(project):
    """A path that decodes to '//host' or '/\\host' made the trailing-slash redirect answer
    `Location: //evil.example/../`, which a browser follows to that host. Whatever the path,
    a redirect stays on the site."""
    from urllib.parse import urljoin, urlsplit

    with running(project, "serve") as base:
        own = urlsplit(base).netloc
        redirects = 0
        for path in TRICKY_PATHS:
            status, headers = _raw(base, path)
            assert status < 500, (path, status)
            if status in (301, 302, 303, 307, 308):
                redirects += 1
                location = headers["location"]
                assert location.startswith("/") and not location.startswith(("//", "/\\")), (path, location)
                assert urlsplit(urljoin(base + "/", location)).netloc == own, (path, location)
        assert redirects >= 3  # the trailing-slash redirect did answer the tricky paths


def test_one_client_holding_idle_sockets_does_not_lock_out_the_others(project):
    """One address that opens more connections than the server takes in all (here 16) and sends
    nothing: beyond its own share (4) they are refused, and a request from another address is
    answered, not given a 503."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.2", 0))
        except OSError:
            pytest.skip("127.0.0.2 is not a loopback address here")
    limits = {"KENNISBANK_MAX_CONNECTIONS": "16", "KENNISBANK_MAX_PER_CLIENT": "4", "KENNISBANK_REQUEST_TIMEOUT": "60"}
    with running(project, "serve", env=limits) as base:
        port = int(base.rsplit(":", 1)[1])
        idle = []
        try:
            for _ in range(24):
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                idle.append(s)
            deadline = time.monotonic() + 15  # until the server has closed those beyond the share (readable at EOF)
            while len(select.select(idle, [], [], 0.1)[0]) < len(idle) - 4:
                assert time.monotonic() < deadline, "the server did not close the connections beyond the share"
            other = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=("127.0.0.2", 0))
            with other:
                other.sendall(b"GET / HTTP/1.1\r\nHost: kennisbank\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := other.recv(65536):
                    answer += chunk
            assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
            alive = 0
            for s in idle:  # the ones beyond the share were closed by the server
                s.settimeout(0.5)
                try:
                    closed = s.recv(1) == b""
                except socket.timeout:
                    closed = False
                except OSError:  # reset
                    closed = True
                alive += not closed
            assert alive == 4, alive
        finally:
            for s in idle:
                s.close()


def test_serve_does_not_follow_a_symlinked_404_page(project, tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM-BUITEN-DE-SITE", encoding="utf-8")
    with running(project, "serve") as base:
        page = project.root / "site" / "404.html"
        page.unlink()
        page.symlink_to(secret)
        status, body = get(base + "/bestaat-niet/")
        assert status == 404 and "GEHEIM" not in body


def test_serve_closes_silent_and_dribbling_connections_and_keeps_serving(project):
    """Connections that send nothing, or headers a byte at a time, are closed after the request
    deadline (3 s here), one log line for all of them; a normal request is answered meanwhile.
    (All from one address, so its share of connections is raised above the 41 here; the share
    itself is tested in test_one_client_holding_idle_sockets_does_not_lock_out_the_others.)"""
    os.environ["KENNISBANK_REQUEST_TIMEOUT"] = "3"
    try:
        with running(project, "serve", env={"KENNISBANK_MAX_PER_CLIENT": "64"}) as base:
            port = int(base.rsplit(":", 1)[1])
            silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
            dribbling = socket.create_connection(("127.0.0.1", port))
            dribbling.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            assert get(base + "/")[0] == 200  # served while they hang on
            deadline = time.monotonic() + 15  # the server closes them after its 3 s; wait until it has
            closed = 0
            for s in silent + [dribbling]:
                s.settimeout(max(0.1, deadline - time.monotonic()))
                try:
                    closed += s.recv(10) == b""
                except TimeoutError:  # still open at the deadline (socket.timeout is an OSError too: caught first)
                    pass
                except OSError:  # reset by the server: closed
                    closed += 1
                s.close()
            assert closed == len(silent) + 1
            assert get(base + "/")[0] == 200
    finally:
        os.environ.pop("KENNISBANK_REQUEST_TIMEOUT", None)


# --- the API's limit and offset: ASCII digits within bounds (security probe of issue 13) ------------


@pytest.mark.parametrize(
    "query, expected_status",
    [
        ("q=housing&limit=%C2%B2", 400),  # superscript two: str.isdigit() says yes, int() says no
        ("q=housing&offset=%E2%91%A0", 400),  # circled one
        ("q=housing&limit=%D9%A3", 400),  # Arabic-Indic three: int() would take it
        ("q=housing&offset=" + "9" * 4301, 400),  # more digits than int() converts
        ("q=housing&limit=" + "1" * 40, 400),
        ("q=housing&offset=-1", 400),
        ("q=housing&limit=%2B5", 400),  # '+5'
        ("q=housing&limit=%205", 400),  # ' 5'
        ("q=housing&limit=0005&offset=0", 200),
        ("q=housing&limit=100000", 200),  # capped, not refused
    ],
)
def test_api_limit_and_offset_only_ascii_digits(site_server, query, expected_status):
    status, data = api_call(site_server, query)
    assert status == expected_status, data
    assert data["schema_version"] == 1
    if status == 400:
        assert "moet een geheel getal" in data["error"]
    else:
        assert len(data["results"]) <= 50


# --- the API follows a new build (security probe of issue 13) --------------------------------------


def test_serve_answers_from_the_index_of_the_latest_build(full):
    assert full.run("build").returncode == 0
    port = free_port()
    env = dict(os.environ, KENNISBANK_ROOT=str(full.root), PYTHONUTF8="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--no-build", "--port", str(port)],
        cwd=full.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(base + "/api/openapi.json")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, server.communicate()
            time.sleep(0.2)
        assert api_call(base, "q=zeepbelwoning")[1]["total"] == 0
        text = (
            (full.content / "instruments/housing-first.yaml")
            .read_text()
            .replace("Eerst een eigen woning,", "Eerst een eigen woning (geen zeepbelwoning),")
        )
        full.write("instruments/housing-first.yaml", text)
        rebuilt = full.run("build")
        assert rebuilt.returncode == 0, rebuilt.stderr
        status, data = api_call(base, "q=zeepbelwoning")
        assert status == 200 and [r["id"] for r in data["results"]] == ["instrument:housing-first"], data
    finally:
        server.terminate()
        server.wait(timeout=15)
