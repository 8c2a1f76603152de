"""Habits the code keeps (issue 23, item 6): ruff finds nothing, the whole generator package
type-checks with mypy (function bodies too), and its public functions say what they take and give.

The settings live in pyproject.toml ([tool.ruff], [tool.mypy]); ruff and mypy are test tools
(the test lock, requirements-test.txt).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"  # type-checked by mypy ([tool.mypy] files), every public function annotated


LINTED = ("generator", "tests", "bench", "dev.py")  # what ruff checks and formats


def _run(tool: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """A test tool of this environment (ruff, mypy) run in the repository, its settings from pyproject.toml."""
    found = shutil.which(tool, path=str(Path(sys.executable).parent))
    assert found, f"{tool} is not installed: run 'python3 dev.py setup' (it is in requirements-test.txt)"
    return subprocess.run([found, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", *LINTED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted_by_ruff():
    """One layout for all Python ([tool.ruff.format]): `ruff format generator tests bench dev.py` fixes it."""
    result = _run("ruff", "format", "--check", "--no-cache", *LINTED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_generator_type_checks():
    """Every module of the generator, with the settings of [tool.mypy] (files: pyproject.toml)."""
    result = _run("mypy", "--no-incremental", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_checks_the_whole_generator_and_silences_none_of_it():
    """mypy's files are the generator package, and no override hides the errors of a module of it
    (`follow_imports = "silent"`, `ignore_errors`, `ignore_missing_imports` on our own modules)."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert settings["files"] == ["generator"]
    hiding = ("follow_imports", "ignore_errors", "ignore_missing_imports")
    ours = [
        o["module"]
        for o in settings.get("overrides", [])
        if any(key in o for key in hiding)
        and any(m.startswith("generator") for m in ([o["module"]] if isinstance(o["module"], str) else o["module"]))
    ]
    assert not ours, ours


def unannotated(source: str) -> list[str]:
    """Public functions and methods (of public classes) missing a parameter or return annotation."""
    out = []

    def check(fn: ast.FunctionDef | ast.AsyncFunctionDef, owner: str = "") -> None:
        if fn.name.startswith("_") and fn.name != "__init__":
            return
        args = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
        args += [a for a in (fn.args.vararg, fn.args.kwarg) if a]
        missing = [a.arg for a in args if a.annotation is None and a.arg not in ("self", "cls")]
        if fn.returns is None and fn.name != "__init__":
            missing.append("return")
        if missing:
            out.append(f"{fn.lineno}: {owner}{fn.name} ({', '.join(missing)})")

    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            check(node)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    check(item, node.name + ".")
    return out


def test_the_finder_of_unannotated_functions_finds_them():
    source = (
        "def a(x): return x\ndef b(x: int): return x\ndef c(x: int) -> int: return x\ndef _d(x): pass\n"
        "class E:\n    def f(self, y) -> None: pass\n    def g(self) -> int: return 1\n"
    )
    assert unannotated(source) == ["1: a (x, return)", "2: b (return)", "6: E.f (y)"]


def test_public_functions_are_annotated():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if missing := unannotated(path.read_text(encoding="utf-8")):
            found[path.relative_to(ROOT).as_posix()] = missing
    assert not found, found
