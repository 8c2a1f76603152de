"""The field tables and the vocabulary appendix of CONTRIBUTING.md, generated from the models.

CONTRIBUTING.md marks each generated block with comments:

    <!-- begin: velden practice -->   one table: every field of a practice, required or not, its description
    <!-- begin: woordenlijsten -->    every vocabulary of site_config/vocabularies.yaml
    <!-- begin: licentie -->          the licence of contributions (mkdocs.yml extra.licence)
    ...
    <!-- end -->

`kennisbank schema` fills the blocks in; `kennisbank schema --check` fails when a field
description or a vocabulary changed and CONTRIBUTING.md was not generated again. The text
around the blocks stays hand-written.
"""

from __future__ import annotations

import re

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.errors import KennisbankError
from generator.content.modelfields import is_list, unwrap, vocabulary_of
from generator.kinds import KINDS
from generator.paths import ROOT
from generator.content.vocab import vocabularies

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
BLOCK = re.compile(r"(<!-- begin: (?P<name>[a-z_ ]+) -->\n)(?P<body>.*?)(<!-- end -->)", re.DOTALL)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _describe(info: FieldInfo) -> str:
    text = info.description or ""
    vocab_name = vocabulary_of(info.annotation)
    if vocab_name:
        text += f" Waarden: [woordenlijst `{vocab_name}`](#{vocab_name})."
    sub = unwrap(info.annotation)
    if sub is not None and isinstance(sub, type) and issubclass(sub, BaseModel):
        parts = []
        for name, subinfo in sub.model_fields.items():
            sub_text = (subinfo.description or "").rstrip(".")
            sub_vocab = vocabulary_of(subinfo.annotation)
            if sub_vocab:
                sub_text += f", zie [`{sub_vocab}`](#{sub_vocab})"
            parts.append(f"`{name}`{'' if subinfo.is_required() else ' (optioneel)'}: {sub_text}")
        text += (" Per item: " if is_list(info.annotation) else " Een blok met: ") + "; ".join(parts) + "."
    return _cell(text)


def field_table(kind: str) -> str:
    model = KINDS[kind].model
    rows = ["| veld | verplicht | wat u invult |", "|---|---|---|"]
    for name, info in model.model_fields.items():
        rows.append(f"| `{name}` | {'ja' if info.is_required() else 'nee'} | {_describe(info)} |")
    return "\n".join(rows) + "\n"


def vocabulary_appendix() -> str:
    out = []
    for name, v in vocabularies().items():
        intro = (
            v.description
            if v.title.casefold() == v.description.casefold()
            else (f"{v.title}: {v.description[0].lower() + v.description[1:]}")
        )
        out += [f"### `{name}`", "", intro + ".", ""]
        with_help = any(t.help for t in v.terms)
        out += [
            "| waarde | op de site | betekenis |" if with_help else "| waarde | op de site |",
            "|---|---|---|" if with_help else "|---|---|",
        ]
        for t in v.terms:
            out.append(f"| `{t.key}` | {_cell(t.label)} |" + (f" {_cell(t.help)} |" if with_help else ""))
        out.append("")
    return "\n".join(out)


def licence_paragraph() -> str:
    """Inbound = outbound, with the licence named where it is chosen (mkdocs.yml extra.licence)."""
    from generator.site.settings import read_settings

    licence = read_settings(ROOT / "mkdocs.yml").licence
    return (
        f"De kennisbank publiceert alle inhoud en data onder **{licence.name}** ({licence.short}, "
        f'<{licence.url}>). Wat u bijdraagt, met een pull request of met het formulier "Praktijk toevoegen", '
        f"geeft u onder dezelfde licentie: iedereen mag het gebruiken, delen en bewerken, ook commercieel, "
        f"als hij de kennisbank als bron noemt. Draag daarom alleen bij wat u zelf in eigen woorden schreef of "
        f"onder die licentie mag geven. Citaten uit bronnen en de bronnen zelf blijven van hun makers. De "
        f"programmatuur valt onder de EUPL-1.2 (`LICENSE`).\n"
    )


def block(name: str) -> str:
    what, _, kind = name.partition(" ")
    if what == "velden" and kind in KINDS:
        return field_table(kind)
    if name == "woordenlijsten":
        return vocabulary_appendix()
    if name == "licentie":
        return licence_paragraph()
    raise KennisbankError(
        f"CONTRIBUTING.md: onbekend gegenereerd blok '<!-- begin: {name} -->'. Bekend: "
        "'velden <soort>' (" + ", ".join(KINDS) + "), 'woordenlijsten' en 'licentie'."
    )


def render(text: str) -> str:
    """CONTRIBUTING.md with every generated block filled in from the models and vocabularies."""
    return BLOCK.sub(lambda m: m.group(1) + block(m.group("name")) + m.group(4), text)
