"""What goes on each page: one function per page type, building the template context.

All choices of content and order are made here (Python holds logic); the templates in
site_config/templates/ only lay it out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.graph import evidence
from generator.graph.graph import Graph
from generator.site.history import dutch
from generator.content.models import Citation
from generator.content.records import Record
from generator.kinds import KINDS, kinds
from generator.kinds.rows import LEVELS_PAGE, MAP_PAGE, md_link
from generator.site.addresses import Addresses
from generator.site.render import Page, Renderer
from generator.site.settings import Settings
from generator.content.text import markdown_to_text
from generator.content.urls import display_name
from generator.content.vocab import vocab

FEATURED = ["housing-first", "skaeve-huse", "wonen-plus", "huur-op-maat", "wbmgp"]


def all_pages(r: Renderer) -> list[Page]:
    g = r.graph
    pages = [
        home(g),
        instruments_overview(g),
        cities_overview(g),
        barriers_overview(g),
        organisations_overview(g),
        glossary(g),
        background_overview(g),
        recommendations(g),
        sources(g),
        Page("zoeken/index.md", "search.md.j2", dict(tooltips=False)),
        changes(r),
        contribute(r),
        Page("kiezer/index.md", "finder.md.j2", dict(tooltips=False)),
        Page("vergelijken/index.md", "compare.md.j2", dict(tooltips=False)),
        matrix(g),
        english(g),
        evidence_map(r),
        open_data(r),
        *about_pages(r),
        studies(g),
    ]
    for kind in kinds(has_page=True):  # one page per entry (the registry says which kinds have one)
        pages += [entry(g, rec) for rec in g.of(kind)]
    return pages


def home(g: Graph) -> Page:
    featured = [g.record(("instrument", k)) for k in FEATURED if k in g.content.records["instrument"]]
    counts = {kind: len(g.of(kind)) for kind in KINDS}
    return Page(
        "index.md",
        "home.md.j2",
        dict(
            featured=featured,
            counts=counts,
            cities=g.of("city"),
            barriers=g.by_name(("barrier", b.key) for b in g.of("barrier")),
            tooltips=False,
        ),
    )


def instruments_overview(g: Graph) -> Page:
    groups = []
    for term in vocab("domain").terms:
        items = [i for i in g.of("instrument") if i.model.domain == term.key]
        if items:
            rows = [(i, g.cities_of(("instrument", i.key))) for i in g.by_name(("instrument", x.key) for x in items)]
            groups.append((term, rows))
    return Page("instrumenten/index.md", "instruments.md.j2", dict(groups=groups, tooltips=False))


def evidence_map(r: Renderer) -> Page:
    """Instruments x outcomes. Each cell: the distinct studies behind the results that count for that
    instrument on that outcome (graph/evidence.py), one mark sized by their number and coloured by the
    direction, the studies with their findings and sources behind it; an empty cell is a gap. Per
    minimum design the cell's count and direction are given too, for the filter."""
    g = r.graph
    outcomes = vocab("outcome").terms
    designs = evidence.scale()
    here = MAP_PAGE
    rows, filled, studies_seen = [], 0, set()
    for inst in g.by_name(("instrument", i.key) for i in g.of("instrument")):
        cells = []
        gap_labels: list[str] = []  # the outcomes without a study: the gaps of this row
        for term in outcomes:
            c = evidence.cell(g, inst.key, term.key)
            if not c.studies:
                cells.append(dict(outcome=term, n=0, studies=[]))
                gap_labels.append(term.label)
                continue
            filled += 1
            studies_seen |= {s.key for s, _f in c.studies}
            levels = []
            for d in designs:
                sub = c.at_least(d)
                levels.append(dict(design=d, n=len(sub.studies), direction=sub.direction if sub.studies else ""))
            studies = [
                dict(
                    name=s.model.name,
                    href=r.href(here, "study", s.key),
                    design=s.model.design,
                    design_label=vocab("evidence_level").label(s.model.design),
                    findings=[
                        dict(
                            text=markdown_to_text(f.result.text),
                            year=f.result.year,
                            direction=f.result.direction,
                            direction_label=vocab("direction").label(f.result.direction),
                            page_name=display_name(f.page),
                            page_href=r.href(here, f.page.type.kind, f.page.key),
                            sources=[_source_ref(r, here, cit) for cit in (f.result.sources or s.model.sources)],
                        )
                        for f in fs
                    ],
                )
                for s, fs in c.studies
            ]
            cells.append(
                dict(
                    outcome=term,
                    n=len(c.studies),
                    direction=c.direction,
                    direction_label=vocab("direction").label(c.direction),
                    strongest=c.studies[0][0].model.design,
                    strongest_label=vocab("evidence_level").label(c.studies[0][0].model.design),
                    levels=levels,
                    studies=studies,
                )
            )
        level = evidence.level(g, inst.key)
        rows.append(
            dict(
                inst=inst,
                href=r.href(here, "instrument", inst.key),
                cells=cells,
                gap_labels=gap_labels,
                level=level,
                level_label=vocab("evidence_level").label(level),
            )
        )
    n_cells = len(rows) * len(outcomes)
    return Page(
        here,
        "evidence_map.md.j2",
        dict(
            outcomes=outcomes,
            rows=rows,
            filled=filled,
            cells=n_cells,
            gaps=n_cells - filled,
            n_studies=len(studies_seen),
            designs=[t for t in vocab("evidence_level").terms if t.key in designs],
            directions=vocab("direction").terms,
            levels_href=md_link(here, LEVELS_PAGE),
            tooltips=False,
        ),
    )


def studies(g: Graph) -> Page:
    """/achtergrond/onderzoeken/: the evidence scale, each level defined once, and every coded study
    (an anchor each), strongest design first, with what it is about, its sources and where it is used."""
    groups = []
    for term in vocab("evidence_level").terms:
        items = sorted((s for s in g.of("study") if s.model.design == term.key), key=lambda s: (s.model.name.casefold(), s.key))
        rows = []
        for s in items:
            about = g.by_name(("instrument", k) for k in s.model.instruments)
            counted = g.by_name(
                ("instrument", k) for k, fs in evidence.findings(g).items() if any(f.study.key == s.key for f in fs)
            )
            used = g.by_name(n for n in g.referrers(("study", s.key), "instrument") | g.referrers(("study", s.key), "practice"))
            rows.append(dict(rec=s, about=about, counted=counted, used=used))
        groups.append((term, rows))
    return Page(LEVELS_PAGE, "studies.md.j2", dict(groups=groups, tooltips=False))


def _source_ref(r: Renderer, here: str, citation: Citation) -> dict[str, str]:
    return dict(label=r.source_label(citation, note=False), href=r.href(here, "source", citation.source))


def english(g: Graph) -> Page:
    """/en/: the knowledge base explained in English, with the English summaries (the Dutch pages
    stay the primary ones)."""
    instruments = [(i, g.cities_of(("instrument", i.key))) for i in g.by_name(("instrument", x.key) for x in g.of("instrument"))]
    cities = [(c, g.practices_of(("city", c.key))) for c in g.by_name(("city", x.key) for x in g.of("city"))]
    barriers = g.by_name(("barrier", b.key) for b in g.of("barrier"))
    return Page("en/index.md", "english.md.j2", dict(instruments=instruments, cities=cities, barriers=barriers, tooltips=False))


def cities_overview(g: Graph) -> Page:
    rows = [(c, g.practices_of(("city", c.key))) for c in g.by_name(("city", x.key) for x in g.of("city"))]
    return Page("steden/index.md", "cities.md.j2", dict(rows=rows, tooltips=False))


def barriers_overview(g: Graph) -> Page:
    groups = []
    for term in vocab("perspective").terms:
        items = [b for b in g.of("barrier") if term.key in b.model.perspectives]
        groups.append(
            (
                term,
                [
                    (b, g.instruments_of(("barrier", b.key)), g.cities_of(("barrier", b.key)))
                    for b in g.by_name(("barrier", x.key) for x in items)
                ],
            )
        )
    return Page("belemmeringen/index.md", "barriers.md.j2", dict(groups=groups, tooltips=False))


def organisations_overview(g: Graph) -> Page:
    by_type = defaultdict(list)
    for o in g.of("organisation"):
        by_type[o.model.type].append(o)
    groups = [
        (t, g.by_name(("organisation", o.key) for o in by_type[t.key])) for t in vocab("actor_type").terms if by_type[t.key]
    ]
    return Page("organisaties/index.md", "organisations.md.j2", dict(groups=groups, tooltips=False))


def glossary(g: Graph) -> Page:
    """Every term with what its short definition rests on: the knowledge base's own wording is labelled,
    and its sources are shown as where the term occurs, not as the origin of the definition (issue 19)."""
    bases = {t.key: t for t in vocab("definition_basis").terms}
    rows = [
        dict(
            term=t,
            basis=bases[t.model.basis],
            own=t.model.basis == "redactie",
            sources_label="Het begrip in de bronnen" if t.model.basis == "redactie" else "Bron",
        )
        for t in g.by_name(("term", t.key) for t in g.of("term"))
    ]
    return Page("begrippen/index.md", "glossary.md.j2", dict(terms=rows, tooltips=False))


def background_overview(g: Graph) -> Page:
    items = sorted(g.of("background"), key=lambda b: (b.model.order, b.key))
    return Page(
        "achtergrond/index.md",
        "background_index.md.j2",
        dict(items=items, has_recommendations=bool(g.of("recommendation")), has_studies=bool(g.of("study")), tooltips=False),
    )


def recommendations(g: Graph) -> Page:
    items = sorted(g.of("recommendation"), key=lambda r: r.model.number)
    rows = [(r, g.instruments_of(("recommendation", r.key)), g.barriers_of(("recommendation", r.key))) for r in items]
    return Page("achtergrond/aanbevelingen.md", "recommendations.md.j2", dict(rows=rows))


@dataclass(frozen=True)
class Download:
    """A file on the open data page: its name (relative to /data/), what it holds, size, sha256."""

    name: str
    what: str
    size: int
    sha256: str

    @property
    def size_shown(self) -> str:
        """Dutch: '12,3 kB', '1,5 MB', '840 bytes'."""
        if self.size < 1000:
            return f"{self.size} bytes"
        amount, unit = (self.size / 1_000_000, "MB") if self.size >= 1_000_000 else (self.size / 1000, "kB")
        return f"{amount:.1f} {unit}".replace(".", ",")


def open_data(r: Renderer) -> Page:
    """The download page /data/: every file of the open data with its size and fingerprint."""
    import hashlib

    from generator.site import opendata

    files = opendata.downloads(r)
    counts = {kind: len(r.graph.of(kind)) for kind in KINDS}
    what = {
        opendata.FULL: f"alle soorten en alle velden ({sum(counts.values())} items), JSON",
        opendata.SCHEMA: "het JSON Schema van het bestand hierboven",
        opendata.FINDER: "uittreksel voor de instrumentenkiezer en het vergelijken (JSON)",
        opendata.STUDIES_CSV: f"de onderzoeken van de bewijskaart, met opzet en resultaten: een rij per resultaat en "
        f"instrument waarvoor het telt ({counts['study']} onderzoeken, CSV)",
        opendata.STUDIES_JSON: "dezelfde onderzoeken met alles wat over ze bekend is en de bewijsschaal (JSON)",
        opendata.README: "licentie, versie en bestandenlijst, in gewone tekst",
        opendata.SUMS: "de sha256 van elk bestand (sha256sum -c SHA256SUMS)",
    }
    for kind, ct in KINDS.items():
        what[f"csv/{kind}.csv"] = f"{ct.plural}: {counts[kind]} rijen, één per {ct.singular} (CSV)"
    order = (
        [opendata.FULL, opendata.SCHEMA]
        + [f"csv/{kind}.csv" for kind in KINDS]
        + [opendata.STUDIES_CSV, opendata.STUDIES_JSON, opendata.FINDER, opendata.README, opendata.SUMS]
    )
    rows = [Download(name, what[name], len(files[name]), hashlib.sha256(files[name]).hexdigest()) for name in order]
    return Page(
        f"{opendata.FOLDER}/index.md",
        "open-data.md.j2",
        dict(
            rows=rows,
            licence=r.settings.licence,
            version=r.reference.isoformat() if r.reference else None,
            version_shown=dutch(r.reference) if r.reference else None,
            schema_version=opendata.SCHEMA_VERSION,
            full=opendata.FULL,
            schema=opendata.SCHEMA,
            tooltips=False,
        ),
    )


def sources(g: Graph) -> Page:
    items = sorted(g.of("source"), key=lambda s: (s.model.author.casefold(), s.model.year or s.model.accessed, s.key))
    return Page("achtergrond/bronnen.md", "sources.md.j2", dict(rows=[(s, g.citing(s.key)) for s in items], tooltips=False))


def entry(g: Graph, rec: Record) -> Page:
    """An entry's page: its kind's template, with the context its kind's module prepares."""
    kind = rec.type
    assert kind.template and kind.page, f"{kind.kind} has pages but declares no template or page function"
    node = (kind.kind, rec.key)
    return Page(kind.src_path(rec.key), kind.template, node=node, context=dict(e=rec.model, rec=rec, **kind.page(g, rec)))


RECENT = 40


def contribute(r: Renderer) -> Page:
    """/bijdragen/: the form "Praktijk toevoegen" and the correction form when the repository is known;
    without a GitHub account, the same questions as text to mail to the editors when their address is
    configured (never a made-up one)."""
    from markupsafe import Markup, escape

    from generator.contribute.catalog import Catalog
    from generator.contribute.form import text_questions

    a = r.addresses
    questions = Markup(escape(text_questions(Catalog.from_content(r.graph.content)))) if a.editors_email else None
    return Page(
        "bijdragen/index.md",
        "contribute.md.j2",
        dict(
            tooltips=False,
            form_url=a.issue_form("praktijk-toevoegen.yml"),
            correction_url=a.issue_form("correctie.yml", title="Correctie: "),
            editors_email=a.editors_email,
            questions=questions,
            licence=r.settings.licence,
        ),
    )


def changes(r: Renderer) -> Page:
    """'Nieuw en gewijzigd': the most recently changed entries, newest first (from git)."""
    g = r.graph
    dated = []
    for kind in kinds(has_page=True):
        for rec in g.of(kind):
            date = r.changed.get(rec.file)
            if date:
                dated.append((date, kind, rec))
    dated.sort(key=lambda t: (-t[0].toordinal(), t[1], t[2].key))
    groups: dict = {}
    for date, kind, rec in dated[:RECENT]:
        groups.setdefault(date, []).append((kind, rec))
    rows = [(dutch(date), [(KINDS[kind].singular, rec) for kind, rec in items]) for date, items in groups.items()]
    return Page("nieuw/index.md", "changes.md.j2", dict(rows=rows, tooltips=False))


MATRIX_MAX_COLUMNS = 12  # more cities than this and a grid is unreadable (and grows as instruments x cities)


def matrix(g: Graph) -> Page:
    """Instruments x cities; each cell lists the practices with their status.

    With up to MATRIX_MAX_COLUMNS cities it is a grid. Beyond that each instrument lists only
    the cities that apply it, so the page grows with the practices, not with instruments x cities.
    """
    cities = g.by_name(("city", c.key) for c in g.of("city"))
    grid = len(cities) <= MATRIX_MAX_COLUMNS
    rows = []
    for term in vocab("domain").terms:
        for inst in g.by_name(("instrument", i.key) for i in g.of("instrument") if i.model.domain == term.key):
            by_city: dict[str | None, list[Record]] = {}  # a practice's city is never None
            for p in g.practices_of(("instrument", inst.key)):
                by_city.setdefault(p.city, []).append(p)
            if grid:
                cells = [(c, by_city.get(c.key, [])) for c in cities]
            else:
                cells = [(c, by_city[c.key]) for c in cities if c.key in by_city]
            rows.append((inst, cells))
    statuses = [(t.key, t.label) for t in vocab("status").terms]
    return Page("matrix/index.md", "matrix.md.j2", dict(cities=cities, rows=rows, statuses=statuses, grid=grid, tooltips=False))


# --- the statements a Dutch public site publishes (under /over/, linked from every footer) ------

ABOUT_PAGES = {  # docs-tree path -> template
    "over/index.md": "colofon.md.j2",
    "over/toegankelijkheid.md": "accessibility.md.j2",
    "over/privacy.md": "privacy.md.j2",
    "over/kwetsbaarheid-melden.md": "vulnerability.md.j2",
}


def contact_routes(settings: Settings, addresses: Addresses) -> dict[str, str | None]:
    """How a reader reaches the publisher: the addresses set in mkdocs.yml `extra.contact`, else
    the repository's GitHub issues and security advisories when its address is known; never a
    guessed address. Empty values mean: not configured."""
    repo = addresses.repo_url
    github = bool(repo and repo.startswith("https://github.com/"))
    return dict(
        email=settings.email,
        security_email=settings.security_email,
        organisation=settings.organisation,
        issues_url=f"{repo}/issues/new" if github else None,
        advisory_url=f"{repo}/security/advisories/new" if github else None,
        repo_url=repo,
    )


def about_pages(r: Renderer) -> list[Page]:
    """Colofon (with the licence), toegankelijkheidsverklaring, privacyverklaring and
    kwetsbaarheid melden: their licence and addresses come from mkdocs.yml `extra:`."""
    settings = r.settings
    context = dict(
        licence=settings.licence, contact=contact_routes(settings, r.addresses), site_url=r.addresses.site_url, tooltips=False
    )
    return [Page(path, template, dict(context)) for path, template in ABOUT_PAGES.items()]
