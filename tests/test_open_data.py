"""Open data (issue 22, item 6): the downloads under /data/ hold every entry of every kind, the JSON
validates against its own schema, every CSV parses back to the same values, the fingerprints are
right and the same content gives the same bytes; `kennisbank search --json` answers as the API."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import urllib.request

import jsonschema
import pytest

from conftest import ROOT, kennisbank
from generator import pipeline
from generator.kinds import KINDS
from generator.site import opendata
from generator.site.render import Renderer


@pytest.fixture(scope="module")
def graph():
    g, problems = pipeline.validate(pipeline.Project(root=ROOT))
    assert not problems.errors
    return g


@pytest.fixture(scope="module")
def files(graph) -> dict[str, bytes]:
    return opendata.downloads(Renderer(graph))


@pytest.fixture(scope="module")
def full(files) -> dict:
    return json.loads(files[opendata.FULL])


def _content_files(kind: str) -> set[str]:
    """The entries as the content folder holds them, counted from the files, not from the graph."""
    folder = KINDS[kind].folder
    if kind == "practice":
        return {f"{p.parent.name}/{p.stem}" for p in (ROOT / "content/cities").glob("*/*.yaml")}
    return {p.stem for p in (ROOT / "content" / folder).glob("*.yaml")}


def test_every_entry_of_every_kind_is_in_the_json_and_its_csv(files, full):
    assert set(full["kinds"]) == set(KINDS)
    for kind in KINDS:
        ids = [e["id"] for e in full["kinds"][kind]]
        assert set(ids) == _content_files(kind) and len(ids) == len(set(ids)), kind
        assert full["counts"][kind] == len(ids)
        rows = list(csv.DictReader(io.StringIO(files[f"csv/{kind}.csv"].decode("utf-8"), newline="")))
        assert [r["id"] for r in rows] == ids, kind
    for kind in ("source", "term", "recommendation", "background"):  # missing from the finder's extract
        assert full["kinds"][kind], kind


def test_every_field_of_the_models_is_exported(full):
    for kind, ct in KINDS.items():
        for entry in full["kinds"][kind]:
            assert set(ct.model.model_fields) <= set(entry), (kind, entry["id"])
    tilburg = next(e for e in full["kinds"]["practice"] if e["id"] == "tilburg/skaeve-huse")
    assert tilburg["city"] == "tilburg" and tilburg["url"] == "/steden/tilburg/skaeve-huse/"
    assert tilburg["sources"] and tilburg["description"]


def test_json_validates_against_its_own_schema_and_the_schema_can_refuse(files, full):
    schema = json.loads(files[opendata.SCHEMA])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(full))
    assert not errors, [f"{e.json_path}: {e.message[:200]}" for e in errors[:5]]
    broken = copy.deepcopy(full)
    broken["kinds"]["instrument"][0]["domain"] = "geen-domein"
    del broken["kinds"]["source"][0]["title"]
    broken["kinds"]["term"][0]["onbekend_veld"] = 1
    assert len(list(validator.iter_errors(broken))) >= 3


def test_every_csv_parses_back_to_the_json_values(files, full):
    for kind in KINDS:
        text = files[f"csv/{kind}.csv"].decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        for entry, row in zip(full["kinds"][kind], rows):
            assert set(row) == set(entry), kind
            for column, value in entry.items():
                cell = row[column]
                if value is None:
                    assert cell == ""
                elif isinstance(value, str):
                    assert cell == value, (kind, entry["id"], column)
                else:
                    assert json.loads(cell) == value, (kind, entry["id"], column)


def test_fingerprints_version_licence_and_the_same_bytes_twice(graph, files, full):
    sums = dict(reversed(line.split("  ", 1)) for line in files[opendata.SUMS].decode().splitlines())
    assert set(sums) == set(files) - {opendata.SUMS}
    for name, digest in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    assert opendata.downloads(Renderer(graph)) == files  # deterministic: no clock, sorted
    assert full["schema_version"] == opendata.SCHEMA_VERSION and len(full["content_fingerprint"]) == 64
    readme = files[opendata.README].decode("utf-8")
    assert all(name in readme for name in files if name not in (opendata.SUMS, opendata.README))


def test_the_licence_comes_from_mkdocs_yml_into_every_download(graph, full, files):
    import dataclasses

    from generator.site.settings import Licence, read_settings

    settings = read_settings(ROOT / "mkdocs.yml")
    assert full["licence"] == dataclasses.asdict(settings.licence) and full["licence"]["url"].startswith("https://")
    assert settings.licence.url in files[opendata.README].decode("utf-8")
    other = dataclasses.replace(
        settings,
        licence=Licence(
            name="Publiek domein", short="CC0 1.0", spdx="CC0-1.0", url="https://creativecommons.org/publicdomain/zero/1.0/"
        ),
    )
    changed = opendata.downloads(Renderer(graph, settings=other))
    assert json.loads(changed[opendata.FULL])["licence"]["spdx"] == "CC0-1.0"
    assert "CC0 1.0" in changed[opendata.README].decode("utf-8")


def test_download_page_lists_every_file_with_its_fingerprint(built_site):
    site = built_site / "site" / "data"
    html = (site / "index.html").read_text(encoding="utf-8")
    sums = (site / opendata.SUMS).read_text(encoding="utf-8").splitlines()
    # JSON, schema, a CSV per kind, the finder's extract, LEESMIJ, the studies of the evidence map (CSV, JSON)
    assert len(sums) == len(KINDS) + 6
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((site / name).read_bytes()).hexdigest() == digest, name
        assert f'href="{name}"' in html and digest in html, name
    from generator.site.settings import read_settings

    licence = read_settings(ROOT / "mkdocs.yml").licence
    assert "Licentie" in html and f'href="{licence.url}"' in html and licence.short in html
    nav = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="data/"' in nav  # reachable from every page's navigation


def test_search_json_is_the_api_s_answer(site_server):
    query = "q=Housing%20First&type=practice&city=tilburg&limit=5"
    with urllib.request.urlopen(site_server + "/api/search?" + query, timeout=10) as answer:
        from_api = json.loads(answer.read())
    result = kennisbank("search", "Housing First", "--type", "practice", "--city", "tilburg", "--limit", "5", "--json")
    assert result.returncode == 0, result.stderr
    from_cli = json.loads(result.stdout)
    assert list(from_cli) == list(from_api)
    assert isinstance(from_cli["facets"]["type"], list) and from_cli["schema_version"] == from_api["schema_version"]
    assert from_cli == from_api
