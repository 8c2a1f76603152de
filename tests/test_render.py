"""Rendering on small throwaway projects: escaping, tooltips, determinism, incremental writes.

The pipeline runs in this process (generator.pipeline, as `kennisbank build` and `generate` call
it), not as a command per case: the command line itself is tested elsewhere (test_bad_input,
test_contributing, test_site).
"""

from __future__ import annotations

import hashlib
import re

from generator import pipeline
from sitehtml import article_links, page


def _project(project, out):
    return pipeline.Project(root=project.root, content=project.content, docs_dir=out / "docs", site_dir=out / "site")


def build(project, name="out"):
    out = project.root / name
    report = pipeline.build(_project(project, out))
    assert not report.problems.errors, "\n".join(map(str, report.problems.errors))
    return out


def generate(project) -> dict[str, int]:
    """The docs tree in project/docs; its counts (pages, written, unchanged, removed)."""
    report = pipeline.generate(_project(project, project.root), write_index=False)
    assert not report.problems.errors, "\n".join(map(str, report.problems.errors))
    return report.docs


def test_plain_text_is_shown_literally_never_as_markup(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace(
            "summary: Tilburg huisvest dakloze mensen direct in een eigen woning.",
            "summary: '*niet vet* en [geen link](https://example.org) & _ook niet_ # geen kop'",
        )
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    html = page(build(project) / "site", "/steden/tilburg/housing-first/")
    assert "*niet vet* en [geen link](https://example.org) &amp; _ook niet_ # geen kop" in html
    assert 'href="https://example.org"' not in html
    assert "<em>niet vet</em>" not in html


def test_markdown_fields_render_and_internal_links_resolve(project):
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace(
            "what_helped: Afspraken over toestemming van de huurder hielpen elders.",
            "what_helped: 'In [Tilburg](stad:tilburg) hielp **toestemming** bij [Housing First](instrument:housing-first).'",
        )
    )
    project.write("barriers/privacy.yaml", text)
    site = build(project) / "site"
    html = page(site, "/belemmeringen/privacy/")
    assert "<strong>toestemming</strong>" in html
    links = article_links(site, "/belemmeringen/privacy/")
    assert {"/steden/tilburg/", "/instrumenten/housing-first/"} <= links


def test_unknown_internal_link_is_an_error(project):
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace(
            "what_helped: Afspraken over toestemming van de huurder hielpen elders.",
            "what_helped: 'Zie [Housing First](instrument:housing-frist) voor meer.'",
        )
    )
    project.write("barriers/privacy.yaml", text)
    _graph, problems = pipeline.validate(_project(project, project.root))
    errors = [str(p) for p in problems.errors]
    assert len(errors) == 1 and errors[0].startswith("content/barriers/privacy.yaml:7:"), errors
    assert "link in de tekst: onbekend instrument 'housing-frist'. Bedoelde je 'housing-first'?" in errors[0]


def test_glossary_terms_get_a_tooltip_where_they_are_used(project):
    project.use_glossary_term("Regel dat huishoudens met een laag inkomen een woning met een passende huur krijgen.")
    site = build(project) / "site"
    assert (
        '<abbr title="Regel dat huishoudens met een laag inkomen een woning met een passende huur krijgen.'
        ' (eigen uitleg van de kennisbank)">'
        "passend toewijzen</abbr>" in page(site, "/steden/tilburg/")
    )
    assert 'id="passend-toewijzen"' in page(site, "/begrippen/")


def test_a_glossary_name_only_in_a_link_address_gets_no_tooltip_definition(project):
    """Link addresses are no text: a term named like an entry's key ('housing-first', in the
    address of every link to Housing First) is not defined on pages that only link there."""
    project.write(
        "glossary/housing-first.yaml",
        """
        name: housing-first
        definition: Eerst een woning, dan de rest.
        sources:
          - source: rapport
            section: "§7.1"
    """,
    )
    generate(project)
    city = (project.root / "docs/steden/tilburg/index.md").read_text(encoding="utf-8")
    assert "/housing-first/" in city and "*[housing-first]" not in city


def _digest(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_content_gives_byte_identical_output(project):
    first = _digest(build(project, "a") / "site")
    second = _digest(build(project, "b") / "site")
    assert first == second
    assert len(first) > 20


def test_generator_rewrites_only_changed_files(project):
    first = generate(project)
    assert first["unchanged"] == 0 and first["written"] == first["pages"]
    assert generate(project)["written"] == 0
    text = (project.content / "barriers/privacy.yaml").read_text().replace("hielpen elders", "hielpen in Breda")
    project.write("barriers/privacy.yaml", text)
    before = _digest(project.root / "docs")
    written = generate(project)["written"]
    after = _digest(project.root / "docs")
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    assert written == len(changed)
    # the barrier page itself changes, and the open data (which holds every text); no other page shows it
    assert [rel for rel in changed if not rel.startswith("data/")] == ["belemmeringen/privacy.md"], changed


def test_failed_build_keeps_the_previous_site(project):
    out = build(project)
    before = _digest(out / "site")
    project.write("instruments/kapot.yaml", "name: [\n")
    report = pipeline.build(_project(project, out))
    assert report.problems.errors and report.site is None
    assert _digest(out / "site") == before


def test_matrix_is_a_grid_for_few_cities_and_a_list_for_many(project):
    """Instruments x cities stays readable, and the page grows with practices, not with the product."""
    html = page(build(project) / "site", "/matrix/")
    assert len(re.findall(r"<th[ >]", html)) == 2  # Instrument + Tilburg
    assert "kb-matrix__empty" not in html  # the one instrument is applied in the one city
    city = (project.content / "cities/tilburg.yaml").read_text()
    for i in range(13):
        project.write(f"cities/stad-{i:02d}.yaml", city.replace("name: Tilburg", f"name: Stad {i:02d}"))
    site = build(project, "many") / "site"
    html = page(site, "/matrix/")
    assert "Steden met een praktijk" in html
    assert len(re.findall(r"<th[ >]", html)) == 2  # no column per city
    assert 'href="../steden/tilburg/housing-first/"' in html
    assert "stad-00" not in html  # cities without a practice take no room
