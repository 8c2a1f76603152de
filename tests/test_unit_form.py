"""The form's choices: a did-you-mean only for a likely typo, never for a merely similar name."""

from __future__ import annotations

import pytest

from generator.contribute.catalog import Catalog, close, edit_distance


@pytest.mark.parametrize(
    "typed, candidate, expected",
    [
        ("Leger des Heil", "Leger des Heils", True),
        ("raport", "rapport", True),
        ("housing first zwolle", "Housing First", True),  # the whole name with words around it
        ("Gemeente Zwolle", "Gemeente Ede", False),  # similar, but another municipality
        ("Gemeente Zwolle", "gemeente-ede", False),
        ("Dimence", "Amaryllis Leeuwarden", False),
        ("Loopt nog", "Lopend", False),
        ("", "Lopend", False),
    ],
)
def test_close_means_a_likely_typo(typed, candidate, expected):
    assert close(typed, candidate) is expected


def test_edit_distance_stops_beyond_its_limit():
    assert edit_distance("rapport", "raport", 1) == 1
    assert edit_distance("gemeente zwolle", "gemeente ede", 2) == 3  # limit + 1: more than two edits


def test_a_suggestion_only_when_one_entry_is_close():
    catalog = Catalog(
        {
            "organisation": {
                "gemeente-ede": ("Gemeente Ede", ()),
                "leger-des-heils": ("Leger des Heils", ()),
                "gemeente-epe": ("Gemeente Epe", ()),
            }
        }
    )
    assert catalog.suggestion("organisation", "Leger des Heil") == " Bedoelde je 'Leger des Heils (leger-des-heils)'?"
    assert catalog.suggestion("organisation", "Gemeente Zwolle") == ""
    assert catalog.suggestion("organisation", "Gemeente Ee") == ""  # two entries equally close: no guess
    assert catalog.lookup("organisation", "gemeente EDE") == "gemeente-ede"
    assert catalog.lookup("organisation", "Wat dan ook (leger-des-heils)") == "leger-des-heils"
