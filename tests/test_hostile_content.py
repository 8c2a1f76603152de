"""Content from an untrusted contributor: what reaches page metadata, headings, tooltips and the
table of contents is shown literally; odd YAML (tags, deep nesting), markup nested thousands deep
and symlinks under content/ are refused with a Dutch message. (Found by the security probe of
issue 13.)"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from sitehtml import page

from test_bad_input import fails_with

REFRESH = '0;url=http://127.0.0.1:8999/pwned" http-equiv="refresh'
NAME = 'Housing First "Tilburg" onmouseover="alert(1)'


class _Tags(HTMLParser):
    """Every start tag with its attributes; the text of <title>, <h1> and the TOC links."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, str] = {}
        self.toc: list[str] = []
        self._open: list[str] = []
        self._toc_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._open.append(tag)
        if tag == "nav" and ("md-nav--secondary" in (attrs.get("class") or "") or self._toc_depth):
            self._toc_depth += 1
        if tag in ("title", "h1"):
            self.texts.setdefault(tag, "")
        if tag == "a" and self._toc_depth:
            self.toc.append("")

    def handle_endtag(self, tag):
        if tag == "nav" and self._toc_depth:
            self._toc_depth -= 1
        while self._open:
            if self._open.pop() == tag:
                break

    def handle_data(self, data):
        if "title" in self._open or "h1" in self._open:
            self.texts["title" if "title" in self._open else "h1"] += data
        if "a" in self._open and self._toc_depth and self.toc:
            self.toc[-1] += data.strip()


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _build(project):
    out = project.root / "out"
    result = project.run("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out / "site"


# --- item 1: page metadata (front matter) ---------------------------------------------------


def test_quotes_in_summary_and_name_do_not_break_out_of_page_metadata(project):
    from generator.site.settings import read_settings

    CSP = read_settings(project.root / "mkdocs.yml").csp
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("name: Housing First in Tilburg", "name: '" + NAME + "'")
        .replace("summary: Tilburg huisvest dakloze mensen direct in een eigen woning.", "summary: '" + REFRESH + "'")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    site = _build(project)
    for url in ("/steden/tilburg/housing-first/", "/steden/tilburg/", "/instrumenten/housing-first/"):
        for tag, attrs in _parse(page(site, url)).tags:
            # the one http-equiv a page has is its own Content-Security-Policy, as configured
            if "http-equiv" in attrs:
                assert (tag, attrs.get("http-equiv"), attrs.get("content")) == ("meta", "Content-Security-Policy", CSP), (
                    f"{url}: <{tag} {attrs}>"
                )
            assert "onmouseover" not in attrs, f"{url}: <{tag} {attrs}>"
    parsed = _parse(page(site, "/steden/tilburg/housing-first/"))
    descriptions = [a.get("content") for t, a in parsed.tags if t == "meta" and a.get("name") == "description"]
    assert descriptions == [REFRESH]  # the text itself, shown literally
    assert parsed.texts["title"].startswith(NAME + " - ")
    assert parsed.texts["h1"].rstrip("¶").strip() == NAME  # ¶: the permalink of the heading


def test_quotes_in_a_glossary_definition_stay_inside_the_tooltip(project):
    project.use_glossary_term("'Regel voor \"passende\" huur: ''laag inkomen'' krijgt lage huur\" onmouseover=\"alert(1)'")
    site = _build(project)
    for url in ("/steden/tilburg/", "/begrippen/"):
        assert all("onmouseover" not in attrs for _tag, attrs in _parse(page(site, url)).tags), url
    titles = [a["title"] for t, a in _parse(page(site, "/steden/tilburg/")).tags if t == "abbr"]
    assert titles == [
        'Regel voor "passende" huur: \'laag inkomen\' krijgt lage huur" onmouseover="alert(1) (eigen uitleg van de kennisbank)'
    ]


# --- item 2 (probe item 14): quotes in headings ---------------------------------------------


def test_quotes_in_a_heading_show_as_quotes_in_the_table_of_contents(project):
    name = 'Housing First "Tilburg" en \'t Goirke'
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("name: Housing First in Tilburg", "name: '" + name.replace("'", "''") + "'")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    project.write(
        "glossary/passend-toewijzen.yaml",
        """
        name: '"passend" toewijzen'
        definition: Regel dat huishoudens met een laag inkomen een woning met een passende huur krijgen.
        sources:
          - source: rapport
            section: "§7.1"
    """,
    )
    site = _build(project)
    barrier = _parse(page(site, "/belemmeringen/privacy/"))
    assert name in barrier.toc, barrier.toc  # the practice, under 'Hoe anderen ermee omgingen'
    glossary = _parse(page(site, "/begrippen/"))
    assert '"passend" toewijzen' in glossary.toc, glossary.toc
    for parsed in (barrier, glossary):
        assert not [t for t in parsed.toc if "&#" in t or "&quot;" in t], parsed.toc


# --- item 3 (probe item 15): YAML tags ---------------------------------------------------------


@pytest.mark.parametrize(
    "value, tag",
    [
        ("!!binary SG91c2luZyBGaXJzdCBpbiBUaWxidXJnIGRpcmVjdA==", "!!binary"),
        ("!!set {Tilburg: null, Breda: null}", "!!set"),
        ("!!python/object/apply:os.system [echo]", "!!python/object/apply:os.system"),
        ("!lokaal Tilburg huisvest dakloze mensen", "!lokaal"),
    ],
)
def test_yaml_tags_are_refused(project, value, tag):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("summary: Tilburg huisvest dakloze mensen direct in een eigen woning.", "summary: " + value)
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    out = fails_with(
        project, f"de YAML-tag '{tag}' is niet toegestaan", "content/cities/tilburg/housing-first.yaml", line=3, column=10
    )
    assert "summary: de YAML-tag" in out


def test_standard_tags_of_plain_values_are_fine(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("start: 2016", "start: !!int 2016")
        .replace("status: lopend", "status: !!str lopend")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    result = project.run("validate")
    assert result.returncode == 0, result.stderr


# --- item 4 (probe item 7): deep nesting -------------------------------------------------------


@pytest.mark.parametrize(
    "deep, line",
    [
        ("summary: " + "[" * 1200 + "]" * 1200 + "\n", 3),  # flow style, on one line
        ("summary: " + "[" * 300_000 + "]" * 300_000 + "\n", 3),  # this deep libyaml itself crashed
        ("summary: " + "[" * 40 + "]" * 40 + "\n", 3),  # just too deep
        ("summary:\n  " + "- " * 1200 + "x\n", 4),  # block lists in lists, on one line
        ("summary:\r  " + "- " * 300_000 + "x\n", 4),  # the same after a line break that is a lone '\r'
        ("summary:\u2028  " + "- " * 300_000 + "x\n", 4),  # or a Unicode line separator
        ("summary:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1200)) + " " * 1201 + "x\n", 35),  # blocks
    ],
)
def test_deeply_nested_yaml_is_refused_and_other_errors_still_reported(project, deep, line):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("summary: Tilburg huisvest dakloze mensen direct in een eigen woning.\n", deep)
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    city = (project.content / "cities/tilburg.yaml").read_text().replace("province:", "provnice:")
    project.write("cities/tilburg.yaml", city)
    out = fails_with(project, "te diep genest", "content/cities/tilburg/housing-first.yaml", line=line)
    assert "RecursionError" not in out
    assert "onbekend veld 'provnice'" in out  # the other file's error is reported too


# --- item 5 (probe item 8): symlinks under content/ --------------------------------------------


def test_symlinked_file_is_refused(project):
    outside = project.root / "elders"
    outside.mkdir()
    secret = outside / "geheim.yaml"
    secret.write_text(
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace("name: Privacyregels", "name: Geheime tekst van buiten de kennisbank"),
        encoding="utf-8",
    )
    (project.content / "barriers/geheim.yaml").symlink_to(secret)
    out = fails_with(project, "symbolische koppeling", "content/barriers/geheim.yaml", line=1)
    assert "Geheime tekst" not in out


def test_symlinked_folder_is_refused(project):
    outside = project.root / "elders"
    (project.content / "organisations").rename(outside)
    (project.content / "organisations").symlink_to(outside, target_is_directory=True)
    out = fails_with(project, "symbolische koppeling", "content/organisations", line=1)
    assert "\ncontent/organisations/gemeente-tilburg.yaml:" not in "\n" + out  # not read through the link


def test_symlink_to_a_folder_inside_a_city_is_refused(project):
    outside = project.root / "elders"
    outside.mkdir()
    (outside / "housing-first.yaml").write_text(
        (project.content / "cities/tilburg/housing-first.yaml").read_text(), encoding="utf-8"
    )
    (project.content / "cities/tilburg").rename(project.root / "weg")
    (project.content / "cities/tilburg").symlink_to(outside, target_is_directory=True)
    fails_with(project, "symbolische koppeling", "content/cities/tilburg", line=1)


# --- the same class as item 4, in Markdown: lists and emphasis nested thousands deep ------------


@pytest.mark.parametrize(
    "markup",
    [
        "*" * 3000 + "Afspraken hielpen" + "*" * 3000,
        "**a " * 2000 + "x" + " a**" * 2000,
        "* " * 3000 + "Afspraken hielpen",
        "1. " * 3000 + "Afspraken hielpen",
    ],
)
def test_markup_nested_thousands_deep_is_refused(project, markup):
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace("what_helped: Afspraken over toestemming van de huurder hielpen elders.", "what_helped: '" + markup + "'")
    )
    project.write("barriers/privacy.yaml", text)
    out = fails_with(project, "te diep geneste opmaak", "content/barriers/privacy.yaml", line=7)
    assert "RecursionError" not in out
