"""Writes a crash cannot empty, and one command at a time (issue 23, item 5).

Each command that changes files is killed (SIGKILL) at several points of its run, by
tests/killpoint.py: at its Nth write it writes half of the data (what a file written in place
holds after a crash) or skips the rename, and kills itself. Afterwards every file of the project
must be whole: the version from before the command or the one after it, never a truncated one;
the YAML parses, site_config/permalinks.txt is not empty, mkdocs.yml loads. The kill points are
spread over the whole run (the number of writes is counted in an uninterrupted run first).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL, ROOT, fixture_mkdocs_yml
from test_contributing import SAMPLE_ISSUE, FullProject, full  # noqa: F401  (full: the fixture)

KILLPOINT = Path(__file__).with_name("killpoint.py")
REGISTRY = "site_config/permalinks.txt"


def _env(root: Path) -> dict:
    return dict(os.environ, KENNISBANK_ROOT=str(root), PYTHONUTF8="1")


def _run(root: Path, kill_at: int, count_file: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(KILLPOINT), str(kill_at), str(count_file), *args],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A small complete project (own site_config, mkdocs.yml, issue form folder) built once, so its
    site, docs tree and site_config/permalinks.txt exist, as in a checkout that has been published."""
    root = tmp_path_factory.mktemp("gepubliceerd")
    shutil.copytree(ROOT / "site_config", root / "site_config", ignore=shutil.ignore_patterns("permalinks.txt"))
    fixture_mkdocs_yml(root, root / "site_config")
    (root / ".github/ISSUE_TEMPLATE").mkdir(parents=True)
    p = FullProject(root)
    for rel, text in MINIMAL.items():
        p.write(rel, text)
    result = p.run("build")
    assert result.returncode == 0, result.stderr
    assert "/steden/tilburg/" in (root / REGISTRY).read_text(encoding="utf-8")
    return root


def _hidden_temp(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name.startswith(".") and name.endswith(".tmp")


def snapshot(root: Path, with_docs: bool = False) -> dict[str, bytes]:
    """Every file of the project (content, site_config, mkdocs.yml, the issue form; with_docs: the
    docs tree too) by path; a hidden temporary file a kill left behind is not a project file."""
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if _hidden_temp(rel) or rel.endswith(".kennisbank.lock"):
            continue
        if rel.startswith("build/") and not (with_docs and rel.startswith("build/docs/")):
            continue
        files[rel] = path.read_bytes()
    return files


def assert_whole(now: dict[str, bytes], before: dict[str, bytes], after: dict[str, bytes], where: str) -> None:
    # a file a command moves (rename) may hold its old or new text at its old or new place
    versions = defaultdict(set)
    for state in (before, after):
        for rel, data in state.items():
            versions[rel.rsplit("/", 1)[-1]].add(data)
    for rel, data in now.items():
        assert data in (before.get(rel), after.get(rel)) or data in versions[rel.rsplit("/", 1)[-1]], (
            f"{where}: {rel} is neither as before nor as after the command ({len(data)} bytes)"
        )
        if rel.endswith(".yaml") and rel.startswith("content/"):
            assert yaml.safe_load(data), f"{where}: {rel} is empty"
    for rel in before:
        assert rel in now or rel not in after, f"{where}: {rel} disappeared"
    assert now.get(REGISTRY, b"").strip(), f"{where}: {REGISTRY} is empty or missing"
    assert now[REGISTRY] in (before.get(REGISTRY), after.get(REGISTRY)), where
    assert now["mkdocs.yml"] in (before["mkdocs.yml"], after["mkdocs.yml"]), where
    from mkdocs.utils.yaml import yaml_load

    assert yaml_load(now["mkdocs.yml"].decode("utf-8"))["plugins"], where


def kill_points(count: int, most: int) -> list[int]:
    """Up to `most` points spread from the first write to the last."""
    if count <= most:
        return list(range(1, count + 1))
    return sorted({1 + round(i * (count - 1) / (most - 1)) for i in range(most)})


def killed_runs(published: Path, tmp_path: Path, args: list[str], most: int, prepare=None, with_docs: bool = False):
    """Run the command once uninterrupted, then killed at each kill point on a fresh copy of the
    project; yields (where, project folder, before, after) for each killed run."""

    def fresh(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(published, root)
        if prepare:
            prepare(root)
        return root

    complete = fresh("heel")
    before = snapshot(complete, with_docs)
    count_file = tmp_path / "schrijfacties"
    result = _run(complete, 0, count_file, *args)
    assert result.returncode == 0, result.stderr
    after = snapshot(complete, with_docs)
    assert after != before, "the command changed nothing"
    count = int(count_file.read_text())
    assert count >= 2, count
    for n in kill_points(count, most):
        root = fresh(f"gestopt-{n}")
        result = _run(root, n, count_file, *args)
        where = f"{' '.join(args)} killed at write {n} of {count}"
        assert result.returncode == -9, f"{where}: not killed ({result.returncode}): {result.stderr}"
        assert_whole(snapshot(root, with_docs), before, after, where)
        yield where, root, before, after


def test_rename_killed_anywhere_leaves_every_file_whole(published, tmp_path):
    runs = list(killed_runs(published, tmp_path, ["rename", "city:tilburg", "tilburg-stad"], most=12))
    assert len(runs) >= 4


def test_new_killed_anywhere_leaves_every_file_whole(published, tmp_path):
    args = ["new", "practice", "--city", "tilburg", "--instrument", "housing-first", "--slug", "tweede"]
    for where, root, _before, _after in killed_runs(published, tmp_path, args, most=4):
        assert not (root / "content/cities/tilburg/tweede.yaml").exists() or yaml.safe_load(
            (root / "content/cities/tilburg/tweede.yaml").read_text(encoding="utf-8")
        ), where


def test_from_issue_write_killed_anywhere_leaves_every_file_whole(published, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(SAMPLE_ISSUE, encoding="utf-8")
    runs = list(killed_runs(published, tmp_path, ["from-issue", str(body), "--write"], most=8))
    assert len(runs) >= 3


def test_from_issue_event_killed_anywhere_leaves_every_file_whole(published, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "issue": {"number": 7, "body": SAMPLE_ISSUE}}), encoding="utf-8")
    args = ["from-issue", "--event", str(event), "--comment", str(tmp_path / "reactie.md")]
    runs = list(killed_runs(published, tmp_path, args, most=8))
    assert len(runs) >= 3


def _one_more_domain(root: Path) -> None:
    """A new vocabulary value: `kennisbank schema` writes the schemas, the script labels and the issue form again."""
    path = root / "site_config/vocabularies.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    samenwerking-en-zorg: {label: Samenwerking en zorg,"
    assert old in text
    value = '    proefdomein: {label: Proefdomein, help: "Alleen voor deze test."}\n'
    path.write_text(text.replace(old, value + old), encoding="utf-8")


def test_schema_killed_anywhere_leaves_every_file_whole(published, tmp_path):
    runs = list(killed_runs(published, tmp_path, ["schema"], most=6, prepare=_one_more_domain))
    assert len(runs) >= 2


def _one_more_practice(root: Path) -> None:
    """A new practice: the build writes new pages and records a new address in the registry."""
    source = root / "content/cities/tilburg/housing-first.yaml"
    text = (
        source.read_text(encoding="utf-8")
        .replace("name: Housing First in Tilburg", "name: Jongerenhuisvesting in Noord")
        .replace("location: verspreid over de stad", "location: in Tilburg-Noord")
    )
    (root / "content/cities/tilburg/tweede.yaml").write_text(text, encoding="utf-8")


def test_build_killed_anywhere_leaves_every_file_whole_and_the_next_build_repairs_the_site(published, tmp_path):
    runs = killed_runs(published, tmp_path, ["build"], most=5, prepare=_one_more_practice, with_docs=True)
    for where, root, _before, _after in runs:
        site = root / "build/site"
        assert (site / "index.html").is_file() or (site.with_name("site.old") / "index.html").is_file(), where
        again = subprocess.run(
            [sys.executable, "-m", "generator", "build"], cwd=root, env=_env(root), capture_output=True, text=True, timeout=300
        )
        assert again.returncode == 0, f"{where}: {again.stderr}"
        assert (site / "steden/tilburg/tweede/index.html").is_file(), where
        assert "/steden/tilburg/tweede/" in (root / REGISTRY).read_text(encoding="utf-8"), where
        assert not [p.name for p in (root / "build").iterdir() if p.name.endswith((".new", ".old"))], where


# --- one command at a time ------------------------------------------------------------------------


def test_a_rename_during_a_build_waits_for_it(published, tmp_path):
    """The build holds the project lock; a rename started meanwhile says in Dutch that it waits, and
    runs when the build is done (before, it ran at once: a stale 'successful' build and a repository
    that failed validation)."""
    root = tmp_path / "project"
    shutil.copytree(published, root)
    _one_more_practice(root)
    # The rename's process starts and imports everything first, then waits for the word: so it asks
    # for the lock within milliseconds of the build being seen under way, not after a second of
    # imports (on a quick machine the small build could be done by then, and nothing would wait).
    rename = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys\nfrom generator.app import cli\nprint('klaar', flush=True)\nsys.stdin.readline()\n"
                "sys.argv = ['kennisbank', 'rename', 'city:tilburg', 'tilburg-stad']\ncli.main()\n"
            ),
        ],
        cwd=root,
        env=_env(root),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert rename.stdout.readline().strip() == "klaar"
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=root,
        env=_env(root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (root / "build/docs/steden/tilburg/tweede.md").exists():  # the build is under way
            assert build.poll() is None and time.monotonic() < deadline, build.communicate()
            time.sleep(0.005)
        rename.stdin.write("\n")
        rename.stdin.flush()
        rename_out, rename_err = rename.communicate(timeout=300)
    finally:
        out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert rename.returncode == 0, rename_err
    assert "Er is al een ander kennisbank-proces bezig" in rename_err and "wachten" in rename_err
    assert (root / "content/cities/tilburg-stad.yaml").is_file()
    assert (root / "build/site/steden/tilburg/tweede/index.html").is_file()  # the build built the old content whole
    # the rename saw what the build published: the new practice's address got its redirect too
    assert "steden/tilburg/tweede.md: steden/tilburg-stad/tweede.md" in (root / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_busy_project_is_refused_in_dutch_after_the_wait(published, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(published, root)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from generator.processes import locked\n"
                "with locked(Path(sys.argv[1])):\n    print('vast', flush=True); time.sleep(60)"
            ),
            str(root / "build"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "vast"
        env = dict(_env(root), KENNISBANK_LOCK_TIMEOUT="0.5")
        for args in (["new", "instrument", "nieuw"], ["rename", "city:tilburg", "tilburg-stad"], ["schema"]):
            result = subprocess.run(
                [sys.executable, "-m", "generator", *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 1, (args, result.stdout, result.stderr)
            assert "Er is al een ander kennisbank-proces bezig in" in result.stderr, (args, result.stderr)
            assert "Traceback" not in result.stderr
        assert not (root / "content/instruments/nieuw.yaml").exists()
        assert (root / "content/cities/tilburg.yaml").exists()
    finally:
        holder.kill()
        holder.wait()


# --- a lost registry is an error ------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["0 bytes", "only comments", "missing, known to git"])
def test_validate_refuses_a_lost_permalink_registry(published, tmp_path, damage):
    """An emptied site_config/permalinks.txt silently switched off the check that published
    addresses keep working: validate said all was well."""
    root = tmp_path / "project"
    shutil.copytree(published, root)
    registry = root / REGISTRY
    if damage == "missing, known to git":
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(["git", "add", REGISTRY], cwd=root, check=True)
        registry.unlink()
    else:
        registry.write_text("" if damage == "0 bytes" else "# Elk webadres\n", encoding="utf-8")
    result = FullProject(root).run("validate")
    assert result.returncode == 1, result.stdout
    assert "site_config/permalinks.txt:1:1  dit bestand" in result.stderr
    assert "gepubliceerde webadressen" in result.stderr and "git checkout -- site_config/permalinks.txt" in result.stderr


def test_a_new_knowledge_base_without_a_registry_validates(published, tmp_path):
    """Before its first build a knowledge base has no registry (and git does not know one): fine."""
    root = tmp_path / "project"
    shutil.copytree(published, root)
    (root / REGISTRY).unlink()
    result = FullProject(root).run("validate")
    assert result.returncode == 0, result.stderr


# --- every write through the one helper -------------------------------------------------------------

# Modules that may write files themselves, and why: they write into a fresh folder that is swapped in
# whole when it is complete (paths.swap_in), so no reader and no later run sees a half-written file.
WRITE_INTO_NEW_FOLDER = {"generator/search/static.py", "generator/search/whoosh_engine.py"}
# Appending a line to a file GitHub gives the step ($GITHUB_OUTPUT): the runner's file, not the project's.
APPENDS = {"generator/contribute/formreply.py"}


def plain_writes(source: str) -> list[int]:
    """Lines that write a file without generator/fileio.py: Path.write_text/write_bytes, or open()
    for writing ('w', 'x', 'a' or '+')."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("write_text", "write_bytes"):
            found.append(node.lineno)
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in ("open", "fdopen") and not (
            isinstance(func, ast.Attribute) and func.attr == "open" and isinstance(func.value, ast.Name) and func.value.id == "os"
        ):
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wxa+"):
                found.append(node.lineno)
    return found


def test_the_finder_of_plain_writes_finds_them():
    source = (
        "from pathlib import Path\np = Path('x')\np.write_text('a')\np.write_bytes(b'a')\n"
        "open('x', 'w')\nopen('x', mode='a')\nopen('x')\nopen('x', 'rb')\np.read_text()\n"
    )
    assert plain_writes(source) == [3, 4, 5, 6]


def test_generator_writes_files_only_through_the_atomic_helper():
    import generator

    package = Path(generator.__file__).parent
    found = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent).as_posix()
        if rel in WRITE_INTO_NEW_FOLDER | APPENDS | {"generator/fileio.py"}:
            continue
        if lines := plain_writes(path.read_text(encoding="utf-8")):
            found[rel] = lines
    assert not found, f"files written in place (a crash can leave them half-written): {found}; use generator.fileio"


# --- two builds at once, a killed build's index writer (security probe of issue 13) ----------------


def start(full: FullProject, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=full.root,
        env=_env(full.root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


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
        build = subprocess.Popen(
            [sys.executable, "-c", SLOW_INDEX], cwd=full.root, env=env, stdout=subprocess.DEVNULL, stderr=err
        )
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
