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
these and prints. Each takes a build session (generator/session.py: the project, mkdocs.yml
and its parts read once, the dates, the caches) and hands the stages the parts they need; its
second processes and locks are generator/processes.py's.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from generator.graph import graph as graph_stage
from generator.site import docstree
from generator.content import loader
from generator.graph import permalinks
from generator.site import render
from generator.graph import duplicates
from generator.search import config as search_config
from generator.graph import evidence
from generator.site import mkdocs_build
from generator.site import finish as finish_stage
from generator.site.addresses import Addresses
from generator import processes
from generator.processes import locked
from generator.content.errors import Problems
from generator.paths import ROOT as ROOT  # the CLI asks the pipeline where the project is
from generator.search.static import ExportCounts
from generator.session import BuildSession, Project
from generator.session import Caches as Caches  # the commands make sessions with the pipeline's names

if TYPE_CHECKING:
    from generator.search.documents import Document


class _Seconds(Protocol):
    """A duration the index writer sets for the build to read (processes.shared_seconds)."""

    value: float


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
    docs: docstree.DocsCounts | None = None
    related: dict[tuple, list] | None = None
    site: mkdocs_build.BuildResult | None = None
    search: ExportCounts | None = None
    new_urls: list[str] = field(default_factory=list)


@dataclass
class FinishReport:
    """What `finish` did: `problems` always; `finished` (search index, redirects, emptied search
    files) only when the content was valid."""

    graph: graph_stage.Graph
    problems: Problems
    finished: finish_stage.Finished | None = None


def validate(given: BuildSession | Project) -> tuple[graph_stage.Graph, Problems]:
    """Load + resolve. Problems are returned, not raised: the caller decides."""
    session = BuildSession.of(given)
    project = session.project
    problems = Problems()
    content = loader.load(project.content_dir, project.shown_root, problems, cache=session.caches.parsed)
    g = graph_stage.build(content, problems)
    duplicates.check(content, problems)
    search_config.check(problems)  # site_config/search.yaml: the fixed pages and English concepts search knows
    evidence.check(g, problems)  # a result counts only for the instruments its study is about
    if not problems.errors:
        permalinks.check(g, project.content_dir, session.config, problems)
    return g, problems


def index(given: BuildSession | Project, g: graph_stage.Graph) -> list:
    """Search index from the graph (rebuilt only when the documents changed)."""
    project = BuildSession.of(given).project
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

    from generator.search import static

    for folder in (project.index, project.site):
        old = folder.with_name(folder.name + ".old")
        if old.is_dir() and not folder.exists():
            old.rename(folder)
        for suffix in (".new", ".old"):
            shutil.rmtree(folder.with_name(folder.name + suffix), ignore_errors=True)
    shutil.rmtree(project.site / "zoekindex.new", ignore_errors=True)
    made = static.prepared(project.index)  # the static export the index writer writes beside the index
    for folder in (made, made.with_name(made.name + ".new"), made.with_name(made.name + ".old")):
        shutil.rmtree(folder, ignore_errors=True)
    made.with_name(made.name + ".json").unlink(missing_ok=True)


def _write_index(
    docs: list[Document],
    target: Path,
    labels: dict[str, dict[str, str]],
    seconds: _Seconds,
    export_seconds: _Seconds | None,
) -> None:
    """In the writer's own process (generator/processes.py): the whoosh index and its static export
    (static.prepare), and how long each took."""
    import time

    from generator.search import static, whoosh_engine

    started = time.perf_counter()
    whoosh_engine.build(docs, target, labels=labels)
    seconds.value = time.perf_counter() - started
    if export_seconds is not None:  # a build: the static export too, on this core while MkDocs builds on the other
        started = time.perf_counter()
        static.prepare(target)
        export_seconds.value = time.perf_counter() - started


class IndexInBackground:
    """Writes the search index in a second process while the site is generated and built
    (the machine has two cores; whoosh and MkDocs each use one)."""

    def __init__(self, project: Project, g: graph_stage.Graph, docs: list, export: bool = False):
        """`export`: also write the static export beside the index (a build, which moves it into the site)."""
        from generator.search.documents import facet_labels

        self.index = project.index
        self._seconds = processes.shared_seconds()
        self._export_seconds = processes.shared_seconds()
        self.process = processes.start(
            _write_index,
            docs,
            project.index,
            facet_labels(g),
            self._seconds,
            self._export_seconds if export else None,
            cleanup=self._remove_unfinished,
        )

    def _remove_unfinished(self) -> None:
        import shutil

        from generator.search import static

        made = static.prepared(self.index)
        for folder in (self.index.with_name(self.index.name + ".new"), made.with_name(made.name + ".new")):
            shutil.rmtree(folder, ignore_errors=True)

    @property
    def seconds(self) -> float:
        """How long writing the index took in its own process (after wait())."""
        return self._seconds.value

    @property
    def export_seconds(self) -> float:
        """How long its static export took there (after wait())."""
        return self._export_seconds.value

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


def write_docs(
    given: BuildSession | Project, g: graph_stage.Graph, related_map: dict, addresses: Addresses | None = None
) -> docstree.DocsCounts:
    """Render every page and write the docs tree (pages, JSON export, schemas, assets); returns counts."""
    session = BuildSession.of(given)
    changed, added = session.dates
    renderer = render.Renderer(
        g,
        related=related_map,
        changed=changed,
        added=added,
        addresses=addresses or session.addresses,
        settings=session.settings,
        tooltips=session.caches.tooltips,
        build_date=lambda: session.build_date,  # read only if an entry has no date of its own
    )
    return docstree.write(docstree.contents(renderer), session.project.docs)


def generate(given: BuildSession | Project, background: list | None = None, write_index: bool = True) -> BuildReport:
    """Validate, index and write the docs tree.

    The related entries are computed once per session's caches and reused after (the live preview
    hands every rebuild the same caches, so an edit shows fast); `write_index=False` leaves the
    search index alone (so does a reuse of the related entries). With `background` (a list), the
    index is written in a second process that is appended to it, for the caller to wait on.
    """
    session = BuildSession.of(given)
    project = session.project
    with locked(project.lock_folder, project.docs.parent):
        return _generate(session, background, write_index)


def _generate(session: BuildSession, background: list | None, write_index: bool) -> BuildReport:
    from generator.search.documents import documents

    project = session.project
    session.addresses  # a wrong address stops us before any work
    g, problems = validate(session)
    if problems.errors:
        return BuildReport(g, problems)
    if session.caches.related is None:
        docs = documents(g)
        writer = IndexInBackground(project, g, docs, export=background is not None) if write_index else None
        session.caches.related = related(g, docs)
    else:
        writer = None
    related_map = session.caches.related
    counts = write_docs(session, g, related_map)
    if writer is not None:
        if background is not None:
            background.append(writer)
        else:
            writer.wait()
    return BuildReport(g, problems, docs=counts, related=related_map)


def finish(given: BuildSession | Project, site: Path) -> FinishReport:
    """A site built from our docs tree by another builder (`zensical build`), completed with the
    project's own parts: the search index from the content, headers, Dutch redirects."""
    session = BuildSession.of(given)
    project = session.project
    with locked(project.lock_folder, site.parent):
        g, problems = validate(session)
        if problems.errors:
            return FinishReport(g, problems)
        index(session, g)
        return FinishReport(g, problems, finish_stage.finish(site, project.index, session.config))


def build(given: BuildSession | Project) -> BuildReport:
    """One build at a time per project and build folder (generator/processes.py): a second one waits."""
    session = BuildSession.of(given)
    project = session.project
    with locked(project.lock_folder, project.docs.parent, project.index.parent, project.site.parent):
        return _build(session)


def _build(session: BuildSession) -> BuildReport:
    project = session.project
    remove_stale(project)
    addresses = session.addresses
    background: list = []
    report = _generate(session, background, True)
    if report.docs is None:
        return report

    def publish_search(new_site: Path) -> None:
        """The project's own parts (static search index from the whoosh index written meanwhile,
        headers, Dutch redirects; generator/site/finish.py) into the new site."""
        for writer in background:
            writer.wait()
        report.search = finish_stage.finish(
            new_site, project.index, session.config, addresses, session.settings, use_prepared=True
        ).search

    try:
        report.site = mkdocs_build.build(
            project.config_file,
            project.docs,
            project.site,
            before_publish=publish_search,
            addresses=addresses,
            build_date=session.build_date,
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
