"""The code's structure: every module imports, the modules import each other without a
circle, and the content-kind registry is the one list of kinds."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The generator modules this module imports, anywhere in it (an import inside a function,
    made there to dodge a circle at import time, is still part of the circle; an import for the
    type checker only is not: a kind module names the Graph it is given without importing it)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {  # `if TYPE_CHECKING:` imports are read by the type checker only, never at run time
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import pages` imports the module generator.site.pages
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}
    # importing a module also runs its package's __init__, which imports nothing of ours
    return {name: _imports(name, path, set(modules)) - packages for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports (a -> b -> ... -> a), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_every_generator_module_imports():
    for name in _modules():
        if not name.endswith(".__main__"):  # that one runs the command line
            importlib.import_module(name)


def test_the_generator_modules_import_each_other_without_a_circle():
    graph = import_graph()
    assert "generator.graph.graph" in graph["generator.pipeline"]  # the graph sees imports
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_registry_is_the_one_list_of_kinds():
    from generator.site import related
    from generator.contribute import rename
    from generator.contribute import schema
    from generator.kinds import KINDS, kinds
    from generator.search import ranking
    from generator.search.documents import PAGE

    # each kind with pages declares its page (template + context) and a URL rule of its own
    assert all(KINDS[k].template and KINDS[k].page and "#" not in KINDS[k].path for k in kinds(has_page=True))
    assert all(KINDS[k].path == "{section}#{key}" for k in kinds(has_page=False))  # the others are an anchor
    # each searchable kind has a search weight, and so have the site's fixed pages (site_config/search.yaml)
    assert set(ranking.TYPE_PRIOR) == set(kinds(searchable=True)) | {PAGE}
    assert set(ranking.DESCRIPTION_PRIOR) == set(ranking.TYPE_PRIOR)  # and one for long descriptions
    assert set(related.RELATED_TYPES) <= set(kinds(has_page=True))  # a suggestion is a page
    assert set(rename.RENAMABLE) <= set(kinds(has_page=True))  # renaming redirects a page's URL
    assert schema.SCHEMA_KINDS == tuple(KINDS)
    assert {k for k, d in KINDS.items() if d.search} == set(kinds(searchable=True))  # a searchable kind its document
    modules = sorted(p.stem for p in (PACKAGE / "kinds").glob("*.py") if p.stem not in ("__init__", "base", "rows"))
    assert modules == sorted(KINDS)  # one module per kind, and every module is registered


def test_search_documents_and_published_addresses_follow_the_registry(monkeypatch):
    """The search documents and the permalink registry take their kinds from KINDS
    (kinds(...)), not from a list of their own: a kind the registry marks as neither searchable nor
    with pages of its own disappears from both. (This test only checked that the two functions existed.)"""
    import dataclasses

    from generator import pipeline
    from generator import kinds
    from generator.content.urls import url_path
    from generator.graph import permalinks
    from generator.search.documents import documents

    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    pages = {url_path("organisation", rec.key) for rec in g.of("organisation")}
    assert pages and pages <= permalinks.current(g)
    assert "organisation" in {d.type for d in documents(g)}
    plain = dataclasses.replace(kinds.KINDS["organisation"], searchable=False, has_page=False)
    monkeypatch.setitem(kinds.KINDS, "organisation", plain)
    assert "organisation" not in {d.type for d in documents(g)}
    assert not pages & permalinks.current(g)
    assert {d.type for d in documents(g)} >= {"instrument", "practice", "city"}  # the other kinds stay


def test_templates_get_prepared_data_not_the_graph(tmp_path):
    """pages.py makes the content choices: no page context and no template can reach the graph."""
    import jinja2
    import pytest

    from generator import pipeline
    from generator.graph.graph import Graph
    from generator.site.pages import all_pages
    from generator.site.render import Page, Renderer

    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    renderer = Renderer(g)
    pages = all_pages(renderer)
    assert len(pages) > 100
    for page in pages:
        for name, value in page.context.items():
            assert not isinstance(value, Graph) and not isinstance(getattr(value, "__self__", None), Graph), (page.path, name)
    (tmp_path / "graph.md.j2").write_text("{{ g.of('instrument') }}", encoding="utf-8")
    probe = Renderer(g, templates=tmp_path)
    with pytest.raises(jinja2.UndefinedError):  # `g` is not in a template's context
        probe.render(Page("graph.md", "graph.md.j2", {}))


def test_every_page_the_site_publishes_is_in_the_permalink_registry():
    """Not only entries: overviews and tools (/en/, /bewijskaart/ were missing) are published
    URLs too, so a page that disappears without a redirect stops the build."""
    from generator.graph import permalinks
    from generator import pipeline
    from generator.site.pages import all_pages
    from generator.site.render import Renderer
    from generator.content.urls import FIXED_PAGES, md_to_url

    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    published = {md_to_url(page.path) for page in all_pages(Renderer(g))}
    assert published == permalinks.current(g)
    assert {page.path for page in all_pages(Renderer(g)) if page.node is None} == set(FIXED_PAGES)
    registry = set(permalinks.read(permalinks.registry_path(pipeline.Project().content_dir)))
    assert published <= registry, sorted(published - registry)


PROCESS_MODULES = {"multiprocessing", "signal", "fcntl", "concurrent.futures"}


def _process_calls(path: Path) -> set[str]:
    """The process, lock and signal machinery a module uses: imports of PROCESS_MODULES, os.fork and os.kill."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] in PROCESS_MODULES}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PROCESS_MODULES:
            found.add(node.module or "")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os":
            if node.attr in ("fork", "kill", "killpg", "setsid"):
                found.add(f"os.{node.attr}")
    return found


def test_one_module_owns_forks_locks_and_signals():
    """generator/processes.py starts every child process, holds the project lock and installs the
    signal handler; the stages ask it (the build's index writer, render's second process and the
    preview's search writer each forked on their own before, and the command line set SIGTERM)."""
    owners = {name: used for name, path in _modules().items() if (used := _process_calls(path))}
    assert set(owners) == {"generator.processes"}, owners
    assert _process_calls(PACKAGE / "processes.py") >= {"multiprocessing", "signal", "fcntl"}
