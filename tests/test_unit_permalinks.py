"""Published URLs never break, in-process: the registry of URLs, redirects in a small
mkdocs.yml, and what `check` and `update` make of them (no build, no subprocess)."""

from __future__ import annotations

from generator.graph import graph
from generator.content import loader
from generator.graph import permalinks
from generator.content.errors import Problems
from generator.graph.permalinks import md_to_url


def graph_of(project):
    """Loader and graph stages only: the registry is checked by these tests themselves."""
    problems = Problems()
    g = graph.build(loader.load(project.content, project.root, problems), problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return g


def test_docs_paths_become_urls():
    assert md_to_url("index.md") == "/"
    assert md_to_url("instrumenten/index.md") == "/instrumenten/"
    assert md_to_url("instrumenten/housing-first.md") == "/instrumenten/housing-first/"
    assert md_to_url("steden/tilburg/skaeve-huse.md") == "/steden/tilburg/skaeve-huse/"


def test_the_site_s_urls_are_its_pages_and_the_fixed_ones(project):
    urls = permalinks.current(graph_of(project))
    assert {
        "/instrumenten/housing-first/",
        "/steden/tilburg/",
        "/steden/tilburg/housing-first/",
        "/belemmeringen/privacy/",
        "/organisaties/gemeente-tilburg/",
    } <= urls
    assert set(permalinks.FIXED) <= urls
    assert not [u for u in urls if not (u.startswith("/") and u.endswith("/"))]


def mkdocs_yml(tmp_path, redirects: dict[str, str]):
    path = tmp_path / "mkdocs.yml"
    lines = "".join(f"        {old}: {new}\n" for old, new in redirects.items())
    path.write_text(
        "site_name: proef\nplugins:\n  - redirects:\n      redirect_maps:\n" + (lines or "        {}\n"), encoding="utf-8"
    )
    return path


def check(project, redirects: dict[str, str] | None = None) -> list[str]:
    problems = Problems()
    permalinks.check(graph_of(project), project.content, mkdocs_yml(project.root, redirects or {}), problems)
    return [str(p) for p in problems.errors]


def test_update_registers_new_urls_once_sorted(project):
    g = graph_of(project)
    new = permalinks.update(g, project.content)
    registry = project.root / "site_config" / "permalinks.txt"
    assert new == sorted(permalinks.current(g))
    assert permalinks.read(registry) == new
    assert registry.read_text(encoding="utf-8").startswith("# ")
    assert permalinks.update(g, project.content) == []  # nothing new the second time
    assert check(project) == []


def test_a_published_url_that_disappears_stops_the_build(project):
    permalinks.update(graph_of(project), project.content)
    project.remove("barriers/privacy.yaml")
    for rel in ("instruments/housing-first.yaml", "cities/tilburg/housing-first.yaml"):
        text = (project.content / rel).read_text()
        project.write(rel, text.replace("barriers: [privacy]\n", "barriers: []\n"))
    errors = check(project)
    assert len(errors) == 1, errors
    line = permalinks.read(project.root / "site_config" / "permalinks.txt").index("/belemmeringen/privacy/") + 3
    assert errors[0].startswith(f"site_config/permalinks.txt:{line}:1  het webadres /belemmeringen/privacy/ is gepubliceerd")
    assert "kennisbank rename" in errors[0]
    # with a redirect to a page that exists, the old address keeps working
    assert check(project, {"belemmeringen/privacy.md": "instrumenten/housing-first.md"}) == []
    # a redirect to a page that does not exist is no help
    gone = check(project, {"belemmeringen/privacy.md": "belemmeringen/bestaat-niet.md"})
    assert len(gone) == 1 and "verwijst door naar /belemmeringen/bestaat-niet/, maar die pagina bestaat niet" in gone[0]


def test_redirect_chains_loops_and_redirects_over_pages_are_refused(project):
    chain = check(project, {"oud/a.md": "oud/b.md", "oud/b.md": "instrumenten/housing-first.md"})
    assert len(chain) == 1 and "een keten van doorverwijzingen werkt niet" in chain[0]
    loop = check(project, {"oud/a.md": "oud/b.md", "oud/b.md": "oud/a.md"})
    assert len(loop) == 1 and "kringloop" in loop[0]
    over = check(project, {"instrumenten/housing-first.md": "steden/tilburg.md"})
    assert len(over) == 1 and "de pagina /instrumenten/housing-first/ bestaat" in over[0]
    assert over[0].startswith("mkdocs.yml:5:9  redirect_maps: ")
