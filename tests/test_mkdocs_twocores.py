"""MkDocs' page loops on two cores (generator/site/mkdocs_twocores.py): the same site as on one core,
and what MkDocs says about a page the forked helper rendered still stops a --strict build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import processes
from generator.site import mkdocs_build, mkdocs_twocores

PAGES = 120  # above MIN_PAGES: this process takes pages from the front, the helper from the back

CONFIG = """site_name: Proef
theme:
  name: material
  language: nl
plugins:
  - search:
      enabled: {search}
strict: true
use_directory_urls: true
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - tables
validation:
  links:
    not_found: warn
    anchors: warn
    unrecognized_links: warn
nav:
{nav}
"""


def _tree(root: Path, broken: int | None = None, search: bool = False) -> Path:
    """PAGES pages in the nav, titled only by their heading (so the nav shows what rendering found),
    each linking to a heading of the next one; page `broken` links to a page that does not exist and
    to a heading the next page lacks."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    for i in range(PAGES):
        nxt = (i + 1) % PAGES
        text = f"# Pagina {i:03d}\n\n## Kop {i} {{ #kop-{i} }}\n\n| a | b |\n|---|---|\n"
        text += f"| {i} | [volgende](p{nxt:03d}.md#kop-{nxt}) |\n"
        if i == broken:
            text += f"\n[weg](bestaat-niet.md) en [geen kop](p{nxt:03d}.md#geen-kop)\n"
        (docs / f"p{i:03d}.md").write_text(text, encoding="utf-8")
    nav = "\n".join(f"  - p{i:03d}.md" for i in range(PAGES))
    (root / "mkdocs.yml").write_text(CONFIG.format(nav=nav, search=str(search).lower()), encoding="utf-8")
    return docs


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(root: Path, docs: Path, site: Path, *, two: bool, monkeypatch) -> None:
    monkeypatch.setattr(mkdocs_twocores, "MIN_PAGES", 100 if two else 10**9)
    mkdocs_build.build(root / "mkdocs.yml", docs, site, build_date=1700000000)


@pytest.fixture
def two_cores_possible():
    if not processes.can_share_work():
        pytest.skip("een tweede proces kan hier niet: één kern of andere threads")


@pytest.mark.parametrize("search", [False, True])  # with a plugin that gathers every page: on one core
def test_two_cores_build_the_same_site_as_one(tmp_path, monkeypatch, two_cores_possible, search):
    docs = _tree(tmp_path, search=search)
    _build(tmp_path, docs, tmp_path / "een", two=False, monkeypatch=monkeypatch)
    _build(tmp_path, docs, tmp_path / "twee", two=True, monkeypatch=monkeypatch)
    one, two = _files(tmp_path / "een"), _files(tmp_path / "twee")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # the nav names every page by the heading the helper found for half of them
    assert "Pagina 001" in (tmp_path / "twee" / "p000" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("broken", [0, PAGES - 1])  # the first page (this process's) and the last (the helper's)
def test_a_broken_link_stops_the_build_whichever_process_rendered_the_page(tmp_path, monkeypatch, two_cores_possible, broken):
    docs = _tree(tmp_path, broken=broken)
    with pytest.raises(mkdocs_build.BuildFailed) as failed:
        _build(tmp_path, docs, tmp_path / "site", two=True, monkeypatch=monkeypatch)
    said = failed.value.messages
    assert any("bestaat-niet.md" in m and f"p{broken:03d}.md" in m for m in said), said
    # the anchor is missing on the next page, rendered by the other process
    assert any(f"p{(broken + 1) % PAGES:03d}.md#geen-kop" in m and "does not contain an anchor" in m for m in said), said
    assert not (tmp_path / "site").exists() and not (tmp_path / "site.new").exists()
