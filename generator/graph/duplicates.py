"""Duplicate guard: warn when an entry's name and summary are very close to another's.

Runs after validation; a warning does not stop the build. Candidate pairs come from
shared words (an inverted index), so the check stays near-linear as content grows.
Practices are only compared within their own city: "Housing First in Breda" and
"Housing First in Tilburg" are different cases by design.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from itertools import combinations

from generator.content.errors import Problems
from generator.content.records import Content, Record
from generator.kinds import KINDS, Kind
from generator.content.urls import display_name

STOP = {
    "de",
    "het",
    "een",
    "en",
    "in",
    "van",
    "voor",
    "op",
    "met",
    "bij",
    "aan",
    "te",
    "of",
    "die",
    "dat",
    "is",
    "als",
    "om",
    "door",
    "naar",
    "zijn",
    "er",
    "ze",
    "wordt",
    "worden",
}
NAME_RATIO = 0.9
SUMMARY_RATIO = 0.75
MAX_BUCKET = 200  # words shared by more entries than this say nothing about duplicates


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _words(text: str) -> set[str]:
    return {w for w in _norm(text).split() if w not in STOP and len(w) > 2}


def _summary(rec: Record) -> str:
    return getattr(rec.model, "summary", None) or getattr(rec.model, "definition", "") or ""


def _ratio(a: str, b: str, threshold: float) -> float:
    """difflib's ratio, skipping the expensive part when its upper bounds are already too low."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def check(content: Content, problems: Problems) -> None:
    for kind, ct in KINDS.items():
        groups: dict[str, list[Record]] = defaultdict(list)
        for rec in content.of(kind):
            groups[rec.city or ""].append(rec)
        for records in groups.values():
            _check_group(records, ct, problems)


def _check_group(records: list[Record], ct: Kind, problems: Problems) -> None:
    buckets: dict[str, list[int]] = defaultdict(list)
    words = [_words(display_name(r) + " " + _summary(r)) for r in records]
    for i, ws in enumerate(words):
        for w in ws:
            buckets[w].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in buckets.values():
        if len(members) <= MAX_BUCKET:
            for a, b in combinations(members, 2):
                shared[(a, b)] += 1
    for (a, b), n in sorted(shared.items()):
        if n < 2:
            continue
        # cheap upper bound first: pages that share few words cannot be near-duplicates
        if n / max(1, len(words[a] | words[b])) < 0.3:
            continue
        ra, rb = records[a], records[b]
        name = _ratio(_norm(display_name(ra)), _norm(display_name(rb)), NAME_RATIO)
        sa, sb = _norm(_summary(ra)), _norm(_summary(rb))
        summary = _ratio(sa, sb, SUMMARY_RATIO) if sa and sb else 0.0
        if name >= NAME_RATIO or summary >= SUMMARY_RATIO:
            problems.add(
                rb.problem(
                    ("name",),
                    (
                        f"lijkt sterk op {ct.inflect('bestaand')} '{display_name(ra)}' ({ra.file}). "
                        "Is dit dezelfde? Voeg ze dan samen; "
                        f"anders: maak het verschil duidelijk in naam en samenvatting."
                    ),
                    severity="waarschuwing",
                )
            )
