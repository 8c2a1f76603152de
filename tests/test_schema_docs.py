"""The models are the single source of truth: every field is documented in Dutch,
every vocabulary value has a label, and every CLI command is in the README."""

from __future__ import annotations

import re
from pathlib import Path

from generator.app.cli import app
from generator.content.modelfields import unwrap
from generator.kinds import KINDS
from generator.content.vocab import vocabularies

ROOT = Path(__file__).resolve().parent.parent


def _models():
    seen, todo = set(), [ct.model for ct in KINDS.values()]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            inner = unwrap(info.annotation)
            if inner is not None:
                todo.append(inner)
    return sorted(seen, key=lambda m: m.__name__)


def test_every_field_has_a_dutch_description():
    missing = [
        f"{m.__name__}.{name}"
        for m in _models()
        for name, info in m.model_fields.items()
        if not info.description or len(info.description) < 5
    ]
    assert not missing, missing


def test_every_model_forbids_unknown_fields():
    assert all(m.model_config.get("extra") == "forbid" for m in _models())


def test_every_vocabulary_value_has_a_label():
    for vocab in vocabularies().values():
        assert vocab.description
        for term in vocab.terms:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term.key), term.key
            assert term.label


def test_every_cli_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert commands
    for name in commands:
        assert f"kennisbank {name}" in readme, name


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py serve" in readme and "python3 dev.py test" in readme
    assert "python3 dev.py test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_mkdocs_config_has_no_hooks():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^hooks:", config, re.MULTILINE)
