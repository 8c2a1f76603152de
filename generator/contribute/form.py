"""The form "Praktijk toevoegen": its one table of questions, and the two ways it is shown.

FORM is the one table: it generates the GitHub issue form (.github/ISSUE_TEMPLATE/, through
`kennisbank schema`) and the same questions as plain text for contributors without a GitHub
account (on /bijdragen/, to send by e-mail); `kennisbank from-issue` reads either back. The pick
lists (city, instrument, organisations, barriers, status, perspective) come from the content and
the vocabularies, and the questions about a result come from the Result model's own fields (a
vocabulary field is a dropdown of that vocabulary), so the form follows the model when it changes.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic.fields import FieldInfo

from generator.content.modelfields import vocabulary_of
from generator.content.models import NO_STUDY, MarkdownField, RefTo, Result
from generator.kinds import KINDS
from generator.content.vocab import vocab
from generator.contribute.catalog import NAMED, Catalog, content_catalog, vocab_options


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    target: str  # field path in the Practice model, or '<kind>:<field>' for a new city/organisation/source
    kind: str  # input | textarea | dropdown
    required: bool
    help: str
    options: str = ""  # dropdowns: a content kind (city, instrument, ...) or a vocabulary (status, perspective)
    multiple: bool = False


NEW_CITY = "Nieuwe stad (vul hieronder de velden 'Nieuwe stad' in)"
DESIGNS = "evidence_level"  # the dropdown of a result's study: the designs of the one scale ('onbekend' left out)
RESULT_SLOTS = 3  # results typed in the form; more go to an editor through a second issue or the PR
SOURCE_LINE = (
    "Eén per regel: de bron (korte naam of titel, of de titel van een bron bij 'Nieuwe bronnen'), "
    "komma, de paragraaf of pagina, bijv. 'platform31-2018, §6.1'."
)


def _reference_of(info: FieldInfo) -> str | None:
    for marker in [*info.metadata, *(m for a in typing.get_args(info.annotation) for m in getattr(a, "__metadata__", ()))]:
        if isinstance(marker, RefTo):
            return marker.kind
    return None


def result_fields(slot: int) -> list[FormField]:
    """The questions about one result, one per field of the Result model: the text, a dropdown per
    vocabulary (outcome, direction), the kind of study (from-issue finds or writes the study), a pick
    list per referenced kind (the instruments it is about, if not the practice's), a year, its source."""
    fields = []
    for name, info in Result.model_fields.items():
        target = f"results[{slot - 1}].{name}"
        described = (info.description or "").rstrip()
        if any(isinstance(m, MarkdownField) for m in info.metadata):
            fields.append(
                FormField(
                    f"resultaat-{slot}",
                    f"Resultaat {slot}",
                    target,
                    "textarea",
                    False,
                    described + " Laat leeg als er geen (of geen " + ("ander " if slot > 1 else "") + "resultaat) is.",
                )
            )
        elif vocabulary := vocabulary_of(info.annotation):
            fields.append(
                FormField(
                    f"resultaat-{slot}-{name}",
                    f"Resultaat {slot}: {vocab(vocabulary).title.lower()}",
                    target,
                    "dropdown",
                    False,
                    described,
                    options=vocabulary,
                )
            )
        elif name == "study":  # asked as its design; from-issue finds the study of the source or writes one
            fields.append(
                FormField(
                    f"resultaat-{slot}-soort",
                    f"Resultaat {slot}: soort onderzoek",
                    target,
                    "dropdown",
                    False,
                    "Hoe is het resultaat onderzocht? Kies zo sterk als de bron het zegt, niet "
                    "sterker (uitleg per niveau op /achtergrond/onderzoeken/). Een redacteur legt het "
                    "onderzoek vast, of gebruikt het onderzoek dat de kennisbank van deze bron al kent.",
                    options=DESIGNS,
                )
            )
        elif kind := _reference_of(info):
            many = typing.get_origin(info.annotation) is list
            fields.append(
                FormField(
                    f"resultaat-{slot}-{name}",
                    f"Resultaat {slot}: {KINDS[kind].plural if many else KINDS[kind].singular}",
                    target,
                    "dropdown",
                    False,
                    described,
                    options=kind,
                    multiple=many,
                )
            )
        elif name == "sources":
            fields.append(
                FormField(
                    f"resultaat-{slot}-bron",
                    f"Resultaat {slot}: bron",
                    target,
                    "input",
                    False,
                    "De bron van dit resultaat, zoals bij 'Bronnen' (korte naam of titel, eventueel "
                    "komma en paragraaf), of de titel van een bron bij 'Nieuwe bronnen'. Leeg: de "
                    "enige bron van de praktijk.",
                )
            )
        elif name == "year":
            fields.append(FormField(f"resultaat-{slot}-jaar", f"Resultaat {slot}: jaar", target, "input", False, described))
        else:
            fields.append(FormField(f"resultaat-{slot}-{name}", f"Resultaat {slot}: {name}", target, "input", False, described))
    return fields


FORM = [
    FormField(
        "stad",
        "Stad",
        "city",
        "dropdown",
        True,
        "Kies de stad. Staat ze er niet bij? Kies de laatste keuze, 'Nieuwe stad', en vul de velden 'Nieuwe stad' hieronder in.",
        options="city",
    ),
    FormField(
        "nieuwe-stad-naam",
        "Nieuwe stad: naam",
        "city:name",
        "input",
        False,
        "Alleen bij een nieuwe stad: de naam van de gemeente, bijv. Zwolle.",
    ),
    FormField(
        "nieuwe-stad-provincie",
        "Nieuwe stad: provincie",
        "city:province",
        "input",
        False,
        "Alleen bij een nieuwe stad, bijv. Overijssel.",
    ),
    FormField(
        "nieuwe-stad-samenvatting",
        "Nieuwe stad: samenvatting",
        "city:summary",
        "input",
        False,
        "Alleen bij een nieuwe stad: één zin over de stad en haar aanpak (minstens 20 tekens).",
    ),
    FormField(
        "nieuwe-stad-visie",
        "Nieuwe stad: visie",
        "city:vision",
        "textarea",
        False,
        "Alleen bij een nieuwe stad: haar visie op menging en concentraties, in eigen woorden.",
    ),
    FormField(
        "nieuwe-stad-perspectief",
        "Nieuwe stad: perspectief",
        "city:perspectives",
        "dropdown",
        False,
        "Alleen bij een nieuwe stad: welk perspectief voert de boventoon (een of beide)?",
        options="perspective",
        multiple=True,
    ),
    FormField(
        "nieuwe-stad-bronnen",
        "Nieuwe stad: bronnen",
        "city:sources",
        "textarea",
        False,
        "Alleen bij een nieuwe stad: waar de visie en de samenvatting van de stad staan. "
        + SOURCE_LINE
        + " Leeg: een redacteur vult de bronnen van de stad aan.",
    ),
    FormField(
        "instrument",
        "Instrument",
        "instrument",
        "dropdown",
        True,
        "Het toegepaste instrument (uitleg per instrument op /instrumenten/).",
        options="instrument",
    ),
    FormField(
        "slug",
        "Korte naam voor het webadres",
        "slug",
        "input",
        False,
        "Kleine letters en koppeltekens, bijv. skaeve-huse-west. Leeg: de naam van het instrument.",
    ),
    FormField("naam", "Naam van de praktijk", "name", "input", True, "Bijv. 'Housing First in Tilburg'."),
    FormField(
        "samenvatting",
        "Samenvatting",
        "summary",
        "input",
        True,
        "Eén zin: wat gebeurde er, waar en met welk doel (minstens 20 tekens).",
    ),
    FormField("plaats", "Plaats", "location", "input", True, "Wijk, buurt of complex."),
    FormField("wijken", "Wijken of buurten", "neighbourhoods", "textarea", False, "Eén per regel."),
    FormField(
        "organisaties",
        "Organisaties uit de lijst",
        "organisations",
        "dropdown",
        False,
        "Kies de organisaties die meedoen. Staat er een niet bij? Beschrijf haar bij 'Nieuwe organisaties'.",
        options="organisation",
        multiple=True,
    ),
    FormField(
        "nieuwe-organisaties",
        "Nieuwe organisaties",
        "organisation:*",
        "textarea",
        False,
        "Alleen organisaties die niet in de lijst staan. Eén per regel: naam; soort; website (of leeg); "
        "één zin over wat ze doet; de bron van die zin (of leeg: een redacteur vult haar aan). Soort is een "
        "van: " + ", ".join(vocab("actor_type").keys()) + ". Bijv. 'Gemeente Zwolle; gemeente; "
        "https://www.zwolle.nl; De gemeente Zwolle voert de regie op wonen en zorg.; Evaluatie Housing First "
        "Zwolle'.",
    ),
    FormField(
        "rollen",
        "Organisaties en hun rol",
        "organisations",
        "textarea",
        True,
        "Eén per regel, voor elke gekozen en elke nieuwe organisatie: 'organisatie: rol', bijv. "
        "'Gemeente Zwolle: opdrachtgever en financier'.",
    ),
    FormField("status", "Status", "status", "dropdown", True, "Stand van zaken.", options="status"),
    FormField("beginjaar", "Beginjaar", "period.start", "input", False, "Bijv. 2016."),
    FormField("eindjaar", "Eindjaar", "period.end", "input", False, "Leeg als de praktijk nog loopt."),
    FormField("periode", "Toelichting op de periode", "period.note", "input", False, "Bijv. 'sinds ongeveer 2015'."),
    FormField(
        "beschrijving", "Wat gebeurde er?", "description", "textarea", True, "Het verhaal van de praktijk, in eigen woorden."
    ),
    *[f for slot in range(1, RESULT_SLOTS + 1) for f in result_fields(slot)],
    FormField(
        "belemmeringen",
        "Belemmeringen",
        "barriers",
        "dropdown",
        False,
        "Belemmeringen waar de praktijk tegenaan liep (uitleg op /belemmeringen/).",
        options="barrier",
        multiple=True,
    ),
    FormField("lessen", "Lessen voor anderen", "lessons", "textarea", True, "Eén les per regel."),
    FormField(
        "bronnen",
        "Bronnen",
        "sources",
        "textarea",
        False,
        "Bronnen die de kennisbank al kent. Eén per regel: de bron (titel of korte naam), komma, de "
        "paragraaf of pagina, bijv. 'platform31-2018, §6.1'.",
    ),
    FormField(
        "nieuwe-bronnen",
        "Nieuwe bronnen",
        "source:*",
        "textarea",
        False,
        "Bronnen die de kennisbank nog niet kent. Eén per regel: titel; auteur of uitgever; jaar (staat er "
        "geen jaar op: 'geraadpleegd 2026'); soort; webadres. Soort is een van: "
        + ", ".join(vocab("source_kind").keys())
        + ". Bijv. 'Evaluatie Housing First Zwolle; Gemeente "
        "Zwolle; 2023; rapport; https://www.zwolle.nl/evaluatie'.",
    ),
    FormField(
        "contact-organisatie",
        "Contact: organisatie",
        "contact.organisation",
        "input",
        False,
        "Optioneel: de organisatie die vragen beantwoordt (naam of korte naam).",
    ),
    FormField(
        "contact-email",
        "Contact: algemeen e-mailadres",
        "contact.email",
        "input",
        False,
        "Optioneel: een algemeen adres van de organisatie, zoals info@ of wonen@ met het domein van de "
        "organisatie; geen persoonlijk adres en geen adres bij een e-maildienst zoals gmail.com.",
    ),
]

LABEL = {f.id: f.label for f in FORM}
BY_ID = {f.id: f for f in FORM}
INTRO = (
    "Vul dit formulier in om een praktijk van uw gemeente of organisatie toe te voegen. Na het opslaan "
    "controleert de kennisbank het formulier: is alles in orde, dan volgt een pull request die een "
    "redacteur nakijkt; zo niet, dan staan alle fouten in een reactie hieronder. Pas dan het issue aan "
    "(… → Edit) en sla op: de controle draait opnieuw. Schrijf in eigen woorden en noem bij elk feit de "
    "bron. Geen namen of gegevens van personen, behalve een algemeen contactadres van de organisatie."
)


def field_options(f: FormField, catalog: Catalog) -> list[str]:
    if f.options in NAMED:
        options = catalog.options(f.options)
        return options + [NEW_CITY] if f.options == "city" else options
    if f.options == DESIGNS:
        return [t.label for t in vocab(DESIGNS).terms if t.key != NO_STUDY]
    return vocab_options(f.options)


def issue_form_yaml(content_dir: Path | None = None) -> str:
    from generator.paths import ROOT

    catalog = content_catalog(content_dir or ROOT / "content")
    body = [{"type": "markdown", "attributes": {"value": INTRO}}]
    for f in FORM:
        attributes: dict = {"label": f.label, "description": f.help}
        if f.kind == "dropdown":
            if f.multiple:
                attributes["multiple"] = True
            attributes["options"] = field_options(f, catalog)
        body.append({"type": f.kind, "id": f.id, "attributes": attributes, "validations": {"required": f.required}})
    body.append(licence_checkbox())
    form = {
        "name": "Praktijk toevoegen",
        "description": "Voeg een praktijk van een stad toe aan de kennisbank.",
        "title": "Praktijk: ",
        "labels": ["praktijk", "bijdrage"],
        "body": body,
    }
    header = (
        "# Gegenereerd door `kennisbank schema` uit generator/contribute/form.py, de inhoud en de woordenlijsten: "
        "niet met de hand bewerken.\n"
    )
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


LICENCE_LABEL = "Licentie"  # the checkbox under the fields: read as a section of its own, used for nothing else


def licence_checkbox() -> dict:
    """Inbound = outbound: the contributor gives the contribution under the licence the site
    publishes its content under (mkdocs.yml extra.licence, read in generator/site/settings.py).
    GitHub does not save the form without the tick."""
    from generator.paths import ROOT
    from generator.site.settings import read_settings

    licence = read_settings(ROOT / "mkdocs.yml").licence
    return {
        "type": "checkboxes",
        "id": "licentie",
        "attributes": {
            "label": LICENCE_LABEL,
            "description": f"De kennisbank publiceert alle inhoud onder {licence.name} ({licence.short}, {licence.url}). "
            "Uw bijdrage valt onder dezelfde licentie.",
            "options": [
                {
                    "label": f"Ik geef deze bijdrage onder {licence.short}: iedereen mag haar gebruiken, delen en "
                    "bewerken, met naamsvermelding. Ik heb haar zelf geschreven, in eigen woorden, of mag "
                    "haar zo geven.",
                    "required": True,
                }
            ],
        },
    }


# --- the same questions as text, for an e-mail to the editors ---------------------------------

PROMPT = "» "  # a line of explanation in the text version; `from-issue` skips it when reading the answers


def _wrapped(text: str, width: int = 72) -> list[str]:
    import textwrap

    return [PROMPT + line for line in textwrap.wrap(text, width - len(PROMPT))]


def text_questions(catalog: Catalog) -> str:
    """The form as plain text: '### Label', the explanation and the choices on lines starting with
    '» ', and room for the answer. Sent by e-mail and read back with `kennisbank from-issue`."""
    from generator.paths import ROOT
    from generator.site.settings import read_settings

    licence = read_settings(ROOT / "mkdocs.yml").licence
    lines = [
        "Praktijk toevoegen",
        "",
        *_wrapped(
            "Schrijf uw antwoord onder elke vraag, onder de regels die met » beginnen. Laat een vraag "
            "leeg als ze niet voor u geldt. Verplichte vragen zijn gemarkeerd met (verplicht)."
        ),
        *_wrapped(
            f"Wat u instuurt, publiceert de kennisbank onder {licence.short} ({licence.url}): iedereen mag "
            "het gebruiken, delen en bewerken, met naamsvermelding. Stuur alleen in wat u zelf schreef of "
            "zo mag geven."
        ),
        "",
    ]
    for f in FORM:
        lines.append(f"### {f.label}")
        lines += _wrapped(f.help + (" (verplicht)" if f.required else ""))
        if f.kind == "dropdown":
            options = [o for o in field_options(f, catalog)]
            lines += _wrapped(("Kies een of meer van: " if f.multiple else "Kies een van: ") + "; ".join(options) + ".")
        lines += ["", ""]
    return "\n".join(lines)  # room under the last question too
