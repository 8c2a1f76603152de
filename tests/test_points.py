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
    fields = dict(
        name="Een instrument",
        summary="Een instrument om iets te bereiken.",
        domain="woningvoorraad",
        perspectives=["bestrijden"],
        target_groups=["lage-inkomens"],
        what="w" * 20,
        aim="a" * 20,
        approach="b" * 20,
        actors=[{"type": "gemeente", "role": "regie"}],
        legal={"status": "regulier", "basis": "c" * 20},
        evidence={"explanation": "d" * 20},
        risks=[{"text": "Volgens het rapport lastig (§6.1).", "basis": "rapport"}],
        sources=[{"source": "platform31-2018", "section": "§6.1"}],
    )
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


def _term_block(html_text: str, key: str) -> str:
    """The part of the glossary page from a term's heading up to the next heading."""
    start = html_text.index(f'<h2 id="{key}"')
    end = html_text.find("<h2", start + 1)
    return html_text[start : end if end != -1 else None]


def test_the_glossary_marks_its_own_definitions_and_not_the_reports(built_site, graph):  # noqa: F811
    """A definition in the knowledge base's own words says so, and its sources are shown as where the
    term occurs; a definition the report gives names its source as 'Bron' and carries no label."""
    html_text = page(built_site / "site", url_path("term", "x").split("#")[0])
    seen = {"redactie": 0, "rapport": 0}
    for rec in graph.of("term"):
        block = _term_block(html_text, rec.key)
        text = html.unescape(re.sub(r"<[^>]+>", "", block))
        own = rec.model.basis == "redactie"
        assert (LABEL in block) == own, (rec.key, block[:300])
        if own:
            assert ">Eigen uitleg van de kennisbank</span></p>" in block  # the label ends the definition's paragraph
            assert "Het begrip in de bronnen:" in text and "Bron:" not in text, (rec.key, text[-300:])
        else:
            assert "Bron:" in text and "Het begrip in de bronnen" not in text, (rec.key, text[-300:])
        seen[rec.model.basis] += 1
    # gentrificatie: a general definition the report does not give; buurteffect: the report's own (§4.2)
    assert graph.record(("term", "gentrificatie")).model.basis == "redactie"
    assert graph.record(("term", "buurteffect")).model.basis == "rapport"
    assert all(seen.values()), seen
