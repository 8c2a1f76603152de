"""Entry pages for a practitioner on a phone and a trainer in front of a class (issue 20), in the
built HTML: "Op deze pagina" and the permalink with citation before the first section, section ids
fixed in the templates (a renamed heading keeps its id, a published heading-derived id still
exists), the sources with their full titles and addresses, and the cost section that tells an
unknown level apart from a source's figures."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from generator import pipeline
from generator.kinds import kinds
from generator.content.urls import url_path
from generator.paths import TEMPLATES

from sitehtml import page

ENTRY_TEMPLATES = ["instrument", "barrier", "city", "practice", "organisation", "background"]


@pytest.fixture(scope="module")
def graph():
    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors, "\n".join(map(str, problems.errors))
    return g


def _article(raw: str) -> str:
    return raw.split("<article", 1)[1].split("</article>", 1)[0]


def _text(fragment: str) -> str:
    fragment = re.sub(r"</?(?:code|wbr)>", "", fragment)  # an address: code spans joined by <wbr>
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _entries(graph):
    for kind in kinds(has_page=True):
        for rec in graph.of(kind):
            yield kind, rec


def test_every_kind_with_a_page_is_covered():
    assert set(kinds(has_page=True)) == set(ENTRY_TEMPLATES)


def test_every_entry_page_opens_with_its_contents_and_its_citation(built_site, graph):
    """Before the first section: 'Op deze pagina' (folded) linking to every section of the page, and
    'Vaste link' and 'Citeer deze pagina' with a copy button each, the permalink in both."""
    site = built_site / "site"
    seen = set()
    for kind, rec in _entries(graph):
        url = url_path(kind, rec.key)
        article = _article(page(site, url))
        head, _, _rest = article.partition("<h2")
        toc = re.search(r'<details class="kb-toc">\s*<summary>Op deze pagina</summary>(.*?)</details>', head, re.S)
        assert toc, url
        sections = re.findall(r'<h2 id="([^"]+)"', article)
        assert sections, url
        linked = re.findall(r'href="#([^"]+)"', toc.group(1))
        assert set(sections) <= set(linked), (url, set(sections) - set(linked))
        cite = re.search(r'<div class="kb-cite">(.*?)</div>', head, re.S)
        assert cite, url
        text = _text(cite.group(1))
        assert "Vaste link:" in text and "Citeer deze pagina:" in text, url
        assert text.count(url) == 2, (url, text)  # the permalink, in the link and in the citation
        buttons = re.findall(r'<button type="button" class="kb-copy" data-kb-copy="([^"]+)" hidden>', cite.group(1))
        assert buttons == ["kb-cite-link", "kb-cite-text"], url
        for target in buttons:
            assert f'id="{target}"' in cite.group(1)
        assert "<script" not in article  # the buttons come alive in citeer.js, no inline script
        seen.add(kind)
    assert seen == set(ENTRY_TEMPLATES)


def test_every_instrument_page_links_to_compare_with_itself_chosen(built_site, graph):
    site = built_site / "site"
    for rec in graph.of("instrument"):
        article = _article(page(site, url_path("instrument", rec.key)))
        assert f'<a href="../../vergelijken/?i={rec.key}">Vergelijk met' in article, rec.key


def test_section_headings_of_the_templates_carry_fixed_ids():
    """Every section heading an entry template writes names its id; ids are not derived from text."""
    for name in ENTRY_TEMPLATES + ["_macros"]:
        for line in (TEMPLATES / f"{name}.md.j2").read_text(encoding="utf-8").splitlines():
            if re.match(r"#{2,3} ", line):
                assert " { #" in line and line.rstrip().endswith(" }"), (name, line)


# ids published before headings had fixed ids, that the pages must keep (a trainer's deep links)
PUBLISHED = {
    "instrument": [
        "wat-is-het",
        "voor-wie",
        "doel",
        "werkwijze",
        "wie-doen-mee",
        "juridische-basis-en-status",
        "waar-toegepast",
        "resultaten-en-bewijs",
        "kosten-en-inspanning",
        "voorwaarden-voor-succes",
        "risicos-en-neveneffecten",
        "belemmeringen",
        "verwante-instrumenten",
        "bronnen",
    ],
    "practice": ["wat-gebeurde-er", "wie-deden-mee", "resultaten", "belemmeringen", "lessen", "bronnen"],
    "barrier": [
        "waar-loopt-u-tegenaan",
        "wat-hielp-elders",
        "belemmert-deze-instrumenten",
        "hoe-anderen-ermee-omgingen",
        "bronnen",
    ],
    "city": ["visie-op-menging", "praktijken", "instrumenten", "belemmeringen", "bronnen"],
    "organisation": ["praktijken", "bronnen"],
    "background": ["bronnen"],
}


def test_published_section_anchors_still_exist(built_site, graph):
    """The anchors a trainer may have linked to: the fixed ids (the headings' former ids), and for a
    heading whose text names another entry, its former text-derived id beside the new fixed one."""
    from markdown.extensions.toc import slugify

    site = built_site / "site"
    for kind, rec in _entries(graph):
        raw = page(site, url_path(kind, rec.key))
        ids = set(re.findall(r'\sid="([^"]+)"', raw))
        assert set(PUBLISHED[kind]) <= ids, (kind, rec.key, set(PUBLISHED[kind]) - ids)
        if kind == "practice" and graph.practices_of(("instrument", rec.model.instrument)):
            name = graph.record(("instrument", rec.model.instrument)).model.name
            assert {"andere-praktijken", slugify(f"Andere praktijken met {name}", "-")} <= ids, rec.key
        if kind == "barrier":
            for row in graph.practices_of(("barrier", rec.key)):
                assert {"praktijk-" + row.key.replace("/", "-"), slugify(row.model.name, "-")} <= ids, rec.key


def test_a_renamed_heading_keeps_its_id(project, tmp_path):
    """The id is written in the template, not taken from the heading's text: renaming 'Kosten en
    inspanning' (instrument) and 'Andere praktijken met …' (practice) changes no id."""
    import markdown
    import yaml

    from generator.site.pages import all_pages
    from generator.site.render import Renderer

    g, problems = pipeline.validate(pipeline.Project(root=project.root, content=project.content))
    assert not problems.errors
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    renamed = {
        "instrument.md.j2": ("## Kosten en inspanning ", "## Wat kost het en wie doet wat? "),
        "practice.md.j2": ("Andere praktijken met {{ instrument.model.name }} {", "Elders met {{ instrument.model.name }} {"),
    }
    for name, (old, new) in renamed.items():
        text = (templates / name).read_text(encoding="utf-8")
        assert old in text, name
        (templates / name).write_text(text.replace(old, new), encoding="utf-8")
    config = yaml.safe_load((pipeline.Project().root / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        extensions.append(name)
        settings[name] = options or {}

    def ids(renderer, path):
        page_ = next(p for p in all_pages(renderer) if p.path == path)
        body = renderer.render(page_).split("---\n", 2)[2]
        out = markdown.markdown(body, extensions=extensions, extension_configs=settings)
        return out, re.findall(r'<h2 id="([^"]+)"', out)

    for path, new_text, fixed in (
        ("instrumenten/housing-first.md", "Wat kost het en wie doet wat?", "kosten-en-inspanning"),
        ("steden/tilburg/housing-first.md", None, None),
    ):
        before_html, before = ids(Renderer(g), path)
        after_html, after = ids(Renderer(g, templates=templates), path)
        assert before == after and before, path
        if new_text:
            assert new_text in after_html and new_text not in before_html
            assert fixed in after


def test_sources_section_lists_every_cited_source_with_its_title_and_only_its_own_address(built_site, graph):
    """In print a citation 'Platform31 (2018), §6.1' says nothing without the work: the 'Bronnen'
    section names every source the page cites, with its full title, and its address only where the
    source file has one (never guessed)."""
    site = built_site / "site"
    for kind, rec in _entries(graph):
        url = url_path(kind, rec.key)
        article = _article(page(site, url))
        section = article.split('<h2 id="bronnen"', 1)[1].split("<h2", 1)[0]
        items = re.findall(r"<li>(.*?)</li>", section, re.S)
        cited = list(dict.fromkeys(dst[1] for _loc, dst in graph.out[(kind, rec.key)] if dst[0] == "source"))
        assert len(items) == len(cited), url
        for key in cited:
            source = graph.record(("source", key)).model
            item = next((i for i in items if f'bronnen/#{key}"' in i), None)
            assert item is not None, (url, key)
            assert re.search(r"<em>.*</em>", item) and source.title in _text(item), (url, key)
            addresses = re.findall(r'<a class="kb-source-url" href="([^"]+)">', item)
            assert addresses == ([html.escape(source.url)] if source.url else []), (url, key)
            if source.url:
                assert _text(item).endswith(source.url)


def test_an_unknown_cost_level_is_told_apart_from_a_source_s_figures(built_site, graph):
    """Skaeve Huse: no source names a level, but a source gives amounts. The page says the level is
    unknown (no 'Kosten: Onbekend' table right above the amounts), and the amounts with their
    sources stand in a paragraph of their own (the sentence after '§6.1' was glued to it)."""
    site = built_site / "site"
    checked = 0
    for rec in graph.of("instrument"):
        ce = rec.model.cost_effort
        section = _article(page(site, url_path("instrument", rec.key))).split('id="kosten-en-inspanning"', 1)[1]
        section = section.split("<h2", 1)[0]
        unknown = ce is None or (ce.cost == "onbekend" and ce.effort == "onbekend")
        assert ("<table>" in section) == (not unknown), rec.key
        if unknown:
            assert "Niveau van kosten en inspanning: onbekend." in _text(section)
        if ce and ce.note:
            checked += 1
            paragraphs = [_text(p) for p in re.findall(r"<p>(.*?)</p>", section, re.S)]
            note = next(p for p in paragraphs if "Bron:" in p)
            assert note.endswith(".") and "Geen bron" not in note, note
            if unknown:
                assert "Wel zeggen bronnen het volgende" in paragraphs[0]
    assert checked >= 1


def test_a_citation_after_a_text_ends_its_paragraph(built_site, graph):
    """'— Bron: …, §6.1' closes its paragraph or list item: no next sentence glued to the section number."""
    site = built_site / "site"
    for kind, rec in _entries(graph):
        article = _article(page(site, url_path(kind, rec.key)))
        for m in re.finditer(r"<em>Bron: .*?</em>(.{0,12})", article, re.S):
            assert re.match(r"\.?\s*(</p>|</li>|\n<ul>|<ul>)", m.group(1)), (kind, rec.key, m.group(0)[-80:])


def test_english_tables_name_their_column_in_each_cell(built_site):
    """On a phone the English page's tables become a card per row: each value after the first
    carries its column's name (hidden on a wide screen, where the header shows it)."""
    article = _article(page(built_site / "site", "/en/"))
    for name in ("Applied in", "Practices"):
        rows = re.findall(rf'<span class="kb-stack__label">{name}: </span>', article)
        assert len(rows) > 5, name
    assert article.count('<div class="kb-stack">') == 3
