"""Slugs made from names (issue form -> file names) fold letters as search folds them (issue 22)."""

from __future__ import annotations

import pytest

from generator.content import text
from generator.contribute.formcheck import slugify
from generator.search import query


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Skæve Huse", "skaeve-huse"),
        ("Straße", "strasse"),
        ("Bjørnsholm", "bjornsholm"),
        ("Cliënten café in Groningen", "clienten-cafe-in-groningen"),
        ("Œuvre Łódź", "oeuvre-lodz"),
        ("ĳsselmonde", "ijsselmonde"),
    ],
)
def test_slugify_keeps_letters_the_way_search_folds_them(name, slug):
    assert slugify(name) == slug


def test_slug_and_search_share_one_folding_table():
    assert query.FOLD is text.FOLD and query.fold is text.fold
    for ch, folded in text.FOLD.items():  # every letter of the table survives in a slug
        assert slugify(f"a{ch}b") == f"a{folded}b"
    # what a slug keeps of a name is what search makes of it (minus the separators)
    for name in ("Skæve Huse", "Straße", "Ærø"):
        assert slugify(name) == "-".join(query.words(name))
