"""The `kennisbank` command: a thin layer over the pipeline that prints in Dutch."""

from __future__ import annotations

import sys
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Optional

import typer

from generator import pipeline
from generator.app import clitext
from generator.content.errors import KennisbankError, Problems
from generator.kinds import KINDS
from generator.fileio import write_text_atomic

if TYPE_CHECKING:
    from generator.graph.graph import Graph

clitext.install()  # Typer's and click's own words (usage, panels, errors) in Dutch
app = typer.Typer(
    help="Kennisbank Gemengde Wijk: inhoud controleren, site bouwen en bekijken.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=clitext.Group,
)


def _version(value: bool) -> None:
    if value:
        import generator

        typer.echo(f"kennisbank {generator.__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Toon de versie en stop."),
) -> None:
    """Kennisbank Gemengde Wijk: inhoud controleren, site bouwen en bekijken."""


ContentOpt = typer.Option(None, "--content", help="Map met de inhoud (standaard: ./content).")
SiteOpt = typer.Option(None, "--site-dir", help="Waar de site komt (standaard: build/site).")
DocsOpt = typer.Option(None, "--docs-dir", help="Waar de gegenereerde Markdown komt (standaard: build/docs).")


def _project(
    content: Optional[Path] = None, docs: Optional[Path] = None, site: Optional[Path] = None, site_url: Optional[str] = None
) -> pipeline.Project:
    if content is not None and content.exists() and not content.is_dir():
        raise KennisbankError(
            f"--content {content}: dat is een bestand, geen map. Geef de map met de inhoud, "
            "bijv. --content content (of laat --content weg)."
        )
    root = Path.cwd() if (Path.cwd() / "mkdocs.yml").exists() else pipeline.ROOT
    return pipeline.Project(root=root, content=content, docs_dir=docs, site_dir=site, site_url=site_url)


def _report(problems: Problems, building: bool = True) -> None:
    from generator.contribute.formreply import for_the_log  # a quoted value never acts as a workflow command

    for p in problems.warnings:
        typer.echo(for_the_log(f"{p}  [waarschuwing]"), err=True)
    for p in problems.errors:
        typer.echo(for_the_log(str(p)), err=True)
    if problems.errors:
        files = len({p.file for p in problems.errors})
        typer.echo(
            f"\n{len(problems.errors)} fout{'en' if len(problems.errors) != 1 else ''} in {files} "
            f"bestand{'en' if files != 1 else ''}."
            + (" Er is niets gebouwd." if building else " Los ze op en controleer opnieuw."),
            err=True,
        )
        raise typer.Exit(1)


def _counts(graph: Graph) -> str:
    parts = []
    for kind, ct in KINDS.items():
        n = len(graph.content.records[kind])
        parts.append(f"{n} {ct.singular if n == 1 else ct.plural}")
    return ", ".join(parts)


@app.command(cls=clitext.Command)
def validate(
    content: Optional[Path] = ContentOpt,
    format: str = typer.Option("tekst", "--format", help="'tekst' of 'github' (annotaties in een pull request)."),
) -> None:
    """Controleer alle inhoud: velden, verwijzingen, tekstregels. Exitcode 1 bij fouten."""
    graph, problems = pipeline.validate(_project(content))
    if format == "github":
        for p in problems.warnings + problems.errors:
            level = "error" if p.severity == "fout" else "warning"
            message = f"{p.path}: {p.message}" if p.path else p.message
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            typer.echo(f"::{level} file={p.file},line={p.line},col={p.column},title=Kennisbank::{message}")
    _report(problems, building=False)
    typer.echo(f"Inhoud in orde: {_counts(graph)}.")


@app.command(cls=clitext.Command)
def generate(content: Optional[Path] = ContentOpt, docs_dir: Optional[Path] = DocsOpt) -> None:
    """Controleer de inhoud en schrijf de Markdown-bestanden voor MkDocs."""
    project = _project(content, docs_dir)
    report = pipeline.generate(project)
    _report(report.problems)
    counts = report.docs
    assert counts is not None  # valid content (_report stopped at errors): the docs tree was written
    typer.echo(
        f"{counts['pages']} bestanden in {project.docs}: {counts['written']} geschreven, "
        f"{counts['unchanged']} ongewijzigd, {counts['removed']} verwijderd."
    )


@app.command(cls=clitext.Command)
def build(
    content: Optional[Path] = ContentOpt,
    docs_dir: Optional[Path] = DocsOpt,
    site_dir: Optional[Path] = SiteOpt,
    site_url: Optional[str] = typer.Option(
        None,
        "--site-url",
        help="Het adres waar de site komt te staan, bijv. https://voorbeeld.github.io/kennisbank/ "
        "(standaard: KENNISBANK_SITE_URL; zonder adres blijven links relatief).",
    ),
) -> None:
    """Controleer, genereer en bouw de site (mkdocs build --strict, nul waarschuwingen)."""
    project = _project(content, docs_dir, site_dir, site_url)
    report = pipeline.build(project)
    _report(report.problems)
    assert report.site is not None  # valid content (_report stopped at errors): the site was built
    typer.echo(f"Site gebouwd in {report.site.site_dir}: {report.site.pages} pagina's, 0 waarschuwingen.")
    if report.new_urls:
        n = len(report.new_urls)
        typer.echo(
            f"{n} nieuw{'e' if n != 1 else ''} webadres{'sen' if n != 1 else ''} toegevoegd aan "
            "site_config/permalinks.txt; "
            "commit dat bestand mee, zodat deze adressen voortaan altijd blijven werken."
        )


@app.command(cls=clitext.Command)
def finish(
    site: Path = typer.Argument(..., help="De map met de gebouwde site, bijv. build/site na 'zensical build'."),
    content: Optional[Path] = ContentOpt,
    docs_dir: Optional[Path] = DocsOpt,
) -> None:
    """Maak een site af die een andere bouwer (zoals Zensical) uit de gegenereerde Markdown bouwde: de eigen
    zoekindex, de beveiligingsheaders, Nederlandse doorverwijzingen; het zoekbestand met alle tekst gaat eruit."""
    project = _project(content, docs_dir)
    report = pipeline.finish(project, site)
    _report(report.problems)
    done = report.finished
    assert done is not None  # the content was valid
    typer.echo(
        f"Site afgemaakt in {site}: zoekindex ({done.search['documents']} documenten), "
        f"_headers, {done.redirects} doorverwijzing{'en' if done.redirects != 1 else ''}"
        + (f"; zoekbestand met alle tekst geleegd: {', '.join(done.emptied)}" if done.emptied else "")
        + "."
    )


@app.command(cls=clitext.Command)
def serve(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    port: int = typer.Option(8000, help="Poort."),
    no_build: bool = typer.Option(False, "--no-build", help="Niet eerst bouwen; serveer de bestaande site."),
    content: Optional[Path] = ContentOpt,
    docs_dir: Optional[Path] = DocsOpt,
    site_dir: Optional[Path] = SiteOpt,
) -> None:
    """Bouw de site en serveer haar op localhost."""
    from generator.app import server

    server.refuse_busy_port(host, port, "serve")  # before building, and before saying where the site is
    project = _project(content, docs_dir, site_dir)
    session = pipeline.BuildSession(project)  # the build and the server read mkdocs.yml once
    if not no_build:
        report = pipeline.build(session)
        _report(report.problems)
        assert report.site is not None  # as in build
        typer.echo(f"Site gebouwd: {report.site.pages} pagina's.")
    typer.echo(f"De kennisbank staat op http://{host}:{port}/  (stoppen: Ctrl+C)")
    server.run(project.site, host, port, project.index, session.config)


@app.command(cls=clitext.Command)
def preview(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    port: int = typer.Option(8000, help="Poort."),
    content: Optional[Path] = ContentOpt,
    docs_dir: Optional[Path] = DocsOpt,
) -> None:
    """Live voorbeeld: herbouwt zodra een bestand in content/ of site_config/ verandert."""
    from generator.app import preview as preview_mod

    preview_mod.run(_project(content, docs_dir), host, port)


@app.command(cls=clitext.Command)
def search(
    query: str = typer.Argument(..., help="Waar u naar zoekt, bijv. 'Rotterdamwet' of 'Skaeve Huse Tilburg'."),
    type: Optional[list[str]] = typer.Option(
        None, "--type", help="Alleen deze soort: instrument, practice, city, barrier, organisation, term, background."
    ),
    city: Optional[list[str]] = typer.Option(None, "--city", help="Alleen deze stad (slug), bijv. tilburg."),
    domain: Optional[list[str]] = typer.Option(None, "--domain", help="Alleen dit domein, bijv. woningtoewijzing."),
    limit: int = typer.Option(10, "--limit", help="Aantal resultaten (1 tot en met 50, zoals de zoek-API)."),
    offset: int = typer.Option(0, "--offset", help="Sla zoveel resultaten over (voor de volgende bladzijde)."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON (zelfde antwoord als de zoek-API /api/search)."),
) -> None:
    """Zoek in de kennisbank (bouwt de zoekindex als dat nodig is)."""
    import json

    from generator.search import api
    from generator.search.base import QueryError
    from generator.search.engines import open_engine

    project = _project()
    graph, problems = pipeline.validate(project)
    _report(problems)
    pipeline.index(project, graph)
    engine = open_engine(project.index)
    filters = {k: v for k, v in {"type": type, "city": city, "domain": domain}.items() if v}
    limit, offset = min(max(limit, 1), api.MAX_LIMIT), min(max(offset, 0), api.MAX_OFFSET)  # as the API does
    try:
        results = engine.search(query, filters, limit=limit, offset=offset)
        labels = engine.labels
    except QueryError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    finally:
        engine.close()
    if as_json:
        typer.echo(json.dumps(api.answer(results, query, filters, limit, offset, labels), ensure_ascii=False, indent=2))
        return
    if not results.hits:
        typer.echo("Geen resultaten.")
        return
    import re

    typer.echo(f"{results.total} resultaten; de eerste {len(results.hits)}:")
    for i, hit in enumerate(results.hits, start=1):
        snippet = re.sub(r"<[^>]+>", "", hit.snippet or hit.summary).replace("\n", " ")
        kind = KINDS[hit.type].singular if hit.type in KINDS else "pagina"  # a fixed page: no kind
        typer.echo(f"{i:>2}. {hit.title}  [{kind}]  {hit.url}")
        typer.echo(f"    {snippet[:200]}")


@app.command("check-links", cls=clitext.Command)
def check_links(
    timeout: float = typer.Option(20.0, "--timeout", help="Seconden per adres."),
    report: Optional[Path] = typer.Option(
        None, "--report", help="Schrijf hierheen de lijst van dode bronnen (Markdown, voor een issue); alleen als er een is."
    ),
    content: Optional[Path] = ContentOpt,
) -> None:
    """Controleer of de webadressen van de bronnen nog werken (HEAD/GET, doorverwijzingen gevolgd).
    Exitcode 1 als er een niet werkt."""
    from generator.contribute import linkcheck

    project = _project(content)
    links, problems = linkcheck.source_links(project.content_dir, project.shown_root)
    _report(problems, building=False)
    results = linkcheck.check_all(links, timeout=timeout)
    for r in results:
        typer.echo(
            f"{'in orde' if r.ok else 'DOOD':>7}  {r.link.url}  ({r.link.file}){'' if r.ok and not r.moved else ': ' + r.reason}"
        )
    dead = [r for r in results if not r.ok]
    typer.echo(f"{len(results)} webadressen gecontroleerd, {len(dead)} werken niet.")
    if dead:
        if report:
            write_text_atomic(report, linkcheck.report(results))
        raise typer.Exit(1)


new_app = typer.Typer(help="Maak een nieuw inhoudsbestand met alle velden en uitleg.", no_args_is_help=True, cls=clitext.Group)
app.add_typer(new_app, name="new")


def _write_new(project: pipeline.Project, kind: str, target: Path, prefill: dict | None = None) -> None:
    from generator.contribute.scaffold import template

    content_dir = next((p for p in target.parents if p.name == "content"), target.parent)

    with pipeline.changing(project):
        if target.exists():
            typer.echo(f"{target} bestaat al; kies een andere naam.", err=True)
            raise typer.Exit(1)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, template(kind, target, prefill, content_dir.parent / "site_config" / "schema"))
        except OSError as exc:
            why = (
                "een deel van het pad is een bestand, geen map"
                if isinstance(exc, (NotADirectoryError, FileExistsError))
                else "geen toestemming om daar te schrijven"
                if isinstance(exc, PermissionError)
                else "schrijffout"
            )
            typer.echo(f"{target} kan niet worden geschreven: {why}. Controleer de map (--content).", err=True)
            raise typer.Exit(1)
    shown = target.relative_to(content_dir.parent) if target.is_relative_to(content_dir.parent) else target
    typer.echo(f"Gemaakt: {shown}\nVul de velden in en controleer met: kennisbank validate")


def _slug_ok(slug: str) -> None:
    from generator.contribute.scaffold import SLUG_MAX, shown_slug, valid_slug

    if not valid_slug(slug):
        typer.echo(
            f"'{shown_slug(slug)}' is geen geldige naam: gebruik kleine letters a-z, cijfers en koppeltekens "
            f"(hoogstens {SLUG_MAX} tekens).",
            err=True,
        )
        raise typer.Exit(1)


@new_app.command("practice", cls=clitext.Command)
def new_practice(
    city: str = typer.Option(..., "--city", help="De stad (slug), bijv. tilburg."),
    instrument: str = typer.Option(..., "--instrument", help="Het instrument (slug), bijv. housing-first."),
    slug: Optional[str] = typer.Option(None, "--slug", help="Naam van het bestand (standaard: het instrument)."),
    content: Optional[Path] = ContentOpt,
) -> None:
    """Nieuwe praktijk van een stad: content/cities/<stad>/<slug>.yaml."""
    project = _project(content)
    with pipeline.changing(project):  # the city and instrument still exist when the file is written
        _new_practice(project, city, instrument, slug)


def _new_practice(project: pipeline.Project, city: str, instrument: str, slug: Optional[str]) -> None:
    graph, problems = pipeline.validate(project)
    from generator.content.errors import did_you_mean

    records = graph.content.records
    if city not in records["city"]:
        if ("city", city) in graph.content.failed:
            typer.echo(
                f"De stad '{city}' bestaat, maar haar bestand bevat nog fouten. Herstel die eerst (kennisbank validate).",
                err=True,
            )
        else:
            typer.echo(
                f"Onbekende stad '{city}'.{did_you_mean(city, records['city'])} Maak eerst de stad: kennisbank new city {city}",
                err=True,
            )
        raise typer.Exit(1)
    if instrument not in records["instrument"]:
        typer.echo(f"Onbekend instrument '{instrument}'.{did_you_mean(instrument, records['instrument'])}", err=True)
        raise typer.Exit(1)
    slug = slug or instrument
    _slug_ok(slug)
    city_name = records["city"][city].model.name
    inst_name = records["instrument"][instrument].model.name
    _write_new(
        project,
        "practice",
        project.content_dir / "cities" / city / f"{slug}.yaml",
        {"name": f'"{inst_name} in {city_name}"', "instrument": instrument},
    )


def _new_simple(kind: str, folder: str) -> Callable[..., None]:
    def command(
        slug: str = typer.Argument(..., help="Bestandsnaam zonder .yaml: kleine letters, cijfers, koppeltekens."),
        content: Optional[Path] = ContentOpt,
    ) -> None:
        _slug_ok(slug)
        project = _project(content)
        _write_new(project, kind, project.content_dir / folder / f"{slug}.yaml")

    command.__doc__ = f"Nieuw(e) {KINDS[kind].singular}: content/{folder}/<slug>.yaml."
    return command


for _kind, _name in (
    ("instrument", "instrument"),
    ("barrier", "barrier"),
    ("city", "city"),
    ("organisation", "organisation"),
    ("source", "source"),
    ("study", "study"),
    ("term", "term"),
):
    new_app.command(_name, cls=clitext.Command)(_new_simple(_kind, KINDS[_kind].folder))


@app.command(cls=clitext.Command)
def schema(check: bool = typer.Option(False, "--check", help="Alleen controleren of de schema's actueel zijn.")) -> None:
    """Schrijf alles wat uit de modellen komt: JSON Schema's, issueformulier, veldtabellen in CONTRIBUTING.md."""
    from generator.contribute import schema as schema_mod

    if check:
        stale = schema_mod.drift()
        if stale:
            typer.echo(f"Verouderd: {', '.join(stale)}. Draai 'kennisbank schema'.", err=True)
            raise typer.Exit(1)
        typer.echo("Schema's zijn actueel.")
        return
    with pipeline.changing(_project()):
        written = schema_mod.write()
    typer.echo(
        f"{len(written)} gegenereerde bestanden bijgewerkt (JSON Schema's in site_config/schema/, issueformulier, "
        "labels van de scripts, veldtabellen en woordenlijsten in CONTRIBUTING.md)."
    )


@app.command(cls=clitext.Command)
def rename(
    old: str = typer.Argument(..., help="De pagina, bijv. 'tilburg/skaeve-huse' of 'instrument:wbmgp'."),
    new: str = typer.Argument(..., help="De nieuwe slug, bijv. 'skaeve-huse-west'."),
    content: Optional[Path] = ContentOpt,
) -> None:
    """Hernoem een pagina: verplaatst het bestand, past alle verwijzingen aan en maakt een doorverwijzing."""
    from generator.contribute.rename import rename as do_rename

    result = do_rename(_project(content), old, new)
    typer.echo(f"Hernoemd: {result.old} -> {result.new} ({KINDS[result.kind].singular}).")
    for f in result.files_changed:
        typer.echo(f"  aangepast: {f}")
    for a, b in result.redirects.items():
        typer.echo(f"  doorverwijzing: {a} -> {b}")


@app.command("from-issue", cls=clitext.Command)
def from_issue(
    body: Optional[Path] = typer.Argument(
        None,
        help="Bestand met de tekst van het issue (formulier 'Praktijk toevoegen'), "
        "of de tekstversie van het formulier uit een e-mail.",
    ),
    event: Optional[Path] = typer.Option(
        None,
        "--event",
        help="Het GitHub-event van het issue (JSON, $GITHUB_EVENT_PATH): "
        "schrijft de bestanden, controleert ze en schrijft een reactie (--comment).",
    ),
    write: bool = typer.Option(False, "--write", help="Schrijf de bestanden in content/ in plaats van ze te tonen."),
    comment: Optional[Path] = typer.Option(None, "--comment", help="Schrijf hierheen de reactie voor GitHub (Markdown)."),
    content: Optional[Path] = ContentOpt,
) -> None:
    """Zet een ingevuld issueformulier om in YAML-bestanden: de praktijk en, als het formulier ze beschrijft,
    een nieuwe stad, nieuwe organisaties en nieuwe bronnen. Alles wat dit commando schrijft naar de uitvoer
    is veilig voor het logboek van een workflow (geen regel begint met '::')."""
    from generator.contribute import formcheck, formfiles, formread, formreply

    def say(text: str, err: bool = False) -> None:
        typer.echo(formreply.for_the_log(text), err=err)

    def reply(text: str) -> None:
        if comment:
            write_text_atomic(comment, text)

    if (body is None) == (event is None):
        say("Geef het bestand met de tekst van het issue, of --event met het GitHub-event (niet beide).", err=True)
        raise typer.Exit(2)
    source = body or event
    assert source is not None  # exactly one of them (checked above)
    number = None
    try:
        project = _project(content)
        if not source.is_file():
            raise formread.IssueFormError(
                [
                    (
                        "Issue",
                        f"{source}: {'is een map' if source.is_dir() else 'bestaat niet'}; "
                        "geef het bestand met de tekst van het issue.",
                    )
                ]
            )
        try:
            raw = source.read_bytes()[: formread.MAX_EVENT_BYTES + 1].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise formread.IssueFormError(
                [("Issue", f"{source}: geen UTF-8-tekst (byte {exc.start}). Sla het issue op als UTF-8 en probeer opnieuw.")]
            ) from None
        write = write or event is not None
        if event:
            raw, number = formread.body_of_event(raw)
        result = formcheck.practice_from_issue(raw, project.content_dir)
        problems = formfiles.write_and_check(project, result, keep=write)
        if problems:
            raise formread.IssueFormError(problems)
    except formread.IssueFormError as exc:
        reply(formreply.comment_errors(exc.problems))
        say(str(exc), err=True)
        raise typer.Exit(1)
    except KennisbankError as exc:
        reply(formreply.comment_errors([("Kennisbank", str(exc))]))
        say(str(exc), err=True)
        raise typer.Exit(1)
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug of ours: the contributor still hears something, the log says what
        reply(formreply.comment_failure())
        say(f"Interne fout bij het omzetten ({type(exc).__name__}); meld dit bij de redactie.", err=True)
        raise typer.Exit(3)
    reply(formreply.comment_ok(result, number))
    if not write:
        for path in result.files:
            say(f"# --- content/{path} ---\n{formfiles.file_text(result, path)}")
        return
    for path in result.files:
        say(f"Geschreven: {project.content_dir / path}")
    formreply.github_output(result, number)


def main() -> None:
    from generator import processes

    processes.interrupt_on_terminate()  # SIGTERM as Ctrl+C: cleanup runs, child processes are stopped
    try:
        app()
    except KennisbankError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("Afgebroken.", err=True)
        sys.exit(130)
