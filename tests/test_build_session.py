"""The build session (generator/session.py): a build reads mkdocs.yml once and hands its parts to
the stages; what one build keeps for the next is in the caches a session is given, never in a
module, so the live preview's rebuilds share them and two commands in one process do not."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import git

from generator import pipeline


def _project(project, out: Path | None = None) -> pipeline.Project:
    out = out or project.root / "out"
    return pipeline.Project(root=project.root, content=project.content, docs_dir=out / "docs", site_dir=out / "site")


def test_a_build_reads_mkdocs_yml_once(project, monkeypatch):
    """The addresses, the settings (twice: pages and finish), the redirects (three times: the
    permalink check, its redirect check, the Dutch redirect pages) and use_directory_urls each read
    the file themselves before; now the session reads it and hands on the parsed parts. (MkDocs
    itself opens it too, with open(): that is the engine reading its configuration.)"""
    config = (project.root / "mkdocs.yml").resolve()
    reads: list[str] = []
    for name in ("read_text", "read_bytes"):
        original = getattr(Path, name)

        def counting(self, *args, _original=original, _name=name, **kwargs):
            if Path(os.path.abspath(self)) == config:
                reads.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, name, counting)
    report = pipeline.build(_project(project))
    assert not report.problems.errors, [str(p) for p in report.problems.errors]
    assert report.site is not None and report.site.pages > 5
    assert reads == ["read_text"]


def test_rebuilds_share_the_caches_they_are_given_and_nothing_else(project, monkeypatch):
    """The live preview's fast path: a new session per rebuild with the same caches parses only the
    file that changed. A session without those caches parses everything: no module keeps a cache."""
    from generator.content import loader

    parsed: list[str] = []
    original = loader._parse_and_validate

    def counting(ct, raw, shown, problems):
        parsed.append(shown)
        return original(ct, raw, shown, problems)

    monkeypatch.setattr(loader, "_parse_and_validate", counting)
    caches = pipeline.Caches()
    g, problems = pipeline.validate(pipeline.BuildSession(_project(project), caches))
    assert not problems.errors
    everything = sorted(parsed)
    assert len(everything) == sum(len(records) for records in g.content.records.values()) > 5
    parsed.clear()
    tilburg = project.content / "cities/tilburg.yaml"
    tilburg.write_text(tilburg.read_text(encoding="utf-8") + "\n# bewerkt\n", encoding="utf-8")
    g, problems = pipeline.validate(pipeline.BuildSession(_project(project), caches))
    assert not problems.errors and parsed == ["content/cities/tilburg.yaml"]
    parsed.clear()
    pipeline.validate(pipeline.BuildSession(_project(project)))  # another command's session
    assert sorted(parsed) == everything
    parsed.clear()
    pipeline.validate(_project(project))  # a Project alone gets a new session too
    assert sorted(parsed) == everything


def test_generate_reuses_the_related_entries_of_its_caches(project):
    """The preview computes "Zie ook" at its first build and reuses it on every edit (through the
    caches, not a global): a second session with the same caches hands back the same map."""
    caches = pipeline.Caches()
    first = pipeline.generate(pipeline.BuildSession(_project(project), caches), write_index=False)
    assert first.related is not None and caches.related is first.related
    again = pipeline.generate(pipeline.BuildSession(_project(project), caches), write_index=False)
    assert again.related is first.related
    fresh = pipeline.generate(pipeline.BuildSession(_project(project)), write_index=False)
    assert fresh.related is not first.related and fresh.related == first.related


def test_an_entry_without_a_commit_is_cited_with_the_build_date(project, monkeypatch):
    """The year in "Citeer deze pagina" is the entry's last commit, else the build's date (the
    session's: the content's last commit), as MkDocs dates the build; it was SOURCE_DATE_EPOCH from
    the environment, else 2018, so a new entry not yet committed was cited as (2018)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for args in (["init", "-q"], ["add", "content", "mkdocs.yml"], ["commit", "-q", "-m", "inhoud"]):
        git(project.root, *args, date="2024-05-01T12:00:00+00:00")
    committed = project.content / "barriers/privacy.yaml"
    new = project.write("barriers/nieuw.yaml", committed.read_text(encoding="utf-8").replace("name: ", "name: Nieuw ", 1))
    report = pipeline.generate(_project(project), write_index=False)
    assert not report.problems.errors, [str(p) for p in report.problems.errors]
    docs = project.root / "out" / "docs"
    assert "Kennisbank Gemengde Wijk (2024)" in (docs / "belemmeringen/privacy.md").read_text(encoding="utf-8")
    assert new.is_file() and "Kennisbank Gemengde Wijk (2024)" in (docs / "belemmeringen/nieuw.md").read_text(encoding="utf-8")


def test_the_preview_rereads_site_config_after_a_change(tmp_path):
    """What a process keeps of site_config/ (vocabularies, search.yaml) is forgotten in one call, which
    the preview makes when a file there changed: search.yaml was kept, so the preview's search went on
    with the old fixed pages and English concepts until it was restarted."""
    from generator.search import config
    from generator.session import reread_site_config

    path = tmp_path / "search.yaml"
    path.write_text("pages: []\nconcepts: []\n", encoding="utf-8")
    assert config.load(path).concepts == []
    path.write_text("pages: []\nconcepts:\n  - en: [right to buy]\n    nl: [recht op koop]\n", encoding="utf-8")
    assert config.load(path).concepts == []  # kept for the process
    reread_site_config()
    assert [c.en for c in config.load(path).concepts] == [["right to buy"]]
