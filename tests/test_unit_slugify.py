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


@pytest.mark.parametrize("value", ["housing-first\n", "housing-first\r\n", "Housing-first", "a--b", "-a", "a-", "", None, 3])
def test_one_slug_rule_takes_the_whole_string(value):
    """File names, references and `kennisbank new`/`rename` ask one rule (text.is_slug); the pattern's `$`
    alone accepted a trailing newline, which the loader and the models let through."""
    from generator.contribute.scaffold import valid_slug

    assert not text.is_slug(value) and not valid_slug(value)


def test_a_reference_with_a_trailing_newline_is_no_slug():
    from pydantic import TypeAdapter, ValidationError

    from generator.content.models import Ref

    adapter = TypeAdapter(Ref("instrument"))
    assert adapter.validate_python("housing-first") == "housing-first"
    with pytest.raises(ValidationError, match="geen geldige verwijzing"):
        adapter.validate_python("housing-first\n")
