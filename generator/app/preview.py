"""Live preview: an edit in content/ shows in the browser within about a second.

One loop, on MkDocs' own live-reload server: it watches content/, site_config/ and
mkdocs.yml; on a change the generator rewrites only the Markdown files whose text
changed, MkDocs rebuilds only those pages (a dirty build, for the preview only; a
dirty build is never shipped) and the open browser reloads. Content errors are printed
in Dutch and the last good pages stay, so the preview never shows a half-built site.

What makes it fast: the YAML of unchanged files is not parsed again (loader cache),
our templates and the theme's templates are compiled once, and the watcher polls
every 0.05 s instead of MkDocs' 0.5 s. A change to site_config/ or mkdocs.yml starts
a full build with everything reloaded.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from generator import pipeline, processes
from generator.graph.graph import Graph
from generator.paths import SITE_CONFIG
from generator.session import reread_site_config

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig

POLL_SECONDS = 0.05


def regenerate(session: pipeline.BuildSession) -> Graph | None:
    """Write the docs tree of this rebuild; its graph, or None (and the errors printed) when the content
    has errors. The search index is rewritten beside the preview (search_in_background), not here."""
    report = pipeline.generate(session, write_index=False)
    problems = report.problems
    for p in problems.errors:
        print(p, file=sys.stderr)
    if problems.errors:
        print(f"{len(problems.errors)} fouten; het voorbeeld toont de laatste goede versie.", file=sys.stderr, flush=True)
        return None
    assert report.docs is not None  # valid content: the docs tree was written
    print(f"Bijgewerkt: {report.docs['written']} bestanden geschreven, {report.docs['removed']} verwijderd.", flush=True)
    return report.graph


def _settings_stamp(project: pipeline.Project) -> tuple:
    """Changes here (templates, vocabularies, theme overrides, mkdocs.yml) need a full rebuild."""
    files = [project.root / "mkdocs.yml", *sorted(p for p in SITE_CONFIG.rglob("*") if p.is_file())]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())


def _remembering_theme_files(env: jinja2.Environment) -> jinja2.Environment:
    """The theme's Jinja environment, listing the theme's files once: MkDocs walks the whole
    theme folder (thousands of icons) on every build to find its static files."""
    listed: list[list[str]] = []
    list_templates = env.list_templates

    def once(extensions=None, filter_func=None):
        if not listed:
            listed.append(list_templates(extensions=extensions, filter_func=filter_func))
        return listed[0]

    env.list_templates = once  # type: ignore[method-assign]  # on purpose: this one environment
    return env


def _write_search(g: Graph, index_dir: Path, site_dir: Path) -> None:
    """In a child process (generator/processes.py): the whoosh index and the site's static search from
    the graph of the rebuild (the pages the preview shows)."""
    from generator.search import whoosh_engine
    from generator.search import static
    from generator.search.documents import documents, facet_labels

    whoosh_engine.build(documents(g), index_dir, labels=facet_labels(g))
    static.export(index_dir, site_dir)


class Builder:
    """Regenerate the docs tree, then let MkDocs rebuild what changed."""

    def __init__(self, project: pipeline.Project, site_dir: Path, serve_url: str):
        self.project = project
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.stamp: tuple | None = None
        self.theme_env: jinja2.Environment | None = None
        self.config: MkDocsConfig | None = None  # MkDocs' configuration of the last rebuild
        self.index_dir = site_dir.with_name(site_dir.name + "-zoekindex")
        self.search: processes.Child | None = None  # the child process writing the search index
        self.caches = pipeline.Caches()  # kept across rebuilds: each rebuild is a new session with these caches

    def search_in_background(self, g: Graph) -> None:
        """The search box works in the preview too: after each build a child process writes the
        search index from the new content (a second or two later; the page does not wait).
        A newer edit replaces a child still at work."""
        if self.search is not None:
            self.search.stop()
        self.search = processes.start(_write_search, g, self.index_dir, self.site_dir)

    def _config(self) -> MkDocsConfig:
        from mkdocs.config import load_config

        config = load_config(
            str(self.project.root / "mkdocs.yml"),
            docs_dir=str(self.project.docs.resolve()),
            site_dir=str(self.site_dir),
            strict=False,
        )
        config.site_url = self.serve_url
        if self.theme_env is None:
            self.theme_env = _remembering_theme_files(config.theme.get_env())
        env = self.theme_env
        config.theme.get_env = lambda: env  # type: ignore[method-assign]  # the theme's templates, compiled once per session
        if self.config is None:  # as `mkdocs serve` does: plugins know they serve dirty builds (the
            config.plugins.on_startup(command="serve", dirty=True)  # search plugin then keeps every page)
        self.config = config
        return config

    def __call__(self) -> None:
        with processes.locked(self.project.lock_folder, self.project.docs.parent):  # as `kennisbank build` (no deadlock)
            self._rebuild()

    def _rebuild(self) -> None:
        from mkdocs.commands.build import build

        stamp = _settings_stamp(self.project)
        full = stamp != self.stamp
        if full:  # first build, or settings changed: nothing cached may stay
            reread_site_config()  # the vocabularies and search.yaml (the search child inherits them)
            self.caches.forget_parsed()
            self.theme_env = None
        g = regenerate(pipeline.BuildSession(self.project, self.caches))
        if g is None:
            return
        build(self._config(), serve_url=self.serve_url, dirty=not full)
        self.stamp = stamp
        self.search_in_background(g)


def run(project: pipeline.Project, host: str, port: int) -> None:
    from mkdocs.livereload import LiveReloadServer

    from generator.app.server import refuse_busy_port

    refuse_busy_port(host, port, "preview")
    site_dir = Path(tempfile.mkdtemp(prefix="kennisbank-voorbeeld-"))
    serve_url = f"http://{host}:{port}/"
    builder = Builder(project, site_dir, serve_url)
    try:
        builder()
        if builder.stamp is None:
            print("Herstel eerst de fouten hierboven.", file=sys.stderr)
            raise SystemExit(1)
        server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), polling_interval=POLL_SECONDS)
        assert builder.config is not None  # the first build loaded it
        server.build_delay = POLL_SECONDS  # wait this long for more changes before rebuilding
        builder.config.plugins.on_serve(server, config=builder.config, builder=builder)
        not_found = site_dir / "404.html"
        server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.exists() else None
        for path in (project.content_dir, SITE_CONFIG, project.root / "mkdocs.yml"):  # the site_config the generator reads
            server.watch(str(path))
        print(
            f"Voorbeeld op {serve_url} — wijzigingen in {project.content_dir} verschijnen vanzelf. Stoppen: Ctrl+C.", flush=True
        )
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        if builder.search is not None:
            builder.search.stop()
        shutil.rmtree(site_dir, ignore_errors=True)
        shutil.rmtree(builder.index_dir, ignore_errors=True)
