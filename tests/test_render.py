"""Rendering on small throwaway projects: escaping, tooltips, determinism, incremental writes."""

from __future__ import annotations

import hashlib
import re

from sitehtml import article_links, page


def build(project, name="out"):
    out = project.root / name
    result = project.run("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"))
    assert result.returncode == 0, result.stderr
    return out


def test_plain_text_is_shown_literally_never_as_markup(project):
    text = (project.content / "cities/tilburg/housing-first.yaml").read_text().replace(
        "summary: Tilburg huisvest dakloze mensen direct in een eigen woning.",
        "summary: '*niet vet* en [geen link](https://example.org) & _ook niet_ # geen kop'")
    project.write("cities/tilburg/housing-first.yaml", text)
    html = page(build(project) / "site", "/steden/tilburg/housing-first/")
    assert "*niet vet* en [geen link](https://example.org) &amp; _ook niet_ # geen kop" in html
    assert 'href="https://example.org"' not in html
    assert "<em>niet vet</em>" not in html


def test_markdown_fields_render_and_internal_links_resolve(project):
    text = (project.content / "barriers/privacy.yaml").read_text().replace(
        "what_helped: Afspraken over toestemming van de huurder hielpen elders.",
        "what_helped: 'In [Tilburg](stad:tilburg) hielp **toestemming** bij [Housing First](instrument:housing-first).'")
    project.write("barriers/privacy.yaml", text)
    site = build(project) / "site"
    html = page(site, "/belemmeringen/privacy/")
    assert "<strong>toestemming</strong>" in html
    links = article_links(site, "/belemmeringen/privacy/")
    assert {"/steden/tilburg/", "/instrumenten/housing-first/"} <= links


def test_unknown_internal_link_is_an_error(project):
    text = (project.content / "barriers/privacy.yaml").read_text().replace(
        "what_helped: Afspraken over toestemming van de huurder hielpen elders.",
        "what_helped: 'Zie [Housing First](instrument:housing-frist) voor meer.'")
    project.write("barriers/privacy.yaml", text)
    result = project.run("validate")
    assert result.returncode == 1
    assert "content/barriers/privacy.yaml:7:" in result.stderr
    assert "link in de tekst: onbekend instrument 'housing-frist'. Bedoelde je 'housing-first'?" in result.stderr


def test_glossary_terms_get_a_tooltip_where_they_are_used(project):
    project.use_glossary_term('Regel dat huishoudens met een laag inkomen een woning met een passende huur krijgen.')
    site = build(project) / "site"
    assert (
        '<abbr title="Regel dat huishoudens met een laag inkomen een woning met een passende huur krijgen.">'
        "passend toewijzen</abbr>" in page(site, "/steden/tilburg/")
    )
    assert 'id="passend-toewijzen"' in page(site, "/begrippen/")


def test_a_glossary_name_only_in_a_link_address_gets_no_tooltip_definition(project):
    """Link addresses are no text: a term named like an entry's key ('housing-first', in the
    address of every link to Housing First) is not defined on pages that only link there."""
    project.write("glossary/housing-first.yaml", """
        name: housing-first
        definition: Eerst een woning, dan de rest.
        sources:
          - source: rapport
            section: "§7.1"
    """)
    docs = project.root / "docs"
    result = project.run("generate", "--docs-dir", str(docs))
    assert result.returncode == 0, result.stdout + result.stderr
    city = (docs / "steden/tilburg/index.md").read_text(encoding="utf-8")
    assert "/housing-first/" in city and "*[housing-first]" not in city


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_content_gives_byte_identical_output(project):
    first = _digest(build(project, "a") / "site")
    second = _digest(build(project, "b") / "site")
    assert first == second
    assert len(first) > 20


def test_generator_rewrites_only_changed_files(project):
    docs = project.root / "docs"
    first = project.run("generate", "--docs-dir", str(docs))
    assert first.returncode == 0 and " 0 ongewijzigd" in first.stdout
    again = project.run("generate", "--docs-dir", str(docs))
    assert "0 geschreven" in again.stdout, again.stdout
    text = (project.content / "barriers/privacy.yaml").read_text().replace("hielpen elders", "hielpen in Breda")
    project.write("barriers/privacy.yaml", text)
    changed = project.run("generate", "--docs-dir", str(docs))
    # the barrier page itself changes; nothing else shows that text
    assert "1 geschreven" in changed.stdout, changed.stdout


def test_failed_build_keeps_the_previous_site(project):
    out = build(project)
    before = _digest(out / "site")
    project.write("instruments/kapot.yaml", "name: [\n")
    result = project.run("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"))
    assert result.returncode == 1
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
