"""site_config/search.yaml (the site's fixed pages and the English concepts search knows), in-process:
a bad file is reported in Dutch with its line and a fix, every problem at once."""

from __future__ import annotations

import textwrap

from generator.content.errors import Problems
from generator.search import config, query


def check(tmp_path, text: str) -> list[str]:
    path = tmp_path / "search.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    problems = Problems()
    config.check(problems, path)
    return [str(p) for p in problems.errors]


def test_the_real_file_is_valid_and_every_page_is_a_fixed_page():
    problems = Problems()
    config.check(problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert config.load().pages and config.load().concepts


def test_an_unknown_page_a_missing_field_and_an_unknown_field_at_once(tmp_path):
    errors = check(
        tmp_path,
        """
        pages:
          - path: bewijskart/index.md
            title: Bewijskaart
            summary: Wat werkt.
          - path: kiezer/index.md
            summary: De kiezer.
          - path: matrix/index.md
            title: Matrix
            summary: Welke stad wat doet.
            alias: [tabel]
        concepts:
          - {en: [], nl: [verkoop]}
    """,
    )
    assert len(errors) == 4, errors
    assert errors[0].startswith("site_config/search.yaml:2:1  pages[0].path: 'bewijskart/index.md' is geen vaste pagina")
    assert "Bedoelde je 'bewijskaart/index.md'?" in errors[0]
    assert any(e.startswith("site_config/search.yaml:5:") and "pages[1].title: dit veld ontbreekt" in e for e in errors), errors
    assert any("pages[2].alias: onbekend veld" in e and ":10:" in e for e in errors), errors
    assert any("concepts[0].en: verwacht: een lijst met ten minste één woord" in e for e in errors), errors


def test_a_page_twice_and_broken_yaml(tmp_path):
    twice = check(
        tmp_path,
        """
        pages:
          - {path: en/index.md, title: English, summary: In het Engels.}
          - {path: en/index.md, title: English, summary: In het Engels.}
    """,
    )
    assert twice and "'en/index.md' staat twee keer in de lijst" in twice[0]
    broken = check(tmp_path, "pages:\n  - path: [\n")
    assert broken and "geen geldige YAML" in broken[0] and "Traceback" not in broken[0]


def test_a_concept_is_keyed_by_its_query_words_and_lists_its_dutch_stems():
    table = config.concept_table(
        config.SearchConfig.model_validate(
            {"concepts": [{"en": ["right to buy", "The Right-to-Buy"], "nl": ["verkoop sociale huurwoningen"]}]}
        )
    )
    dutch = query.analyse("verkoop sociale huurwoningen")
    assert table == {"right buy": dutch, "right-to-buy": dutch}
