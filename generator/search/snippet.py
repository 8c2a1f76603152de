"""Highlighted snippets: the sentences of a result's text that hold the query's words.

Shared by every engine (the whoosh engine, the Python reader of the static index) and
mirrored by `zoekmachine.js`, so a result shows the same fragment everywhere.
"""

from __future__ import annotations

import functools
import html
import re

SNIPPET_SOURCE_CHARS = 1000  # highlight within the start of the body: fast and usually where the point is
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@functools.lru_cache(maxsize=1024)
def _snippet_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(st) for st in stems) + r")[\w-]*", re.IGNORECASE)


def snippet(text: str, stems: list[str], sentences: int = 2, width: int = 220) -> str:
    """The sentences of `text` that contain the query's words, escaped, with <mark> around them.

    Cheap on purpose: a word matches when its folded form starts with one of the query's
    stems (the Dutch stemmer only cuts endings), so no re-analysis of the text is needed.
    """
    if not stems or not text:
        return ""
    head = text[:SNIPPET_SOURCE_CHARS]
    pattern = _snippet_pattern(tuple(sorted(set(stems), key=lambda st: (-len(st), st))))
    if not pattern.search(head):
        return ""
    found: list[tuple[int, int, str, list[re.Match[str]]]] = []
    for sentence in SENTENCE.split(head):
        words = list(pattern.finditer(sentence))
        if words:
            found.append((len({m.group(0).lower() for m in words}), len(found), sentence, words))
            if len(found) >= 8:
                break
    if not found:
        return ""
    best = sorted(found, key=lambda t: (-t[0], t[1]))[:sentences]
    parts = []
    for _n, _i, sentence, words in sorted(best, key=lambda t: t[1]):
        start = max(0, words[0].start() - width // 3)
        end = min(len(sentence), start + width)
        out, pos = [], start
        for m in words:
            if m.start() < start or m.end() > end:
                continue
            out.append(html.escape(sentence[pos : m.start()]))
            out.append(f'<mark class="match">{html.escape(m.group(0))}</mark>')
            pos = m.end()
        out.append(html.escape(sentence[pos:end]))
        parts.append(("… " if start > 0 else "") + "".join(out).strip() + (" …" if end < len(sentence) else ""))
    return " … ".join(parts)
