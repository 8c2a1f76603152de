"""A practice contributed through a GitHub issue form, for contributors without git.

FORM is the one table: it generates the issue form (.github/ISSUE_TEMPLATE/) through
`kennisbank schema`, and `kennisbank from-issue` reads a filled-in issue body back into
content files with exactly these fields: the practice, and when the contributor describes
them, a new city, new organisations and new sources. The pick lists (city, instrument,
organisations, barriers, status, perspective) come from the content and the vocabularies,
so the form is generated again (and checked by `kennisbank schema --check`) when they change.

Every mistake in a filled-in form is collected and reported at once, each with the label of
the form field it belongs to, because that label is what the contributor sees.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.content.errors import KennisbankError, did_you_mean
from generator.content.models import CONTENT_TYPES
from generator.content.text import fold
from generator.contribute.scaffold import SLUG_MAX, valid_slug
from generator.content.vocab import vocab
from generator.fileio import write_text_atomic


class IssueFormError(KennisbankError):
    """All mistakes of one filled-in form: (form label, Dutch message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        n = len(problems)
        super().__init__(f"Het formulier bevat {n} fout{'en' if n != 1 else ''}:\n"
                         + "\n".join(f"  {label}: {message}" for label, message in problems))


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

FORM = [
    FormField("stad", "Stad", "city", "dropdown", True,
              "Kies de stad. Staat ze er niet bij? Kies de laatste keuze, 'Nieuwe stad', en vul de velden "
              "'Nieuwe stad' hieronder in.", options="city"),
    FormField("nieuwe-stad-naam", "Nieuwe stad: naam", "city:name", "input", False,
              "Alleen bij een nieuwe stad: de naam van de gemeente, bijv. Zwolle."),
    FormField("nieuwe-stad-provincie", "Nieuwe stad: provincie", "city:province", "input", False,
              "Alleen bij een nieuwe stad, bijv. Overijssel."),
    FormField("nieuwe-stad-samenvatting", "Nieuwe stad: samenvatting", "city:summary", "input", False,
              "Alleen bij een nieuwe stad: één zin over de stad en haar aanpak (minstens 20 tekens)."),
    FormField("nieuwe-stad-visie", "Nieuwe stad: visie", "city:vision", "textarea", False,
              "Alleen bij een nieuwe stad: haar visie op menging en concentraties, in eigen woorden, "
              "uit de bronnen hieronder."),
    FormField("nieuwe-stad-perspectief", "Nieuwe stad: perspectief", "city:perspectives", "dropdown", False,
              "Alleen bij een nieuwe stad: welk perspectief voert de boventoon (een of beide)?",
              options="perspective", multiple=True),
    FormField("instrument", "Instrument", "instrument", "dropdown", True,
              "Het toegepaste instrument (uitleg per instrument op /instrumenten/).", options="instrument"),
    FormField("slug", "Korte naam voor het webadres", "slug", "input", False,
              "Kleine letters en koppeltekens, bijv. skaeve-huse-west. Leeg: de naam van het instrument."),
    FormField("naam", "Naam van de praktijk", "name", "input", True, "Bijv. 'Housing First in Tilburg'."),
    FormField("samenvatting", "Samenvatting", "summary", "input", True,
              "Eén zin: wat gebeurde er, waar en met welk doel (minstens 20 tekens)."),
    FormField("plaats", "Plaats", "location", "input", True, "Wijk, buurt of complex."),
    FormField("wijken", "Wijken of buurten", "neighbourhoods", "textarea", False, "Eén per regel."),
    FormField("organisaties", "Organisaties uit de lijst", "organisations", "dropdown", False,
              "Kies de organisaties die meedoen. Staat er een niet bij? Beschrijf haar bij 'Nieuwe organisaties'.",
              options="organisation", multiple=True),
    FormField("nieuwe-organisaties", "Nieuwe organisaties", "organisation:*", "textarea", False,
              "Alleen organisaties die niet in de lijst staan. Eén per regel: naam; soort; website (of leeg); "
              "één zin over wat ze doet. Soort is een van: " + ", ".join(vocab("actor_type").keys()) + ". "
              "Bijv. 'Gemeente Zwolle; gemeente; https://www.zwolle.nl; De gemeente Zwolle voert de regie op "
              "wonen en zorg.'"),
    FormField("rollen", "Organisaties en hun rol", "organisations", "textarea", True,
              "Eén per regel, voor elke gekozen en elke nieuwe organisatie: 'organisatie: rol', bijv. "
              "'Gemeente Zwolle: opdrachtgever en financier'."),
    FormField("status", "Status", "status", "dropdown", True, "Stand van zaken.", options="status"),
    FormField("beginjaar", "Beginjaar", "period.start", "input", False, "Bijv. 2016."),
    FormField("eindjaar", "Eindjaar", "period.end", "input", False, "Leeg als de praktijk nog loopt."),
    FormField("periode", "Toelichting op de periode", "period.note", "input", False, "Bijv. 'sinds ongeveer 2015'."),
    FormField("beschrijving", "Wat gebeurde er?", "description", "textarea", True,
              "Het verhaal van de praktijk, in eigen woorden."),
    FormField("resultaten", "Resultaten", "results", "textarea", False,
              "Eén per regel, met cijfers waar bekend. Elk resultaat krijgt de bronnen hieronder."),
    FormField("belemmeringen", "Belemmeringen", "barriers", "dropdown", False,
              "Belemmeringen waar de praktijk tegenaan liep (uitleg op /belemmeringen/).",
              options="barrier", multiple=True),
    FormField("lessen", "Lessen voor anderen", "lessons", "textarea", True, "Eén les per regel."),
    FormField("bronnen", "Bronnen", "sources", "textarea", False,
              "Bronnen die de kennisbank al kent. Eén per regel: de bron (titel of korte naam), komma, de "
              "paragraaf of pagina, bijv. 'platform31-2018, §6.1'."),
    FormField("nieuwe-bronnen", "Nieuwe bronnen", "source:*", "textarea", False,
              "Bronnen die de kennisbank nog niet kent. Eén per regel: titel; auteur of uitgever; jaar (staat er "
              "geen jaar op: 'geraadpleegd 2026'); soort; webadres. Soort is een van: "
              + ", ".join(vocab("source_kind").keys()) + ". Bijv. 'Evaluatie Housing First Zwolle; Gemeente "
              "Zwolle; 2023; rapport; https://www.zwolle.nl/evaluatie'."),
    FormField("contact-organisatie", "Contact: organisatie", "contact.organisation", "input", False,
              "Optioneel: de organisatie die vragen beantwoordt (naam of korte naam)."),
    FormField("contact-email", "Contact: algemeen e-mailadres", "contact.email", "input", False,
              "Optioneel: een algemeen of zakelijk adres, geen persoonlijk adres."),
]

LABEL = {f.id: f.label for f in FORM}

# content kinds that a dropdown lists, with the field of their model that names them
NAMED = {"city": "name", "instrument": "name", "organisation": "name", "barrier": "name", "source": "title"}


# --- what the content offers: names, slugs and the visible option text of each ---------------


@dataclass
class Catalog:
    """Slug -> (name, aliases) per content kind, from the loaded content."""

    entries: dict[str, dict[str, tuple[str, tuple[str, ...]]]]
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)  # source slug -> author, 'author year'

    @classmethod
    def from_content(cls, content) -> "Catalog":
        entries = {}
        for kind, attr in NAMED.items():
            entries[kind] = {r.key: (getattr(r.model, attr), tuple(getattr(r.model, "aliases", ()) or ()))
                             for r in content.of(kind)}
        hints = {r.key: (r.model.author, f"{r.model.author} {r.model.year or r.model.accessed}")
                 for r in content.of("source")}
        return cls(entries, hints)

    @staticmethod
    def option(name: str, slug: str) -> str:
        return f"{name} ({slug})"

    def options(self, kind: str) -> list[str]:
        items = sorted(self.entries[kind].items(), key=lambda kv: (kv[1][0].casefold(), kv[0]))
        return [self.option(name, slug) for slug, (name, _aliases) in items]

    def lookup(self, kind: str, text: str) -> str | None:
        """The slug that `text` means: an option text, a slug, a name or an alias (any case)."""
        text = " ".join(text.split())
        entries = self.entries[kind]
        shown = re.fullmatch(r".*\(([a-z0-9-]+)\)", text)
        if shown and shown.group(1) in entries:
            return shown.group(1)
        wanted = text.casefold()
        for slug, (name, aliases) in entries.items():
            if wanted == slug or wanted == name.casefold() or wanted in (a.casefold() for a in aliases):
                return slug
        return None

    def suggestion(self, kind: str, text: str) -> str:
        """' Bedoelde je 'Housing First (housing-first)'?' for the closest name or slug, or ''."""
        by_word: dict[str, str] = {}
        for slug, (name, aliases) in self.entries[kind].items():
            for word in (slug, name, *aliases, *(self.hints.get(slug, ()) if kind == "source" else ())):
                by_word.setdefault(word.casefold(), self.option(name, slug))
        close = difflib.get_close_matches(text.casefold(), sorted(by_word), n=1, cutoff=0.6)
        return f" Bedoelde je '{by_word[close[0]]}'?" if close else ""


def vocab_options(name: str) -> list[str]:
    return [t.label for t in vocab(name).terms]


def vocab_lookup(name: str, text: str) -> str | None:
    wanted = " ".join(text.split()).casefold()
    for t in vocab(name).terms:
        if wanted in (t.key, t.label.casefold()):
            return t.key
    return None


def _content_catalog(content_dir: Path) -> Catalog:
    from generator.content.errors import Problems
    from generator.content.loader import load

    return Catalog.from_content(load(content_dir, content_dir.parent, Problems()))


# --- the form ----------------------------------------------------------------------------------


def issue_form_yaml(content_dir: Path | None = None) -> str:
    from generator.paths import ROOT

    catalog = _content_catalog(content_dir or ROOT / "content")
    body = [{"type": "markdown", "attributes": {"value": (
        "Vul dit formulier in om een praktijk van uw gemeente of organisatie toe te voegen. Na het opslaan "
        "controleert de kennisbank het formulier: is alles in orde, dan volgt een pull request die een "
        "redacteur nakijkt; zo niet, dan staan alle fouten in een reactie hieronder. Pas dan het issue aan "
        "(… → Edit) en sla op: de controle draait opnieuw. Schrijf in eigen woorden en noem bij elk feit de "
        "bron. Geen namen of gegevens van personen, behalve een zakelijk contactadres.")}}]
    for f in FORM:
        attributes: dict = {"label": f.label, "description": f.help}
        if f.kind == "dropdown":
            if f.options in NAMED:
                options = catalog.options(f.options)
                if f.options == "city":
                    options.append(NEW_CITY)
            else:
                options = vocab_options(f.options)
            if f.multiple:
                attributes["multiple"] = True
            attributes["options"] = options
        body.append({"type": f.kind, "id": f.id, "attributes": attributes, "validations": {"required": f.required}})
    form = {"name": "Praktijk toevoegen", "description": "Voeg een praktijk van een stad toe aan de kennisbank.",
            "title": "Praktijk: ", "labels": ["praktijk", "bijdrage"], "body": body}
    header = ("# Gegenereerd door `kennisbank schema` uit generator/contribute/issueform.py, de inhoud en de woordenlijsten: "
              "niet met de hand bewerken.\n")
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


MAX_BODY_CHARS = 100_000  # a practice is a few pages of text; anything longer is not a filled-in form
EMPTY = ("_No response_", "_Geen antwoord_", "None")


def parse_body(body: str) -> dict[str, str]:
    """The '### Label' sections of an issue body -> {form id: text}. A label that stands twice
    (a '### Status' line typed inside an answer) is refused rather than letting one win."""
    if len(body) > MAX_BODY_CHARS:
        raise IssueFormError([("Issue", f"het issue is te lang ({len(body):,} tekens; hoogstens {MAX_BODY_CHARS:,}). "
                               "Is dit wel een ingevuld formulier 'Praktijk toevoegen'?".replace(",", "."))])
    by_label = {f.label: f.id for f in FORM}
    values: dict[str, str] = {}
    sections = re.split(r"^###\s+(.+?)\s*$", body.replace("\r\n", "\n"), flags=re.MULTILINE)
    for label, text in zip(sections[1::2], sections[2::2]):
        if label in by_label:
            if by_label[label] in values:
                raise IssueFormError([(label, f"het kopje '### {label}' staat twee keer in het issue. Laat het alleen "
                                       "boven het eigen antwoord staan en haal de regel '### …' uit uw tekst.")])
            text = text.strip()
            values[by_label[label]] = "" if text in EMPTY else text
    if not values:
        raise IssueFormError([("Issue", "dit issue bevat geen velden van het formulier 'Praktijk toevoegen' "
                               "(kopjes als '### Stad'). Maak een nieuw issue met dat formulier.")])
    return values


def _lines(text: str) -> list[str]:
    return [re.sub(r"^[-*]\s+", "", line).strip() for line in text.splitlines() if line.strip()]


def _choices(text: str) -> list[str]:
    """A multiple dropdown as GitHub writes it ('A, B'), or one choice per line after an edit."""
    return [part.strip() for part in re.split(r",|\n", text) if part.strip() and part.strip() not in EMPTY]


def slugify(name: str, limit: int = 60) -> str:
    """A slug from a name, its letters folded as search folds them: "Skæve Huse" -> skaeve-huse,
    "Straße" -> strasse (what folding leaves outside ASCII is dropped)."""
    ascii_ = fold(name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    while len(slug) > limit and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:limit]


class _Literal(str):
    pass


def _literal(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True  # one list of sources used twice is written out twice: content files allow no aliases


_Dumper.add_representer(_Literal, _literal)


def _dump(data: dict, kind: str, depth: int) -> str:
    header = f"# yaml-language-server: $schema={'../' * depth}site_config/schema/{kind}.schema.json\n"
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


# --- reading a filled-in form -------------------------------------------------------------------


@dataclass
class Contribution:
    """What one filled-in form becomes: files under content/ and where each came from."""

    city: str
    slug: str
    name: str
    files: dict[str, str] = field(default_factory=dict)  # path relative to content/ -> YAML text
    origin: dict[str, str] = field(default_factory=dict)  # same path -> 'practice' | 'city' | 'organisation' | 'source'

    @property
    def practice_file(self) -> str:
        return f"cities/{self.city}/{self.slug}.yaml"

    def add(self, path: str, origin: str, text: str) -> None:
        self.files[path] = text
        self.origin[path] = origin


class _Reader:
    """One pass over the form values; every mistake is noted with its field, none stops the pass."""

    def __init__(self, values: dict[str, str], catalog: Catalog, content_dir: Path):
        self.v = values
        self.catalog = catalog
        self.content_dir = content_dir
        self.problems: list[tuple[str, str]] = []
        self.new_organisations: dict[str, dict] = {}  # slug -> fields, from 'Nieuwe organisaties'

    def fail(self, field_id: str, message: str) -> None:
        self.problems.append((LABEL[field_id], message))

    def problems_for(self, *field_ids: str) -> bool:
        labels = {LABEL[f] for f in field_ids}
        return any(label in labels for label, _message in self.problems)

    def get(self, field_id: str) -> str:
        return self.v.get(field_id, "").strip()

    def pick(self, field_id: str, kind: str, text: str) -> str | None:
        slug = self.catalog.lookup(kind, text)
        if slug is None:
            ct = CONTENT_TYPES[kind]
            how = (f"Kies een {ct.singular} uit de lijst." if kind != "source" else
                   "Schrijf de korte naam of de titel van een bron uit de kennisbank (lijst: /achtergrond/bronnen/), "
                   "of beschrijf een nieuwe bron bij 'Nieuwe bronnen'.")
            self.fail(field_id, f"{ct.inflect('onbekend')} '{text[:80]}'.{self.catalog.suggestion(kind, text)} {how}")
        return slug

    def picks(self, field_id: str, kind: str) -> list[str]:
        """A multiple dropdown: option texts may hold a comma, so the longest known run of parts wins."""
        parts, slugs, i = _choices(self.get(field_id)), [], 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                slug = self.catalog.lookup(kind, ", ".join(parts[i:j]))
                if slug:
                    slugs.append(slug)
                    i = j
                    break
            else:
                self.pick(field_id, kind, parts[i])
                i += 1
        return list(dict.fromkeys(slugs))

    def year(self, field_id: str) -> int | None:
        text = self.get(field_id)
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{4}", text):
            self.fail(field_id, f"'{text[:20]}' is geen jaartal; schrijf vier cijfers, bijv. 2019.")
            return None
        return int(text)

    def slug_field(self, field_id: str, value: str) -> bool:
        if not valid_slug(value):
            self.fail(field_id, f"'{value[:SLUG_MAX]}' is geen geldige korte naam: gebruik kleine letters, cijfers en "
                      f"koppeltekens, hoogstens {SLUG_MAX} tekens.")
            return False
        return True

    def vocabulary_choice(self, field_id: str, name: str, text: str, what: str = "") -> str | None:
        """A value of a vocabulary, by its key or its label; otherwise a message with the choices."""
        key = vocab_lookup(name, text)
        if key is None:
            keys = vocab(name).keys()
            choices = vocab_options(name) if name == "status" else keys
            self.fail(field_id, f"{what}onbekende {'status' if name == 'status' else 'soort'} '{text[:40]}'."
                      + did_you_mean(text.lower(), keys) + " Kies uit: " + ", ".join(choices) + ".")
        return key

    def city(self) -> tuple[str, dict | None]:
        """The chosen city's slug, or the slug and fields of a new city."""
        new_fields = [f for f in FORM if f.target.startswith("city:")]
        if self.get("stad") != NEW_CITY and not (not self.get("stad") and self.get("nieuwe-stad-naam")):
            if self.get("stad") and any(self.get(f.id) for f in new_fields):
                self.fail("nieuwe-stad-naam", "u koos een bestaande stad én vulde velden 'Nieuwe stad' in. Kies "
                          f"bij 'Stad' '{NEW_CITY}', of laat de velden 'Nieuwe stad' leeg.")
            return (self.pick("stad", "city", self.get("stad")) or "") if self.get("stad") else "", None
        name = self.get("nieuwe-stad-naam")
        if not name:
            self.fail("nieuwe-stad-naam", "u koos 'Nieuwe stad'; vul de naam van de gemeente in.")
            return "", None
        known = self.catalog.lookup("city", name) or (slugify(name) if slugify(name) in self.catalog.entries["city"]
                                                      else None)
        if known:
            shown = self.catalog.option(self.catalog.entries["city"][known][0], known)
            self.fail("nieuwe-stad-naam", f"'{name}' staat al in de lijst als '{shown}': kies haar bij 'Stad' en laat "
                      "de velden 'Nieuwe stad' leeg.")
        for f in new_fields:
            if f.id not in ("nieuwe-stad-naam", "nieuwe-stad-perspectief") and not self.get(f.id):
                self.fail(f.id, "nodig voor een nieuwe stad; vul het in.")
        perspectives = [vocab_lookup("perspective", p) for p in _choices(self.get("nieuwe-stad-perspectief"))]
        if not perspectives or None in perspectives:
            self.fail("nieuwe-stad-perspectief", "kies een of beide perspectieven: "
                      + " of ".join(f"'{o}'" for o in vocab_options("perspective")) + ".")
        return slugify(name), {"name": name, "province": self.get("nieuwe-stad-provincie"),
                               "summary": self.get("nieuwe-stad-samenvatting"),
                               "vision": _Literal(self.get("nieuwe-stad-visie") + "\n"),
                               "perspectives": [p for p in perspectives if p]}

    def practice_slug(self, city: str, instrument: str | None) -> str:
        slug = (self.get("slug") or instrument or "").lower()
        slug_ok = self.slug_field("slug", slug) if self.get("slug") else bool(slug)
        if city and slug_ok and (self.content_dir / "cities" / city / f"{slug}.yaml").exists():
            self.fail("slug", f"{city} heeft al een praktijk met de korte naam '{slug}' "
                      f"(content/cities/{city}/{slug}.yaml). Vul een andere korte naam in, bijv. "
                      f"'{slug}-{datetime.date.today().year}'.")
        return slug

    def sources(self) -> tuple[list[dict], dict[str, dict]]:
        """Citations (known sources with their section, then every new source) and the new sources."""
        citations: list[dict] = []
        for line in _lines(self.get("bronnen")):
            source, _, section = line.partition(",")
            slug = self.pick("bronnen", "source", source.strip())
            if slug:
                citations.append({"source": slug, **({"section": section.strip()} if section.strip() else {})})
        new: dict[str, dict] = {}
        for line in _lines(self.get("nieuwe-bronnen")):
            title, author, when, kind, url = ([p.strip() for p in line.split(";", 4)] + [""] * 5)[:5]
            if not (title and author and when and kind):
                self.fail("nieuwe-bronnen", f"'{line[:80]}': schrijf 'titel; auteur of uitgever; jaar; soort; "
                          "webadres' (vier of vijf delen, gescheiden door puntkomma's).")
                continue
            known = self.catalog.lookup("source", title)
            if known:
                self.fail("nieuwe-bronnen", f"'{title[:60]}' staat al in de kennisbank als '{known}': noem haar bij "
                          "'Bronnen'.")
                continue
            entry: dict = {"title": title, "author": author}
            year = re.fullmatch(r"(geraadpleegd\s+)?([0-9]{4})", when.lower())
            if year:
                entry["accessed" if year.group(1) else "year"] = int(year.group(2))
            else:
                self.fail("nieuwe-bronnen", f"'{title[:60]}': '{when[:20]}' is geen jaar; schrijf bijv. 2023, of "
                          "'geraadpleegd 2026' als de bron geen jaar noemt.")
            entry["kind"] = self.vocabulary_choice("nieuwe-bronnen", "source_kind", kind, f"'{title[:60]}': ")
            if url:
                entry["url"] = url
            key = slugify(f"{author} {year.group(2) if year else ''}")
            if key in self.catalog.entries["source"] or key in new:
                key = slugify(f"{author} {title}")
            new[key] = entry
            citations.append({"source": key})
        if not citations and not self.problems_for("bronnen", "nieuwe-bronnen"):
            self.fail("bronnen", "noem minstens één bron: bij 'Bronnen' (een bron die de kennisbank kent) of bij "
                      "'Nieuwe bronnen'.")
        return citations, new

    def organisations(self, city: str, citations: list[dict]) -> tuple[dict[str, str], dict[str, dict]]:
        """Organisation slug -> role (picked or new, each needs a role) and the new organisations."""
        picked = self.picks("organisaties", "organisation")
        new: dict[str, dict] = {}
        for line in _lines(self.get("nieuwe-organisaties")):
            name, kind, website, summary = ([p.strip() for p in line.split(";", 3)] + [""] * 4)[:4]
            if not (name and kind and summary):
                self.fail("nieuwe-organisaties", f"'{line[:80]}': schrijf 'naam; soort; website (of leeg); één zin "
                          "over wat ze doet' (vier delen, gescheiden door puntkomma's).")
                continue
            known = self.catalog.lookup("organisation", name) or (
                slugify(name) if slugify(name) in self.catalog.entries["organisation"] else None)
            if known:
                shown = self.catalog.option(self.catalog.entries["organisation"][known][0], known)
                self.fail("nieuwe-organisaties", f"'{name}' staat al in de lijst als '{shown}': kies haar bij "
                          "'Organisaties uit de lijst'.")
                continue
            entry = {"name": name, "type": self.vocabulary_choice("nieuwe-organisaties", "actor_type", kind,
                                                                   f"'{name}': "),
                     "cities": [city] if city else [], "summary": summary}
            if website:
                entry["website"] = website
            entry["sources"] = citations
            new[slugify(name)] = entry
        self.new_organisations = new
        roles: dict[str, str] = {}
        for line in _lines(self.get("rollen")):
            org, sep, role = line.partition(":")
            if not sep or not role.strip():
                self.fail("rollen", f"'{line[:80]}' heeft geen rol: schrijf 'organisatie: rol'.")
                continue
            key = self.organisation("rollen", org.strip())
            if key:
                roles[key] = role.strip()
        for key in [*picked, *new]:
            if key not in roles and self.get("rollen"):
                name = new[key]["name"] if key in new else self.catalog.entries["organisation"][key][0]
                self.fail("rollen", f"geef ook de rol van '{name}': een regel '{name}: rol'.")
        return roles, new

    def organisation(self, field_id: str, text: str) -> str | None:
        """A known organisation, or one described under 'Nieuwe organisaties'."""
        if slugify(text) in self.new_organisations:
            return slugify(text)
        return self.pick(field_id, "organisation", text)

    def contact(self) -> dict | None:
        if not self.get("contact-organisatie"):
            if self.get("contact-email"):
                self.fail("contact-organisatie", "bij een contactadres hoort de organisatie die vragen beantwoordt; "
                          "vul haar in.")
            return None
        org = self.organisation("contact-organisatie", self.get("contact-organisatie"))
        if not org:
            return None
        return {"organisation": org, **({"email": self.get("contact-email")} if self.get("contact-email") else {})}


def practice_from_issue(body: str, content_dir: Path, catalog: Catalog | None = None) -> Contribution:
    """Issue body -> the content files it describes. Raises IssueFormError with every mistake."""
    r = _Reader(parse_body(body), catalog or _content_catalog(content_dir), content_dir)
    for f in FORM:
        if f.required and not r.get(f.id):
            r.fail(f.id, "dit verplichte veld is leeg of ontbreekt; vul het in.")
    city, new_city = r.city()
    instrument = r.pick("instrument", "instrument", r.get("instrument")) if r.get("instrument") else None
    slug = r.practice_slug(city, instrument)
    citations, new_sources = r.sources()
    participants, new_orgs = r.organisations(city, citations)
    status = r.vocabulary_choice("status", "status", r.get("status")) if r.get("status") else None
    period: dict = {key: year for key, year in (("start", r.year("beginjaar")), ("end", r.year("eindjaar"))) if year}
    if r.get("periode"):
        period["note"] = r.get("periode")
    barriers = r.picks("belemmeringen", "barrier")
    contact = r.contact()
    if r.problems:
        order = [f.label for f in FORM]
        raise IssueFormError(sorted(r.problems, key=lambda p: order.index(p[0])))

    result = Contribution(city=city, slug=slug, name=r.get("naam"))
    if new_city:
        new_city.update(organisations=list(participants), sources=citations)
        result.add(f"cities/{city}.yaml", "city", _dump(new_city, "city", 2))
    for key, entry in new_orgs.items():
        result.add(f"organisations/{key}.yaml", "organisation", _dump(entry, "organisation", 2))
    for key, entry in new_sources.items():
        result.add(f"sources/{key}.yaml", "source", _dump(entry, "source", 2))
    data: dict = {"name": r.get("naam"), "instrument": instrument, "summary": r.get("samenvatting"),
                  "location": r.get("plaats")}
    if r.get("wijken"):
        data["neighbourhoods"] = _lines(r.get("wijken"))
    data["organisations"] = [{"organisation": k, "role": role} for k, role in participants.items()]
    data.update(status=status, period=period, description=_Literal(r.get("beschrijving") + "\n"))
    if barriers:
        data["barriers"] = barriers
    data["lessons"] = _lines(r.get("lessen"))
    if contact:
        data["contact"] = contact
    data["sources"] = citations
    text = _dump(data, "practice", 3)
    if r.get("resultaten"):
        text += _results_for_the_editor(_lines(r.get("resultaten")), citations)
    result.add(result.practice_file, "practice", text)
    return result


def _results_for_the_editor(lines: list[str], sources: list[dict]) -> str:
    """Results from the form, commented out: each needs an outcome, a direction and a kind of
    study that only someone who knows the source can choose (never filled in by guessing)."""
    block = yaml.dump({"results": [{"text": line, "outcome": "", "direction": "", "study_type": "",
                                    "sources": sources} for line in lines]},
                      Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return ("# Resultaten uit het formulier. Vul per resultaat 'outcome', 'direction' en 'study_type' in\n"
            "# (woordenlijsten in site_config/vocabularies.yaml, zoals de bron het zegt) en haal dan de '# ' weg:\n"
            + "".join(f"# {line}\n" for line in block.splitlines()))


# --- validator problems in the written files, told as form fields ----------------------------


def form_label(origin: str, path: str) -> str:
    """The form field a validator problem belongs to: 'organisations[0].role' in the practice is
    'Organisaties en hun rol'; 'summary' in a new city is 'Nieuwe stad: samenvatting'."""
    bare = re.sub(r"\[\d+\]", "", path)
    if origin == "practice":
        candidates = [f for f in FORM if ":" not in f.target and f.id not in ("organisaties", "stad", "slug")]
        best = max((f for f in candidates if bare == f.target or bare.startswith(f.target + ".")),
                   key=lambda f: len(f.target), default=None)
        if bare.startswith("sources"):
            return "Bronnen"
        return best.label if best else "Naam van de praktijk"
    if origin == "city":
        for f in FORM:
            if f.target == f"city:{bare.split('.')[0]}":
                return f.label
        return {"organisations": LABEL["rollen"], "sources": LABEL["bronnen"]}.get(bare.split(".")[0], "Stad")
    return LABEL["nieuwe-organisaties" if origin == "organisation" else "nieuwe-bronnen"]


# --- the reply on GitHub ----------------------------------------------------------------------


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _escaped(text: str) -> str:
    """Contributor text inside the bot's Markdown reply: shown as typed, never as a link, an
    image, markup or an @mention that notifies someone."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split())).replace("@", "@\u200b")


def comment_ok(result: Contribution, number: int | None) -> str:
    kinds = {"practice": "de praktijk", "city": "nieuwe stad", "organisation": "nieuwe organisatie",
             "source": "nieuwe bron"}
    lines = [f"## Praktijk omgezet: {_escaped(result.name)}", "",
             "Het formulier is omgezet in deze bestanden en `kennisbank validate` vond geen fouten:", ""]
    lines += [f"- `content/{path}` ({kinds[result.origin[path]]})" for path in result.files]
    lines += ["", "Een redacteur kijkt de bestanden na en voegt ze samen; pas het issue aan als er nog iets "
              "verandert, dan wordt deze pull request bijgewerkt."]
    if "# results:" in result.files[result.practice_file]:
        lines += ["", "De resultaten staan als commentaar in het bestand van de praktijk: de redacteur kiest per "
                  "resultaat de uitkomst, de richting en het soort onderzoek, zoals de bron het zegt."]
    if number:
        lines += ["", f"Closes #{number}"]
    return "\n".join(lines) + "\n"


def comment_errors(problems: list[tuple[str, str]]) -> str:
    n = len(problems)
    lines = [f"## Het formulier bevat nog {n} fout{'en' if n != 1 else ''}", "",
             "Pas het issue aan (**…** rechtsboven het issue → **Edit**), verbeter de velden hieronder en sla op. "
             "De controle draait dan vanzelf opnieuw.", ""]
    lines += [f"- **{label}**: {_escaped(message)}" for label, message in problems]
    return "\n".join(lines) + "\n"


# --- the workflow's side: the event in, checked files and outputs out --------------------------


def body_of_event(raw: str) -> tuple[str, int | None]:
    """The issue body and number from a GitHub 'issues' event (JSON, as in $GITHUB_EVENT_PATH)."""
    import json

    try:
        event = json.loads(raw)
        issue = event["issue"]
        return issue.get("body") or "", int(issue["number"])
    except (ValueError, KeyError, TypeError) as exc:
        raise IssueFormError([("Issue", f"het GitHub-event is geen 'issues'-event met een issue ({exc}).")]) from None


def write_and_check(project, result: Contribution) -> list[tuple[str, str]]:
    """Write the files, run the real validator over all content and, when it finds something in
    them, remove them again and return its problems as form fields. When they pass, the new
    addresses go into site_config/permalinks.txt and the issue form is generated again (a new
    city or organisation is now a choice in its lists), as the pull request check expects.
    Under the project lock, as every command that changes the project's files."""
    from generator import pipeline

    with pipeline.changing(project):
        return _write_and_check(project, result)


def _write_and_check(project, result: Contribution) -> list[tuple[str, str]]:
    from generator.graph import permalinks
    from generator import pipeline
    from generator.paths import issue_form_path

    content_dir = project.content_dir
    existing = [path for path in result.files if (content_dir / path).exists()]
    if existing:
        return [(form_label(result.origin[path], "") if result.origin[path] != "practice" else LABEL["slug"],
                 f"content/{path} bestaat al; kies een andere naam.") for path in existing]
    written = []
    for path, text in result.files.items():
        target = content_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, text)
        written.append(target)
    graph, problems = pipeline.validate(project)
    by_file = {(content_dir / path).resolve().relative_to(project.shown_root).as_posix(): path for path in result.files}
    found = []
    for p in problems.errors:
        if p.file in by_file:
            label = form_label(result.origin[by_file[p.file]], p.path)
            found.append((label, f"{p.message} ({p.file}, regel {p.line}{', veld ' + p.path if p.path else ''})"))
        else:
            found.append(("Kennisbank", str(p)))
    if found:
        for target in written:
            target.unlink()
        for folder in {t.parent for t in written}:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        return found
    if content_dir.resolve() == (project.root / "content").resolve():  # the project's own content
        permalinks.update(graph, content_dir)  # the new pages' addresses, as 'kennisbank build' records them
        form = issue_form_path(project.root)
        if form.parent.is_dir():
            write_text_atomic(form, issue_form_yaml(content_dir))
    return []


def github_output(result: Contribution, number: int | None) -> None:
    """The pull request's title for the workflow ($GITHUB_OUTPUT), on one line."""
    import os

    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    name = " ".join(result.name.split())[:100]
    title = f"Praktijk: {name}" + (f" (issue #{number})" if number else "")
    with open(target, "a", encoding="utf-8") as out:
        out.write(f"titel={title}\npraktijk=content/{result.practice_file}\n")
