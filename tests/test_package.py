"""The package as a municipality installs it: `pip install .` (or pipx) in a fresh environment gives
a `kennisbank` that works inside any content checkout (issue 22, item 5)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import generator
from generator import paths
from generator.app import start

ROOT = Path(__file__).resolve().parent.parent


def _checkout_copy(target: Path) -> Path:
    """What a content checkout holds: mkdocs.yml, content/ and site_config/ (no code)."""
    target.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("content", "site_config"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip install .` builds (no build isolation: setuptools comes from the test lock, so
    this needs no network)."""
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("src") / "kennisbank"
    # a clean copy, so nothing left in the worktree (build/, *.egg-info) ends up in the wheel
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", "node_modules", ".cache"),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("kennisbank_gemengde_wijk-*.whl")
    return built


def test_the_wheel_holds_every_module_and_the_licence(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")}
    assert source <= names, sorted(source - names)  # e.g. generator/search/ was left out before
    assert "generator/search/static.py" in names
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(wheel).read(meta).decode()
    assert "License-Expression: EUPL-1.2" in metadata
    assert f"Version: {generator.__version__}" in metadata
    if (ROOT / "LICENSE").exists():
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_installed_wheel_runs_help_version_and_validate_inside_a_checkout(wheel, tmp_path):
    """A fresh virtual environment with only the wheel (its dependencies are the ones already
    installed for the tests, made visible through a .pth file, so nothing is downloaded)."""
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    bin_ = fresh / ("Scripts" if os.name == "nt" else "bin")
    purelib = Path(
        subprocess.run(
            [str(bin_ / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies; a .pth line adds the folder without running the .pth files in it, so the
    # editable install of this worktree stays out
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bin_ / "python"), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    checkout = _checkout_copy(tmp_path / "mijn-kennisbank")
    env = {k: v for k, v in os.environ.items() if k not in (paths.ROOT_ENV, "PYTHONPATH")}
    env["PYTHONUTF8"] = "1"

    def kennisbank(*args: str, cwd: Path = checkout) -> subprocess.CompletedProcess:
        return subprocess.run([str(bin_ / "kennisbank"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)

    where = subprocess.run(
        [str(bin_ / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(fresh), where  # the installed code, not this worktree's

    helped = kennisbank("--help")
    assert helped.returncode == 0, helped.stderr
    assert "validate" in helped.stdout and "build" in helped.stdout
    version = kennisbank("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"kennisbank {generator.__version__}"
    checked = kennisbank("validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Inhoud in orde" in checked.stdout
    deeper = kennisbank("validate", cwd=checkout / "content" / "cities")  # the root is found upwards
    assert deeper.returncode == 0 and "Inhoud in orde" in deeper.stdout, deeper.stderr

    # the vocabularies are this checkout's (they were looked for next to the installed code before)
    vocab = checkout / "site_config" / "vocabularies.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("    woningtoewijzing: {", "    toewijzing: {"), encoding="utf-8")
    changed = kennisbank("validate")
    assert changed.returncode == 1 and "woningtoewijzing" in changed.stderr, changed.stderr

    outside = kennisbank("validate", cwd=tmp_path)
    assert outside.returncode == 2
    assert "Geen kennisbank gevonden" in outside.stderr and "Traceback" not in outside.stderr
    assert kennisbank("--version", cwd=tmp_path).returncode == 0  # the version needs no checkout


def test_root_is_found_from_the_working_directory_upwards(tmp_path):
    checkout = _checkout_copy(tmp_path / "kb")
    assert paths.find_root(checkout / "content" / "cities", environ={}) == checkout.resolve()
    assert paths.find_root(checkout, environ={}) == checkout.resolve()
    assert paths.find_root(tmp_path, environ={}) is None
    assert paths.find_root(tmp_path, environ={paths.ROOT_ENV: str(checkout)}) == checkout.resolve()


def test_windows_is_refused_in_dutch_before_anything_runs(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["kennisbank", "validate"])
    monkeypatch.setattr(os, "name", "nt")
    with pytest.raises(SystemExit) as exit_:
        start.main()
    monkeypatch.undo()
    assert exit_.value.code == 2
    said = capsys.readouterr().err
    assert "Windows" in said and "WSL 2" in said and "README" in said
    assert start.refusal(["validate"], os_name="posix") is None
