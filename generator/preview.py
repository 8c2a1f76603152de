"""Live preview: `mkdocs serve` on the docs tree, regenerated when content changes.

watchfiles watches content/ and site_config/; on a change the generator rewrites only
the Markdown files whose text changed, and `mkdocs serve` (which watches the docs tree)
rebuilds and reloads the browser. Content errors are printed and the last good docs
tree stays, so the preview never shows a half-built site.
"""

from __future__ import annotations

import subprocess
import sys

from . import pipeline


def _regenerate(project: pipeline.Project) -> bool:
    _graph, problems, stats = pipeline.generate(project)
    for p in problems.errors:
        print(p, file=sys.stderr)
    if problems.errors:
        print(f"{len(problems.errors)} fouten; het voorbeeld toont de laatste goede versie.", file=sys.stderr)
        return False
    print(f"Bijgewerkt: {stats['written']} bestanden geschreven, {stats['removed']} verwijderd.", flush=True)
    return True


def run(project: pipeline.Project, host: str, port: int) -> None:
    from watchfiles import watch

    if not _regenerate(project):
        print("Herstel eerst de fouten; het voorbeeld start zodra de inhoud klopt.", file=sys.stderr)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(project.root / "mkdocs.yml"),
           "-a", f"{host}:{port}"]
    server = subprocess.Popen(cmd, cwd=project.root)
    try:
        for _changes in watch(project.content_dir, project.root / "site_config", stop_event=None):
            from .vocab import vocabularies

            vocabularies.cache_clear()
            _regenerate(project)
    finally:
        server.terminate()
        server.wait(timeout=10)
