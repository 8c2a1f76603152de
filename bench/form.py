#!/usr/bin/env python3
"""Benchmark: reading a filled-in form "Praktijk toevoegen" with very long answers (issue 21).

    .venv/bin/python bench/form.py

A pick list of n organisations (half known, half unknown), n sources that the knowledge base does not
know, and the reply those give: seconds per size and the length of the reply (GitHub's limit is 65,536
characters). The parsing was cubic (1,000 organisations 12.5 s, 2,000 114 s); the goal is linear,
2,000 well under a second. Goals, not tests (tests/test_contributing.py holds the bound once).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.contribute import catalog as catalog_mod, formcheck, formreply  # noqa: E402
from generator.contribute.form import FORM  # noqa: E402

BASE = {
    "stad": "Tilburg (tilburg)",
    "instrument": "Housing First (housing-first)",
    "naam": "Housing First in Tilburg",
    "samenvatting": "Tilburg biedt dakloze jongeren direct een eigen woning aan.",
    "plaats": "Tilburg-Noord",
    "rollen": "gemeente-tilburg: opdrachtgever",
    "status": "Lopend",
    "beschrijving": "De gemeente werkt met partners aan een aanpak voor jongeren.",
    "lessen": "Betrek jongeren zelf",
    "bronnen": "platform31-2018, §6.1",
}


def body(**answers: str) -> str:
    values = {**BASE, **answers}
    return "\n\n".join(f"### {f.label}\n\n{values.get(f.id) or '_No response_'}" for f in FORM)


def main() -> None:
    content = ROOT / "content"
    catalog = catalog_mod.content_catalog(content)
    print(f"{'what':<34} {'n':>6} {'seconds':>8} {'reply chars':>12}")
    for n in (1000, 2000, 4000):
        cases = {
            "organisations (half unknown)": body(
                organisaties=", ".join(["gemeente-tilburg"] * (n // 2))
                + ", "
                + ", ".join(f"Organisatie {i}" for i in range(n // 2))
            ),
            "unknown sources": body(bronnen="\n".join(f"Bron {i}, p. {i}" for i in range(n))),
        }
        for what, text in cases.items():
            start = time.perf_counter()
            result = formcheck.practice_from_issue(text, content, catalog)
            seconds = time.perf_counter() - start
            reply = formreply.comment_errors(result.problems) if result.problems else ""
            print(f"{what:<34} {n:>6} {seconds:>8.3f} {len(reply):>12,}")


if __name__ == "__main__":
    main()
