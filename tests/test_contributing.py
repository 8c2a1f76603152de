"""Contributing: scaffolding, schemas, workflows, the issue form, permalinks, freshness."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import MINIMAL, ROOT, Project, fixture_mkdocs_yml, git, kennisbank
from generator.contribute import schema as schema_mod
from generator.kinds import KINDS
from sitehtml import page


# --- a complete throwaway project: its own mkdocs.yml, site_config and content -------------


class FullProject(Project):
    def run(self, *args: str) -> subprocess.CompletedProcess:
        return self.run_env({}, *args)

    def run_env(self, extra: dict, *args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, KENNISBANK_ROOT=str(self.root), PYTHONUTF8="1", **extra)
        return subprocess.run(
            [sys.executable, "-m", "generator", *args], cwd=self.root, capture_output=True, text=True, timeout=300, env=env
        )

    def git(self, *args: str) -> None:
        git(self.root, *args, date="2026-03-01T12:00:00")


@pytest.fixture
def full(tmp_path: Path) -> FullProject:
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config", ignore=shutil.ignore_patterns("permalinks.txt"))
    fixture_mkdocs_yml(tmp_path, tmp_path / "site_config")
    p = FullProject(tmp_path)
    for rel, text in MINIMAL.items():
        p.write(rel, text)
    return p


# --- scaffolding -----------------------------------------------------------------------------


def test_new_practice_writes_every_field_with_help_and_schema_line(project):
    result = project.run("new", "practice", "--city", "tilburg", "--instrument", "housing-first", "--slug", "tweede")
    assert result.returncode == 0, result.stderr
    path = project.content / "cities/tilburg/tweede.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../site_config/schema/practice.schema.json")
    data = yaml.safe_load(text)
    model = KINDS["practice"].model
    for name, info in model.model_fields.items():
        assert f"# {name} (" in text, name
        assert info.description.split(".")[0] in text.replace("\n# ", " ")
    assert data["instrument"] == "housing-first" and data["name"] == "Housing First in Tilburg"
    # an unfilled template is not valid content, and says why in Dutch
    check = project.run("validate")
    assert check.returncode == 1 and "content/cities/tilburg/tweede.yaml" in check.stderr


def test_new_practice_for_unknown_city_suggests(project):
    result = project.run("new", "practice", "--city", "tilbrug", "--instrument", "housing-first")
    assert result.returncode == 1
    assert "Onbekende stad 'tilbrug'. Bedoelde je 'tilburg'?" in result.stderr


@pytest.mark.parametrize("kind", ["instrument", "barrier", "city", "organisation", "study"])
def test_new_simple_types(project, kind):
    result = project.run("new", kind, "nieuw-item")
    assert result.returncode == 0, result.stderr
    path = project.content / KINDS[kind].folder / "nieuw-item.yaml"
    assert "yaml-language-server: $schema=" in path.read_text()
    assert project.run("new", kind, "Nieuw Item").returncode == 1


# --- JSON Schema -----------------------------------------------------------------------------


def test_committed_schemas_and_issue_form_are_current():
    assert schema_mod.drift() == [], "run 'kennisbank schema'"


def test_schema_accepts_real_content_and_rejects_a_typo():
    practice = json.loads((ROOT / "site_config/schema/practice.schema.json").read_text())
    data = yaml.safe_load((ROOT / "content/cities/tilburg/housing-first.yaml").read_text())
    jsonschema.validate(data, practice)
    data["instrumnet"] = data.pop("instrument")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, practice)


def test_schemas_are_published_on_the_site(built_site):
    for kind in schema_mod.SCHEMA_KINDS:
        published = built_site / "site" / "schema" / f"{kind}.schema.json"
        assert json.loads(published.read_text())["title"].startswith("Kennisbank Gemengde Wijk")


# --- GitHub ----------------------------------------------------------------------------------


def test_workflows_are_valid():
    files = sorted((ROOT / ".github/workflows").glob("*.yml"))
    assert {f.name for f in files} >= {"pull-request.yml", "deploy.yml"}
    for f in files:
        wf = yaml.safe_load(f.read_text())
        on = wf.get(True, wf.get("on"))  # YAML 1.1 reads the key 'on' as true
        assert on and wf["jobs"], f.name
        for name, job in wf["jobs"].items():
            assert "runs-on" in job
            for step in job["steps"]:
                assert ("uses" in step) != ("run" in step), (f.name, name, step)
                if "uses" in step:
                    assert "@" in step["uses"]
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())
    runs = " ".join(s.get("run", "") for s in pr["jobs"]["controle"]["steps"])
    for command in ("kennisbank validate --format github", "kennisbank build", "python3 dev.py test"):
        assert command in runs


def test_pull_request_checks_the_content_before_installing_chromium():
    """A contributor hears about a wrong field within two minutes: validate and schema --check
    run before the slow Chromium install, the build and the tests."""
    steps = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())["jobs"]["controle"]["steps"]
    runs = [s.get("run", "") for s in steps]
    at = {
        what: next(i for i, r in enumerate(runs) if what in r)
        for what in (
            "kennisbank validate",
            "kennisbank schema --check",
            "apt-get install -y chromium",
            "kennisbank build",
            "dev.py test",
        )
    }
    assert at["kennisbank validate"] < at["apt-get install -y chromium"]
    assert at["kennisbank schema --check"] < at["apt-get install -y chromium"]
    assert at["apt-get install -y chromium"] < at["kennisbank build"] < at["dev.py test"]


def test_validate_writes_github_annotations(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("instrument: housing-first", "instrument: housing-frist")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    result = project.run("validate", "--format", "github")
    assert result.returncode == 1
    assert (
        "::error file=content/cities/tilburg/housing-first.yaml,line=2,col=13,title=Kennisbank::"
        "instrument: onbekend instrument 'housing-frist'. Bedoelde je 'housing-first'?"
    ) in result.stdout


SAMPLE_ISSUE = """### Stad

Tilburg (tilburg)

### Instrument

Housing First (housing-first)

### Korte naam voor het webadres

housing-first-jongeren

### Naam van de praktijk

Housing First voor jongeren in Tilburg

### Samenvatting

Tilburg biedt dakloze jongeren direct een eigen woning met begeleiding aan huis.

### Plaats

verspreid over Tilburg-Noord

### Wijken of buurten

- Stokhasselt
- Heikant

### Organisaties en hun rol

gemeente-tilburg: opdrachtgever en financier

### Status

In voorbereiding

### Beginjaar

2025

### Eindjaar

_No response_

### Toelichting op de periode

_No response_

### Wat gebeurde er?

De gemeente werkt met partners aan een aanpak voor jongeren die uit de opvang komen.
Zij krijgen een eigen huurcontract en een vaste begeleider.

### Resultaten

_No response_

### Belemmeringen

Privacyregels (privacy)

### Lessen voor anderen

Betrek jongeren zelf bij de keuze van de woning
Regel de begeleiding voordat de sleutel wordt overhandigd

### Bronnen

rapport, §6.1

### Contact: organisatie

gemeente-tilburg

### Contact: algemeen e-mailadres

wonen@example.org
"""


def test_issue_form_fields_map_onto_practice_fields():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/praktijk-toevoegen.yml").read_text())
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] not in ("markdown", "checkboxes")]
    from generator.contribute.form import FORM

    assert labels == [f.label for f in FORM]
    practice_fields = set(KINDS["practice"].model.model_fields)
    for f in FORM:
        kind, _, name = f.target.rpartition(":")
        if kind:  # a field of a new city, organisation or source
            assert name == "*" or name in KINDS[kind].model.model_fields, f.target
        else:
            assert re.sub(r"\[\d+\]", "", f.target).split(".")[0] in practice_fields | {"city", "slug"}, f.target
    # the questions about a result are the Result model's fields, one each
    from generator.content.models import Result

    asked = {f.target.split(".")[1] for f in FORM if f.target.startswith("results[0].")}
    assert asked == set(Result.model_fields)


def test_issue_form_lists_come_from_the_content_and_the_vocabularies():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/praktijk-toevoegen.yml").read_text())
    fields = {item["id"]: item["attributes"] for item in form["body"] if item["type"] != "markdown"}
    assert "Tilburg (tilburg)" in fields["stad"]["options"] and fields["stad"]["options"][-1].startswith("Nieuwe stad")
    assert "Housing First (housing-first)" in fields["instrument"]["options"]
    assert len(fields["instrument"]["options"]) == len(list((ROOT / "content/instruments").glob("*.yaml")))
    assert "Leger des Heils (leger-des-heils)" in fields["organisaties"]["options"] and fields["organisaties"]["multiple"]
    assert fields["status"]["options"] == ["Lopend", "In voorbereiding", "Gestopt", "Afgeblazen", "Overwogen"]
    for new in ("nieuwe-stad-naam", "nieuwe-organisaties", "nieuwe-bronnen"):
        assert new in fields


def test_issue_form_follows_githubs_form_schema():
    """GitHub refuses a form with a repeated id or label, an id with other characters than
    letters, digits, '-' and '_', or a dropdown with no or repeated options."""
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/praktijk-toevoegen.yml").read_text())
    assert {"name", "description", "body"} <= set(form)
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    labels = [item["attributes"]["label"] for item in fields]
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    for item in fields:
        assert item["type"] in ("input", "textarea", "dropdown", "checkboxes")  # checkboxes: the licence
        if item["type"] == "dropdown":
            options = item["attributes"]["options"]
            assert options and len(set(options)) == len(options) and "None" not in options, item["id"]


def test_a_new_city_in_the_content_makes_the_issue_form_stale(tmp_path):
    """The pick lists are generated: a city added without 'kennisbank schema' is caught by --check."""
    from generator.contribute.form import issue_form_yaml

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert issue_form_yaml(content) == (ROOT / ".github/ISSUE_TEMPLATE/praktijk-toevoegen.yml").read_text()
    city = (content / "cities/tilburg.yaml").read_text().replace("name: Tilburg", "name: Zwolle")
    (content / "cities/zwolle.yaml").write_text(city)
    assert "- Zwolle (zwolle)" in issue_form_yaml(content)


def test_from_issue_gives_a_valid_practice_with_its_page(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(SAMPLE_ISSUE, encoding="utf-8")
    result = project.run("from-issue", str(body), "--write")
    assert result.returncode == 0, result.stderr
    written = project.content / "cities/tilburg/housing-first-jongeren.yaml"
    data = yaml.safe_load(written.read_text())
    assert data["neighbourhoods"] == ["Stokhasselt", "Heikant"]
    assert data["organisations"] == [{"organisation": "gemeente-tilburg", "role": "opdrachtgever en financier"}]
    assert data["sources"] == [{"source": "rapport", "section": "§6.1"}]
    assert len(data["lessons"]) == 2 and data["period"] == {"start": 2025}
    out = project.root / "out"
    build = project.run("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"))
    assert build.returncode == 0, build.stderr
    html = page(out / "site", "/steden/tilburg/housing-first-jongeren/")
    assert "Housing First voor jongeren in Tilburg" in html and "mailto:wonen@example.org" in html


def test_from_issue_with_missing_required_field(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(SAMPLE_ISSUE.replace("### Lessen voor anderen", "### Iets anders"), encoding="utf-8")
    result = project.run("from-issue", str(body))
    assert result.returncode == 1 and "Lessen voor anderen" in result.stderr and "Traceback" not in result.stderr


def test_from_issue_with_a_typed_result_reaches_the_built_page(project, tmp_path):
    """A result typed in the form (text, outcome, direction and the kind of study as dropdowns generated
    from the vocabularies) is written as a real result, with its own source and a study for that source
    (which an editor completes), and shows on the page and on the evidence map."""
    body = tmp_path / "issue.md"
    body.write_text(
        SAMPLE_ISSUE.replace(
            "### Resultaten\n\n_No response_",
            "### Resultaat 1\n\nNa een jaar wonen 9 van de 10 jongeren nog zelfstandig.\n\n"
            "### Resultaat 1: jaar\n\n2025\n\n### Resultaat 1: uitkomst\n\nWoonbehoud\n\n"
            "### Resultaat 1: richting\n\nPositief\n\n### Resultaat 1: soort onderzoek\n\nPraktijkervaring\n\n"
            "### Resultaat 1: bron\n\nrapport, §6.1",
        ),
        encoding="utf-8",
    )
    result = project.run("from-issue", str(body), "--write")
    assert result.returncode == 0, result.stderr
    written = (project.content / "cities/tilburg/housing-first-jongeren.yaml").read_text()
    assert "&id" not in written and "*id" not in written and "# results" not in written
    data = yaml.safe_load(written)
    assert data["results"] == [
        {
            "text": "Na een jaar wonen 9 van de 10 jongeren nog zelfstandig.\n",
            "year": 2025,
            "outcome": "woonbehoud",
            "direction": "positief",
            "study": "rapport",
            "sources": [{"source": "rapport", "section": "§6.1"}],
        }
    ]
    study = yaml.safe_load((project.content / "studies/rapport.yaml").read_text())
    assert study["design"] == "praktijkervaring" and study["instruments"] == ["housing-first"]
    assert study["sources"] == [{"source": "rapport", "section": "§6.1"}]
    out = project.root / "out"
    build = project.run("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"))
    assert build.returncode == 0, build.stderr
    html = page(out / "site", "/steden/tilburg/housing-first-jongeren/")
    assert "Na een jaar wonen 9 van de 10 jongeren nog zelfstandig. (2025)" in html
    # on the evidence map: in the cell of its outcome, with its direction and its study's design
    cell = re.search(
        r'<td class="kb-map__cell" data-outcome="woonbehoud"[^>]*>(.*?)</td>', page(out / "site", "/bewijskaart/"), re.S
    ).group(1)
    assert "(Woonbehoud bij Housing First)" in cell and "9 van de 10 jongeren" in cell
    assert "1 onderzoek, positief, sterkste opzet: praktijkervaring" in cell
    assert "Housing First voor jongeren in Tilburg" in cell


def test_the_questions_about_a_result_follow_the_result_model(monkeypatch, project):
    """The result questions are generated from the Result model: a model whose results refer to
    another kind (as a study) gets a pick list of that kind, a list of references a multiple pick
    list, and the answers are read back into those fields."""
    from typing import Optional

    from pydantic import Field

    from generator.content.models import Citation, Markdown, Outcome, Ref, Strict
    from generator.contribute import form, formcheck, formread

    class Result(Strict):
        text: Markdown = Field(description="Het resultaat.")
        outcome: Outcome = Field(description="De uitkomst.")
        barrier: Ref("barrier") = Field(description="De belemmering.")
        instruments: list[Ref("instrument")] = Field(default_factory=list, description="De instrumenten.")
        sources: list[Citation] = Field(default_factory=list, description="De plek.")
        note: Optional[str] = Field(None, description="Toelichting.")

    monkeypatch.setattr(form, "Result", Result)
    monkeypatch.setattr(formcheck, "Result", Result)
    fields = {f.id: f for f in form.result_fields(1)}
    assert fields["resultaat-1-barrier"].kind == "dropdown" and fields["resultaat-1-barrier"].options == "barrier"
    assert fields["resultaat-1-instruments"].multiple and fields["resultaat-1-instruments"].label == "Resultaat 1: instrumenten"
    assert fields["resultaat-1-outcome"].options == "outcome" and fields["resultaat-1"].kind == "textarea"
    monkeypatch.setattr(formcheck, "result_fields", lambda slot: form.result_fields(slot) if slot == 1 else [])
    questions = [f for f in form.FORM if not f.id.startswith("resultaat-")] + list(fields.values())
    labels = {f.id: f.label for f in questions}
    for module in (form, formread, formcheck):
        monkeypatch.setattr(module, "FORM", questions)
    for module in (form, formcheck):
        monkeypatch.setattr(module, "LABEL", labels)
    values = {
        "stad": "tilburg",
        "instrument": "housing-first",
        "naam": "Housing First in Tilburg",
        "resultaat-1": "Na een jaar wonen 9 van de 10 jongeren nog zelfstandig.",
        "resultaat-1-outcome": "Woonbehoud",
        "resultaat-1-barrier": "Privacyregels (privacy)",
        "resultaat-1-instruments": "housing-first",
    }
    body = "\n\n".join(f"### {f.label}\n\n{values[f.id]}" for f in questions if f.id in values)
    result = formcheck.practice_from_issue(body, project.content)
    assert result.files[result.practice_file]["results"] == [
        {
            "text": "Na een jaar wonen 9 van de 10 jongeren nog zelfstandig.",
            "outcome": "woonbehoud",
            "barrier": "privacy",
            "instruments": ["housing-first"],
        }
    ]
    assert not [p for p in result.problems if p[0].startswith("Resultaat")]


def test_a_result_without_its_vocabulary_values_is_refused_under_its_question(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(
        SAMPLE_ISSUE.replace(
            "### Resultaten\n\n_No response_",
            "### Resultaat 2\n\nNa een jaar wonen 9 van de 10 jongeren nog zelfstandig.\n\n"
            "### Resultaat 2: uitkomst\n\nwoonbehoudt",
        ),
        encoding="utf-8",
    )
    result = project.run("from-issue", str(body))
    assert result.returncode == 1
    assert "Resultaat 2: uitkomst: onbekende uitkomst 'woonbehoudt'. Bedoelde je 'Woonbehoud'?" in result.stderr
    assert "Resultaat 2: richting: nodig bij 'Resultaat 2'" in result.stderr
    assert "Resultaat 2: soort onderzoek: nodig bij 'Resultaat 2'" in result.stderr


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda t: t.encode("utf-8").replace("Tilburg".encode(), b"Tilb\xffrg"), "geen UTF-8"),
        (lambda t: t.replace("### Beginjaar\n\n2025", "### Beginjaar\n\n²"), "geen jaartal"),
        (lambda t: t.replace("### Beginjaar\n\n2025", "### Beginjaar\n\n" + "9" * 5000), "geen jaartal"),
        (lambda t: t.replace("housing-first-jongeren", "a" * 300), "hoogstens 80 tekens"),
        (lambda t: t.replace("### Wat gebeurde er?\n\n", "### Wat gebeurde er?\n\n### Status\n\ngestopt\n\n"), "twee keer"),
        (lambda t: t + "x" * 16_000_000, "te lang"),
        (None, "bestaat niet"),
        ("dir", "is een map"),
    ],
)
def test_from_issue_refuses_bad_input_in_dutch_without_writing(project, tmp_path, change, expected):
    body = tmp_path / "issue.md"
    if change == "dir":
        body.mkdir()
    elif change is not None:
        new = change(SAMPLE_ISSUE)
        body.write_bytes(new) if isinstance(new, bytes) else body.write_text(new, encoding="utf-8")
    result = project.run("from-issue", str(body), "--write")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr[-500:]
    assert "Traceback" not in result.stderr + result.stdout
    assert not list((project.content / "cities" / "tilburg").glob("*jongeren*"))
    assert not [p for p in (project.content / "cities").rglob("*.yaml") if p.stat().st_size > 1_000_000]


def test_from_issue_understands_names_and_slugs_typed_by_hand(project, tmp_path):
    """An issue edited by hand, or filled in before the pick lists: names, aliases and slugs are
    understood (the instrument by its alias 'Woning Eerst', the status by its key)."""
    body = tmp_path / "issue.md"
    body.write_text(
        SAMPLE_ISSUE.replace("Housing First (housing-first)", "Woning Eerst")
        .replace("Tilburg (tilburg)", "tilburg")
        .replace("In voorbereiding", "in-voorbereiding")
        .replace("Privacyregels (privacy)", "Privacyregels"),
        encoding="utf-8",
    )
    result = project.run("from-issue", str(body))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout.split("---\n", 1)[1])
    assert (data["instrument"], data["status"], data["barriers"]) == ("housing-first", "in-voorbereiding", ["privacy"])


# --- the issue workflow: a filled-in form becomes a pull request --------------------------------

FIXTURES = ROOT / "tests/fixtures"


def issue_workflow() -> dict:
    return yaml.safe_load((ROOT / ".github/workflows/praktijk-uit-issue.yml").read_text())


def run_the_workflow_step(root: Path, event: Path) -> tuple[subprocess.CompletedProcess, str, str]:
    """Run the very 'run:' line of the workflow's conversion step (with our kennisbank) on a copy
    of the project, as GitHub would: the event file in $GITHUB_EVENT_PATH. Returns the result,
    the reply it wrote and what it gave the next steps ($GITHUB_OUTPUT)."""
    step = next(s for s in issue_workflow()["jobs"]["omzetten"]["steps"] if s.get("id") == "formulier")
    line = step["run"].replace(".venv/bin/kennisbank", f"{sys.executable} -m generator")
    temp = root / "runner-temp"
    temp.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        GITHUB_EVENT_PATH=str(event),
        RUNNER_TEMP=str(temp),
        GITHUB_OUTPUT=str(temp / "output"),
        KENNISBANK_ROOT=str(root),
        PYTHONUTF8="1",
    )
    result = subprocess.run(["bash", "-e", "-c", line], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    reply = (temp / "reactie.md").read_text() if (temp / "reactie.md").exists() else ""
    output = (temp / "output").read_text() if (temp / "output").exists() else ""
    return result, reply, output


def shown(markdown: str) -> str:
    """The reply as GitHub shows it: Markdown escapes and the mention breaker gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


@pytest.fixture
def copy_of_the_project(tmp_path: Path) -> FullProject:
    for name in ("content", "site_config"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / ".github/ISSUE_TEMPLATE", tmp_path / ".github/ISSUE_TEMPLATE")
    return FullProject(tmp_path)


def with_body(tmp_path: Path, fixture: str, change) -> Path:
    """A recorded event with its issue body changed, as after an edit of the issue."""
    event = json.loads((FIXTURES / fixture).read_text())
    event["issue"]["body"] = change(event["issue"]["body"])
    path = tmp_path / f"edited-{fixture}"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def citing_their_own_sources(body: str) -> str:
    """The Zwolle form with a source named for the new city and for the new organisation."""
    return body.replace(
        "### Nieuwe stad: bronnen\n\n_No response_", "### Nieuwe stad: bronnen\n\nEvaluatie Housing First Zwolle"
    ).replace("opvang in de stad.\n", "opvang in de stad.; Evaluatie Housing First Zwolle, p. 3\n")


def test_recorded_issue_event_becomes_valid_files_and_a_pull_request_description(copy_of_the_project, tmp_path):
    project = copy_of_the_project
    event = with_body(tmp_path, "issue-praktijk-zwolle.json", citing_their_own_sources)
    result, reply, output = run_the_workflow_step(project.root, event)
    assert result.returncode == 0, result.stderr
    written = {
        "cities/zwolle.yaml",
        "cities/zwolle/housing-first.yaml",
        "organisations/gemeente-zwolle.yaml",
        "sources/gemeente-zwolle-2023.yaml",
        "studies/gemeente-zwolle-2023.yaml",
    }
    for rel in written:
        assert (project.content / rel).is_file(), rel
        assert f"`content/{rel}`" in reply  # the pull request's description names the files
    check = project.run("validate")  # the real validator, over all content
    assert check.returncode == 0, check.stderr
    practice = yaml.safe_load((project.content / "cities/zwolle/housing-first.yaml").read_text())
    assert practice["instrument"] == "housing-first" and practice["status"] == "lopend"
    assert practice["organisations"] == [
        {"organisation": "gemeente-zwolle", "role": "opdrachtgever en financier"},
        {"organisation": "leger-des-heils", "role": "begeleidt de deelnemers aan huis"},
        {"organisation": "housing-first-nederland", "role": "adviseert over modelgetrouw werken"},
    ]
    assert practice["sources"] == [{"source": "trimbos-2023-housing-first", "section": "§4"}, {"source": "gemeente-zwolle-2023"}]
    assert practice["results"] == [
        {
            "text": "Na twee jaar woonden de meeste deelnemers nog in hun woning\n",
            "outcome": "woonbehoud",
            "direction": "positief",
            "study": "gemeente-zwolle-2023",
            "sources": [{"source": "gemeente-zwolle-2023"}],
        }
    ]
    study = yaml.safe_load((project.content / "studies/gemeente-zwolle-2023.yaml").read_text())
    assert study["design"] == "evaluatie" and study["places"] == ["Zwolle"]
    assert practice["barriers"] == ["privacywetgeving"] and practice["contact"]["organisation"] == "gemeente-zwolle"
    city = yaml.safe_load((project.content / "cities/zwolle.yaml").read_text())
    assert city["province"] == "Overijssel" and city["perspectives"] == ["beheersbaar-houden"]
    # the new city and organisation cite what the contributor named for them, not the practice's sources
    assert city["sources"] == [{"source": "gemeente-zwolle-2023"}]
    organisation = yaml.safe_load((project.content / "organisations/gemeente-zwolle.yaml").read_text())
    assert organisation["sources"] == [{"source": "gemeente-zwolle-2023", "section": "p. 3"}]
    assert reply.startswith("## Praktijk omgezet: Housing First in Zwolle")
    assert "`kennisbank validate` vond geen fouten" in reply and "Closes #12" in reply
    assert "Nog aan te vullen" not in reply
    assert "titel=Praktijk: Housing First in Zwolle (issue #12)\n" in output and "aanvullen=false" in output
    # Zwolle and its municipality are now choices in the form the pull request carries, and their
    # addresses are recorded, so the pull request check ('schema --check', permalinks) passes
    form = (project.root / ".github/ISSUE_TEMPLATE/praktijk-toevoegen.yml").read_text()
    assert "- Zwolle (zwolle)" in form and "- Gemeente Zwolle (gemeente-zwolle)" in form
    registry = (project.root / "site_config/permalinks.txt").read_text().splitlines()
    assert {"/steden/zwolle/", "/steden/zwolle/housing-first/", "/organisaties/gemeente-zwolle/"} <= set(registry)
    paths = next(s for s in issue_workflow()["jobs"]["omzetten"]["steps"] if s.get("id") == "pr")["with"]["add-paths"]
    assert {"content/**", "site_config/permalinks.txt", ".github/ISSUE_TEMPLATE/praktijk-toevoegen.yml"} <= set(paths.split())


def test_new_city_and_organisation_inherit_no_sources(copy_of_the_project):
    """The recorded Zwolle form names no source for the new city or organisation: their files cite
    nothing (not the practice's Trimbos study) and say an editor completes them; the pull request
    check points at exactly those two places."""
    project = copy_of_the_project
    result, reply, output = run_the_workflow_step(project.root, FIXTURES / "issue-praktijk-zwolle.json")
    assert result.returncode == 0, result.stderr
    for rel in ("cities/zwolle.yaml", "organisations/gemeente-zwolle.yaml"):
        text = (project.content / rel).read_text()
        assert "sources" not in yaml.safe_load(text) and "trimbos" not in text and "platform31" not in text
        assert "# sources: nog aan te vullen door een redacteur" in text
    assert "Nog aan te vullen door een redacteur" in reply and "aanvullen=true" in output
    pr = next(s for s in issue_workflow()["jobs"]["omzetten"]["steps"] if s.get("id") == "pr")
    assert pr["with"]["draft"] == "${{ steps.formulier.outputs.aanvullen == 'true' }}"  # a draft until completed
    check = project.run("validate")
    errors = [line for line in check.stderr.splitlines() if line.startswith("content/")]
    assert len(errors) == 2 and all("verplicht veld 'sources' ontbreekt" in e for e in errors), check.stderr
    assert {e.split(":")[0] for e in errors} == {"content/cities/zwolle.yaml", "content/organisations/gemeente-zwolle.yaml"}


def test_an_issue_filled_in_with_the_old_results_question_is_told_where_results_go(copy_of_the_project, tmp_path):
    """Filled in before the form typed its results ('### Resultaten', one per line), edited now: the
    answer does not run on into 'Wat gebeurde er?'; the reply says where results go, with the rest."""
    event = with_body(
        tmp_path,
        "issue-praktijk-zwolle.json",
        lambda body: body.replace(
            "### Resultaat 1\n\n", "### Resultaten\n\nNa twee jaar woonden de meeste deelnemers nog thuis\n\n### Resultaat 1\n\n"
        ).replace("Lopend", "Loopt nog"),
    )
    result, reply, _output = run_the_workflow_step(copy_of_the_project.root, event)
    assert result.returncode == 1, result.stderr
    items = [line for line in shown(reply).splitlines() if line.startswith("- ")]
    assert items[0].startswith("- **Status**: onbekende status 'Loopt nog'")
    assert items[1].startswith("- **Resultaat 1**: de vraag 'Resultaten' staat niet meer in het formulier")
    assert len(items) == 2


@pytest.mark.parametrize(
    "email, expected",
    [
        ("beleid.zwolle@gmail.com", "is een persoonlijk adres bij een e-maildienst (gmail.com)"),
        ("j.jansen@zwolle.nl", "lijkt het adres van een persoon"),
        ("wonen\u202e@zwolle.example.org", "bevat een onzichtbaar of richting-veranderend teken (U+202E)"),
        ("wonen@zwolle\u200b.example.org", "bevat een onzichtbaar of richting-veranderend teken (U+200B)"),
    ],
)
def test_a_private_or_disguised_contact_address_is_refused(copy_of_the_project, tmp_path, email, expected):
    """The contact address is published as a mailto link: a webmail or personal address, or one with an
    invisible or direction-changing character (it would show as another address), never passes."""
    project = copy_of_the_project
    event = with_body(
        tmp_path,
        "issue-praktijk-zwolle.json",
        lambda body: citing_their_own_sources(body).replace("wonen@zwolle.example.org", email),
    )
    result, reply, output = run_the_workflow_step(project.root, event)
    assert result.returncode == 1 and output == "", result.stderr
    items = [line for line in shown(reply).splitlines() if line.startswith("- ")]
    assert len(items) == 1 and items[0].startswith("- **Contact: algemeen e-mailadres**: "), items
    assert expected in items[0]
    assert not (project.content / "cities/zwolle").exists()
    assert "\u202e" not in reply and reply.count("\u200b") == reply.count("@")  # only the mention breaker


def test_the_first_attempt_gets_every_mistake_back_in_one_round(copy_of_the_project, tmp_path):
    """The Zwolle practice as a policy adviser first filled it in (a recorded event): form mistakes
    and content mistakes in one reply, each under the field it was typed in, without file paths;
    no did-you-mean that is not close; an unknown organisation is told how to add it. The next
    edit, with those fields corrected, gives the pull request: two rounds, one error comment."""
    project = copy_of_the_project
    result, reply, output = run_the_workflow_step(project.root, FIXTURES / "issue-praktijk-zwolle-eerste-poging.json")
    assert result.returncode == 1 and "Traceback" not in result.stderr and output == ""
    reply = shown(reply)
    expected = [
        "- **Samenvatting**: tekst is te kort: minstens 20 tekens nodig",
        "- **Organisaties uit de lijst**: onbekende organisatie 'Gemeente Zwolle'. Kies een organisatie uit de "
        "lijst. Staat ze er niet in? Beschrijf haar als nieuwe organisatie bij 'Nieuwe organisaties'",
        "- **Organisaties uit de lijst**: onbekende organisatie 'Dimence'. Kies een organisatie uit de lijst. "
        "Staat ze er niet in? Beschrijf haar als nieuwe organisatie bij 'Nieuwe organisaties'",
        "- **Beginjaar**: 'voorjaar 2019' is geen jaartal",
        "- **Eindjaar**: het eindjaar 2017 ligt vóór het beginjaar 2019",
        "- **Wat gebeurde er?**: bevat HTML: de tag '<b>'",
        "- **Wat gebeurde er?**: bevat een e-mailadres",
        "- **Resultaat 1: soort onderzoek**: nodig bij 'Resultaat 1'",
        "- **Contact: algemeen e-mailadres**: 'j.jansen@hotmail.com' is een persoonlijk adres bij een e-maildienst",
    ]
    items = [line for line in reply.splitlines() if line.startswith("- ")]
    assert len(items) == len(expected) and reply.startswith(f"## Het formulier bevat nog {len(expected)} fouten"), reply
    for line, start in zip(items, expected):
        assert line.startswith(start), (line, start)
    assert "Bedoelde je" not in reply  # 'Gemeente Zwolle' is not 'Gemeente Ede'
    assert "content/" not in reply and ".yaml" not in reply and "regel " not in reply
    # the second round: the same form with those fields corrected
    fixed = json.loads((FIXTURES / "issue-praktijk-zwolle.json").read_text())["issue"]["body"]
    second, reply, output = run_the_workflow_step(
        project.root, with_body(tmp_path, "issue-praktijk-zwolle-eerste-poging.json", lambda body: fixed)
    )
    assert second.returncode == 0, second.stderr
    assert reply.startswith("## Praktijk omgezet") and "titel=" in output


def test_recorded_issue_event_with_mistakes_gets_every_one_back_in_dutch(copy_of_the_project):
    project = copy_of_the_project
    before = sorted(p.relative_to(project.content) for p in project.content.rglob("*.yaml"))
    result, reply, output = run_the_workflow_step(project.root, FIXTURES / "issue-praktijk-fouten.json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    reply = shown(reply)
    assert reply.startswith("## Het formulier bevat nog 8 fouten")
    for expected in (
        "- **Nieuwe stad: provincie**: nodig voor een nieuwe stad",
        "- **Instrument**: onbekend instrument 'housing first zwolle'. Bedoelde je 'Housing First (housing-first)'?",
        "- **Organisaties uit de lijst**: onbekende organisatie 'Leger des Heil'. "
        "Bedoelde je 'Leger des Heils (leger-des-heils)'?",
        "- **Organisaties en hun rol**: 'Leger des Heils begeleidt de deelnemers aan huis' heeft geen rol",
        "- **Status**: onbekende status 'Loopt nog'. Kies uit: Lopend, In voorbereiding",
        "- **Beginjaar**: 'sinds 2019' is geen jaartal",
        "- **Bronnen**: onbekende bron 'Trimbos-instituut'. Bedoelde je",
        "- **Nieuwe bronnen**: 'Evaluatie Housing First Zwolle': onbekende soort 'raport'. Bedoelde je 'rapport'?",
    ):
        assert expected in reply, expected
    assert "Edit" in reply and output == ""  # no title: no pull request
    assert sorted(p.relative_to(project.content) for p in project.content.rglob("*.yaml")) == before


def test_issue_describing_a_known_city_or_organisation_as_new_points_at_the_list(copy_of_the_project, tmp_path):
    """'Nieuwe stad: Tilburg.' or a new organisation 'Gemeente Tilburg.' (their files exist under
    another spelling) is not written over the existing file: the reply says to pick it."""
    event = json.loads((FIXTURES / "issue-praktijk-zwolle.json").read_text())
    event["issue"]["body"] = (
        event["issue"]["body"]
        .replace("\nZwolle\n", "\nTilburg.\n", 1)
        .replace("Gemeente Zwolle; gemeente;", "Gemeente Tilburg.; gemeente;")
    )
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result, reply, _output = run_the_workflow_step(copy_of_the_project.root, path)
    assert result.returncode == 1, result.stderr
    reply = shown(reply)
    assert "- **Nieuwe stad: naam**: 'Tilburg.' staat al in de lijst als 'Tilburg (tilburg)'" in reply
    assert (
        "- **Nieuwe organisaties**: 'Gemeente Tilburg.' staat al in de lijst als 'Gemeente Tilburg (gemeente-tilburg)'"
    ) in reply
    assert (copy_of_the_project.content / "cities/tilburg.yaml").read_text() == (ROOT / "content/cities/tilburg.yaml").read_text()


def test_issue_that_the_validator_refuses_names_the_form_fields_and_writes_nothing(copy_of_the_project, tmp_path):
    """Mistakes only the content model sees (a summary too short, an e-mail address that is none)
    come back with the label of the form field, and the files are removed again."""
    project = copy_of_the_project
    event = json.loads((FIXTURES / "issue-praktijk-zwolle.json").read_text())
    event["issue"]["body"] = (
        event["issue"]["body"]
        .replace("Zwolle biedt dakloze inwoners direct een eigen woning met begeleiding aan huis.", "Kort.")
        .replace("wonen@zwolle.example.org", "wonen-at-zwolle")
    )
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result, reply, _output = run_the_workflow_step(project.root, path)
    assert result.returncode == 1, result.stderr
    reply = shown(reply)
    assert "- **Samenvatting**: tekst is te kort: minstens 20 tekens nodig" in reply
    assert "- **Contact: algemeen e-mailadres**: 'wonen-at-zwolle' heeft niet de verwachte vorm" in reply
    assert "content/" not in reply and ".yaml" not in reply  # the contributor never saw the files
    assert not (project.content / "cities/zwolle.yaml").exists() and not (project.content / "cities/zwolle").exists()
    assert not (project.content / "organisations/gemeente-zwolle.yaml").exists()


@pytest.mark.parametrize(
    "event, expected",
    [
        ("{not json", "het GitHub-event is geen 'issues'-event"),
        ('{"action": "opened", "issue": {"number": 5, "body": null}}', "dit issue bevat geen velden van het formulier"),
    ],
)
def test_issue_event_that_is_no_form_gets_a_reply_too(copy_of_the_project, tmp_path, event, expected):
    path = tmp_path / "event.json"
    path.write_text(event, encoding="utf-8")
    result, reply, output = run_the_workflow_step(copy_of_the_project.root, path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert expected in shown(reply) and output == ""


def test_issue_text_in_the_reply_is_shown_as_typed(copy_of_the_project, tmp_path):
    """The bot's reply repeats what the contributor typed: never as an image, a link or an
    @mention that notifies someone else."""
    event = json.loads((FIXTURES / "issue-praktijk-fouten.json").read_text())
    event["issue"]["body"] = event["issue"]["body"].replace(
        "housing first zwolle", "![x](https://tracker.example/p.png) @someone <b>hoi</b>"
    )
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result, reply, _output = run_the_workflow_step(copy_of_the_project.root, path)
    assert result.returncode == 1, result.stderr
    assert "![x](" not in reply and "@someone" not in reply and "<b>" not in reply
    assert "onbekend instrument '![x](https://tracker.example/p.png) @someone <b>hoi</b>'" in shown(reply)


def test_issue_workflow_runs_the_command_and_never_puts_the_issue_text_in_a_shell_line():
    wf = issue_workflow()
    on = wf.get(True, wf.get("on"))
    assert {"opened", "edited"} <= set(on["issues"]["types"])
    job = wf["jobs"]["omzetten"]
    assert wf["permissions"] == {} and job["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "issues": "write",
        "actions": "write",
    }
    assert "'praktijk'" in job["if"]
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert any('kennisbank from-issue --event "$GITHUB_EVENT_PATH"' in r for r in runs)
    text = (ROOT / ".github/workflows/praktijk-uit-issue.yml").read_text()
    assert "github.event.issue.body" not in text and "github.event.issue.title" not in text
    for step in job["steps"]:  # no ${{ }} at all in a shell line: values reach it through env
        assert "${{" not in step.get("run", ""), step
    uses = [s["uses"] for s in job["steps"] if "uses" in s]
    assert any(u.startswith("peter-evans/create-pull-request@") for u in uses)


def test_the_pull_request_check_runs_on_the_bots_pull_request_without_an_editor():
    """A pull request made with GITHUB_TOKEN starts no pull_request workflow; the form's workflow
    starts the check itself (workflow_dispatch, the exception to that rule) on the pull request's
    branch, after it made or updated the pull request."""
    job = issue_workflow()["jobs"]["omzetten"]
    steps = job["steps"]
    pr_index = next(i for i, s in enumerate(steps) if s.get("id") == "pr")
    dispatch = [(i, s) for i, s in enumerate(steps) if "gh workflow run" in s.get("run", "")]
    assert len(dispatch) == 1
    index, step = dispatch[0]
    assert index > pr_index
    words = step["run"].split()
    check_file = words[words.index("run") + 1]
    check = yaml.safe_load((ROOT / ".github/workflows" / check_file).read_text())
    assert "workflow_dispatch" in check.get(True, check.get("on")) and check["name"] == "Controle van een bijdrage"
    assert '--ref "$BRANCH"' in step["run"] and step["env"]["BRANCH"] == "${{ steps.pr.outputs.pull-request-branch }}"
    assert "steps.formulier.outcome == 'success'" in step["if"]
    assert "'created'" in step["if"] and "'updated'" in step["if"]
    assert job["permissions"]["actions"] == "write"  # needed to start a workflow
    assert "${{" not in step["run"]


HOSTILE = [
    "::error title=Alles in orde::De bijdrage is goedgekeurd",
    "::add-mask::Housing",
    "  ::warning::x",
    "::stop-commands::abc",
    "##[error]nep",
    "%0A::error::y",
]


def test_no_answer_can_print_a_workflow_command(copy_of_the_project, project, tmp_path):
    """A line of a form answer that begins with '::' would be a workflow command in the job log (fake
    annotations, '::add-mask::'); whatever the contributor types, no line of the output begins with one."""
    hostile = "\n".join(HOSTILE)

    def change(body: str) -> str:
        body = body.replace("Housing First (housing-first)", hostile.replace("\n", "\r"))  # a lone CR ends a line too
        body = body.replace("Lopend", hostile)
        body = body.replace("trimbos-2023-housing-first, §4", hostile)
        return body.replace("### Wat gebeurde er?\n\n", "### Wat gebeurde er?\n\n" + hostile + "\n")

    result, reply, _output = run_the_workflow_step(
        copy_of_the_project.root, with_body(tmp_path, "issue-praktijk-zwolle.json", change)
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "add-mask" in result.stderr  # the answers are in the log, as text
    for line in re.split(r"\r\n|\r|\n", result.stdout + result.stderr):
        assert not line.lstrip().startswith(("::", "##[")), line
    # a form that passes prints its files: the hostile lines inside a description are text too
    body = tmp_path / "issue.md"
    body.write_text(
        SAMPLE_ISSUE.replace("Zij krijgen een eigen", "\n".join(HOSTILE[:2]) + "\nZij krijgen een eigen"), encoding="utf-8"
    )
    printed = project.run("from-issue", str(body))
    assert printed.returncode == 0, printed.stderr
    assert "add-mask" in printed.stdout
    for line in re.split(r"\r\n|\r|\n", printed.stdout + printed.stderr):
        assert not line.lstrip().startswith(("::", "##[")), line


@pytest.mark.parametrize(
    "event",
    [
        '{"action": "opened", "issue": null}',
        '{"action": "opened", "issue": {"number": 5, "body": 42}}',
        '{"action": "opened", "issue": {"number": 5, "body": ["### Stad"]}}',
        '{"action": "opened", "issue": {"number": 1e400, "body": "### Stad\\n\\nTilburg"}}',
        '{"action": "opened", "issue": {"number": NaN, "body": "x"}}',
        '{"action": "opened", "issue": {"number": true, "body": "x"}}',
        "[" * 100_000 + "]" * 100_000,
        '{"issue": ' + "[" * 5_000 + "]" * 5_000 + "}",  # deeper than Python's parser goes, few enough to parse
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        '"just a string"',
        "[]",
        "",
    ],
)
def test_every_event_shape_gets_a_dutch_reply(copy_of_the_project, tmp_path, event):
    """Shapes GitHub never sends, from a broken or hostile event file: a Dutch reply, no traceback."""
    path = tmp_path / "event.json"
    path.write_text(event, encoding="utf-8")
    result, reply, output = run_the_workflow_step(copy_of_the_project.root, path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert reply.startswith("## Het formulier bevat nog 1 fout") and "GitHub-event is geen 'issues'-event" in shown(reply)
    assert output == ""


def _form_with(**answers: str) -> str:
    from generator.contribute.form import FORM

    values = {
        "stad": "Tilburg (tilburg)",
        "instrument": "Housing First (housing-first)",
        "naam": "Housing First in Tilburg",
        "samenvatting": "Tilburg biedt dakloze jongeren direct een eigen woning aan.",
        "plaats": "Tilburg-Noord",
        "rollen": "gemeente-tilburg: opdrachtgever",
        "status": "Lopend",
        "beschrijving": "De gemeente werkt met partners aan een aanpak voor jongeren.",
        "lessen": "Betrek jongeren zelf",
        "bronnen": "rapport, §6.1",
    }
    values.update(answers)
    return "\n\n".join(f"### {f.label}\n\n{values.get(f.id) or '_No response_'}" for f in FORM)


def test_2000_organisations_parse_in_under_a_second_and_in_linear_time(project, monkeypatch):
    """A multiple pick list took cubic time (2,000 organisations: 114 s). Now each answer part is looked
    up a bounded number of times (counted, so the test cannot be flaky), and 2,000 take well under a second."""
    from generator.contribute import catalog as catalog_mod, formcheck

    catalog = catalog_mod.content_catalog(project.content)
    lookups = {"n": 0}
    original = catalog_mod.Catalog.lookup

    def counted(self, kind, text):
        lookups["n"] += 1
        return original(self, kind, text)

    monkeypatch.setattr(catalog_mod.Catalog, "lookup", counted)
    counts, seconds = {}, {}
    for n in (2000, 4000):
        known = ", ".join(["gemeente-tilburg"] * (n // 2))
        unknown = ", ".join(f"Organisatie {i}" for i in range(n // 2))
        body = _form_with(organisaties=known + ", " + unknown)
        lookups["n"] = 0
        import time

        start = time.perf_counter()
        result = formcheck.practice_from_issue(body, project.content, catalog)
        seconds[n] = time.perf_counter() - start
        counts[n] = lookups["n"]
        assert sum(1 for label, _m in result.problems if label == "Organisaties uit de lijst") == n // 2
    longest = catalog.commas["organisation"] + 1
    # each part is looked up once per possible run length, and an unknown one once more to report it
    assert counts[2000] <= 2000 * (longest + 1) + 100, counts
    assert counts[4000] <= 2 * counts[2000] + 100  # twice the answer, twice the work
    assert seconds[2000] < 1.0, seconds


def test_a_reply_stays_below_githubs_comment_limit_and_counts_what_is_left_out(project):
    from generator.contribute import formcheck, formreply

    body = _form_with(bronnen="\n".join(f"Bron {i}, p. {i}" for i in range(3000)))
    result = formcheck.practice_from_issue(body, project.content)
    problems = [p for p in result.problems if p[0] == "Bronnen"]
    assert len(problems) == 3000
    reply = formreply.comment_errors(result.problems)
    assert len(reply) < 65_536
    shown_items = [line for line in reply.splitlines() if line.startswith("- ")]
    left = len(result.problems) - len(shown_items)
    assert left > 0 and f"En nog {left} fouten die hier niet passen" in reply


def test_a_content_folder_that_is_a_file_gets_a_dutch_message(tmp_path):
    for args in (["new", "city", "x", "--content", "/etc/passwd"], ["validate", "--content", "/etc/passwd"]):
        result = kennisbank(*args, cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "--content /etc/passwd: dat is een bestand, geen map" in result.stderr
    (tmp_path / "file").write_text("x")
    result = kennisbank("new", "city", "x", "--content", str(tmp_path / "dir"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # a new folder is made
    result = kennisbank("new", "city", "y", "--content", str(tmp_path / "file" / "sub"), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "kan niet worden geschreven" in result.stderr


def _fill_in(questions: str, answers: dict[str, str]) -> str:
    """The text version of the form as someone fills it in by e-mail: the answer typed under the
    explanation lines of each question."""
    from generator.contribute.form import FORM

    by_label = {f.label: f.id for f in FORM}
    out, current = [], None
    for line in questions.splitlines():
        if line.startswith("### "):
            current = by_label[line[4:]]
        elif current and not line.startswith("» ") and answers.get(current):
            out += [answers[current], ""]
            current = None
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("query", ["bijdragen", "praktijk toevoegen", "contribute"])
def test_searching_for_contributing_finds_the_page_bijdragen(query):
    """The way in is findable: `kennisbank search` lists /bijdragen/ (a fixed page, which the command's
    list printed with a traceback: a page has no content kind)."""
    result = kennisbank("search", query)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-800:]
    first = [line for line in result.stdout.splitlines() if re.match(r"\s*\d+\. ", line)][:3]
    assert any(line.endswith("  [pagina]  /bijdragen/") for line in first), result.stdout


def test_the_form_as_text_on_bijdragen_reads_back_with_from_issue(copy_of_the_project, tmp_path):
    """Without a GitHub account: with the editors' address configured, /bijdragen/ shows it and the
    form's questions as text; filled in (as an e-mail would be), `from-issue` reads them back into the
    same files as the form on GitHub."""
    import html as html_lib

    from generator.contribute.formread import parse_body

    project = copy_of_the_project
    docs = tmp_path / "docs"
    generated = project.run_env({"KENNISBANK_REDACTIE_EMAIL": "redactie@voorbeeld.nl"}, "generate", "--docs-dir", str(docs))
    assert generated.returncode == 0, generated.stderr
    markdown = (docs / "bijdragen/index.md").read_text()
    assert "[redactie@voorbeeld.nl](mailto:redactie@voorbeeld.nl)" in markdown.replace("\\", "")
    questions = html_lib.unescape(re.search(r'<pre class="kb-formulier-tekst"><code>(.*?)</code></pre>', markdown, re.S).group(1))
    event = json.loads((FIXTURES / "issue-praktijk-zwolle.json").read_text())
    github_body = citing_their_own_sources(event["issue"]["body"])
    mail = tmp_path / "mail.txt"
    mail.write_text(_fill_in(questions, parse_body(github_body)), encoding="utf-8")
    form = tmp_path / "issue.md"
    form.write_text(github_body, encoding="utf-8")
    from_mail, from_github = project.run("from-issue", str(mail)), project.run("from-issue", str(form))
    assert from_github.returncode == 0, from_github.stderr
    assert from_mail.returncode == 0, from_mail.stderr
    assert from_mail.stdout == from_github.stdout and "name: Housing First in Zwolle" in from_mail.stdout


def test_an_editors_address_that_is_none_stops_the_build_in_dutch(copy_of_the_project, tmp_path):
    result = copy_of_the_project.run_env(
        {"KENNISBANK_REDACTIE_EMAIL": "redactie at voorbeeld"}, "generate", "--docs-dir", str(tmp_path / "docs")
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "KENNISBANK_REDACTIE_EMAIL: 'redactie at voorbeeld' is geen e-mailadres" in result.stderr


# --- permalinks --------------------------------------------------------------------------------


def test_rename_keeps_the_old_url_working(full):
    first = full.run("build")
    assert first.returncode == 0, first.stderr
    registry = (full.root / "site_config/permalinks.txt").read_text()
    assert "/steden/tilburg/housing-first/\n" in registry
    renamed = full.run("rename", "tilburg/housing-first", "housing-first-tilburg")
    assert renamed.returncode == 0, renamed.stderr
    assert (full.content / "cities/tilburg/housing-first-tilburg.yaml").exists()
    assert "steden/tilburg/housing-first.md: steden/tilburg/housing-first-tilburg.md" in (full.root / "mkdocs.yml").read_text()
    second = full.run("build")
    assert second.returncode == 0, second.stderr
    site = full.root / "build/site"
    old = page(site, "/steden/tilburg/housing-first/")
    assert 'http-equiv="refresh"' in old and "housing-first-tilburg/" in old
    # in Dutch, as the rest of the site (mkdocs-redirects writes "Redirecting..." with lang="en")
    assert '<html lang="nl">' in old and "<title>Doorverwijzen…</title>" in old and "Redirecting" not in old
    assert '<link rel="canonical" href="../housing-first-tilburg/">' in old
    assert '<meta http-equiv="refresh" content="0; url=../housing-first-tilburg/">' in old
    assert '<a href="../housing-first-tilburg/">' in old
    assert "Housing First in Tilburg" in page(site, "/steden/tilburg/housing-first-tilburg/")
    assert "/steden/tilburg/housing-first-tilburg/" in (full.root / "site_config/permalinks.txt").read_text()


def test_rename_updates_every_reference(full):
    assert full.run("build").returncode == 0
    text = (
        (full.content / "barriers/privacy.yaml")
        .read_text()
        .replace(
            "what_helped: Afspraken over toestemming van de huurder hielpen elders.",
            "what_helped: 'Zie [Housing First](instrument:housing-first) en [Tilburg](praktijk:tilburg/housing-first).'",
        )
    )
    full.write("barriers/privacy.yaml", text)
    result = full.run("rename", "instrument:housing-first", "woning-eerst")
    assert result.returncode == 0, result.stderr
    assert "instrument: woning-eerst" in (full.content / "cities/tilburg/housing-first.yaml").read_text()
    privacy = (full.content / "barriers/privacy.yaml").read_text()
    assert "instruments: [woning-eerst]" in privacy and "(instrument:woning-eerst)" in privacy
    assert full.run("build").returncode == 0
    assert "woning-eerst/" in page(full.root / "build/site", "/instrumenten/housing-first/")


def test_url_that_disappears_without_redirect_stops_the_build(full):
    assert full.run("build").returncode == 0
    (full.content / "cities/tilburg/housing-first.yaml").rename(full.content / "cities/tilburg/hf.yaml")
    result = full.run("build")
    assert result.returncode == 1
    assert "site_config/permalinks.txt:" in result.stderr
    assert "het webadres /steden/tilburg/housing-first/ is gepubliceerd maar bestaat niet meer" in result.stderr
    assert "kennisbank rename" in result.stderr


# --- freshness ---------------------------------------------------------------------------------


def test_last_updated_and_changes_page_come_from_git(full):
    full.git("init", "-q")
    full.git("add", "-A")
    full.git("commit", "-qm", "inhoud")
    assert full.run("build").returncode == 0
    site = full.root / "build/site"
    assert "Laatst bijgewerkt: 1 maart 2026" in page(site, "/steden/tilburg/housing-first/")
    changes = page(site, "/nieuw/")
    assert "1 maart 2026" in changes and "Housing First in Tilburg" in changes


# --- hardening against bad contributions ------------------------------------------------------


def test_file_of_20_megabytes(project):
    project.write("instruments/groot.yaml", "name: " + "x" * 20_000_000 + "\n")
    result = project.run("validate")
    assert result.returncode == 1 and "bestand is te groot (20.0 MB; maximaal 1 MB)" in result.stderr


def test_field_of_100000_characters(project):
    text = (
        (project.content / "barriers/privacy.yaml")
        .read_text()
        .replace("what_helped: Afspraken over toestemming van de huurder hielpen elders.", "what_helped: " + "woord " * 16_667)
    )
    project.write("barriers/privacy.yaml", text)
    result = project.run("validate")
    assert result.returncode == 1
    assert "content/barriers/privacy.yaml:7:" in result.stderr and "maximaal 20000 tekens" in result.stderr


def test_same_practice_twice(project):
    project.write(
        "cities/tilburg/housing-first-2.yaml",
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("name: Housing First in Tilburg", "name: Housing First in Tilburg (kopie)"),
    )
    result = project.run("validate")
    assert result.returncode == 1
    assert "dezelfde praktijk (stad, instrument en plaats) staat al in content/cities/tilburg/housing-first.yaml" in result.stderr


def test_slug_with_non_ascii_or_capitals(project):
    project.write("instruments/café.yaml", (project.content / "instruments/housing-first.yaml").read_text())
    result = project.run("validate")
    assert result.returncode == 1 and "geen geldige slug" in result.stderr


def test_number_like_text_is_escaped_in_html(project):
    text = (
        (project.content / "cities/tilburg/housing-first.yaml")
        .read_text()
        .replace("location: verspreid over de stad", "location: 'wijken met < 5 procent & > 30 procent sociale huur'")
    )
    project.write("cities/tilburg/housing-first.yaml", text)
    out = project.root / "out"
    assert project.run("build", "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site")).returncode == 0
    html = page(out / "site", "/steden/tilburg/housing-first/")
    assert "wijken met &lt; 5 procent &amp; &gt; 30 procent sociale huur" in html


KINDS_NEW = ["instrument", "barrier", "city", "organisation", "source", "term", "practice"]


def _new(project, kind: str) -> tuple[str, Path]:
    args = (
        ["new", "practice", "--city", "tilburg", "--instrument", "housing-first", "--slug", "nieuw"]
        if kind == "practice"
        else ["new", kind, "nieuw"]
    )
    result = project.run(*args)
    assert result.returncode == 0, result.stderr
    folder = "cities/tilburg" if kind == "practice" else KINDS[kind].folder
    return f"content/{folder}/nieuw.yaml", project.content / folder / "nieuw.yaml"


@pytest.mark.parametrize("kind", KINDS_NEW)
def test_an_untouched_new_file_only_asks_to_fill_in_its_required_fields(project, kind):
    """'kennisbank new source' wrote 'cite_by_section:' (empty: null), refused as 'leeg' although the
    field is optional: every error of an untouched template names a required field and says fill it in."""
    shown, _path = _new(project, kind)
    check = project.run("validate")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    errors = [e for e in check.stderr.splitlines() if e.startswith(shown + ":")]
    assert errors, check.stderr
    model = KINDS[kind].model
    for line in errors:
        assert "Vul een waarde in" in line or "Vul in:" in line, line
        field = line.split("  ", 1)[1].split(":", 1)[0].split(".")[0].split("[")[0]
        assert model.model_fields[field].is_required(), line


def test_a_new_source_with_its_obvious_placeholders_filled_in_is_valid(project):
    _shown, path = _new(project, "source")
    text = path.read_text(encoding="utf-8")
    for empty, filled in (
        ("title:", "title: Evaluatie van Housing First"),
        ("author:", "author: Gemeente Tilburg"),
        ("year:", "year: 2024"),
        ("kind:", "kind: rapport"),
    ):
        assert f"\n{empty}\n" in text, empty
        text = text.replace(f"\n{empty}\n", f"\n{filled}\n")
    path.write_text(text, encoding="utf-8")
    check = project.run("validate")
    assert check.returncode == 0, check.stderr


# --- CONTRIBUTING.md: generated field tables, a worked example that passes ----------------------


def test_contributing_field_tables_come_from_the_model_descriptions(monkeypatch):
    """A changed field description leaves CONTRIBUTING.md stale: 'schema --check' names it, and
    'kennisbank schema' would write the new description into the table."""
    from generator.contribute import fielddocs

    text = (ROOT / "CONTRIBUTING.md").read_text()
    assert fielddocs.render(text) == text and "CONTRIBUTING.md" not in schema_mod.drift()
    info = KINDS["practice"].model.model_fields["location"]
    monkeypatch.setattr(info, "description", "Waar precies: wijk, buurt, straat of complex.")
    assert "CONTRIBUTING.md" in schema_mod.drift()
    assert "| `location` | ja | Waar precies: wijk, buurt, straat of complex. |" in fielddocs.render(text)


def test_contributing_vocabulary_appendix_lists_every_value():
    from generator.content.vocab import vocabularies

    text = (ROOT / "CONTRIBUTING.md").read_text()
    appendix = text[text.index("<!-- begin: woordenlijsten -->") :]
    for name, v in vocabularies().items():
        assert f"### `{name}`" in appendix
        for t in v.terms:
            assert f"| `{t.key}` | {t.label} |" in appendix, (name, t.key)


def test_contributing_worked_example_passes_the_validator(tmp_path):
    """The five files of chapter 8 (a seventh city, with the study its result comes from), as printed,
    pass `kennisbank validate`."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    chapter = text[text.index("## 8. Volledig voorbeeld") : text.index("## 9. Bijlage")]
    targets = {
        "source": "sources/zwolle-2025-evaluatie.yaml",
        "organisation": "organisations/gemeente-zwolle.yaml",
        "city": "cities/zwolle.yaml",
        "practice": "cities/zwolle/housing-first.yaml",
        "study": "studies/zwolle-housing-first-evaluatie.yaml",
    }
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    blocks = re.findall(r"```yaml\n(.*?)```", chapter, flags=re.DOTALL)
    written = set()
    for block in blocks:
        kind = re.match(r"# yaml-language-server: \$schema=.*/(\w+)\.schema\.json", block).group(1)
        (content / targets[kind]).parent.mkdir(parents=True, exist_ok=True)
        (content / targets[kind]).write_text(block, encoding="utf-8")
        written.add(kind)
    assert written == set(targets)
    result = kennisbank("validate", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_every_vocabulary_label_is_read_whole():
    """'{label: Marktpartij (belegger, ontwikkelaar)}' is YAML for a label 'Marktpartij (belegger' and
    a key 'ontwikkelaar)': the site, the scripts and CONTRIBUTING.md then showed half a label."""
    raw = yaml.safe_load((ROOT / "site_config/vocabularies.yaml").read_text())
    for name, spec in raw.items():
        for key, value in spec["values"].items():
            assert set(value) <= {"label", "help"}, f"{name}.{key}: {value} (quote the label)"


def test_contributing_links_within_the_file_reach_a_heading():
    """The generated tables link to the appendix ('#status'); hand-written text to chapters."""
    text = re.sub(r"```.*?```", "", (ROOT / "CONTRIBUTING.md").read_text(), flags=re.DOTALL)
    anchors = {
        re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)
    }
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= anchors, links - anchors
