"""The pipeline, its stages in the order they run:

    content/*.yaml --loader--> models --graph--> graph            validate()
      --search.documents--> documents --> search index             (second process) IndexInBackground
                                      --related--> "Zie ook"       related()
      --pages + render--> Markdown --docstree--> docs tree         write_docs(): pages, export, schemas, assets
      --site.mkdocs_build--> static site --site.finish--> + search index, headers, redirects   build()
                              (a site from another builder: finish())
      --permalinks--> site_config/permalinks.txt                   build()

The related entries need the search documents, so those come before the pages. Each
function runs the stages up to its own and returns their result; the CLI only calls
these and prints.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from generator.graph import graph as graph_stage
from generator.site import docstree
from generator.site import history
from generator.content import loader
from generator.graph import permalinks
from generator.site import render
from generator.graph import duplicates
from generator.search import config as search_config
from generator.graph import evidence
from generator.site import mkdocs_build
from generator.site import finish as finish_stage
from generator.site.addresses import Addresses, read_addresses
from generator import processes
from generator.processes import locked
from generator.content.errors import Problems
from generator.paths import ROOT


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
    def lock_folder(self) -> Path:
        """Where the project lock lives (generator/processes.py): every command that changes the
        project's files (build, generate, the preview's rebuilds, rename, new, from-issue, schema) holds it."""
        return self.root / "build"

    def addresses(self) -> Addresses:
        """Where the site is published and where its sources live (a wrong address stops a run before any work)."""
        return read_addresses(self.root / "mkdocs.yml", site_url=self.site_url)


def changing(project: Project) -> AbstractContextManager[None]:
    """Hold the project lock while changing the project's files: a second command waits for the first."""
    return locked(project.lock_folder)


@dataclass
class BuildReport:
    """What `generate` and `build` did. `problems` always; the rest only when the content was valid:
    the docs tree's counts (pages, written, unchanged, removed), the related entries ("Zie ook", reused
    by the live preview), and after a build the site, the static search index's figures and the
    addresses newly recorded in site_config/permalinks.txt."""

    graph: graph_stage.Graph
    problems: Problems
    docs: dict[str, int] | None = None
    related: dict[tuple, list] | None = None
    site: mkdocs_build.BuildResult | None = None
    search: dict | None = None
    new_urls: list[str] = field(default_factory=list)


def validate(project: Project) -> tuple[graph_stage.Graph, Problems]:
    """Load + resolve. Problems are returned, not raised: the caller decides."""
    problems = Problems()
    content = loader.load(project.content_dir, project.shown_root, problems)
    g = graph_stage.build(content, problems)
    duplicates.check(content, problems)
    search_config.check(problems)  # site_config/search.yaml: the fixed pages and English concepts search knows
    evidence.check(g, problems)  # a result counts only for the instruments its study is about
    if not problems.errors:
        permalinks.check(g, project.content_dir, project.root / "mkdocs.yml", problems)
    return g, problems


def index(project: Project, g: graph_stage.Graph) -> list:
    """Search index from the graph (rebuilt only when the documents changed)."""
    from generator.search import whoosh_engine
    from generator.search.documents import documents, facet_labels

    docs = documents(g)
    with locked(project.index.parent):
        for suffix in (".new", ".old"):  # left by a killed build
            import shutil

            shutil.rmtree(project.index.with_name(project.index.name + suffix), ignore_errors=True)
        whoosh_engine.build(docs, project.index, labels=facet_labels(g))
    return docs


def remove_stale(project: Project) -> None:
    """What a killed build left half-written (the .new folders it was writing, .old ones it was
    swapping out); called with the build lock held, so no other build is writing them. A build
    killed between the two renames of a swap left the old folder only as .old: it is put back."""
    import shutil

    for folder in (project.index, project.site):
        old = folder.with_name(folder.name + ".old")
        if old.is_dir() and not folder.exists():
            old.rename(folder)
        for suffix in (".new", ".old"):
            shutil.rmtree(folder.with_name(folder.name + suffix), ignore_errors=True)
    shutil.rmtree(project.site / "zoekindex.new", ignore_errors=True)


def _write_index(docs: list, target: Path, labels: dict, seconds) -> None:
    """In the writer's own process (generator/processes.py): the whoosh index, and how long it took."""
    import time

    from generator.search import whoosh_engine

    started = time.perf_counter()
    whoosh_engine.build(docs, target, labels=labels)
    seconds.value = time.perf_counter() - started


class IndexInBackground:
    """Writes the search index in a second process while the site is generated and built
    (the machine has two cores; whoosh and MkDocs each use one)."""

    def __init__(self, project: Project, g: graph_stage.Graph, docs: list):
        import shutil

        from generator.search.documents import facet_labels

        self.index = project.index
        self._seconds = processes.shared_seconds()
        self.process = processes.start(
            _write_index,
            docs,
            project.index,
            facet_labels(g),
            self._seconds,
            cleanup=lambda: shutil.rmtree(self.index.with_name(self.index.name + ".new"), ignore_errors=True),
        )

    @property
    def seconds(self) -> float:
        """How long writing the index took in its own process (after wait())."""
        return self._seconds.value

    def stop(self) -> None:
        """The build was interrupted: end the writer now and remove what it was writing."""
        self.process.stop()

    def wait(self) -> None:
        exitcode = self.process.wait()
        if exitcode != 0:
            raise mkdocs_build.BuildFailed([f"de zoekindex kon niet worden geschreven (exitcode {exitcode})"])


def related(g: graph_stage.Graph, docs: list) -> dict[tuple, list]:
    """Up to five related entries per page, skipping what it links already: entries sharing an
    instrument, barrier or city first, text similarity (more-like-this) for the rest (generator/site/related.py)."""
    from generator.site import related as related_stage

    return related_stage.related(g, docs)


def write_docs(project: Project, g: graph_stage.Graph, related_map: dict, addresses: Addresses | None = None) -> dict[str, int]:
    """Render every page and write the docs tree (pages, JSON export, schemas, assets); returns counts."""
    changed, added = history.dates(project.content_dir)
    from generator.site.settings import read_settings

    renderer = render.Renderer(
        g,
        related=related_map,
        changed=changed,
        added=added,
        addresses=addresses or project.addresses(),
        settings=read_settings(project.root / "mkdocs.yml"),
    )
    return docstree.write(docstree.contents(renderer), project.docs)


def generate(
    project: Project, related_cache: dict | None = None, background: list | None = None, write_index: bool = True
) -> BuildReport:
    """Validate, index and write the docs tree.

    With `related_cache` (the live preview) the search index is left alone and the given
    related entries are reused, so an edit shows fast; `write_index=False` leaves it alone too.
    With `background` (a list), the index is written in a second process that is appended to
    it, for the caller to wait on.
    """
    with locked(project.lock_folder, project.docs.parent):
        return _generate(project, related_cache, background, write_index)


def _generate(
    project: Project, related_cache: dict | None, background: list | None, write_index: bool, addresses: Addresses | None = None
) -> BuildReport:
    from generator.search.documents import documents

    addresses = addresses or project.addresses()  # a wrong address stops us before any work
    g, problems = validate(project)
    if problems.errors:
        return BuildReport(g, problems)
    if related_cache is None:
        docs = documents(g)
        writer = IndexInBackground(project, g, docs) if write_index else None
        related_map = related(g, docs)
    else:
        writer, related_map = None, related_cache
    counts = write_docs(project, g, related_map, addresses)
    if writer is not None:
        if background is not None:
            background.append(writer)
        else:
            writer.wait()
    return BuildReport(g, problems, docs=counts, related=related_map)


def finish(project: Project, site: Path) -> tuple[Problems, dict | None]:
    """A site built from our docs tree by another builder (`zensical build`), completed with the
    project's own parts: the search index from the content, headers, Dutch redirects."""
    with locked(project.lock_folder, site.parent):
        g, problems = validate(project)
        if problems.errors:
            return problems, None
        index(project, g)
        return problems, finish_stage.finish(site, project.index, project.root / "mkdocs.yml")


def build(project: Project) -> BuildReport:
    """One build at a time per project and build folder (generator/processes.py): a second one waits."""
    with locked(project.lock_folder, project.docs.parent, project.index.parent, project.site.parent):
        return _build(project)


def _build(project: Project) -> BuildReport:
    remove_stale(project)
    addresses = project.addresses()
    background: list = []
    report = _generate(project, None, background, True, addresses)
    if report.docs is None:
        return report

    def publish_search(new_site: Path) -> None:
        """The project's own parts (static search index from the whoosh index written meanwhile,
        headers, Dutch redirects; generator/site/finish.py) into the new site."""
        for writer in background:
            writer.wait()
        report.search = finish_stage.finish(new_site, project.index, project.root / "mkdocs.yml", addresses)["search"]

    try:
        report.site = mkdocs_build.build(
            project.root / "mkdocs.yml",
            project.docs,
            project.site,
            before_publish=publish_search,
            addresses=addresses,
            build_date=mkdocs_build.source_date_epoch(project.root),
        )
    except Exception:
        for writer in background:
            writer.wait()
        raise
    except BaseException:  # interrupted (Ctrl+C, SIGTERM): no writer may outlive the build
        for writer in background:
            writer.stop()
        raise
    for writer in background:
        writer.wait()
    report.new_urls = permalinks.update(report.graph, project.content_dir)
    return report
