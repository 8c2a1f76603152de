"""Hardening after the security probe of issue 13: concurrent builds, redirects, slugs in rename and
new, API parameters, a served index that follows a new build, a killed build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_contributing import FullProject, full  # noqa: F401  (the fixture)


def start(full: FullProject, *args: str) -> subprocess.Popen:
    env = dict(os.environ, KENNISBANK_ROOT=str(full.root), PYTHONUTF8="1")
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=full.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --- item 2 of issue 13: two builds at once ----------------------------------------------------

def test_two_builds_at_once_both_succeed_and_the_site_is_whole(full):
    first, second = start(full, "build"), start(full, "build")
    outs = [p.communicate(timeout=300) for p in (first, second)]
    for proc, (out, err) in zip((first, second), outs):
        assert "Traceback" not in err, err
        if proc.returncode != 0:  # allowed: the second one says in Dutch that a build is running
            assert "al een ander kennisbank-proces bezig" in err, err
    assert first.returncode == 0 or second.returncode == 0
    site = full.root / "build/site"
    assert (site / "index.html").exists() and (site / "assets").is_dir()
    assert (site / "zoekindex/index.json").exists()
    assert (site / "steden/tilburg/housing-first/index.html").exists()
    # nothing half-written stays behind
    assert not [p.name for p in (full.root / "build").iterdir() if p.name.endswith((".new", ".old"))]



# --- item 3 of issue 13: redirects after renames ------------------------------------------------

def redirect_maps(full: FullProject) -> dict[str, str]:
    import yaml

    config = yaml.safe_load((full.root / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return dict(plugin["redirects"]["redirect_maps"] or {})
    raise AssertionError("no redirects plugin")


def test_rename_and_back_leaves_no_redirect_to_itself(full):
    from sitehtml import page

    assert full.run("build").returncode == 0
    assert full.run("rename", "instrument:housing-first", "woning-eerst").returncode == 0
    assert full.run("build").returncode == 0  # /instrumenten/woning-eerst/ is now published too
    back = full.run("rename", "instrument:woning-eerst", "housing-first")
    assert back.returncode == 0, back.stderr
    maps = redirect_maps(full)
    assert maps == {"instrumenten/woning-eerst.md": "instrumenten/housing-first.md"}
    result = full.run("build")
    assert result.returncode == 0, result.stderr
    html = page(full.root / "build/site", "/instrumenten/housing-first/")
    assert 'http-equiv="refresh"' not in html and "Housing First" in html


def test_redirect_chains_collapse(full):
    assert full.run("build").returncode == 0
    assert full.run("rename", "instrument:housing-first", "woning-eerst").returncode == 0
    assert full.run("build").returncode == 0
    assert full.run("rename", "instrument:woning-eerst", "eerst-een-woning").returncode == 0
    assert redirect_maps(full) == {"instrumenten/housing-first.md": "instrumenten/eerst-een-woning.md",
                                   "instrumenten/woning-eerst.md": "instrumenten/eerst-een-woning.md"}
    assert full.run("build").returncode == 0


def test_rename_of_an_unpublished_page_adds_no_redirect(full):
    assert full.run("build").returncode == 0
    full.write("instruments/nieuw-instrument.yaml", (full.content / "instruments/housing-first.yaml").read_text()
               .replace("name: Housing First", "name: Nieuw instrument").replace("aliases: [Woning Eerst]", "aliases: []"))
    renamed = full.run("rename", "instrument:nieuw-instrument", "ander-instrument")
    assert renamed.returncode == 0, renamed.stderr
    assert redirect_maps(full) == {}
    assert full.run("build").returncode == 0


@pytest.mark.parametrize("maps, message", [
    ({"instrumenten/a.md": "instrumenten/b.md", "instrumenten/b.md": "instrumenten/housing-first.md"},
     "verwijst door naar /instrumenten/b/, dat zelf weer doorverwijst"),
    ({"instrumenten/a.md": "instrumenten/a.md"}, "verwijst door naar zichzelf"),
    ({"instrumenten/a.md": "instrumenten/b.md", "instrumenten/b.md": "instrumenten/a.md"},
     "kringloop van doorverwijzingen"),
    ({"instrumenten/housing-first.md": "steden/tilburg.md"}, "de pagina /instrumenten/housing-first/ bestaat"),
])
def test_validate_rejects_redirect_loops_and_chains(full, maps, message):
    config = full.root / "mkdocs.yml"
    block = "redirect_maps:\n" + "".join(f"        {a}: {b}\n" for a, b in maps.items())
    config.write_text(config.read_text(encoding="utf-8").replace("redirect_maps: {}\n", block), encoding="utf-8")
    result = full.run("validate")
    assert result.returncode == 1, result.stdout
    assert "mkdocs.yml:" in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# --- item 6 of issue 13: the new name is checked whole before any file changes -------------------

def snapshot(full: FullProject) -> dict[str, bytes]:
    files = {p.relative_to(full.root).as_posix(): p.read_bytes() for p in full.content.rglob("*") if p.is_file()}
    files["mkdocs.yml"] = (full.root / "mkdocs.yml").read_bytes()
    return files


@pytest.mark.parametrize("old, new, message", [
    ("instrument:housing-first", "a/b", "heeft een naam zonder '/'"),
    ("tilburg/housing-first", "tilburg/a/b", "Een praktijk blijft bij haar stad"),
    ("tilburg/housing-first", "a/b", "Een praktijk blijft bij haar stad"),
    ("instrument:housing-first", "evil\n", "'evil\\n' is geen geldige slug"),
    ("instrument:housing-first", "x" * 81, "hoogstens 80 tekens"),
    ("instrument:housing-first", "stad:ander", "past niet bij instrument 'housing-first'"),
    ("city:tilburg", "Tilburg", "is geen geldige slug"),
])
def test_rename_with_a_bad_new_name_changes_nothing(full, old, new, message):
    assert full.run("build").returncode == 0
    before = snapshot(full)
    result = full.run("rename", old, new)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(full) == before


def test_a_rename_that_fails_halfway_leaves_the_tree_as_it_was(full):
    assert full.run("build").returncode == 0
    config = full.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      redirect_maps: {}\n", "      {}\n"), encoding="utf-8")
    before = snapshot(full)
    result = full.run("rename", "city:tilburg", "tilburg-stad")
    assert result.returncode == 1 and "redirect_maps" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(full) == before


@pytest.mark.parametrize("args", [("new", "instrument", "evil\n"), ("new", "city", "x" * 81),
                                  ("new", "practice", "--city", "tilburg", "--instrument", "housing-first", "--slug", "ok\n")])
def test_new_refuses_a_name_with_a_newline_or_too_long(project, args):
    before = sorted(p.relative_to(project.content).as_posix() for p in project.content.rglob("*"))
    result = project.run(*args)
    assert result.returncode == 1 and "is geen geldige naam" in result.stderr, result.stderr
    assert sorted(p.relative_to(project.content).as_posix() for p in project.content.rglob("*")) == before


# --- item 4 of issue 13: limit and offset are ASCII digits within bounds --------------------------

from test_search import call as api_call  # noqa: E402  (one helper for a JSON call of the API)


@pytest.mark.parametrize("query, expected_status", [
    ("q=housing&limit=%C2%B2", 400),          # superscript two: str.isdigit() says yes, int() says no
    ("q=housing&offset=%E2%91%A0", 400),      # circled one
    ("q=housing&limit=%D9%A3", 400),          # Arabic-Indic three: int() would take it
    ("q=housing&offset=" + "9" * 4301, 400),  # more digits than int() converts
    ("q=housing&limit=" + "1" * 40, 400),
    ("q=housing&offset=-1", 400),
    ("q=housing&limit=%2B5", 400),            # '+5'
    ("q=housing&limit=%205", 400),            # ' 5'
    ("q=housing&limit=0005&offset=0", 200),
    ("q=housing&limit=100000", 200),          # capped, not refused
])
def test_api_limit_and_offset_only_ascii_digits(site_server, query, expected_status):
    status, data = api_call(site_server, query)
    assert status == expected_status, data
    assert data["schema_version"] == 1
    if status == 400:
        assert "moet een geheel getal" in data["error"]
    else:
        assert len(data["results"]) <= 50


# --- item 12 of issue 13: the API follows a new build --------------------------------------------

def test_serve_answers_from_the_index_of_the_latest_build(full):
    import time

    from test_serve import free_port, get

    assert full.run("build").returncode == 0
    port = free_port()
    server = start(full, "serve", "--no-build", "--port", str(port))
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
        text = (full.content / "instruments/housing-first.yaml").read_text().replace(
            "Eerst een eigen woning,", "Eerst een eigen woning (geen zeepbelwoning),")
        full.write("instruments/housing-first.yaml", text)
        rebuilt = full.run("build")
        assert rebuilt.returncode == 0, rebuilt.stderr
        status, data = api_call(base, "q=zeepbelwoning")
        assert status == 200 and [r["id"] for r in data["results"]] == ["instrument:housing-first"], data
    finally:
        server.terminate()
        server.wait(timeout=15)


# --- item 13 of issue 13: a killed build leaves no index writer running, nothing half-written ------

SLOW_INDEX = """
import sys, time
from pathlib import Path
from generator.search import whoosh_engine as engine

def slow_build(docs, target, labels=None):  # the index writer, stopped halfway
    new = Path(target).with_name(Path(target).name + ".new")
    new.mkdir(parents=True, exist_ok=True)
    (new / "half-written").write_text("x")
    time.sleep(120)

engine.build = slow_build
from generator.app.cli import main
sys.argv = ["kennisbank", "build"]
main()
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_a_killed_build_stops_its_index_writer_and_the_next_build_cleans_up(full, signal_name):
    import signal
    import time

    assert full.run("build").returncode == 0
    env = dict(os.environ, KENNISBANK_ROOT=str(full.root), PYTHONUTF8="1")
    log = full.root / "build.log"  # a file, not a pipe: an orphaned writer would hold a pipe open
    with log.open("w") as err:
        build = subprocess.Popen([sys.executable, "-c", SLOW_INDEX], cwd=full.root, env=env,
                                 stdout=subprocess.DEVNULL, stderr=err)
    half = full.root / "build/index.new/half-written"
    deadline = time.monotonic() + 60
    while not half.exists():
        assert build.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    writers = _children(build.pid)
    assert writers
    build.send_signal(getattr(signal, signal_name))
    build.wait(timeout=30)
    assert "Traceback" not in log.read_text()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in writers) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        assert not any(_alive(w) for w in writers), "the index writer outlived its build"
    finally:
        for w in writers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
    result = full.run("build")
    assert result.returncode == 0, result.stderr
    leftovers = [p.name for p in (full.root / "build").iterdir() if p.name.endswith((".new", ".old"))]
    assert leftovers == [] and (full.root / "build/site/zoekindex/index.json").exists()
