"""The GitHub workflows are hardened (issue 22, item 4): zizmor finds nothing at its default level,
every action is pinned by commit with its version beside it, each job gets only the permissions it
needs, no checkout leaves its token in .git/config, and Dependabot proposes new versions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
PINNED = re.compile(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*\s*$")


def _zizmor() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert found, "zizmor is part of the test tools (pyproject.toml, extra 'test'): python3 dev.py setup"
    return found


def test_zizmor_finds_nothing_in_the_workflows_and_the_dependabot_config():
    result = subprocess.run(
        [_zizmor(), "--offline", "--format", "json", str(GITHUB)], capture_output=True, text=True, timeout=120
    )
    findings = json.loads(result.stdout or "null")
    assert findings == [], json.dumps(findings, indent=1)[:4000]


def test_zizmor_would_notice_an_action_pinned_by_tag(tmp_path):
    """The check above can fail: the same run on a workflow with the old tag pin reports it."""
    (tmp_path / ".github/workflows").mkdir(parents=True)
    text = (GITHUB / "workflows/pull-request.yml").read_text(encoding="utf-8")
    text = re.sub(r"actions/checkout@[0-9a-f]{40} # v[\d.]+", "actions/checkout@v4", text)
    (tmp_path / ".github/workflows/pull-request.yml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [_zizmor(), "--offline", "--format", "json", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert "unpinned-uses" in {f["ident"] for f in json.loads(result.stdout)}


def test_every_action_is_pinned_by_commit_with_its_version_as_comment():
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(-\s*)?uses:", line):
                assert PINNED.match(line), f"{path.name}: {line.strip()}"


def test_permissions_per_job_and_no_token_left_in_a_checkout():
    for path in WORKFLOWS:
        wf = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert wf["permissions"] == {}, f"{path.name}: the workflow grants nothing; each job asks for its own"
        for name, job in wf["jobs"].items():
            granted = job.get("permissions")
            assert isinstance(granted, dict), f"{path.name}/{name}: no permissions of its own"
            runs_code = any("run" in step for step in job["steps"])
            if runs_code:  # a job that runs this repository's code may not publish the site
                assert "id-token" not in granted and granted.get("pages") != "write", f"{path.name}/{name}"
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}/{name}"


def test_publishing_is_split_into_a_read_only_build_and_a_deploy_job():
    jobs = yaml.safe_load((GITHUB / "workflows/deploy.yml").read_text(encoding="utf-8"))["jobs"]
    assert jobs["bouwen"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["publiceren"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["publiceren"]["needs"] == "bouwen"
    assert all("run" not in step for step in jobs["publiceren"]["steps"])


def test_dependabot_watches_the_actions_and_the_python_packages():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}
    assert all(u["directory"] == "/" for u in config["updates"])


def test_source_check_runs_weekly_and_keeps_one_issue():
    wf = yaml.safe_load((GITHUB / "workflows/bronnen-controleren.yml").read_text(encoding="utf-8"))
    on = wf.get(True, wf.get("on"))
    assert on["schedule"] and "workflow_dispatch" in on
    steps = wf["jobs"]["controleren"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "kennisbank check-links --report" in runs
    assert "gh issue edit" in runs and "gh issue create" in runs and "gh issue close" in runs
    assert "${{" not in runs  # nothing from GitHub's context is pasted into a shell line
