"""Shared fixtures: small throwaway projects and the real built site.

`project(files)` writes a minimal but complete content set (one of each type) into a
temporary folder, lets a test replace or add files, and runs the real `kennisbank`
command on it. Bad-input tests are then one short function each.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = {
    "sources/rapport.yaml": """
        title: Onderzoek naar de gemengde wijk
        author: Platform31
        year: 2018
        kind: rapport
        cite_by_section: true
    """,
    "organisations/gemeente-tilburg.yaml": """
        name: Gemeente Tilburg
        type: gemeente
        cities: [tilburg]
        summary: De gemeente Tilburg voert de regie op wonen en zorg in de stad.
        sources:
          - source: rapport
            section: "bijlage 1"
    """,
    "instruments/housing-first.yaml": """
        name: Housing First
        aliases: [Woning Eerst]
        summary: Eerst een eigen woning, daarna begeleiding op maat voor dakloze mensen.
        domain: samenwerking-en-zorg
        perspectives: [beheersbaar-houden]
        target_groups: [dak-en-thuislozen]
        what: Een aanpak waarin een dakloze eerst een eigen woning krijgt.
        aim: Mensen duurzaam gehuisvest houden met begeleiding aan huis.
        approach: De corporatie verhuurt, de zorgpartij begeleidt, de gemeente betaalt.
        actors:
          - type: woningcorporatie
            role: verhuurt de woning
        legal:
          status: regulier
          basis: Valt binnen de gewone regels voor verhuur en zorg.
        evidence:
          explanation: Ervaringen uit de praktijk, geen effectonderzoek in deze stad.
        success_factors: [Intensieve begeleiding]
        risks: [Te veel kwetsbare huurders in één complex]
        sources:
          - source: rapport
            section: "§6.1"
    """,
    "cities/tilburg.yaml": """
        name: Tilburg
        province: Noord-Brabant
        summary: Tilburg zoekt naar evenwicht tussen opvang en leefbaarheid in wijken.
        vision: Tilburg wil kwetsbare huishoudens spreiden over de hele stad.
        perspectives: [beheersbaar-houden]
        organisations: [gemeente-tilburg]
        sources:
          - source: rapport
            section: "§5.2"
    """,
    "cities/tilburg/housing-first.yaml": """
        name: Housing First in Tilburg
        instrument: housing-first
        summary: Tilburg huisvest dakloze mensen direct in een eigen woning.
        location: verspreid over de stad
        organisations:
          - organisation: gemeente-tilburg
            role: opdrachtgever
        status: lopend
        period:
          start: 2016
        description: De gemeente en partners bieden woningen met begeleiding aan huis.
        barriers: [privacy]
        lessons: [Begin klein en leer van elke plaatsing]
        sources:
          - source: rapport
            section: "§6.1"
    """,
    "barriers/privacy.yaml": """
        name: Privacyregels
        summary: Partijen mogen informatie over huurders niet zomaar delen.
        perspectives: [beheersbaar-houden]
        description: De privacywet beperkt het delen van gegevens tussen zorg en corporatie.
        instruments: [housing-first]
        cities: [tilburg]
        what_helped: Afspraken over toestemming van de huurder hielpen elders.
        sources:
          - source: rapport
            section: "§7.2"
    """,
}


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def fixture_mkdocs_yml(target: Path, site_config: Path | None = None) -> Path:
    """The real mkdocs.yml for a fixture project, with redirects of its own (none).

    The real redirect map names pages of the real content; against a fixture's few files MkDocs
    stops ("Redirect target ... does not exist") as soon as `kennisbank rename` has run in the
    repository. Theme overrides come from `site_config` (the real one when None)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)redirect_maps:", line)
        if m:
            j = i + 1
            while j < len(lines) and lines[j].startswith(m.group(1) + " ") and lines[j].strip():
                j += 1
            lines[i:j] = [f"{m.group(1)}redirect_maps: {{}}"]
            break
    text = "\n".join(lines)
    overrides = (site_config or ROOT / "site_config") / "overrides"
    text = re.sub(r"(?m)^(\s*custom_dir:\s*)\S+", lambda m: m.group(1) + overrides.as_posix(), text)
    path = target / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
        return path

    def use_glossary_term(self, definition: str) -> None:
        """A term 'passend toewijzen' with this definition (a YAML scalar as written), used in
        Tilburg's vision, so its tooltip appears on the city page."""
        self.write(
            "glossary/passend-toewijzen.yaml",
            f"""
            name: passend toewijzen
            definition: {definition}
            sources:
              - source: rapport
                section: "§7.1"
        """,
        )
        text = (
            (self.content / "cities/tilburg.yaml")
            .read_text()
            .replace(
                "vision: Tilburg wil kwetsbare huishoudens spreiden over de hele stad.",
                "vision: Tilburg wil kwetsbare huishoudens spreiden, binnen de regels van passend toewijzen.",
            )
        )
        self.write("cities/tilburg.yaml", text)

    def remove(self, rel: str) -> None:
        (self.content / rel).unlink()

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return kennisbank(*args, "--content", str(self.content), cwd=self.root)


def kennisbank(*args: str, cwd: Path = ROOT, timeout: int = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(env if env is not None else os.environ, KENNISBANK_ROOT=str(ROOT), PYTHONUTF8="1")
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def git(root: Path, *args: str, date: str) -> None:
    """git in a fixture project, as a fixed author at a fixed date (history dates pages and the feed)."""
    subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env=dict(
            os.environ,
            GIT_AUTHOR_NAME="t",
            GIT_AUTHOR_EMAIL="t@example.org",
            GIT_COMMITTER_NAME="t",
            GIT_COMMITTER_EMAIL="t@example.org",
            GIT_AUTHOR_DATE=date,
            GIT_COMMITTER_DATE=date,
        ),
    )


@pytest.fixture
def project(tmp_path: Path) -> Project:
    fixture_mkdocs_yml(tmp_path)  # the command run in tmp_path reads this one, not the repository's
    p = Project(tmp_path)
    for rel, text in MINIMAL.items():
        p.write(rel, text)
    return p


# The repository the edit and correction links point at, as a GitHub workflow gives it
# (GITHUB_SERVER_URL + GITHUB_REPOSITORY); KENNISBANK_REPO_URL sets it anywhere else.
REPO_URL = "https://github.com/voorbeeld/kennisbank"
WITH_REPOSITORY = dict(os.environ, KENNISBANK_REPO_URL=REPO_URL)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content built into a temporary folder with the real command."""
    out = tmp_path_factory.mktemp("site")
    result = kennisbank("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"), env=WITH_REPOSITORY)
    assert result.returncode == 0, result.stdout + result.stderr
    (out / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return out


SITE_URL = "https://voorbeeld.github.io/kennisbank/"  # as the deploy workflow gives it: a GitHub Pages address


@pytest.fixture(scope="session")
def built_site_at_address(tmp_path_factory) -> Path:
    """The real content built as the deploy workflow builds it: with the site's address."""
    out = tmp_path_factory.mktemp("site-url")
    result = kennisbank(
        "build",
        "--site-url",
        SITE_URL.rstrip("/"),
        "--docs-dir",
        str(out / "docs"),
        "--site-dir",
        str(out / "site"),
        env=WITH_REPOSITORY,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_server(built_site):
    """`kennisbank serve` on the built site: static pages and the search API, on loopback."""
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--no-build",
            "--port",
            str(port),
            "--docs-dir",
            str(built_site / "docs"),
            "--site-dir",
            str(built_site / "site"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/openapi.json", timeout=2)
            break
        except OSError:
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=15)
