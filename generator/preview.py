"""Live preview: MkDocs' dev server on the docs tree, regenerated when content changes.

A watcher thread (watchfiles) follows content/ and site_config/; on a change the
generator rewrites only the Markdown files whose text changed, and the MkDocs dev
server (which watches the docs tree) rebuilds and reloads the browser. Content errors
are printed and the last good docs tree stays, so the preview never shows a half-built
site.
"""

from __future__ import annotations

import sys
import threading

from . import pipeline


_related: dict | None = None  # computed once at start; the preview does not rebuild the search index


def regenerate(project: pipeline.Project) -> bool:
    global _related
    from .vocab import vocabularies

    vocabularies.cache_clear()
    _graph, problems, stats = pipeline.generate(project, related_cache=_related)
    for p in problems.errors:
        print(p, file=sys.stderr)
    if problems.errors:
        print(f"{len(problems.errors)} fouten; het voorbeeld toont de laatste goede versie.", file=sys.stderr, flush=True)
        return False
    _related = stats["related"]
    print(f"Bijgewerkt: {stats['written']} bestanden geschreven, {stats['removed']} verwijderd.", flush=True)
    return True


def _watch(project: pipeline.Project, stop: threading.Event) -> None:
    from watchfiles import watch

    for _changes in watch(project.content_dir, project.root / "site_config", stop_event=stop, debounce=200):
        regenerate(project)


def run(project: pipeline.Project, host: str, port: int) -> None:
    from mkdocs.commands.serve import serve

    from .server import refuse_busy_port

    refuse_busy_port(host, port, "preview")
    if not regenerate(project):
        print("Herstel eerst de fouten hierboven.", file=sys.stderr)
        raise SystemExit(1)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, stop), daemon=True)
    watcher.start()
    try:
        serve(
            config_file=str(project.root / "mkdocs.yml"),
            livereload=True,
            dev_addr=f"{host}:{port}",
            docs_dir=str(project.docs.resolve()),
            strict=False,
            # Preview only: rebuild just the pages whose Markdown changed. A dirty build is never
            # shipped; `kennisbank build` always builds the whole site.
            build_type="dirty",
        )
    finally:
        stop.set()
