"""Lists the runs of ten words or more that a content file shares with the report (the check of
tests/test_content.py::test_no_ten_word_run_copied_from_the_report), for rewriting them.

    .venv/bin/python tests/copied_runs.py [content/some/file.yaml ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_content import REPORT, _words  # noqa: E402


def runs(files: list[Path]) -> dict[Path, list[str]]:
    words = _words(REPORT.read_text(encoding="utf-8"))
    grams = {tuple(words[i : i + 10]) for i in range(len(words) - 9)}
    out: dict[Path, list[str]] = {}
    for f in files:
        w = _words(f.read_text(encoding="utf-8"))
        i, found = 0, []
        while i < len(w) - 9:
            if tuple(w[i : i + 10]) in grams:
                j = i + 10
                while j < len(w) and tuple(w[j - 9 : j + 1]) in grams:
                    j += 1
                found.append(" ".join(w[i:j]))
                i = j
            else:
                i += 1
        if found:
            out[f] = found
    return out


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    files = [Path(a) for a in sys.argv[1:]] or sorted((root / "content").rglob("*.yaml"))
    found = runs(files)
    for f, items in found.items():
        for run in items:
            print(f"{f}: {run}")
    print(f"{sum(len(v) for v in found.values())} copied runs in {len(found)} files")
