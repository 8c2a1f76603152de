"""A smoke run of the benchmark at a small size, so the benchmark code cannot rot.
(The speed goals live in the benchmark's own output, not in a timed test.)"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_benchmark_smoke_run_prints_its_table():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "80"], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for row in (
        "| entries |",
        "| full build, wall (s) |",
        "| plain MkDocs, same pages (s) |",
        "| query p95 (ms) |",
        "| API bytes per query (mean) |",
        "| peak memory of the build (MB) |",
        "| static search index on disk (KB) |",
        "| search box: first query incl. library (KB) |",
        "| keystroke → results, median (ms) |",
        "| memory of the search process (MB) |",
        "| query p50 (ms) |",
    ):
        assert row in out, row
    entries = next(line for line in out.splitlines() if line.startswith("| entries |"))
    assert int(entries.split("|")[2]) >= 80
    assert "API payload" in out and "peak memory" in out
