"""A practice contributed through a GitHub issue form, for contributors without git.

FORM is the one table: it generates the issue form (.github/ISSUE_TEMPLATE/) through
`kennisbank schema`, and `kennisbank from-issue` reads a filled-in issue body back into
a practice YAML file with exactly these fields. Each form field maps onto one field of
the Practice model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .errors import KennisbankError
from .text import SLUG
from .vocab import vocab


class IssueFormError(KennisbankError):
    pass


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    target: str  # field path in the Practice model
    kind: str  # input | textarea | dropdown
    required: bool
    help: str


FORM = [
    FormField("stad", "Stad", "city", "input", True, "De stad als slug, zoals in de adresbalk: bijv. tilburg."),
    FormField("instrument", "Instrument", "instrument", "input", True, "Het instrument als slug, bijv. housing-first of wbmgp (zie /instrumenten/)."),
    FormField("slug", "Korte naam voor het webadres", "slug", "input", False, "Kleine letters en koppeltekens, bijv. skaeve-huse-west. Leeg: de naam van het instrument."),
    FormField("naam", "Naam van de praktijk", "name", "input", True, "Bijv. 'Housing First in Tilburg'."),
    FormField("samenvatting", "Samenvatting", "summary", "input", True, "Eén zin: wat gebeurde er, waar en met welk doel."),
    FormField("plaats", "Plaats", "location", "input", True, "Wijk, buurt of complex."),
    FormField("wijken", "Wijken of buurten", "neighbourhoods", "textarea", False, "Eén per regel."),
    FormField("organisaties", "Organisaties en hun rol", "organisations", "textarea", True, "Eén per regel, als 'organisatie-slug: rol', bijv. 'tiwos: verhuurt de woningen'."),
    FormField("status", "Status", "status", "dropdown", True, "Stand van zaken."),
    FormField("beginjaar", "Beginjaar", "period.start", "input", False, "Bijv. 2016."),
    FormField("eindjaar", "Eindjaar", "period.end", "input", False, "Leeg als de praktijk nog loopt."),
    FormField("periode", "Toelichting op de periode", "period.note", "input", False, "Bijv. 'sinds ongeveer 2015'."),
    FormField("beschrijving", "Wat gebeurde er?", "description", "textarea", True, "Het verhaal van de praktijk, in eigen woorden."),
    FormField("resultaten", "Resultaten", "results", "textarea", False, "Eén per regel, met cijfers waar bekend. Elk resultaat krijgt de bronnen hieronder."),
    FormField("belemmeringen", "Belemmeringen", "barriers", "textarea", False, "Eén slug per regel, bijv. privacywetgeving (zie /belemmeringen/)."),
    FormField("lessen", "Lessen voor anderen", "lessons", "textarea", True, "Eén les per regel."),
    FormField("bronnen", "Bronnen", "sources", "textarea", True, "Eén per regel: 'bron-slug, paragraaf', bijv. 'platform31-2018, §6.1'."),
    FormField("contact-organisatie", "Contact: organisatie", "contact.organisation", "input", False, "Optioneel: de organisatie (slug) die vragen beantwoordt."),
    FormField("contact-email", "Contact: algemeen e-mailadres", "contact.email", "input", False, "Optioneel: een algemeen of zakelijk adres, geen persoonlijk adres."),
]


def issue_form_yaml() -> str:
    body = [{"type": "markdown", "attributes": {"value": (
        "Vul dit formulier in om een praktijk van uw gemeente of organisatie toe te voegen. "
        "Een redacteur zet het om met `kennisbank from-issue` en controleert het. Schrijf in eigen woorden "
        "en noem bij elk feit de bron. Geen namen of gegevens van personen, behalve een zakelijk contactadres.")}}]
    for f in FORM:
        attributes = {"label": f.label, "description": f.help}
        if f.kind == "dropdown":
            attributes["options"] = vocab("status").keys()
        body.append({"type": f.kind, "id": f.id, "attributes": attributes, "validations": {"required": f.required}})
    form = {"name": "Praktijk toevoegen", "description": "Voeg een praktijk van een stad toe aan de kennisbank.",
            "title": "Praktijk: ", "labels": ["praktijk", "bijdrage"], "body": body}
    header = "# Gegenereerd door `kennisbank schema` uit generator/issueform.py: niet met de hand bewerken.\n"
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


MAX_BODY_CHARS = 100_000  # a practice is a few pages of text; anything longer is not a filled-in form


def parse_body(body: str) -> dict[str, str]:
    """The '### Label' sections of an issue body -> {form id: text}. A label that stands twice
    (a '### Status' line typed inside an answer) is refused rather than letting one win."""
    if len(body) > MAX_BODY_CHARS:
        raise IssueFormError(f"Het issue is te lang ({len(body):,} tekens; hoogstens {MAX_BODY_CHARS:,}). "
                             "Is dit wel een ingevuld formulier 'Praktijk toevoegen'?".replace(",", "."))
    by_label = {f.label: f.id for f in FORM}
    values: dict[str, str] = {}
    sections = re.split(r"^###\s+(.+?)\s*$", body.replace("\r\n", "\n"), flags=re.MULTILINE)
    for label, text in zip(sections[1::2], sections[2::2]):
        if label in by_label:
            if by_label[label] in values:
                raise IssueFormError(f"Het kopje '### {label}' staat twee keer in het issue. Laat het alleen boven "
                                     "het eigen antwoord staan en haal de regel '### …' uit uw tekst.")
            text = text.strip()
            values[by_label[label]] = "" if text in ("_No response_", "_Geen antwoord_", "None") else text
    return values


def _lines(text: str) -> list[str]:
    return [re.sub(r"^[-*]\s+", "", line).strip() for line in text.splitlines() if line.strip()]


class _Literal(str):
    pass


def _literal(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True  # one list of sources used twice is written out twice: content files allow no aliases


_Dumper.add_representer(_Literal, _literal)


def practice_from_issue(body: str) -> tuple[str, str, str]:
    """Issue body -> (city, slug, YAML text of the practice)."""
    v = parse_body(body)
    missing = [f.label for f in FORM if f.required and not v.get(f.id)]
    if missing:
        raise IssueFormError("Het formulier mist verplichte velden: " + ", ".join(missing) + ".")
    city = v["stad"].strip().lower()
    slug = (v.get("slug") or v["instrument"]).strip().lower()
    for label, value in (("Stad", city), ("Korte naam voor het webadres", slug)):
        if len(value) > 80 or "\n" in value or not SLUG.match(value):
            raise IssueFormError(f"'{value[:80]}' ({label}) is geen geldige slug: gebruik kleine letters, cijfers en "
                                 "koppeltekens, hoogstens 80 tekens.")
    sources = []
    for line in _lines(v["bronnen"]):
        source, _, section = line.partition(",")
        item = {"source": source.strip()}
        if section.strip():
            item["section"] = section.strip()
        sources.append(item)
    organisations = []
    for line in _lines(v["organisaties"]):
        org, sep, role = line.partition(":")
        if not sep:
            raise IssueFormError(f"Organisatie '{line}' heeft geen rol: schrijf 'organisatie-slug: rol'.")
        organisations.append({"organisation": org.strip(), "role": role.strip()})
    period = {}
    for key, field in (("beginjaar", "start"), ("eindjaar", "end")):
        if v.get(key):
            if not re.fullmatch(r"[0-9]{4}", v[key].strip()):
                raise IssueFormError(f"{key}: '{v[key][:20]}' is geen jaartal; schrijf vier cijfers, bijv. 2019.")
            period[field] = int(v[key])
    if v.get("periode"):
        period["note"] = v["periode"]
    data: dict = {
        "name": v["naam"],
        "instrument": v["instrument"].strip().lower(),
        "summary": v["samenvatting"],
        "location": v["plaats"],
    }
    if v.get("wijken"):
        data["neighbourhoods"] = _lines(v["wijken"])
    data["organisations"] = organisations
    data["status"] = v["status"].strip()
    data["period"] = period
    data["description"] = _Literal(v["beschrijving"].strip() + "\n")
    if v.get("belemmeringen"):
        data["barriers"] = [b.lower() for b in _lines(v["belemmeringen"])]
    data["lessons"] = _lines(v["lessen"])
    if v.get("contact-organisatie"):
        data["contact"] = {"organisation": v["contact-organisatie"].strip()}
        if v.get("contact-email"):
            data["contact"]["email"] = v["contact-email"].strip()
    data["sources"] = sources
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    if v.get("resultaten"):
        text += _results_for_the_editor(_lines(v["resultaten"]), sources)
    header = "# yaml-language-server: $schema=../../../site_config/schema/practice.schema.json\n"
    return city, slug, header + text


def _results_for_the_editor(lines: list[str], sources: list[dict]) -> str:
    """Results from the form, commented out: each needs an outcome, a direction and a kind of
    study that only someone who knows the source can choose (never filled in by guessing)."""
    block = yaml.dump({"results": [{"text": line, "outcome": "", "direction": "", "study_type": "",
                                    "sources": sources} for line in lines]},
                      Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return ("# Resultaten uit het formulier. Vul per resultaat 'outcome', 'direction' en 'study_type' in\n"
            "# (woordenlijsten in site_config/vocabularies.yaml, zoals de bron het zegt) en haal dan de '# ' weg:\n"
            + "".join(f"# {line}\n" for line in block.splitlines()))
