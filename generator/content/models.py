"""The content model: the one schema of the knowledge base.

These pydantic models hold exactly what contributors write in `content/`; validation,
the JSON Schema and the field documentation for contributors all derive from them.
Derived data (backlinks, where an instrument is applied, ...) lives in `graph`, not here.

Field names are English identifiers; every field carries a Dutch description, because
that description is what contributors read (in the schema, the editor and the docs).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic import Strict as NoCoercion
from pydantic_core import PydanticCustomError

from generator.content import text
from generator.content.vocab import vocab

FIRST_YEAR = 1900


# --- markers read by the graph when it resolves references --------------------------------


@dataclass(frozen=True)
class RefTo:
    """Marks a field whose value is the slug of another entry of type `kind`."""

    kind: str

    def __get_pydantic_json_schema__(self, core_schema, handler):
        """In the JSON Schema a reference is a slug too, so the editor marks 'Housing First' at once."""
        schema = handler(core_schema)
        schema["pattern"] = text.SLUG.pattern
        return schema


@dataclass(frozen=True)
class SchemaPattern:
    """A pattern for the JSON Schema (the editor) only: the validator's own check, with its Dutch
    message, accepts exactly the same values."""

    pattern: str

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema["pattern"] = self.pattern
        return schema


@dataclass(frozen=True)
class QuotedWhole:
    """In the JSON Schema: a whole number, or its digits in quotes (`year: "2025"` is common YAML and
    the validator accepts it as 2025)."""

    digits: str
    minimum: int | None = None

    def __get_pydantic_json_schema__(self, core_schema, handler):
        number = {"type": "integer"} if self.minimum is None else {"type": "integer", "minimum": self.minimum}
        return {"anyOf": [number, {"type": "string", "pattern": self.digits}]}


@dataclass(frozen=True)
class MarkdownField:
    """Marks a Markdown field (its internal links are resolved by the graph)."""


def _slug(value: str) -> str:
    if not text.is_slug(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is geen geldige verwijzing: gebruik kleine letters a-z, cijfers en koppeltekens, zoals 'housing-first'.",
            {"value": value[:80]},
        )
    return value


def _year(value: int) -> int:
    this_year = datetime.date.today().year
    if not FIRST_YEAR <= value <= this_year:
        raise PydanticCustomError(
            "jaar",
            "{value} is geen geldig jaartal: verwacht een jaar tussen {first} en {last}.",
            {"value": value, "first": FIRST_YEAR, "last": this_year},
        )
    return value


def _whole(value):
    """A whole number as YAML may give it: 2025, 2025.0 or "2025" (digits in quotes); anything else is
    left for the strict integer check, which refuses it with a Dutch message (modelerrors.translate)."""
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def Ref(kind: str) -> Any:  # an Annotated[str, ...] type, made per kind
    return Annotated[str, AfterValidator(_slug), RefTo(kind)]


# One line: whitespace around it is stripped (the models strip every string), a line break inside is refused.
ONE_LINE = r"^\s*[^\n]*\s*$"
Plain = Annotated[str, Field(min_length=2), AfterValidator(text.plain_text), SchemaPattern(ONE_LINE)]
Markdown = Annotated[str, Field(min_length=20), AfterValidator(text.markdown_text), MarkdownField()]
# One sentence that says something: at least 20 characters. Its own type, because a Field(min_length=20)
# on a Plain field is overridden by Plain's own minimum of 2 (a 13-character summary passed).
Sentence = Annotated[str, Field(min_length=20), AfterValidator(text.plain_text), SchemaPattern(ONE_LINE)]
Url = Annotated[str, AfterValidator(text.url), SchemaPattern(r"^\s*https://[^\s<>\"']+\s*$")]
# A year: 2025 or "2025" in both the validator and the JSON Schema; 1900 up to this year (the schema
# cannot know this year without changing every January, so only the validator checks the upper bound).
Year = Annotated[int, BeforeValidator(_whole), NoCoercion(), AfterValidator(_year), QuotedWhole(r"^(19|20)[0-9]{2}$", FIRST_YEAR)]
Whole = Annotated[int, BeforeValidator(_whole), NoCoercion(), QuotedWhole(r"^-?[0-9]{1,9}$")]

Domain = vocab("domain").literal()
Perspective = vocab("perspective").literal()
TargetGroup = vocab("target_group").literal()
ActorType = vocab("actor_type").literal()
Status = vocab("status").literal()
EvidenceLevel = vocab("evidence_level").literal()
LegalStatus = vocab("legal_status").literal()
Outcome = vocab("outcome").literal()
Direction = vocab("direction").literal()
# One evidence scale (site_config/vocabularies.yaml 'evidence_level', strongest first): a study has one of
# its designs; an instrument's level is derived from its studies, 'onbekend' when it has none.
NO_STUDY = "onbekend"
Design = Literal[tuple(k for k in vocab("evidence_level").keys() if k != NO_STUDY)]
ContextKind = vocab("context_kind").literal()
Band = vocab("band").literal()
SourceKind = vocab("source_kind").literal()
Basis = vocab("basis").literal()
DefinitionBasis = vocab("definition_basis").literal()

# How a point 'uit het rapport' names a section of the report in its text: '(§6.1)'.
SECTION_REF = re.compile(r"§\s?\d+(?:\.\d+)?")


class Strict(BaseModel):
    """Unknown fields are errors, so a misspelled field name never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- building blocks ------------------------------------------------------------------------


def english_summary(what: str = "samenvatting") -> Any:  # pydantic.Field(...)
    """The optional one-sentence English summary: searched, so English questions find the entry."""
    return Field(
        None, description=f"Dezelfde {what} in één Engelse zin (eigen woorden), zodat ook Engelse zoekvragen dit vinden."
    )


def search_phrases() -> Any:  # pydantic.Field(...)
    """How practitioners ask for an entry without knowing its name: searched, never shown."""
    return Field(
        default_factory=list,
        description="Vragen en probleemomschrijvingen in de woorden van "
        "praktijkmensen, waarmee ze dit zoeken, bijv. 'buurt protesteert tegen opvang'. Worden doorzocht, "
        "niet getoond.",
    )


class Citation(Strict):
    """A reference to a source, for the report with its chapter or section."""

    source: Ref("source") = Field(description="De bron: de naam van een bestand in content/sources/, bijv. 'platform31-2018'.")
    section: Optional[Plain] = Field(
        None,
        description="Hoofdstuk of paragraaf van de bron, bijv. '§6.2' of 'hoofdstuk 7'. Verplicht voor het Platform31-rapport.",
    )
    note: Optional[Plain] = Field(None, description="Korte toelichting, bijv. een paginanummer.")


Sources = Annotated[
    list[Citation],
    Field(min_length=1, description="De bronnen van de feiten op deze pagina (minstens één)."),
]


class Point(Strict):
    """One point of a list (success factor, risk, lesson) with what it rests on."""

    text: Plain = Field(description="Het punt in één zin, in eigen woorden.")
    basis: Basis = Field(
        description="Waar het punt op berust (zie de woordenlijst 'basis'): 'rapport' (noem de paragraaf, "
        "bijv. '(§6.1)', in de tekst of in 'sources'), 'bron' (noem de bron in 'sources') of 'redactie' "
        "(eigen advies van de kennisbank; de site toont het zo)."
    )
    sources: list[Citation] = Field(default_factory=list, description="De bron van het punt; verplicht bij 'basis: bron'.")

    @model_validator(mode="after")
    def _grounded(self):
        if self.basis == "bron" and not self.sources:
            raise PydanticCustomError(
                "basis",
                "een punt met 'basis: bron' noemt zijn bron: voeg 'sources: [{source: ...}]' toe, of kies "
                "'basis: redactie' als het eigen advies van de kennisbank is.",
                {},
            )
        if self.basis == "rapport" and not self.sections():
            raise PydanticCustomError(
                "basis",
                "een punt met 'basis: rapport' noemt de paragraaf waar het staat, bijv. '(§6.1)' in de tekst, of "
                "'sources: [{source: platform31-2018, section: \"§6.1\"}]'. Staat het niet in het rapport? Kies dan "
                "'basis: redactie' (eigen advies) of 'basis: bron'.",
                {},
            )
        return self

    def sections(self) -> list[str]:
        """The sections this point names ('§6.1'), in its text or its citations."""
        found = [ref.replace(" ", "") for ref in SECTION_REF.findall(self.text)]
        found += [c.section for c in self.sources if c.section]
        return found


def _point(value):
    """A plain string in a list is a point of the knowledge base's own ('redactie'): what does not
    say where it comes from is shown as the editors' advice, never as the report's."""
    if isinstance(value, str):
        return {"text": value, "basis": "redactie"}
    return value


@dataclass(frozen=True)
class PointSchema:
    """In the JSON Schema a point is an object or, as before, one line of text."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        return {"anyOf": [schema, {"type": "string", "minLength": 2, "pattern": ONE_LINE}]}


ListPoint = Annotated[Point, BeforeValidator(_point), PointSchema()]
POINT_HELP = (
    " Een punt is een zin, of een blok met 'text' en 'basis' (rapport, bron of redactie); een losse zin "
    "telt als advies van de kennisbank (redactie)."
)


class Result(Strict):
    """A finding of a study about an instrument: one outcome, one direction, one study."""

    text: Markdown = Field(description="Het resultaat in eigen woorden, met cijfers waar bekend.")
    year: Optional[Year] = Field(None, description="Het jaar waarop het resultaat betrekking heeft.")
    outcome: Outcome = Field(description="Op welke uitkomst het resultaat betrekking heeft (zie de woordenlijst 'outcome').")
    direction: Direction = Field(description="Richting: positief, geen-effect, negatief, gemengd of onbekend.")
    study: Ref("study") = Field(
        description="Het onderzoek waar het resultaat uit komt: de naam van een bestand in content/studies/, "
        "bijv. 'trimbos-2023-housing-first'. Een onderzoek staat één keer in de kennisbank, hoe vaak het ook "
        "wordt aangehaald."
    )
    instruments: list[Ref("instrument")] = Field(
        default_factory=list,
        description="Alleen invullen als het resultaat over een ander instrument gaat dan dat van deze pagina "
        "(bij een praktijk: haar 'instrument'). Het resultaat telt op de bewijskaart alleen bij de instrumenten "
        "waar het over gaat, nooit via 'also_instruments'.",
    )
    sources: list[Citation] = Field(
        default_factory=list,
        description="De precieze plek van het resultaat (bijv. de paragraaf); leeg = de bronnen van het onderzoek.",
    )


class ContextItem(Strict):
    """Context around an instrument or practice: shown on its page, never evidence on the map."""

    text: Markdown = Field(description="Wat er gebeurde of geldt, in eigen woorden.")
    year: Optional[Year] = Field(None, description="Het jaar waar het over gaat.")
    kind: ContextKind = Field(description="Soort context (zie de woordenlijst 'context_kind').")
    sources: Sources


Results = Annotated[
    list[Result],
    Field(default_factory=list, description="Resultaten uit onderzoek, elk met het onderzoek waar ze uit komen."),
]
Gaps = Annotated[
    list[Plain],
    Field(
        default_factory=list,
        description="Kennislacunes: wat de bronnen niet zeggen, bijv. 'Het rapport geeft geen cijfers over het aantal "
        "gesprekken.' Staat op de pagina; op de bewijskaart is zo'n vak leeg.",
    ),
]


class Actor(Strict):
    type: ActorType = Field(description="Soort partij (zie de woordenlijst 'actor_type').")
    role: Plain = Field(description="Wat deze partij doet bij het instrument.")


class Legal(Strict):
    status: LegalStatus = Field(description="Juridische status (zie de woordenlijst 'legal_status').")
    basis: Markdown = Field(description="Wettelijke grondslag en voorwaarden, of waarom geen bijzondere grondslag nodig is.")


class Evidence(Strict):
    """What is known about an instrument's working. Its level is not written here: it is derived from
    the studies behind the results that count for it (the strongest design), so it cannot disagree."""

    explanation: Markdown = Field(description="Wat de onderzoeken en ervaringen samen zeggen, in eigen woorden.")
    results: Results
    context: list[ContextItem] = Field(
        default_factory=list,
        description="Context die geen onderzoeksresultaat is: uitspraken, regelingen, oprichtingen, fusies, "
        "nieuws, verspreiding, de situatie in wijken. Staat op de pagina, telt niet als bewijs.",
    )
    gaps: Gaps


class CostEffort(Strict):
    """What an instrument costs and asks of the people who carry it out, only as a source says it."""

    cost: Band = Field("onbekend", description="Kosten (zie de woordenlijst 'band'); 'onbekend' als geen bron ze noemt.")
    effort: Band = Field("onbekend", description="Inspanning of inzet van mensen; 'onbekend' als geen bron die noemt.")
    note: Optional[Markdown] = Field(
        None, description="Wat de bron precies zegt, met cijfers, bijv. hoeveel uur begeleiding per week."
    )
    year: Optional[Year] = Field(None, description="Het jaar waarop de kosten of de inzet betrekking hebben.")
    sources: list[Citation] = Field(default_factory=list, description="De bron van de kosten of de inzet.")

    @model_validator(mode="after")
    def _sourced(self):
        if (self.cost != "onbekend" or self.effort != "onbekend" or self.note) and not self.sources:
            raise PydanticCustomError(
                "bron",
                "kosten en inspanning alleen met een bron: voeg 'sources' toe, of laat 'cost' en 'effort' op "
                "'onbekend' en laat 'note' weg. Schat ze nooit zelf.",
                {},
            )
        return self


class Period(Strict):
    start: Optional[Year] = Field(None, description="Beginjaar.")
    end: Optional[Year] = Field(None, description="Eindjaar; leeg als de praktijk nog loopt.")
    note: Optional[Plain] = Field(None, description="Toelichting, bijv. 'sinds ongeveer 2015'.")

    @model_validator(mode="after")
    def _order(self):
        if self.start and self.end and self.end < self.start:
            raise PydanticCustomError(
                "periode",
                "het eindjaar {end} ligt vóór het beginjaar {start}. Verwissel ze of pas ze aan.",
                {"start": self.start, "end": self.end},
            )
        return self


class Participant(Strict):
    organisation: Ref("organisation") = Field(description="De organisatie: de naam van een bestand in content/organisations/.")
    role: Plain = Field(description="De rol van deze organisatie in de praktijk.")


class Neighbourhood(Strict):
    name: Plain = Field(description="Naam van de wijk, buurt of het complex.")
    note: Optional[Plain] = Field(None, description="Waarom deze wijk genoemd wordt.")


class Contact(Strict):
    """A professional contact that the contributor chooses to publish."""

    organisation: Ref("organisation") = Field(description="De organisatie die vragen beantwoordt.")
    department: Optional[Plain] = Field(None, description="Afdeling of team.")
    email: Optional[
        Annotated[
            str,
            BeforeValidator(text.visible_email),
            Field(pattern=text.EMAIL_ADDRESS),
            AfterValidator(text.contact_email),
            SchemaPattern(text.EMAIL_ADDRESS),
        ]
    ] = Field(
        None,
        description="Algemeen e-mailadres van de organisatie, geen persoonlijk adres en geen adres bij een "
        "e-maildienst zoals gmail.com.",
    )
    url: Optional[Url] = Field(None, description="Webpagina met contactgegevens.")


# --- content types ---------------------------------------------------------------------------


class Source(Strict):
    """A publication or web source that facts are cited from."""

    title: Plain = Field(description="Titel van de publicatie of webpagina.")
    author: Plain = Field(description="Auteur of uitgevende organisatie.")
    year: Optional[Year] = Field(
        None, description="Jaar van verschijnen (publicatiejaar). Staat dat nergens? Laat het weg en vul 'accessed' in."
    )
    accessed: Optional[Year] = Field(
        None, description="Jaar waarin een bron zonder publicatiejaar (zoals een webpagina) is geraadpleegd."
    )
    kind: SourceKind = Field(description="Soort bron (zie de woordenlijst 'source_kind').")
    url: Optional[Url] = Field(None, description="Webadres, als de bron online staat.")
    cite_by_section: bool = Field(False, description="Zet op true als elke verwijzing een hoofdstuk of paragraaf moet noemen.")
    sections: list[Plain] = Field(
        default_factory=list,
        description="De hoofdstukken en paragrafen van de bron, bijv. '§6.1' of 'bijlage 1'. Staan ze er, dan moet "
        "elke verwijzing naar de bron er een van noemen.",
    )

    @model_validator(mode="after")
    def _dated(self):
        if self.year is None and self.accessed is None:
            raise PydanticCustomError(
                "datum",
                "een bron heeft een publicatiejaar ('year') of, als dat nergens staat, het jaar waarin u haar "
                "raadpleegde ('accessed'). Vul een van beide in; het raadpleegjaar is nooit het publicatiejaar.",
                {},
            )
        return self

    @property
    def when(self) -> str:
        """How a citation dates the source: '2018', or 'z.j., geraadpleegd 2026'."""
        return str(self.year) if self.year else f"z.j., geraadpleegd {self.accessed}"


class Study(Strict):
    """A study, coded once: its design on the one evidence scale, what it is about, its sources.
    Results refer to it; the evidence-and-gap map counts distinct studies."""

    name: Plain = Field(description="Naam van het onderzoek, bijv. 'Eindevaluatie Huur op Maat (RIGO)'.")
    design: Design = Field(
        description="Opzet van het onderzoek op de ene bewijsschaal (zie de woordenlijst 'evidence_level'); "
        "zo sterk als de bron het beschrijft, niet sterker."
    )
    summary: Sentence = Field(description="Eén zin: wat is onderzocht, hoe en door wie.")
    instruments: list[Ref("instrument")] = Field(
        default_factory=list,
        description="De instrumenten waar het onderzoek over gaat; leeg voor een breed onderzoek naar beleid "
        "(zoals de interviews van Platform31). Een resultaat van dit onderzoek mag alleen over deze instrumenten gaan.",
    )
    places: list[Plain] = Field(default_factory=list, description="Steden, wijken of landen waar het onderzoek keek.")
    period: Optional[Period] = Field(None, description="De periode die het onderzoek beschrijft.")
    population: Optional[Plain] = Field(None, description="Wie of wat is onderzocht, bijv. '15 Housing First-praktijken'.")
    caveat: Optional[Plain] = Field(
        None,
        description="Wat een lezer over de bron moet weten, bijv. dat de kennisbank het onderzoek alleen "
        "via een samenvatting kent.",
    )
    sources: Sources


class Instrument(Strict):
    """An instrument to mix neighbourhoods or to keep concentrations liveable."""

    name: Plain = Field(description="Naam van het instrument zoals praktijkmensen het kennen.")
    aliases: list[Plain] = Field(
        default_factory=list,
        description="Andere namen en zoektermen, ook bijnamen, afkortingen en Engelse termen.",
    )
    summary: Sentence = Field(description="Eén zin: wat is het en waarvoor dient het.")
    summary_en: Optional[Sentence] = english_summary()
    search_phrases: list[Plain] = search_phrases()
    domain: Domain = Field(description="Domein (zie de woordenlijst 'domain').")
    perspectives: list[Perspective] = Field(min_length=1, description="Bij welk perspectief past het instrument (een of beide).")
    target_groups: list[TargetGroup] = Field(min_length=1, description="Voor wie het bedoeld is.")
    what: Markdown = Field(description="Wat is het? Korte beschrijving.")
    aim: Markdown = Field(description="Doel: wat wil men ermee bereiken?")
    approach: Markdown = Field(description="Werkwijze: hoe werkt het, in stappen.")
    actors: list[Actor] = Field(min_length=1, description="Wie doen er mee en met welke rol.")
    legal: Legal = Field(description="Juridische grondslag en status.")
    evidence: Evidence = Field(description="Resultaten en bewijs.")
    cost_effort: Optional[CostEffort] = Field(
        None, description="Kosten en inspanning, alleen als een bron ze noemt; leeg laten = onbekend."
    )
    success_factors: list[ListPoint] = Field(
        min_length=1, description="Voorwaarden voor succes en werkzame elementen." + POINT_HELP
    )
    risks: list[ListPoint] = Field(min_length=1, description="Risico's en neveneffecten." + POINT_HELP)
    related: list[Ref("instrument")] = Field(default_factory=list, description="Verwante instrumenten.")
    sources: Sources


class City(Strict):
    """A city with its vision on mixing and its practices."""

    name: Plain = Field(description="Naam van de gemeente.")
    province: Plain = Field(description="Provincie.")
    summary: Sentence = Field(description="Eén zin over de stad en haar aanpak.")
    summary_en: Optional[Sentence] = english_summary()
    vision: Markdown = Field(description="De visie van de stad op menging en concentraties.")
    perspectives: list[Perspective] = Field(min_length=1, description="Welk perspectief de boventoon voert.")
    neighbourhoods: list[Neighbourhood] = Field(
        default_factory=list, description="Wijken en buurten die genoemd worden, met de reden."
    )
    organisations: list[Ref("organisation")] = Field(
        min_length=1, description="Betrokken organisaties (bestanden in content/organisations/)."
    )
    sources: Sources


class Practice(Strict):
    """A city's case: an instrument applied in a place by named organisations."""

    name: Plain = Field(description="Titel van de praktijk, bijv. 'Skaeve Huse in Tilburg'.")
    instrument: Ref("instrument") = Field(description="Het toegepaste instrument (bestandsnaam in content/instruments/).")
    also_instruments: list[Ref("instrument")] = Field(
        default_factory=list, description="Andere instrumenten die in deze praktijk meespelen."
    )
    summary: Sentence = Field(description="Eén zin: wat gebeurde er, waar en met welk doel.")
    summary_en: Optional[Sentence] = english_summary()
    location: Plain = Field(description="Waar: wijk, buurt of complex.")
    neighbourhoods: list[Plain] = Field(default_factory=list, description="Genoemde wijken of buurten.")
    organisations: list[Participant] = Field(min_length=1, description="De organisaties die meedoen, elk met hun rol.")
    status: Status = Field(description="Stand van zaken (zie de woordenlijst 'status').")
    period: Period = Field(description="Periode van de praktijk.")
    description: Markdown = Field(description="Wat gebeurde er? Het verhaal van de praktijk.")
    results: Results
    context: list[ContextItem] = Field(
        default_factory=list,
        description="Context die geen onderzoeksresultaat is (stand van zaken, nieuws, regeling, situatie). "
        "Staat op de pagina, telt niet als bewijs.",
    )
    gaps: Gaps
    barriers: list[Ref("barrier")] = Field(default_factory=list, description="Belemmeringen waar de praktijk tegenaan liep.")
    lessons: list[ListPoint] = Field(min_length=1, description="Lessen voor anderen." + POINT_HELP)
    contact: Optional[Contact] = Field(None, description="Zakelijk contact voor vragen (optioneel).")
    sources: Sources


class Barrier(Strict):
    """Something that stands in the way of combating or managing concentrations."""

    name: Plain = Field(description="Naam van de belemmering.")
    aliases: list[Plain] = Field(default_factory=list, description="Andere namen en zoektermen.")
    summary: Sentence = Field(description="Eén zin: waar loop je tegenaan?")
    summary_en: Optional[Sentence] = english_summary()
    search_phrases: list[Plain] = search_phrases()
    perspectives: list[Perspective] = Field(min_length=1, description="Bij welk perspectief speelt de belemmering.")
    description: Markdown = Field(description="Wat is de belemmering en waar komt ze vandaan?")
    instruments: list[Ref("instrument")] = Field(min_length=1, description="Instrumenten die hierdoor worden belemmerd.")
    cities: list[Ref("city")] = Field(
        default_factory=list,
        description="Steden die de belemmering noemen (praktijken die haar noemen tellen vanzelf mee).",
    )
    what_helped: Markdown = Field(description="Wat hielp elders om ermee om te gaan?")
    sources: Sources


class Organisation(Strict):
    """An organisation taking part in practices."""

    name: Plain = Field(description="Naam van de organisatie.")
    aliases: list[Plain] = Field(default_factory=list, description="Vroegere of andere namen.")
    type: ActorType = Field(description="Soort organisatie (zie de woordenlijst 'actor_type').")
    cities: list[Ref("city")] = Field(default_factory=list, description="Steden waar ze actief is.")
    summary: Sentence = Field(description="Eén zin over wat de organisatie doet.")
    website: Optional[Url] = Field(None, description="Website van de organisatie.")
    sources: Sources


class Term(Strict):
    """A policy term from the glossary."""

    name: Plain = Field(description="Het begrip, zoals het in teksten voorkomt.")
    aliases: list[Plain] = Field(default_factory=list, description="Andere schrijfwijzen die ook een uitleg krijgen.")
    definition: Sentence = Field(description="Korte uitleg (ook als tooltip getoond).")
    basis: DefinitionBasis = Field(
        "redactie",
        description="Waar de korte uitleg op berust (zie de woordenlijst 'definition_basis'): 'rapport' als het rapport "
        "het begrip zo uitlegt (noem die paragraaf in 'sources'), 'bron' als een andere bron dat doet, of 'redactie' "
        "(de standaard) als de uitleg in eigen woorden van de kennisbank is en de bronnen alleen laten zien waar het "
        "begrip voorkomt; de site toont dat zo.",
    )
    summary_en: Optional[Sentence] = english_summary("uitleg")
    explanation: Optional[Markdown] = Field(None, description="Langere uitleg (optioneel).")
    sources: Sources

    @field_validator("sources")
    @classmethod
    def _explained_where(cls, sources, info):
        """A definition 'uit het rapport' names the section that explains the term (reported at 'sources')."""
        if info.data.get("basis") == "rapport" and not any(c.section for c in sources):
            raise PydanticCustomError(
                "basis",
                "een begrip met 'basis: rapport' noemt de paragraaf waar het rapport het zo uitlegt: geef een bron met "
                "'section', bijv. '{source: platform31-2018, section: \"§4.2\"}'. Gebruikt het rapport het begrip "
                "alleen? Kies dan 'basis: redactie' (eigen uitleg van de kennisbank).",
                {},
            )
        return sources


class Background(Strict):
    """A background page (history, research, perspectives, recommendations)."""

    title: Plain = Field(description="Titel van de pagina.")
    order: Whole = Field(description="Volgorde in het overzicht 'Achtergrond' (laag = eerst).")
    summary: Sentence = Field(description="Eén zin: waar gaat deze pagina over.")
    summary_en: Optional[Sentence] = english_summary()
    perspective: Optional[Perspective] = Field(None, description="Vul in als deze pagina een perspectief beschrijft.")
    body: Markdown = Field(description="De tekst van de pagina.")
    sources: Sources


class Recommendation(Strict):
    """One of the recommendations of the report."""

    number: Annotated[int, BeforeValidator(_whole), NoCoercion(), Field(ge=1), QuotedWhole(r"^[1-9][0-9]{0,8}$", 1)] = Field(
        description="Nummer van de aanbeveling."
    )
    title: Plain = Field(description="De aanbeveling in één zin.")
    body: Markdown = Field(description="Toelichting in eigen woorden.")
    instruments: list[Ref("instrument")] = Field(default_factory=list, description="Instrumenten waar de aanbeveling over gaat.")
    barriers: list[Ref("barrier")] = Field(default_factory=list, description="Belemmeringen waar de aanbeveling over gaat.")
    sources: Sources
