"""Checking the answers of a filled-in form and reading them, as far as they can be read, into the
content they describe: a practice and, when the form describes them, a new city, new organisations
and new sources.

One pass notes every mistake under the label of the form field the contributor filled in and goes
on with a best-effort reading (an unreadable answer is left out and its label remembered), so
the files can still be checked by the real validator and every mistake comes back in one reply.
New cities and organisations cite only the sources the contributor gave for them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.content import text as text_rules
from generator.content.text import fold
from generator.content.models import NO_STUDY, Result
from generator.kinds import KINDS
from generator.content.vocab import vocab, vocabularies
from generator.contribute.catalog import Catalog, content_catalog, vocab_lookup, vocab_options, vocab_shown, vocab_suggestion
from generator.contribute.form import FORM, LABEL, NEW_CITY, RESULT_SLOTS, result_fields
from generator.contribute.formread import choices, lines_of, parse_form
from generator.contribute.scaffold import SLUG_MAX, valid_slug

SUGGESTIONS = 100  # did-you-mean for this many unknown answers; beyond, the reply is cut anyway
MARKDOWN_ANSWERS = {"beschrijving", "nieuwe-stad-visie", *(f"resultaat-{n}" for n in range(1, RESULT_SLOTS + 1))}
TEXT_ANSWERS = {
    "naam",
    "samenvatting",
    "plaats",
    "wijken",
    "periode",
    "lessen",
    "rollen",
    "nieuwe-stad-naam",
    "nieuwe-stad-provincie",
    "nieuwe-stad-samenvatting",
    "nieuwe-organisaties",
    *MARKDOWN_ANSWERS,
}


@dataclass
class Contribution:
    """What one filled-in form becomes: files under content/, where each came from, and what the
    reading found wrong (each under its form label)."""

    city: str
    slug: str
    name: str
    files: dict[str, dict] = field(default_factory=dict)  # path relative to content/ -> the entry's fields
    origin: dict[str, str] = field(default_factory=dict)  # same path -> 'practice' | 'city' | 'organisation' | 'source'
    problems: list[tuple[str, str]] = field(default_factory=list)
    unread: set[str] = field(default_factory=set)  # labels whose answer was left out: the validator's view of them is not news
    to_complete: dict[str, str] = field(default_factory=dict)  # path -> what an editor completes (sources nobody gave)
    stand_in: list[dict] = field(default_factory=list)  # citations used only to check a file that waits for its sources

    @property
    def practice_file(self) -> str:
        return f"cities/{self.city}/{self.slug}.yaml"

    def add(self, path: str, origin: str, data: dict) -> None:
        self.files[path] = data
        self.origin[path] = origin


def slugify(name: str, limit: int = 60) -> str:
    """A slug from a name, its letters folded as search folds them: "Skæve Huse" -> skaeve-huse,
    "Straße" -> strasse (what folding leaves outside ASCII is dropped)."""
    ascii_ = fold(name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    while len(slug) > limit and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:limit]


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Reader:
    """One pass over the form values; every mistake is noted with its field, none stops the pass."""

    def __init__(self, values: dict[str, str], catalog: Catalog, content_dir: Path):
        self.v = values
        self.catalog = catalog
        self.content_dir = content_dir
        self.problems: list[tuple[str, str]] = []
        self.unread: set[str] = set()
        self.suggestions = SUGGESTIONS
        self.new_organisations: dict[str, dict] = {}  # slug -> fields, from 'Nieuwe organisaties'
        self.new_sources: dict[str, dict] = {}  # slug -> fields, from 'Nieuwe bronnen'
        self.new_source_by_title: dict[str, str] = {}  # casefolded title -> slug
        self.unknown: set[tuple[str, str]] = set()  # (kind, answer) already reported as unknown

    def fail(self, field_id: str, message: str, unread: bool = True) -> None:
        self.problems.append((LABEL[field_id], message))
        if unread:
            self.unread.add(LABEL[field_id])

    def failed(self, *field_ids: str) -> bool:
        labels = {LABEL[f] for f in field_ids}
        return any(label in labels for label, _message in self.problems)

    def get(self, field_id: str) -> str:
        return self.v.get(field_id, "").strip()

    def suggestion(self, kind: str, text: str) -> str:
        self.suggestions -= 1
        return self.catalog.suggestion(kind, text) if self.suggestions >= 0 else ""

    # --- pick lists ------------------------------------------------------------------------

    def pick(self, field_id: str, kind: str, text: str) -> str | None:
        slug = self.catalog.lookup(kind, text)
        if slug is None and (kind, _folded(text)) in self.unknown:
            return None  # said once, under the field where it was first typed
        if slug is None:
            self.unknown.add((kind, _folded(text)))
            ct = KINDS[kind]
            if kind == "source":
                how = (
                    "Schrijf de korte naam of de titel van een bron uit de kennisbank (lijst: /achtergrond/bronnen/). "
                    "Staat de bron er niet in? Beschrijf haar als nieuwe bron bij 'Nieuwe bronnen' (titel; auteur "
                    "of uitgever; jaar; soort; webadres)."
                )
            elif kind == "organisation":
                how = (
                    "Kies een organisatie uit de lijst. Staat ze er niet in? Beschrijf haar als nieuwe organisatie "
                    "bij 'Nieuwe organisaties' (naam; soort; website; één zin over wat ze doet)."
                )
            elif kind == "city":
                how = f"Kies een stad uit de lijst. Staat ze er niet in? Kies '{NEW_CITY}'."
            else:
                how = f"Kies een {ct.singular} uit de lijst."
            self.fail(field_id, f"{ct.inflect('onbekend')} '{text[:80]}'.{self.suggestion(kind, text)} {how}")
        return slug

    def picks(self, field_id: str, kind: str) -> list[str]:
        """A multiple dropdown: an option text may hold a comma, so the longest known run of parts
        wins, but never a run longer than the most commas any option has (linear in the answer)."""
        parts, slugs, i = choices(self.get(field_id)), [], 0
        longest = self.catalog.commas.get(kind, 0) + 1
        while i < len(parts):
            for j in range(min(len(parts), i + longest), i, -1):
                slug = self.catalog.lookup(kind, ", ".join(parts[i:j]))
                if slug:
                    slugs.append(slug)
                    i = j
                    break
            else:
                self.pick(field_id, kind, parts[i])
                i += 1
        return list(dict.fromkeys(slugs))

    def vocabulary_choice(self, field_id: str, name: str, text: str, what: str = "") -> str | None:
        """A value of a vocabulary, by its key or its label; otherwise a message with the choices."""
        key = vocab_lookup(name, text)
        if key is None:
            shown = vocab_shown(name)
            called = {"status": "status", "actor_type": "soort", "source_kind": "soort"}.get(name, vocab(name).title.lower())
            self.fail(
                field_id,
                f"{what}onbekende {called} '{text[:40]}'."
                + vocab_suggestion(name, text)
                + " Kies uit: "
                + ", ".join(shown)
                + ".",
            )
        return key

    # --- single answers --------------------------------------------------------------------

    def year(self, field_id: str) -> int | None:
        """A year; from an answer like 'voorjaar 2019' the year is still read (to check the period)
        while the answer itself is reported."""
        answer = self.get(field_id)
        if not answer:
            return None
        if re.fullmatch(r"[0-9]{4}", answer):
            return int(answer)
        self.fail(
            field_id,
            f"'{answer[:20]}' is geen jaartal; schrijf alleen het jaar in vier cijfers, bijv. 2019"
            + (
                " (een toelichting zoals 'voorjaar' past bij 'Toelichting op de periode')."
                if field_id in ("beginjaar", "eindjaar")
                else "."
            ),
            unread=False,
        )
        found = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", answer[:100])
        return int(found[0]) if len(found) == 1 else None

    def slug_field(self, field_id: str, value: str) -> bool:
        if not valid_slug(value):
            self.fail(
                field_id,
                f"'{value[:SLUG_MAX]}' is geen geldige korte naam: gebruik kleine letters, cijfers en "
                f"koppeltekens, hoogstens {SLUG_MAX} tekens.",
            )
            return False
        return True

    def text_rules(self) -> None:
        """Every text rule each free-text answer breaks (the validator names only the first per field)."""
        for f in FORM:
            if f.id in TEXT_ANSWERS and self.get(f.id):
                for error in text_rules.common_problems(self.get(f.id), markdown=f.id in MARKDOWN_ANSWERS):
                    self.fail(f.id, error.message(), unread=False)

    # --- the parts of the form -------------------------------------------------------------

    def city(self) -> tuple[str, dict | None]:
        """The chosen city's slug, or the slug and fields of a new city."""
        new_fields = [f for f in FORM if f.target.startswith("city:")]
        if self.get("stad") != NEW_CITY and not (not self.get("stad") and self.get("nieuwe-stad-naam")):
            if self.get("stad") and any(self.get(f.id) for f in new_fields):
                self.fail(
                    "nieuwe-stad-naam",
                    "u koos een bestaande stad én vulde velden 'Nieuwe stad' in. Kies "
                    f"bij 'Stad' '{NEW_CITY}', of laat de velden 'Nieuwe stad' leeg.",
                )
            return (self.pick("stad", "city", self.get("stad")) or "") if self.get("stad") else "", None
        name = self.get("nieuwe-stad-naam")
        if not name:
            self.fail("nieuwe-stad-naam", "u koos 'Nieuwe stad'; vul de naam van de gemeente in.")
            return "", None
        known = self.catalog.lookup("city", name) or (slugify(name) if slugify(name) in self.catalog.entries["city"] else None)
        if known:
            self.fail(
                "nieuwe-stad-naam",
                f"'{name}' staat al in de lijst als '{self.catalog.shown('city', known)}': "
                "kies haar bij 'Stad' en laat de velden 'Nieuwe stad' leeg.",
            )
            return "", None
        for f in new_fields:
            if f.id not in ("nieuwe-stad-naam", "nieuwe-stad-perspectief", "nieuwe-stad-bronnen") and not self.get(f.id):
                self.fail(f.id, "nodig voor een nieuwe stad; vul het in.")
        perspectives = [vocab_lookup("perspective", p) for p in choices(self.get("nieuwe-stad-perspectief"))]
        if not perspectives or None in perspectives:
            self.fail(
                "nieuwe-stad-perspectief",
                "kies een of beide perspectieven: " + " of ".join(f"'{o}'" for o in vocab_options("perspective")) + ".",
            )
        return slugify(name), {
            "name": name,
            "province": self.get("nieuwe-stad-provincie"),
            "summary": self.get("nieuwe-stad-samenvatting"),
            "vision": self.get("nieuwe-stad-visie"),
            "perspectives": [p for p in perspectives if p],
        }

    def practice_slug(self, city: str, instrument: str | None) -> str:
        slug = (self.get("slug") or instrument or "").lower()
        slug_ok = self.slug_field("slug", slug) if self.get("slug") else bool(slug)
        if city and slug_ok and (self.content_dir / "cities" / city / f"{slug}.yaml").exists():
            self.fail(
                "slug",
                f"{city} heeft al een praktijk met de korte naam '{slug}'. Vul een andere korte naam "
                f"in, bijv. '{slug}-{datetime.date.today().year}'.",
            )
        return slug if slug_ok else "praktijk"

    def new_source_list(self) -> None:
        """'Nieuwe bronnen': one source per line, each a new file."""
        for line in lines_of(self.get("nieuwe-bronnen")):
            title, author, when, kind, url = ([p.strip() for p in line.split(";", 4)] + [""] * 5)[:5]
            if not (title and author and when and kind):
                self.fail(
                    "nieuwe-bronnen",
                    f"'{line[:80]}': schrijf 'titel; auteur of uitgever; jaar; soort; "
                    "webadres' (vier of vijf delen, gescheiden door puntkomma's).",
                )
                continue
            known = self.catalog.lookup("source", title)
            if known:
                self.fail("nieuwe-bronnen", f"'{title[:60]}' staat al in de kennisbank als '{known}': noem haar bij 'Bronnen'.")
                continue
            entry: dict = {"title": title, "author": author}
            year = re.fullmatch(r"(geraadpleegd\s+)?([0-9]{4})", when.lower())
            if year:
                entry["accessed" if year.group(1) else "year"] = int(year.group(2))
            else:
                self.fail(
                    "nieuwe-bronnen",
                    f"'{title[:60]}': '{when[:20]}' is geen jaar; schrijf bijv. 2023, of "
                    "'geraadpleegd 2026' als de bron geen jaar noemt.",
                )
            entry["kind"] = self.vocabulary_choice("nieuwe-bronnen", "source_kind", kind, f"'{title[:60]}': ")
            if url:
                entry["url"] = url
            key = slugify(f"{author} {year.group(2) if year else ''}")
            if key in self.catalog.entries["source"] or key in self.new_sources:
                key = slugify(f"{author} {title}")
            self.new_sources[key] = entry
            self.new_source_by_title[" ".join(title.split()).casefold()] = key

    def citation(self, field_id: str, line: str) -> dict | None:
        """One cited source: 'known source, section' or the title of a new source."""
        new = self.new_source_by_title.get(" ".join(line.split()).casefold())
        if new:
            return {"source": new}
        source, _, section = line.partition(",")
        new = self.new_source_by_title.get(" ".join(source.split()).casefold())
        if new:
            return {"source": new, **({"section": section.strip()} if section.strip() else {})}
        slug = self.pick(field_id, "source", source.strip())
        if slug:
            return {"source": slug, **({"section": section.strip()} if section.strip() else {})}
        return None

    def sources(self) -> list[dict]:
        """The practice's citations: the known sources with their section, then every new source."""
        citations = [c for c in (self.citation("bronnen", line) for line in lines_of(self.get("bronnen"))) if c]
        citations += [{"source": key} for key in self.new_sources if {"source": key} not in citations]
        if not citations and not self.failed("bronnen", "nieuwe-bronnen"):
            self.fail(
                "bronnen", "noem minstens één bron: bij 'Bronnen' (een bron die de kennisbank kent) of bij 'Nieuwe bronnen'."
            )
        return citations

    def organisations(self, city: str) -> dict[str, str]:
        """Organisation slug -> role (picked or new, each needs a role); the new ones in self.new_organisations."""
        picked = self.picks("organisaties", "organisation")
        for line in lines_of(self.get("nieuwe-organisaties")):
            name, kind, website, summary, source = ([p.strip() for p in line.split(";", 4)] + [""] * 5)[:5]
            if not (name and kind and summary):
                self.fail(
                    "nieuwe-organisaties",
                    f"'{line[:80]}': schrijf 'naam; soort; website (of leeg); één zin "
                    "over wat ze doet; bron (of leeg)' (vier of vijf delen, gescheiden door puntkomma's).",
                )
                continue
            known = self.catalog.lookup("organisation", name) or (
                slugify(name) if slugify(name) in self.catalog.entries["organisation"] else None
            )
            if known:
                self.fail(
                    "nieuwe-organisaties",
                    f"'{name}' staat al in de lijst als "
                    f"'{self.catalog.shown('organisation', known)}': kies haar bij 'Organisaties uit de lijst'.",
                )
                continue
            entry: dict[str, object] = {
                "name": name,
                "type": self.vocabulary_choice("nieuwe-organisaties", "actor_type", kind, f"'{name}': "),
                "cities": [city] if city else [],
                "summary": summary,
            }
            if website:
                entry["website"] = website
            cited = self.citation("nieuwe-organisaties", source) if source else None
            if cited:
                entry["sources"] = [cited]
            self.new_organisations[slugify(name)] = entry
        roles: dict[str, str] = {}
        for line in lines_of(self.get("rollen")):
            org, sep, role = line.partition(":")
            if not sep or not role.strip():
                self.fail("rollen", f"'{line[:80]}' heeft geen rol: schrijf 'organisatie: rol'.")
                continue
            key = self.organisation("rollen", org.strip())
            if key:
                roles[key] = role.strip()
        for key in [*picked, *self.new_organisations]:
            if key not in roles and self.get("rollen"):
                name = (
                    self.new_organisations[key]["name"]
                    if key in self.new_organisations
                    else self.catalog.entries["organisation"][key][0]
                )
                self.fail("rollen", f"geef ook de rol van '{name}': een regel '{name}: rol'.")
        return roles

    def organisation(self, field_id: str, text: str) -> str | None:
        """A known organisation, or one described under 'Nieuwe organisaties'."""
        if slugify(text) in self.new_organisations:
            return slugify(text)
        return self.pick(field_id, "organisation", text)

    def results(self, citations: list[dict]) -> list[dict]:
        """The typed results: per slot its text, a value for each vocabulary and its source."""
        found = []
        for slot in range(1, RESULT_SLOTS + 1):
            fields = result_fields(slot)
            if not any(self.get(f.id) for f in fields):
                continue
            result: dict[str, object] = {}
            for f in fields:
                name = f.target.rsplit(".", 1)[1]
                answer = self.get(f.id)
                required = Result.model_fields[name].is_required()
                value: object
                if not answer:
                    if name == "sources" and required and len(citations) == 1:
                        result["sources"] = citations
                    elif name == "sources" and required:
                        self.fail(f.id, "noem de bron van dit resultaat: een van de bronnen bij 'Bronnen' of 'Nieuwe bronnen'.")
                    elif required:
                        self.fail(
                            f.id,
                            f"nodig bij '{LABEL[fields[0].id]}'; "
                            + ("vul het in." if f.kind != "dropdown" else "kies een waarde, zoals de bron het zegt."),
                        )
                    continue
                if name == "study":  # its design; the study itself comes from the source (studies())
                    design = self.vocabulary_choice(f.id, f.options, answer)
                    if design == NO_STUDY:
                        self.fail(
                            f.id,
                            "'Geen onderzoek' is geen soort onderzoek; kies hoe het resultaat is "
                            "onderzocht, of laat het resultaat weg.",
                        )
                        design = None
                    value = {"design": design} if design else None
                elif f.kind == "dropdown" and f.options in vocabularies():
                    value = self.vocabulary_choice(f.id, f.options, answer)
                elif f.kind == "dropdown" and f.multiple:
                    value = self.picks(f.id, f.options) or None
                elif f.kind == "dropdown":
                    value = self.pick(f.id, f.options, answer)
                elif name == "sources":
                    cited = self.citation(f.id, answer)
                    value = [cited] if cited else None
                elif name == "year":
                    value = self.year(f.id)
                else:
                    value = answer
                if value is not None:
                    result[name] = value
            found.append(result)
        return found

    def studies(self, results: list[dict], instrument: str | None, place: str | None) -> dict[str, dict]:
        """Each result's study: the study the knowledge base already has for its source and design,
        else a new one named after the source (an editor completes its description). Returns the new ones."""
        import yaml

        known: dict[tuple[str | None, str | None], str] = {}  # (source, design) -> study
        for path in sorted((self.content_dir / "studies").glob("*.yaml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError):
                continue
            for c in data.get("sources") or []:
                if isinstance(c, dict):
                    known.setdefault((c.get("source"), data.get("design")), path.stem)
        new: dict[str, dict] = {}
        for res in results:
            asked = res.pop("study", None)
            if not asked or not res.get("sources"):
                continue
            source, design = res["sources"][0]["source"], asked["design"]
            key = known.get((source, design))
            if key is None:
                taken = (self.content_dir / "studies" / f"{source}.yaml").exists() or source in new
                key = f"{source}-{design}" if taken else source
                title = (self.new_sources.get(source) or {}).get("title") or self.catalog.entries["source"].get(
                    source, (source,)
                )[0]
                new[key] = {
                    "name": title,
                    "design": design,
                    "summary": f"Het onderzoek uit de bron '{title}', aangedragen met het formulier.",
                    **({"instruments": list(res.get("instruments") or [instrument])} if instrument else {}),
                    **({"places": [place]} if place else {}),
                    "sources": [dict(res["sources"][0])],
                }
                known[(source, design)] = key
            res["study"] = key
        return new

    def contact(self) -> dict | None:
        if not self.get("contact-organisatie"):
            if self.get("contact-email"):
                self.fail("contact-organisatie", "bij een contactadres hoort de organisatie die vragen beantwoordt; vul haar in.")
            return None
        org = self.organisation("contact-organisatie", self.get("contact-organisatie"))
        email = self.get("contact-email")
        if email:
            try:
                text_rules.contact_email(email)
            except Exception as error:  # a PydanticCustomError with the Dutch message
                self.fail("contact-email", error.message() if hasattr(error, "message") else str(error))
                email = ""
        if not org:
            return None
        return {"organisation": org, **({"email": email} if email else {})}


def practice_from_issue(body: str, content_dir: Path, catalog: Catalog | None = None) -> Contribution:
    """Issue body -> the content files it describes, as far as they can be read, with every
    mistake the reading found. Raises IssueFormError only when the text is no filled-in form."""
    values, retired = parse_form(body)
    r = _Reader(values, catalog or content_catalog(content_dir), content_dir)
    r.problems += retired
    for f in FORM:
        if f.required and not r.get(f.id):
            r.fail(f.id, "dit verplichte veld is leeg of ontbreekt; vul het in.")
    r.text_rules()
    city, new_city = r.city()
    instrument = r.pick("instrument", "instrument", r.get("instrument")) if r.get("instrument") else None
    slug = r.practice_slug(city, instrument)
    r.new_source_list()
    citations = r.sources()
    participants = r.organisations(city)
    status = r.vocabulary_choice("status", "status", r.get("status")) if r.get("status") else None
    period: dict = {key: year for key, year in (("start", r.year("beginjaar")), ("end", r.year("eindjaar"))) if year}
    if r.get("periode"):
        period["note"] = r.get("periode")
    results = r.results(citations)
    new_studies = r.studies(
        results, instrument, (new_city or {}).get("name") or (r.catalog.entries["city"].get(city, (None,))[0] if city else None)
    )
    barriers = r.picks("belemmeringen", "barrier")
    contact = r.contact()

    result = Contribution(city=city or "stad", slug=slug, name=r.get("naam"), stand_in=citations[:1])
    if new_city:
        city_sources = [
            c for c in (r.citation("nieuwe-stad-bronnen", line) for line in lines_of(r.get("nieuwe-stad-bronnen"))) if c
        ]
        new_city.update(organisations=list(participants), **({"sources": city_sources} if city_sources else {}))
        result.add(f"cities/{city}.yaml", "city", new_city)
        if not city_sources and not r.failed("nieuwe-stad-bronnen"):
            result.to_complete[f"cities/{city}.yaml"] = f"de bronnen van de nieuwe stad {new_city['name']}"
    for key, entry in r.new_organisations.items():
        result.add(f"organisations/{key}.yaml", "organisation", entry)
        if "sources" not in entry:
            result.to_complete[f"organisations/{key}.yaml"] = f"de bron van de nieuwe organisatie {entry['name']}"
    for key, entry in r.new_sources.items():
        result.add(f"sources/{key}.yaml", "source", entry)
    for key, entry in new_studies.items():
        result.add(f"studies/{key}.yaml", "study", entry)
    data: dict = {"name": r.get("naam"), "instrument": instrument, "summary": r.get("samenvatting"), "location": r.get("plaats")}
    if r.get("wijken"):
        data["neighbourhoods"] = lines_of(r.get("wijken"))
    data["organisations"] = [{"organisation": k, "role": role} for k, role in participants.items()]
    data.update(status=status, period=period, description=r.get("beschrijving"))
    if results:
        data["results"] = results
    if barriers:
        data["barriers"] = barriers
    data["lessons"] = lines_of(r.get("lessen"))
    if contact:
        data["contact"] = contact
    data["sources"] = citations
    result.add(result.practice_file, "practice", data)
    order = [f.label for f in FORM]
    result.problems = sorted(r.problems, key=lambda p: order.index(p[0]) if p[0] in order else -1)
    result.unread = r.unread
    return result
