"""Adding a kind is one module, its page template and a line in mkdocs.yml (issue 23, item 2).

A fixture project gets a new kind, "regeling" (a source of funding), from the module
tests/fixtures/addkind/funding.py, the template funding.md.j2 beside it and a `not_in_nav` line,
and nothing else of the generator changes. The real commands then validate it (a wrong
reference gets the Dutch message with a did-you-mean), build its page, search it (the API's
whoosh index and the site's static index) and export it (JSON, CSV, and the JSON Schema)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL, ROOT, Project, fixture_mkdocs_yml

FIXTURE = Path(__file__).parent / "fixtures" / "addkind"

# Python with the new kind's module imported first (it registers itself), as a newcomer's module in
# generator/kinds/ is imported by the package; then the command line, or a look inside.
WITH_KIND = "import sys; sys.path.insert(0, sys.argv.pop(1)); import funding\n"
RUN = "from generator.app.start import main; main()"
STATIC = """
import json, sys
from pathlib import Path
from generator.search.static import StaticEngine
engine = StaticEngine(Path(sys.argv[1]))
print(json.dumps([(h.type, h.url) for h in engine.search(sys.argv[2]).hits]))
"""
RELATIONS = """
import json, sys
from pathlib import Path
from generator import pipeline
from generator.session import Project
g, problems = pipeline.validate(Project(Path(sys.argv[1])))
node = ("instrument", "housing-first")
print(json.dumps({"funding": [r.key for r in g.related(node, "funding")], "neighbours": sorted(map(list, g.neighbours(node)))}))
"""


def python(root: Path, code: str, *args: str, with_kind: bool = True) -> subprocess.CompletedProcess:
    """Run `code` in a fresh Python for the project at `root`, the new kind registered first (or not)."""
    prelude, kind = (WITH_KIND, [str(FIXTURE)]) if with_kind else ("", [])
    return subprocess.run(
        [sys.executable, "-c", prelude + code, *kind, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, KENNISBANK_ROOT=str(root), PYTHONUTF8="1"),
    )


def run(root: Path, *args: str, with_kind: bool = True) -> subprocess.CompletedProcess:
    """A `kennisbank` command."""
    return python(root, RUN, *args, with_kind=with_kind)


FUNDING = """
name: Stimuleringsregeling Gemengde Wijken
summary: Een fictieve regeling die de begeleiding van nieuwe bewoners betaalt.
body: >
  Deze regeling bestaat alleen in de test. Ze betaalt de begeleiding van bewoners die met
  [Housing First](instrument:housing-first) een woning krijgen.
provider: Fictief Fonds
instruments: [{instrument}]
sources:
  - source: rapport
    section: "§1"
"""


def make_project(root: Path) -> Project:
    shutil.copytree(ROOT / "site_config", root / "site_config", ignore=shutil.ignore_patterns("permalinks.txt"))
    shutil.copy(FIXTURE / "funding.md.j2", root / "site_config" / "templates" / "funding.md.j2")  # its template
    yml = fixture_mkdocs_yml(root, root / "site_config")
    text = yml.read_text(encoding="utf-8")
    assert "not_in_nav: |\n" in text
    yml.write_text(text.replace("not_in_nav: |\n", "not_in_nav: |\n  /regelingen/*.md\n"), encoding="utf-8")  # its line
    p = Project(root)
    for rel, body in MINIMAL.items():
        p.write(rel, body)
    return p


def test_a_kind_added_in_one_module_is_validated_built_searched_and_exported(tmp_path):
    p = make_project(tmp_path)
    # validated: a wrong reference is found in the new kind's file, with a did-you-mean
    p.write("funding/fout.yaml", FUNDING.format(instrument="housing-frst"))
    result = run(tmp_path, "validate")
    assert result.returncode != 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "content/funding/fout.yaml" in out and "onbekend instrument 'housing-frst'" in out and "housing-first" in out, out
    assert "Traceback" not in out
    p.remove("funding/fout.yaml")
    p.write("funding/stimulering.yaml", FUNDING.format(instrument="housing-first"))
    result = run(tmp_path, "validate")
    assert result.returncode == 0, result.stdout + result.stderr

    # built: its page at the URL its module declares, with the relation the graph answered
    result = run(tmp_path, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "build" / "site"
    html = (site / "regelingen" / "stimulering" / "index.html").read_text(encoding="utf-8")
    assert "Stimuleringsregeling Gemengde Wijken" in html and "Fictief Fonds" in html
    assert 'href="../../instrumenten/housing-first/"' in html  # its instruments, and the link in its text
    assert "/regelingen/stimulering/" in (tmp_path / "site_config" / "permalinks.txt").read_text(encoding="utf-8")

    # related: the instrument it points at answers the inverse edge its module declared
    relations = python(tmp_path, RELATIONS, str(tmp_path))
    assert relations.returncode == 0, relations.stderr
    answer = json.loads(relations.stdout)
    assert answer["funding"] == ["stimulering"] and ["funding", "stimulering"] in answer["neighbours"], answer

    # searched: the API's index (kennisbank search) and the site's static index find it first
    result = run(tmp_path, "search", "stimuleringsregeling", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    hits = json.loads(result.stdout)["results"]
    assert hits and hits[0]["type"] == "funding" and hits[0]["url"].endswith("/regelingen/stimulering/"), hits
    static = python(tmp_path, STATIC, str(site / "zoekindex"), "stimuleringsregeling")
    assert static.returncode == 0, static.stderr
    static_hits = json.loads(static.stdout)
    assert static_hits and static_hits[0][0] == "funding" and static_hits[0][1].endswith("/regelingen/stimulering/"), static_hits

    # exported: the full JSON (with its schema) and a CSV of its own, its extra column included
    full = json.loads((site / "data" / "kennisbank-volledig.json").read_text(encoding="utf-8"))
    (entry,) = full["kinds"]["funding"]
    assert entry["name"] == "Stimuleringsregeling Gemengde Wijken" and entry["provider_upper"] == "FICTIEF FONDS"
    assert entry["url"].endswith("/regelingen/stimulering/")
    schema = json.loads((site / "data" / "kennisbank-volledig.schema.json").read_text(encoding="utf-8"))
    assert "funding" in json.dumps(schema)
    rows = list(csv.DictReader(io.StringIO((site / "data" / "csv" / "funding.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == ["stimulering"] and rows[0]["provider"] == "Fictief Fonds"


def test_without_its_module_the_kind_is_unknown(tmp_path):
    """The same project without the module: the folder content/funding/ is no kind's folder (so the
    test above shows the module, not something else, adds the kind)."""
    p = make_project(tmp_path)
    p.write("funding/stimulering.yaml", FUNDING.format(instrument="housing-first"))
    result = run(tmp_path, "validate", with_kind=False)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "content/funding/stimulering.yaml" in out and "onbekende map" in out, out
