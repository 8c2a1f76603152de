"""`kennisbank rename` as a contributor runs it: in the repository itself, after which the
content still validates and the tests that build small fixture projects still pass (they used
to read the repository's redirect map against their own few pages: 13 tests red)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def _copy_of_the_repository(target: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in files.decode("utf-8").split("\0"):
        if not name or not (ROOT / name).is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def test_a_rename_in_the_repository_keeps_content_and_fixture_tests_green(tmp_path):
    repo = _copy_of_the_repository(tmp_path / "repo")
    env = dict(os.environ, KENNISBANK_ROOT=str(repo), PYTHONUTF8="1")
    env.pop("PYTEST_ADDOPTS", None)

    def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)

    published = (repo / "site_config/permalinks.txt").read_text(encoding="utf-8")
    slug = next(p.stem for p in sorted((repo / "content/instruments").glob("*.yaml")) if f"/instrumenten/{p.stem}/" in published)
    renamed = run("-m", "generator", "rename", f"instrument:{slug}", f"{slug}-hernoemd")
    assert renamed.returncode == 0, renamed.stderr
    assert f"instrumenten/{slug}.md: instrumenten/{slug}-hernoemd.md" in (repo / "mkdocs.yml").read_text(encoding="utf-8")

    check = run("-m", "generator", "validate")
    assert check.returncode == 0, check.stderr

    tests = run(
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "--basetemp",
        str(tmp_path / "inner"),
        "tests/test_bad_input.py::test_minimal_project_is_valid",
        "tests/test_render.py::test_plain_text_is_shown_literally_never_as_markup",
        "tests/test_contributing.py::test_number_like_text_is_escaped_in_html",
        "tests/test_contributing.py::test_rename_keeps_the_old_url_working",
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert "4 passed" in tests.stdout


def test_a_rename_before_the_first_build_adds_no_redirect(project):
    """A page that was never published (not in site_config/permalinks.txt) gets no redirect: there
    is no old address to keep working, and a redirect would only block the name for a later page."""
    renamed = project.run("rename", "tilburg/housing-first", "housing-first-tilburg")
    assert renamed.returncode == 0, renamed.stderr
    assert "doorverwijzing" not in renamed.stdout
    assert "redirect_maps: {}" in (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert (project.content / "cities/tilburg/housing-first-tilburg.yaml").exists()


@pytest.mark.browser
@pytest.mark.skipif(
    not Path(shutil.which("chromium") or "/usr/bin/chromium").exists(), reason="Debian's chromium is not installed"
)
def test_the_old_address_of_a_renamed_page_leads_there_in_a_browser(project):
    """After a rename the old address still works in Chromium: the Dutch redirect page sends the visitor
    on, anchor included, and says where to in Dutch for the moment it shows."""
    import functools
    import http.server
    import socketserver
    import threading

    from playwright.sync_api import sync_playwright

    out = project.root / "out"
    build = ("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"))
    assert project.run(*build).returncode == 0  # publishes /steden/tilburg/housing-first/
    renamed = project.run("rename", "tilburg/housing-first", "housing-first-tilburg")
    assert renamed.returncode == 0 and "doorverwijzing" in renamed.stdout, renamed.stderr
    assert project.run(*build).returncode == 0
    old = (out / "site/steden/tilburg/housing-first/index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in old and "Doorverwijzen…" in old

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            page = browser.new_page()
            page.goto(base + "/steden/tilburg/housing-first/#resultaten")
            page.wait_for_url(base + "/steden/tilburg/housing-first-tilburg/#resultaten", timeout=10_000)
            assert "Housing First in Tilburg" in page.title()
            browser.close()
    finally:
        httpd.shutdown()
