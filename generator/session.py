"""One build session: the project, what a build reads once, and the caches, handed to every stage.

A command makes one `BuildSession` (the CLI through `generator/pipeline.py`) and passes it on; the
stages get from it what they need as plain values (the addresses, the settings, the redirects, the
dates) instead of reading mkdocs.yml, the environment or git themselves. What it reads it reads on
first use, once: `kennisbank validate` never asks for the git history or the site's settings.

Nothing here is global. What may be kept from one build to the next is in `Caches`, which a
session is given: a command builds once with empty caches; the live preview makes a new session
for each rebuild (mkdocs.yml, the dates and the addresses read again) but hands each the same
caches, which is what makes an edit show within a second.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator import mkdocsconfig
from generator.mkdocsconfig import MkdocsConfig
from generator.paths import ROOT
from generator.site.addresses import Addresses, read_addresses
from generator.site.settings import Settings, read_settings


@dataclass(frozen=True)
class Project:
    root: Path = ROOT
    content: Path | None = None
    docs_dir: Path | None = None
    site_dir: Path | None = None
    site_url: str | None = None  # the site's address as given (--site-url); else KENNISBANK_SITE_URL, else mkdocs.yml

    @property
    def content_dir(self) -> Path:
        return self.content or self.root / "content"

    @property
    def docs(self) -> Path:
        return self.docs_dir or self.root / "build" / "docs"

    @property
    def site(self) -> Path:
        return self.site_dir or self.root / "build" / "site"

    @property
    def index(self) -> Path:
        """The search index sits next to the docs tree (build/index by default)."""
        return self.docs.parent / "index"

    @property
    def shown_root(self) -> Path:
        """Paths in messages are shown relative to this folder (the content folder's parent)."""
        return self.content_dir.resolve().parent

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def lock_folder(self) -> Path:
        """Where the project lock lives (generator/processes.py): every command that changes the
        project's files (build, generate, the preview's rebuilds, rename, new, from-issue, schema) holds it."""
        return self.root / "build"

    def addresses(self) -> Addresses:
        """Where the site is published and where its sources live (a wrong address stops a run before any work)."""
        return read_addresses(self.config_file, site_url=self.site_url)


@dataclass
class Caches:
    """What may be kept from one build to the next within one process. A command starts empty; the
    live preview keeps one across its rebuilds and calls `forget_parsed` when site_config/ or
    mkdocs.yml changed (the vocabularies or the models may have changed)."""

    parsed: dict[tuple, tuple] = field(default_factory=dict)  # content/loader.py: files that parsed
    # and validated cleanly, by (kind, shown path, bytes): only the files whose bytes changed are parsed again
    tooltips: dict[tuple[int, str], str] = field(default_factory=dict)  # site/render.py: a page's glossary
    # tooltips by (glossary, page Markdown): most pages come out the same on every rebuild
    related: dict[tuple, list] | None = None  # "Zie ook", computed by the first build and reused after

    def forget_parsed(self) -> None:
        self.parsed.clear()


Dates = tuple[dict[str, datetime.date], dict[str, datetime.date]]  # (last changed, first added) per content file


@dataclass(frozen=True, eq=False)
class BuildSession:
    """One build: the project, mkdocs.yml and its parts, the dates from git history and the caches.
    Each part is read on first use and then kept for the session."""

    project: Project
    caches: Caches = field(default_factory=Caches)

    @classmethod
    def of(cls, given: BuildSession | Project) -> BuildSession:
        """A session for a project (a new one, with empty caches), or the session given."""
        return given if isinstance(given, BuildSession) else cls(given)

    @cached_property
    def config(self) -> MkdocsConfig:
        """mkdocs.yml, read once."""
        return mkdocsconfig.read(self.project.config_file)

    @cached_property
    def addresses(self) -> Addresses:
        """Where the site is published and where its sources live (a wrong address stops a run before any work)."""
        return read_addresses(self.config, site_url=self.project.site_url)

    @cached_property
    def settings(self) -> Settings:
        """Licence, contact addresses and Content-Security-Policy (mkdocs.yml `extra:`)."""
        return read_settings(self.config)

    @cached_property
    def dates(self) -> Dates:
        """When each content file last changed and when it was added, from one pass over git history."""
        from generator.site import history

        return history.dates(self.project.content_dir)

    @cached_property
    def build_date(self) -> str:
        """The site's build date (seconds since 1970) from the content's history, never the clock."""
        from generator.site.mkdocs_build import source_date_epoch

        return source_date_epoch(self.project.root)


def reread_site_config() -> None:
    """Forget what this process has read from site_config/ (the vocabularies, site_config/search.yaml's
    fixed pages and English concepts), so the next session reads them again: the live preview calls it
    when a file there changed. (The session's own parts are read again by each new session.)"""
    from generator.content.vocab import vocabularies
    from generator.search import config as search_config

    vocabularies.cache_clear()
    search_config.load.cache_clear()
