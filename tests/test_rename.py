"""`kennisbank rename`: redirects after renames (no loops, no chains, none for an unpublished page),
the new name checked whole before any file changes, a rename that fails halfway undone; and the same
name rule for `kennisbank new`. (Found by the security probe of issue 13.)"""

from __future__ import annotations

import pytest

from test_contributing import FullProject, full  # noqa: F401  (the fixture)


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
    assert redirect_maps(full) == {
        "instrumenten/housing-first.md": "instrumenten/eerst-een-woning.md",
        "instrumenten/woning-eerst.md": "instrumenten/eerst-een-woning.md",
    }
    assert full.run("build").returncode == 0


def test_rename_of_an_unpublished_page_adds_no_redirect(full):
    assert full.run("build").returncode == 0
    full.write(
        "instruments/nieuw-instrument.yaml",
        (full.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("name: Housing First", "name: Nieuw instrument")
        .replace("aliases: [Woning Eerst]", "aliases: []"),
    )
    renamed = full.run("rename", "instrument:nieuw-instrument", "ander-instrument")
    assert renamed.returncode == 0, renamed.stderr
    assert redirect_maps(full) == {}
    assert full.run("build").returncode == 0


@pytest.mark.parametrize(
    "maps, message",
    [
        (
            {"instrumenten/a.md": "instrumenten/b.md", "instrumenten/b.md": "instrumenten/housing-first.md"},
            "verwijst door naar /instrumenten/b/, dat zelf weer doorverwijst",
        ),
        ({"instrumenten/a.md": "instrumenten/a.md"}, "verwijst door naar zichzelf"),
        ({"instrumenten/a.md": "instrumenten/b.md", "instrumenten/b.md": "instrumenten/a.md"}, "kringloop van doorverwijzingen"),
        ({"instrumenten/housing-first.md": "steden/tilburg.md"}, "de pagina /instrumenten/housing-first/ bestaat"),
    ],
)
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


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("instrument:housing-first", "a/b", "heeft een naam zonder '/'"),
        ("tilburg/housing-first", "tilburg/a/b", "Een praktijk blijft bij haar stad"),
        ("tilburg/housing-first", "a/b", "Een praktijk blijft bij haar stad"),
        ("instrument:housing-first", "evil\n", "'evil\\n' is geen geldige slug"),
        ("instrument:housing-first", "x" * 81, "hoogstens 80 tekens"),
        ("instrument:housing-first", "stad:ander", "past niet bij instrument 'housing-first'"),
        ("city:tilburg", "Tilburg", "is geen geldige slug"),
    ],
)
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


@pytest.mark.parametrize(
    "args",
    [
        ("new", "instrument", "evil\n"),
        ("new", "city", "x" * 81),
        ("new", "practice", "--city", "tilburg", "--instrument", "housing-first", "--slug", "ok\n"),
    ],
)
def test_new_refuses_a_name_with_a_newline_or_too_long(project, args):
    before = sorted(p.relative_to(project.content).as_posix() for p in project.content.rglob("*"))
    result = project.run(*args)
    assert result.returncode == 1 and "is geen geldige naam" in result.stderr, result.stderr
    assert sorted(p.relative_to(project.content).as_posix() for p in project.content.rglob("*")) == before
