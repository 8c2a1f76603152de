"""Every class of bad input gets a Dutch message with file:line:column, field and fix.

The cases run the pipeline's own validation in this process (generator.pipeline.validate on
a small project: no subprocess, no site build), which is where every one of them is found.
A few tests at the end run the real `kennisbank` command, where the command itself is under
test: exit code 1, every error at once with its count, no traceback, and no site written.
"""

from __future__ import annotations

import re

import pytest

from generator import pipeline

SHAPE = re.compile(r"^(content/[^:]+):(\d+):(\d+)  (.*)$", re.MULTILINE)


def problems_of(project):
    """The project's content validated in-process, as `kennisbank validate` run in its folder does it."""
    _graph, problems = pipeline.validate(pipeline.Project(root=project.root, content=project.content))
    return problems


def fails_with(project, expected: str, file: str | None = None, line: int | None = None, column: int | None = None):
    """Validation must give an error with the expected message, in the shape file:line:col, at the
    given place; returns the errors as the command prints them."""
    errors = problems_of(project).errors
    out = "\n".join(str(p) for p in errors)
    assert errors, f"no error for {expected!r}"
    lines = SHAPE.findall(out)
    assert lines, f"no message in the shape file:line:col:\n{out}"
    matching = [m for m in lines if expected in m[3]]
    assert matching, f"expected {expected!r} in:\n{out}"
    f, ln, c, _msg = matching[0]
    if file:
        assert f == file
    if line:
        assert int(ln) == line, out
    if column:
        assert int(c) == column, out
    return out


def test_minimal_project_is_valid(project):
    problems = problems_of(project)
    assert not problems.errors and not problems.warnings, [str(p) for p in problems.items]


def test_yaml_syntax_error(project):
    project.write("instruments/housing-first.yaml", "name: Housing First\nsummary: [niet gesloten\ndomain: x\n")
    fails_with(project, "YAML-syntaxfout", "content/instruments/housing-first.yaml")


def test_tab_in_indentation(project):
    text = (project.content / "cities/tilburg.yaml").read_text().replace("  - source: rapport", "\t- source: rapport")
    project.write("cities/tilburg.yaml", text)
    out = fails_with(project, "tab", "content/cities/tilburg.yaml", line=8)
    assert "spaties" in out


def test_unknown_field_with_did_you_mean(project):
    text = (project.content / "cities/tilburg.yaml").read_text().replace("province:", "provnice:")
    project.write("cities/tilburg.yaml", text)
    out = fails_with(
        project, "onbekend veld 'provnice'. Bedoelde je 'province'?", "content/cities/tilburg.yaml", line=2, column=1
    )
    assert "provnice: onbekend veld" in out


def test_wrong_type_text_where_list_expected(project):
    text = (
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("success_factors: [Intensieve begeleiding]", "success_factors: Intensieve begeleiding")
    )
    project.write("instruments/housing-first.yaml", text)
    fails_with(project, "verwacht een lijst", "content/instruments/housing-first.yaml", line=18, column=18)


def test_missing_required_field(project):
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace("what_helped: Afspraken over toestemming van de huurder hielpen elders.\n", "")
    )
    project.write("barriers/privacy.yaml", text)
    fails_with(project, "verplicht veld 'what_helped' ontbreekt", "content/barriers/privacy.yaml")


def test_unknown_instrument_reference(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("instrument: housing-first", "instrument: housing-frist")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    out = fails_with(
        project,
        "onbekend instrument 'housing-frist'. Bedoelde je 'housing-first'?",
        "content/cities/tilburg/housing-first.yaml",
        line=2,
        column=13,
    )
    assert "instrument: onbekend instrument" in out


def test_unknown_city_reference(project):
    text = (project.content / "barriers/privacy.yaml").read_text().replace("cities: [tilburg]", "cities: [tilbrug]")
    project.write("barriers/privacy.yaml", text)
    fails_with(project, "onbekende stad 'tilbrug'. Bedoelde je 'tilburg'?", "content/barriers/privacy.yaml", line=6)


def test_unknown_barrier_reference(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml").read_text().replace("barriers: [privacy]", "barriers: [privasy]")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    fails_with(project, "onbekende belemmering 'privasy'. Bedoelde je 'privacy'?", "content/cities/tilburg/housing-first.yaml")


def test_reference_of_wrong_type(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("instrument: housing-first", "instrument: privacy")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    fails_with(project, "'privacy' is een belemmering, geen instrument")


def test_two_entries_with_the_same_slug(project):
    project.write("instruments/housing-first.yml", (project.content / "instruments/housing-first.yaml").read_text())
    fails_with(project, "dubbele slug: 'housing-first'")


def test_two_entries_with_the_same_name(project):
    text = (project.content / "instruments/housing-first.yaml").read_text()
    project.write("instruments/woning-eerst.yaml", text)
    fails_with(project, "de naam 'Housing First' wordt al gebruikt")


def test_empty_file(project):
    project.write("instruments/leeg.yaml", "")
    fails_with(project, "bestand is leeg", "content/instruments/leeg.yaml", line=1)


def test_comment_only_file_is_empty(project):
    project.write("instruments/leeg.yaml", "# nog invullen\n")
    fails_with(project, "bestand is leeg")


def test_top_level_list(project):
    project.write("instruments/lijst.yaml", "- name: Housing First\n- name: Skaeve Huse\n")
    fails_with(project, "het bestand bevat een lijst", "content/instruments/lijst.yaml", line=1)


def test_not_utf8(project):
    project.write("cities/tilburg.yaml", "name: Tilburg\nprovince: Noord-Brabant\nsummary: caf\xe9 ".encode("latin-1") + b"\n")
    fails_with(project, "geen geldige UTF-8", "content/cities/tilburg.yaml", line=3, column=13)


def test_all_errors_reported_at_once(project):
    project.write("instruments/leeg.yaml", "")
    project.write("instruments/lijst.yaml", "- a\n")
    text = (project.content / "cities/tilburg.yaml").read_text().replace("province:", "provnice:")
    project.write("cities/tilburg.yaml", text)
    out = fails_with(project, "bestand is leeg")
    assert "het bestand bevat een lijst" in out and "provnice" in out
    # the misspelled field also makes 'province' missing: 4 errors; nothing about references to tilburg
    errors = problems_of(project).errors
    assert len(errors) == 4 and len({p.file for p in errors}) == 3, out


@pytest.mark.parametrize(
    "field_text, expected",
    [
        ("<script>alert(1)</script>", "bevat HTML"),
        ('<iframe src="https://example.org"></iframe>', "bevat HTML"),
        ('<img src=x onerror="alert(1)">', "bevat HTML"),
        ("[klik](javascript:alert(1))", "niet toegestaan"),
        ("[klik](data:text/html;base64,AAAA)", "niet toegestaan"),
        ("Zie vbscript:msgbox en meer tekst hier", "vbscript"),
        ("Een tekst met {: onclick=alert(1) } erin", "accolades"),
        ("Mail ons op info@example.org voor meer", "e-mailadres"),
        ("Bel 06-12345678 voor een afspraak", "telefoonnummer"),
        ("Het dossier 123456782 is bekend", "BSN"),
        ("Het dossier heeft BSN 123456782.", "BSN"),  # a full stop or comma after the number hid it
        ("Het BSN 123456782, de naam en meer", "BSN"),
        ("Zie [de site](http://example.org/pagina) voor meer", "alleen https:// is toegestaan"),
        ("Mail [het team](mailto:wonen@example.org) voor meer", "mailto-link"),
    ],
)
def test_unsafe_text_in_markdown_field(project, field_text, expected):
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace(
            "what_helped: Afspraken over toestemming van de huurder hielpen elders.",
            "what_helped: " + repr(field_text).replace("'", "'")
            if False
            else "what_helped: '" + field_text.replace("'", "''") + " en nog wat tekst.'",
        )
    )
    project.write("barriers/privacy.yaml", text)
    fails_with(project, expected, "content/barriers/privacy.yaml", line=7)


def test_invisible_characters_in_name(project):
    text = (project.content / "cities/tilburg.yaml").read_text().replace("name: Tilburg", 'name: "Til\\u202eburg"')
    project.write("cities/tilburg.yaml", text)
    fails_with(project, "onzichtbaar", "content/cities/tilburg.yaml", line=1)


def test_invalid_slug_in_file_name(project):
    project.write("instruments/Housing First.yaml", (project.content / "instruments/housing-first.yaml").read_text())
    fails_with(project, "geen geldige slug")


def test_file_in_unknown_folder(project):
    project.write("instrumenten/skaeve-huse.yaml", "name: Skaeve Huse\n")
    fails_with(project, "onbekende map. Bedoelde je 'instruments'?")


def test_practice_in_folder_of_unknown_city(project):
    project.write("cities/tilbrug/housing-first.yaml", (project.content / "cities/tilburg/housing-first.yaml").read_text())
    fails_with(project, "hoort bij geen stad. Bedoelde je 'tilburg'?")


def test_future_year(project):
    text = (project.content / "cities/tilburg/housing-first.yaml").read_text().replace("start: 2016", "start: 2999")
    project.write("cities/tilburg/housing-first.yaml", text)
    fails_with(project, "2999 is geen geldig jaartal", line=10)


def test_report_citation_needs_section(project):
    text = (project.content / "cities/tilburg.yaml").read_text().replace('    section: "§5.2"\n', "")
    project.write("cities/tilburg.yaml", text)
    fails_with(project, "hoort een hoofdstuk of paragraaf")


def test_alias_bomb(project):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
    project.write("instruments/bom.yaml", bomb)
    fails_with(project, "ankers en aliassen", "content/instruments/bom.yaml")


def test_duplicate_key(project):
    text = (project.content / "cities/tilburg.yaml").read_text() + "name: Tilburg nogmaals\n"
    project.write("cities/tilburg.yaml", text)
    fails_with(project, "staat twee keer", "content/cities/tilburg.yaml", line=10)


def test_unknown_vocabulary_value(project):
    text = (project.content / "cities/tilburg/housing-first.yaml").read_text().replace("status: lopend", "status: loopend")
    project.write("cities/tilburg/housing-first.yaml", text)
    fails_with(project, "onbekende waarde 'loopend'. Bedoelde je 'lopend'?", line=8, column=9)


def test_cost_or_effort_without_a_source(project):
    """Costs and effort come from a source or stay 'onbekend': never estimated."""
    text = (
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("success_factors:", "cost_effort:\n  cost: hoog\nsuccess_factors:")
    )
    project.write("instruments/housing-first.yaml", text)
    out = fails_with(project, "kosten en inspanning alleen met een bron", "content/instruments/housing-first.yaml")
    assert "Schat ze nooit zelf" in out


def test_a_result_with_an_unknown_outcome(project):
    _with_result(
        project,
        "    - text: Na een jaar woont het merendeel nog zelfstandig.\n"
        "      outcome: geluk\n      direction: positief\n      study: interviews\n"
        "      sources: [{source: rapport, section: '§6.1'}]\n",
    )
    out = fails_with(project, "geluk", "content/instruments/housing-first.yaml")
    assert "woonbehoud" in out  # the allowed values are listed


def test_a_result_without_its_outcome(project):
    """Every result says what it is about, in which direction and from which study."""
    _with_result(
        project,
        "    - text: Na een jaar woont het merendeel nog zelfstandig.\n      sources: [{source: rapport, section: '§6.1'}]\n",
    )
    out = fails_with(project, "verplicht veld 'outcome' ontbreekt", "content/instruments/housing-first.yaml")
    assert "verplicht veld 'direction' ontbreekt" in out and "verplicht veld 'study' ontbreekt" in out


def test_a_source_without_any_year(project):
    """A source has its publication year or, failing that, the year it was consulted: never the
    one posing as the other."""
    text = (project.content / "sources/rapport.yaml").read_text().replace("year: 2018\n", "")
    project.write("sources/rapport.yaml", text)
    out = fails_with(project, "publicatiejaar ('year')", "content/sources/rapport.yaml")
    assert "'accessed'" in out


def test_a_summary_of_thirteen_characters(project):
    """A summary is one sentence of at least 20 characters (Plain's own minimum of 2 used to win)."""
    text = (
        (project.content / "organisations/gemeente-tilburg.yaml")
        .read_text()
        .replace("summary: De gemeente Tilburg voert de regie op wonen en zorg in de stad.", "summary: Kort zinnetje")
    )
    project.write("organisations/gemeente-tilburg.yaml", text)
    out = fails_with(project, "summary", "content/organisations/gemeente-tilburg.yaml", line=4)
    assert "20" in out


def test_a_website_with_http(project):
    """Only https:// addresses, as CONTRIBUTING.md and the JSON Schema say (http:// passed the validator)."""
    text = (project.content / "organisations/gemeente-tilburg.yaml").read_text() + "website: http://www.tilburg.nl\n"
    project.write("organisations/gemeente-tilburg.yaml", text)
    out = fails_with(project, "alleen https:// is toegestaan", "content/organisations/gemeente-tilburg.yaml", line=8)
    assert "website:" in out


# --- the command itself ---------------------------------------------------------------------


def test_the_command_accepts_the_minimal_project(project):
    result = project.run("validate")
    assert result.returncode == 0, result.stderr
    assert "Inhoud in orde" in result.stdout


def test_the_command_reports_every_error_at_once_and_writes_no_site(project):
    """`kennisbank build` and `validate` on content with four errors in three files: exit 1, all
    four in the shape file:line:col, the count, no traceback, and no site written."""
    project.write("instruments/leeg.yaml", "")
    project.write("instruments/lijst.yaml", "- a\n")
    text = (project.content / "cities/tilburg.yaml").read_text().replace("province:", "provnice:")
    project.write("cities/tilburg.yaml", text)
    site = project.root / "site"
    result = project.run("build", "--docs-dir", str(project.root / "docs"), "--site-dir", str(site))
    out = result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out + result.stdout
    assert not site.exists(), "no site may be written when the content has errors"
    assert len(SHAPE.findall(out)) == 4, out
    assert "content/instruments/leeg.yaml:1:1  bestand is leeg" in out
    assert "content/cities/tilburg.yaml:2:1  provnice: onbekend veld 'provnice'. Bedoelde je 'province'?" in out
    assert "4 fouten in 3 bestanden" in out
    validate = project.run("validate")
    assert validate.returncode == 1 and "4 fouten in 3 bestanden" in validate.stderr
    assert "Traceback" not in validate.stderr + validate.stdout


def test_near_duplicate_entry_gets_a_warning_not_an_error(project):
    text = (
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("name: Housing First", "name: Housing First voor jongeren")
        .replace("aliases: [Woning Eerst]", "aliases: []")
    )
    project.write("instruments/housing-first-2.yaml", text)
    result = project.run("validate")
    assert result.returncode == 0, result.stderr
    assert "lijkt sterk op bestaand instrument 'Housing First" in result.stderr
    assert "[waarschuwing]" in result.stderr


def test_missing_content_folder(tmp_path):
    from conftest import kennisbank

    result = kennisbank("validate", "--content", str(tmp_path / "bestaat-niet"), cwd=tmp_path)
    assert result.returncode == 1
    assert "deze map met inhoud bestaat niet" in result.stderr and "Traceback" not in result.stderr


# --- messages a new contributor could not act on (issue 12) -----------------------------------


def test_an_html_tag_is_named_with_its_column_and_the_markdown_for_it(project):
    """'<b>' got the message for '<script>', without the Markdown that does the same."""
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace("what_helped: Afspraken over", "what_helped: Afspraken <b>over</b>")
    )
    project.write("barriers/privacy.yaml", text)
    out = fails_with(project, "de tag '<b>'", "content/barriers/privacy.yaml", line=7, column=24)
    assert "**vet**" in out and "<script>" not in out


def test_an_html_tag_in_a_plain_field_gets_no_markdown_advice(project):
    """A name or summary is shown literally: '**vet**' would appear as asterisks."""
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace("summary: Partijen mogen", "summary: Partijen <b>mogen</b>")
    )
    project.write("barriers/privacy.yaml", text)
    out = fails_with(project, "de tag '<b>'", "content/barriers/privacy.yaml", line=2, column=19)
    assert "**vet**" not in out and "gewone tekst zonder opmaak" in out


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2018-05-01", "maar kreeg de datum 2018-05-01. Schrijf alleen het jaar: 'year: 2018'"),
        ("2018.5", "maar kreeg het kommagetal 2018,5. Schrijf een jaartal van vier cijfers, bijv. 'year: 2018'"),
    ],
)
def test_a_year_that_is_not_a_year_is_described_in_dutch_with_an_example(project, written, expected):
    """Was: 'verwacht een geheel getal … maar kreeg date' (a Python type name, no example)."""
    text = (project.content / "sources/rapport.yaml").read_text().replace("year: 2018", f"year: {written}")
    project.write("sources/rapport.yaml", text)
    out = fails_with(project, expected, "content/sources/rapport.yaml", line=3, column=7)
    assert "verwacht een jaartal" in out and " date" not in out and "float" not in out


ENGLISH = re.compile(r"mapping values|could not find|did not find|expected|found|scanning|stream|indicator|token")


@pytest.mark.parametrize(
    "before, after, expected, line, column",
    [
        # a field without ':' was reported on the line below it
        ("province: Noord-Brabant", "province Noord-Brabant", "geen ':' na de veldnaam", 2, 1),
        (
            "province: Noord-Brabant",
            "province: Noord-Brabant\n  summary: Tweede samenvatting van de stad.",
            "springt verder in dan het veld erboven",
            3,
            3,
        ),
        ("summary: Tilburg zoekt", "summary: Tilburg: zoekt", "een ': ' op een plek waar geen veld kan beginnen", 3, 17),
        ("name: Tilburg", 'name: "Tilburg', "aanhalingsteken dat hier opent wordt nergens op deze regel gesloten", 1, 7),
        ("perspectives: [beheersbaar-houden]", "perspectives: [beheersbaar-houden", "wordt niet gesloten", 5, 15),
        ("name: Tilburg", "name: @Tilburg", "een teken dat een waarde niet mag beginnen", 1, 7),
        ('    section: "§5.2"', '   section: "§5.2"', "de inspringing in de lijst klopt niet", 9, 4),
        ("name: Tilburg", 'name: "Til\\dburg"', "een backslash", 1, 11),
        # a quote inside a text block is text: the missing ':' below it is the problem
        (
            "vision: Tilburg wil",
            'vision: |\n  "Spreiden,\n  zegt de gemeente.\nprovince2 Noord-Brabant\nvisie: Tilburg wil',
            "geen ':' na de veldnaam",
            7,
            1,
        ),
    ],
)
def test_yaml_syntax_errors_in_dutch_at_the_right_line(project, before, after, expected, line, column):
    text = (project.content / "cities/tilburg.yaml").read_text()
    assert before in text
    project.write("cities/tilburg.yaml", text.replace(before, after))
    out = fails_with(project, expected, "content/cities/tilburg.yaml", line=line, column=column)
    assert "YAML-syntaxfout: " in out and not ENGLISH.search(out), out


@pytest.mark.parametrize(
    "before, after, expected, line, column",
    [
        # these ended 'kennisbank validate' with a Python traceback (ValueError) or an English reader message
        ("year: 2018", "year: 2018-13-45", "'2018-13-45' lijkt een datum, maar die bestaat niet", 3, 7),
        ("year: 2018", "year: 2018-02-30", "lijkt een datum, maar die bestaat niet", 3, 7),
        ("year: 2018", "year: !!int twintig", "past niet bij de YAML-tag '!!int'", 3, 7),
        ("author: Platform31", "author: Platform\x0031", "bevat een stuurteken (U+0000)", 2, 17),
        ("kind: rapport", "kind: rapport\n---\ntitle: Tweede", "Een inhoudsbestand is één blok velden", 5, 1),
    ],
)
def test_values_yaml_cannot_read_get_a_dutch_message_not_a_traceback(project, before, after, expected, line, column):
    text = (project.content / "sources/rapport.yaml").read_text()
    assert before in text
    project.write("sources/rapport.yaml", text.replace(before, after).encode("utf-8"))
    out = fails_with(project, expected, "content/sources/rapport.yaml", line=line, column=column)
    assert not ENGLISH.search(out.replace("'!!int'", "")), out


@pytest.mark.parametrize(
    "file, before, after, expected, line",
    [
        (
            "sources/rapport.yaml",
            "cite_by_section: true",
            "cite_by_section: ja",
            "maar kreeg de tekst 'ja'. Schrijf 'cite_by_section: true' of 'cite_by_section: false'",
            5,
        ),
        (
            "cities/tilburg/housing-first.yaml",
            "period:\n  start: 2016",
            "period: 2016",
            "maar kreeg het getal 2016. Zet de velden op de regels eronder, ingesprongen met twee spaties, bijv. 'start: …'",
            9,
        ),
        (
            "cities/tilburg/housing-first.yaml",
            "status: lopend",
            "status: lopend\ncontact:\n  organisation: gemeente-tilburg\n  email: wonen bij tilburg",
            "'wonen bij tilburg' heeft niet de verwachte vorm (Algemeen e-mailadres van de organisatie, geen persoonlijk adres "
            "en geen adres bij een e-maildienst zoals gmail.com). Bijvoorbeeld: info@organisatie.nl",
            11,
        ),
    ],
)
def test_a_value_of_the_wrong_kind_gets_an_example_of_the_right_one(project, file, before, after, expected, line):
    text = (project.content / file).read_text()
    assert before in text
    project.write(file, text.replace(before, after))
    fails_with(project, expected, f"content/{file}", line=line)


# --- points of a list and what they rest on (basis: rapport, bron, redactie) -----------------


def _with_point(project, point: str, sections: bool = False):
    """Housing First with one success factor written as given (a YAML flow mapping)."""
    text = (
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("success_factors: [Intensieve begeleiding]", f"success_factors:\n  - {point}")
    )
    project.write("instruments/housing-first.yaml", text)
    if sections:
        project.write(
            "sources/rapport.yaml",
            (project.content / "sources/rapport.yaml").read_text() + 'sections: ["§5.2", "§6.1", "§7.2", "bijlage 1"]\n',
        )


def test_point_with_an_unknown_basis(project):
    _with_point(project, "{text: Intensieve begeleiding (§6.1), basis: rapportt}")
    fails_with(
        project,
        "onbekende waarde 'rapportt'. Bedoelde je 'rapport'? Kies uit: rapport, bron, redactie.",
        "content/instruments/housing-first.yaml",
        line=19,
    )


def test_point_from_the_report_names_no_section(project):
    _with_point(project, "{text: Intensieve begeleiding, basis: rapport}")
    out = fails_with(
        project,
        "een punt met 'basis: rapport' noemt de paragraaf waar het staat",
        "content/instruments/housing-first.yaml",
        line=19,
    )
    assert "'basis: redactie' (eigen advies)" in out


def test_point_from_the_report_names_a_section_the_report_lacks(project):
    _with_point(project, "{text: Intensieve begeleiding (§6.9), basis: rapport}", sections=True)
    fails_with(
        project,
        "een punt 'uit het rapport': de bron 'rapport' heeft geen hoofdstuk of paragraaf '§6.9'. Bedoelde je '§6.1'?",
        "content/instruments/housing-first.yaml",
        line=19,
    )


def test_point_from_the_report_with_a_section_it_has(project):
    _with_point(project, "{text: Intensieve begeleiding (§6.1), basis: rapport}", sections=True)
    assert not problems_of(project).errors


def test_point_from_another_source_names_it(project):
    _with_point(project, "{text: Intensieve begeleiding, basis: bron}")
    fails_with(project, "een punt met 'basis: bron' noemt zijn bron", "content/instruments/housing-first.yaml", line=19)


def test_citation_of_a_section_the_source_lacks(project):
    _with_point(project, "Intensieve begeleiding", sections=True)
    text = (project.content / "barriers/privacy.yaml").read_text().replace('section: "§7.2"', 'section: "§7.3"')
    project.write("barriers/privacy.yaml", text)
    fails_with(
        project,
        "de bron 'rapport' heeft geen hoofdstuk of paragraaf '§7.3'. Bedoelde je '§7.2'?",
        "content/barriers/privacy.yaml",
    )


@pytest.mark.parametrize(
    "email, expected",
    [
        ("j.jansen@hotmail.com", "is een persoonlijk adres bij een e-maildienst (hotmail.com)"),
        ("wonen@gmail.com", "is een persoonlijk adres bij een e-maildienst (gmail.com)"),
        ("jan.de.vries@tilburg.nl", "lijkt het adres van een persoon"),
        ("wonen\u202e@tilburg.nl", "bevat een onzichtbaar of richting-veranderend teken (U+202E)"),
        ("info@til\u200bburg.nl", "bevat een onzichtbaar of richting-veranderend teken (U+200B)"),
    ],
)
def test_a_contact_address_is_an_organisations_own(project, email, expected):
    """The one address a page publishes (as a mailto link) is an organisation's: not a webmail
    mailbox, not a person's name, and never one that displays as another address."""
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("status: lopend", f'status: lopend\ncontact:\n  organisation: gemeente-tilburg\n  email: "{email}"')
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    fails_with(project, expected, "content/cities/tilburg/housing-first.yaml", line=11)


def test_a_team_address_of_the_organisation_is_published(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("status: lopend", "status: lopend\ncontact:\n  organisation: gemeente-tilburg\n  email: wonen.zorg@tilburg.nl")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    assert not problems_of(project).errors


# --- a glossary term says what its short definition rests on (issue 19) ----------------------


def _term(project, basis: str):
    """A term whose only source is a newspaper without sections, with the given basis line."""
    project.write(
        "sources/krant.yaml",
        """
        title: Een krantenartikel over wonen
        author: Een krant
        year: 2020
        kind: nieuwsbericht
    """,
    )
    project.write(
        "glossary/hotspot.yaml",
        f"""
        name: hotspot
        definition: Plek waar zich veel kwetsbare huishoudens concentreren.
        {basis}
        sources:
          - source: krant
    """,
    )


def test_term_explained_by_the_report_names_the_section(project):
    _term(project, "basis: rapport")
    out = fails_with(
        project,
        "een begrip met 'basis: rapport' noemt de paragraaf waar het rapport het zo uitlegt",
        "content/glossary/hotspot.yaml",
        line=5,
    )
    assert "Kies dan 'basis: redactie' (eigen uitleg van de kennisbank)" in out


def test_term_with_an_unknown_basis(project):
    _term(project, "basis: redaktie")
    fails_with(
        project,
        "onbekende waarde 'redaktie'. Bedoelde je 'redactie'? Kies uit: rapport, bron, redactie.",
        "content/glossary/hotspot.yaml",
        line=3,
    )


def test_term_without_a_basis_is_the_knowledge_bases_own_wording(project):
    _term(project, "")
    assert not problems_of(project).errors
    _term(project, "basis: bron")
    assert not problems_of(project).errors


# --- studies and evidence (issue 19) -----------------------------------------------------------

STUDY = """
    name: Evaluatie van Housing First in Tilburg
    design: evaluatie
    summary: Een evaluatie van de uitvoering en de woonduur bij Housing First in Tilburg.
    instruments: [housing-first]
    sources:
      - source: rapport
        section: "§6.1"
"""


def _under_explanation(project, yaml: str) -> None:
    """Add these lines to Housing First's `evidence:`, after its explanation."""
    explanation = "  explanation: Ervaringen uit de praktijk, geen effectonderzoek in deze stad.\n"
    text = (project.content / "instruments/housing-first.yaml").read_text()
    assert explanation in text
    project.write("instruments/housing-first.yaml", text.replace(explanation, explanation + yaml))


def _with_result(project, result: str) -> None:
    _under_explanation(project, "  results:\n" + result)


def test_a_result_naming_an_unknown_study(project):
    """A result refers to its study by file name; a typo is found, with a suggestion."""
    project.write("studies/evaluatie-tilburg.yaml", STUDY)
    _with_result(
        project,
        "    - text: Na een jaar woont het merendeel nog zelfstandig.\n"
        "      outcome: woonbehoud\n      direction: positief\n      study: evaluatie-tilbrug\n",
    )
    out = fails_with(project, "onbekend onderzoek 'evaluatie-tilbrug'", "content/instruments/housing-first.yaml")
    assert "evaluatie-tilburg" in out  # did you mean


def test_a_study_without_a_design_on_the_scale(project):
    """'onbekend' is an instrument's level without studies, never the design of a study."""
    project.write("studies/evaluatie-tilburg.yaml", STUDY.replace("design: evaluatie", "design: onbekend"))
    out = fails_with(project, "design", "content/studies/evaluatie-tilburg.yaml")
    assert "praktijkervaring" in out and "effectonderzoek" in out  # the allowed designs are listed


def test_a_result_of_a_study_about_another_instrument(project):
    """A result counts only for the instrument it is about: a study about Skaeve Huse cannot fill
    Housing First's cells through a result on Housing First's page."""
    project.write(
        "instruments/skaeve-huse.yaml",
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("name: Housing First", "name: Skaeve Huse")
        .replace("aliases: [Woning Eerst]", "aliases: []"),
    )
    project.write("studies/evaluatie-tilburg.yaml", STUDY.replace("[housing-first]", "[skaeve-huse]"))
    _with_result(
        project,
        "    - text: Na een jaar woont het merendeel nog zelfstandig.\n"
        "      outcome: woonbehoud\n      direction: positief\n      study: evaluatie-tilburg\n",
    )
    out = fails_with(project, "gaat over skaeve-huse, niet over housing-first", "content/instruments/housing-first.yaml")
    assert "instruments" in out


def test_the_retired_evidence_level_says_what_to_do(project):
    text = (
        (project.content / "instruments/housing-first.yaml")
        .read_text()
        .replace("evidence:\n", "evidence:\n  level: praktijkervaring\n")
    )
    project.write("instruments/housing-first.yaml", text)
    out = fails_with(project, "het veld 'level' bestaat niet meer", "content/instruments/housing-first.yaml")
    assert "study" in out


def test_a_context_item_needs_a_kind_and_a_source(project):
    _under_explanation(
        project, "  context:\n    - text: In 2018 is het landelijke platform opnieuw opgericht.\n      kind: oprichting\n"
    )
    out = fails_with(project, "oprichting", "content/instruments/housing-first.yaml")
    assert "verplicht veld 'sources' ontbreekt" in out and "organisatie" in out
