"""The `kennisbank` command: a thin layer over the pipeline that prints in Dutch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import pipeline
from .errors import KennisbankError, Problems
from .models import CONTENT_TYPES

app = typer.Typer(
    help="Kennisbank Gemengde Wijk: inhoud controleren, site bouwen en bekijken.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

ContentOpt = typer.Option(None, "--content", help="Map met de inhoud (standaard: ./content).")
SiteOpt = typer.Option(None, "--site-dir", help="Waar de site komt (standaard: build/site).")
DocsOpt = typer.Option(None, "--docs-dir", help="Waar de gegenereerde Markdown komt (standaard: build/docs).")


def _project(content: Optional[Path] = None, docs: Optional[Path] = None, site: Optional[Path] = None) -> pipeline.Project:
    root = Path.cwd() if (Path.cwd() / "mkdocs.yml").exists() else pipeline.ROOT
    return pipeline.Project(root=root, content=content, docs_dir=docs, site_dir=site)


def _report(problems: Problems) -> None:
    for p in problems.warnings:
        typer.echo(f"{p}  [waarschuwing]", err=True)
    for p in problems.errors:
        typer.echo(str(p), err=True)
    if problems.errors:
        files = len({p.file for p in problems.errors})
        typer.echo(
            f"\n{len(problems.errors)} fout{'en' if len(problems.errors) != 1 else ''} in {files} "
            f"bestand{'en' if files != 1 else ''}. Er is niets gebouwd.",
            err=True,
        )
        raise typer.Exit(1)


def _counts(graph) -> str:
    parts = []
    for kind, ct in CONTENT_TYPES.items():
        n = len(graph.content.records[kind])
        parts.append(f"{n} {ct.singular if n == 1 else ct.plural}")
    return ", ".join(parts)


@app.command()
def validate(content: Optional[Path] = ContentOpt) -> None:
    """Controleer alle inhoud: velden, verwijzingen, tekstregels. Exitcode 1 bij fouten."""
    graph, problems = pipeline.validate(_project(content))
    _report(problems)
    typer.echo(f"Inhoud in orde: {_counts(graph)}.")


@app.command()
def generate(content: Optional[Path] = ContentOpt, docs_dir: Optional[Path] = DocsOpt) -> None:
    """Controleer de inhoud en schrijf de Markdown-bestanden voor MkDocs."""
    project = _project(content, docs_dir)
    _graph, problems, stats = pipeline.generate(project)
    _report(problems)
    typer.echo(f"{stats['pages']} bestanden in {project.docs}: {stats['written']} geschreven, "
               f"{stats['unchanged']} ongewijzigd, {stats['removed']} verwijderd.")


@app.command()
def build(content: Optional[Path] = ContentOpt, docs_dir: Optional[Path] = DocsOpt, site_dir: Optional[Path] = SiteOpt) -> None:
    """Controleer, genereer en bouw de site (mkdocs build --strict, nul waarschuwingen)."""
    project = _project(content, docs_dir, site_dir)
    problems, stats, result = pipeline.build(project)
    _report(problems)
    typer.echo(f"Site gebouwd in {result.site_dir}: {result.pages} pagina's, 0 waarschuwingen.")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    port: int = typer.Option(8000, help="Poort."),
    no_build: bool = typer.Option(False, "--no-build", help="Niet eerst bouwen; serveer de bestaande site."),
    content: Optional[Path] = ContentOpt,
    docs_dir: Optional[Path] = DocsOpt,
    site_dir: Optional[Path] = SiteOpt,
) -> None:
    """Bouw de site en serveer haar op localhost."""
    from . import server

    project = _project(content, docs_dir, site_dir)
    if not no_build:
        problems, _stats, result = pipeline.build(project)
        _report(problems)
        typer.echo(f"Site gebouwd: {result.pages} pagina's.")
    typer.echo(f"De kennisbank staat op http://{host}:{port}/  (stoppen: Ctrl+C)")
    server.run(project.site, host, port, project.index)


@app.command()
def preview(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    port: int = typer.Option(8000, help="Poort."),
    content: Optional[Path] = ContentOpt,
    docs_dir: Optional[Path] = DocsOpt,
) -> None:
    """Live voorbeeld: herbouwt zodra een bestand in content/ of site_config/ verandert."""
    from . import preview as preview_mod

    preview_mod.run(_project(content, docs_dir), host, port)


@app.command()
def search(
    query: str = typer.Argument(..., help="Waar u naar zoekt, bijv. 'Rotterdamwet' of 'Skaeve Huse Tilburg'."),
    type: Optional[list[str]] = typer.Option(None, "--type", help="Alleen deze soort: instrument, practice, city, barrier, organisation, term, background."),
    city: Optional[list[str]] = typer.Option(None, "--city", help="Alleen deze stad (slug), bijv. tilburg."),
    domain: Optional[list[str]] = typer.Option(None, "--domain", help="Alleen dit domein, bijv. woningtoewijzing."),
    limit: int = typer.Option(10, "--limit", help="Aantal resultaten."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON (zelfde vorm als de zoek-API)."),
) -> None:
    """Zoek in de kennisbank (bouwt de zoekindex als dat nodig is)."""
    import json

    from .search.engine import Engine, QueryError

    project = _project()
    graph, problems = pipeline.validate(project)
    _report(problems)
    pipeline.index(project, graph)
    engine = Engine(project.index)
    filters = {k: v for k, v in {"type": type, "city": city, "domain": domain}.items() if v}
    try:
        results = engine.search(query, filters, limit=limit)
    except QueryError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    finally:
        engine.close()
    if as_json:
        from dataclasses import asdict

        typer.echo(json.dumps({"query": query, "filters": filters, "total": results.total,
                               "results": [asdict(h) for h in results.hits], "facets": results.facets},
                              ensure_ascii=False, indent=2))
        return
    if not results.hits:
        typer.echo("Geen resultaten.")
        return
    import re

    typer.echo(f"{results.total} resultaten; de eerste {len(results.hits)}:")
    for i, hit in enumerate(results.hits, start=1):
        snippet = re.sub(r"<[^>]+>", "", hit.snippet or hit.summary).replace("\n", " ")
        typer.echo(f"{i:>2}. {hit.title}  [{CONTENT_TYPES[hit.type].singular}]  {hit.url}")
        typer.echo(f"    {snippet[:200]}")


def main() -> None:
    try:
        app()
    except KennisbankError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
