"""Points of a list (success factors, risks, lessons) say what they rest on: the knowledge base's
own advice is marked on the page, a point from the report or another source is not (issue 19)."""

from __future__ import annotations

import html
import re

from generator.content.models import Instrument
from generator.content.urls import url_path

from sitehtml import page
from test_content import graph  # noqa: F401  (the real content, validated)

LABEL = '<span class="kb-basis"'


def _item(html_text: str, text: str) -> str:
    """The <li> of the article whose text starts with `text`."""
    for li in re.findall(r"<li>(.*?)</li>", html_text, re.S):
        if html.unescape(re.sub(r"<[^>]+>", "", li)).strip().startswith(text[:60]):
            return li
    raise AssertionError(f"no list item {text[:60]!r}")


def test_a_plain_string_is_the_knowledge_bases_own_point():
    fields = dict(name="Een instrument", summary="Een instrument om iets te bereiken.", domain="woningvoorraad",
                  perspectives=["bestrijden"], target_groups=["lage-inkomens"], what="w" * 20, aim="a" * 20,
                  approach="b" * 20, actors=[{"type": "gemeente", "role": "regie"}],
                  legal={"status": "regulier", "basis": "c" * 20}, evidence={"level": "onbekend", "explanation": "d" * 20},
                  risks=[{"text": "Volgens het rapport lastig (§6.1).", "basis": "rapport"}],
                  sources=[{"source": "platform31-2018", "section": "§6.1"}])
    m = Instrument(**fields, success_factors=["Een eigen advies"])
    assert (m.success_factors[0].text, m.success_factors[0].basis) == ("Een eigen advies", "redactie")
    assert m.risks[0].basis == "rapport"


def test_pages_mark_the_knowledge_bases_advice_and_not_the_reports(built_site, graph):  # noqa: F811
    site = built_site / "site"
    seen = {"redactie": 0, "rapport": 0, "bron": 0}
    for kind, fields in (("instrument", ("success_factors", "risks")), ("practice", ("lessons",))):
        for rec in graph.of(kind):
            html_text = page(site, url_path(kind, rec.key))
            for field in fields:
                for point in getattr(rec.model, field):
                    li = _item(html_text, point.text)
                    assert (LABEL in li) == (point.basis == "redactie"), (rec.key, point.text, li)
                    if point.basis == "redactie":
                        assert ">Advies van de kennisbank</span>" in li
                    if point.basis == "bron":
                        assert "/bronnen/#" in li or "bronnen" in li, li  # the source is named and linked
                    seen[point.basis] += 1
    # the real content has all three kinds of point
    assert all(seen.values()), seen
