"""Settings are passed in, never written to os.environ (issue 23, item 4).

The command line wrote --site-url into KENNISBANK_SITE_URL and the MkDocs stage wrote
SOURCE_DATE_EPOCH: both outlived the call, reached every later build in the same process (the
live preview, the tests) and every thread. Now the site's address travels in the Project and the
build date is handed to MkDocs for the length of its call.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent
MUTATORS = {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"}


def _is_environ(node: ast.AST) -> bool:
    """`os.environ`, or `environ` as imported by `from os import environ`."""
    return (
        isinstance(node, ast.Attribute) and node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    ) or (isinstance(node, ast.Name) and node.id == "environ")


def environ_writes(source: str) -> list[int]:
    """Line numbers where the source writes the process environment."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            if (isinstance(target, ast.Subscript) and _is_environ(target.value)) or _is_environ(target):
                lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if func.attr in MUTATORS and _is_environ(func.value):
                lines.append(node.lineno)
            if func.attr in ("putenv", "unsetenv") and isinstance(func.value, ast.Name) and func.value.id == "os":
                lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(alias.name in ("putenv", "unsetenv") for alias in node.names):
                lines.append(node.lineno)
    return sorted(lines)


def test_the_finder_finds_every_way_of_writing_the_environment():
    source = "\n".join(
        [
            "import os",
            "from os import environ, putenv",
            "os.environ['A'] = '1'",
            "environ['B'] = '2'",
            "os.environ.update(C='3')",
            "os.environ.setdefault('D', '4')",
            "os.environ.pop('E', None)",
            "del os.environ['F']",
            "os.putenv('G', '7')",
            "os.environ |= {'H': '8'}",
            "x = os.environ.get('I')",  # reading is fine
            "y = dict(os.environ, J='10')",  # a copy for a child process is fine
        ]
    )
    assert environ_writes(source) == [2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_no_generator_module_writes_os_environ():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = environ_writes(path.read_text(encoding="utf-8"))
        if lines:
            found[path.relative_to(PACKAGE.parent).as_posix()] = lines
    assert not found, f"os.environ written at {found}; pass the setting in instead"


def test_mkdocs_gets_the_build_date_for_its_call_only():
    """MkDocs reads its build date (sitemap lastmod) through mkdocs.utils.get_build_datetime."""
    from mkdocs import utils

    from generator.site.mkdocs_build import dated

    before = dict(os.environ)
    original = utils.get_build_datetime
    with dated("1700000000"):
        assert utils.get_build_date() == "2023-11-14"
        from mkdocs.structure.pages import get_build_date  # the name MkDocs' pages use

        assert get_build_date() == "2023-11-14"
    assert utils.get_build_datetime is original
    assert dict(os.environ) == before


def test_the_site_address_given_goes_before_the_environment_and_mkdocs_yml(tmp_path, monkeypatch):
    from generator.pipeline import Project

    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: https://uit-mkdocs.example/\n", encoding="utf-8")
    monkeypatch.delenv("KENNISBANK_SITE_URL", raising=False)
    assert Project(root=tmp_path).addresses().site_url == "https://uit-mkdocs.example/"
    monkeypatch.setenv("KENNISBANK_SITE_URL", "https://uit-de-omgeving.example")
    assert Project(root=tmp_path).addresses().site_url == "https://uit-de-omgeving.example/"
    given = Project(root=tmp_path, site_url="https://gegeven.example/kb")
    assert given.addresses().site_url == "https://gegeven.example/kb/"
    assert os.environ["KENNISBANK_SITE_URL"] == "https://uit-de-omgeving.example"
