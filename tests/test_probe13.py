"""Hardening after the security probe of issue 13: concurrent builds, redirects, slugs in rename and
new, API parameters, a served index that follows a new build, a killed build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_contributing import FullProject, full  # noqa: F401  (the fixture)


def start(full: FullProject, *args: str) -> subprocess.Popen:
    env = dict(os.environ, KENNISBANK_ROOT=str(full.root), PYTHONUTF8="1")
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=full.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --- item 2 of issue 13: two builds at once ----------------------------------------------------

def test_two_builds_at_once_both_succeed_and_the_site_is_whole(full):
    first, second = start(full, "build"), start(full, "build")
    outs = [p.communicate(timeout=300) for p in (first, second)]
    for proc, (out, err) in zip((first, second), outs):
        assert "Traceback" not in err, err
        if proc.returncode != 0:  # allowed: the second one says in Dutch that a build is running
            assert "bouwt al" in err, err
    assert first.returncode == 0 or second.returncode == 0
    site = full.root / "build/site"
    assert (site / "index.html").exists() and (site / "assets").is_dir()
    assert (site / "zoekindex/index.json").exists()
    assert (site / "steden/tilburg/housing-first/index.html").exists()
    # nothing half-written stays behind
    assert not [p.name for p in (full.root / "build").iterdir() if p.name.endswith((".new", ".old"))]

