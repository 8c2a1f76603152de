"""Stage 2: resolve every reference and compute backlinks, before anything is rendered.

References are typed (a `RefTo("instrument")` field only accepts an instrument); the
graph checks them all, including links inside Markdown like `(instrument:wbmgp)`, and
reports every unknown one with a did-you-mean. Then it derives what no contributor
types twice: where an instrument is applied, which barriers it meets, which cities an
organisation works in, and so on. Those derived lists live here, never in the models.
"""

from __future__ import annotations

import re
import typing
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from dataclasses import dataclass, field
from types import NoneType, UnionType

from pydantic import BaseModel

from generator.content.errors import Problem, Problems, did_you_mean, format_path
from generator.content.loader import Content, Record
from generator.content.models import CONTENT_TYPES, SCHEMES, Citation, MarkdownField, Point, RefTo
from generator.content.urls import display_name, sort_name

Node = tuple[str, str]  # (kind, key)


def walk(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, Any, Any]]:
    """Yield (loc, marker, value) for every reference and Markdown field of a model."""
    for name, info in type(model).model_fields.items():
        yield from _walk(info.annotation, info.metadata, getattr(model, name), loc + (name,))


def _walk(tp, metadata, value, loc):
    if value is None:
        return
    for marker in metadata:
        if isinstance(marker, (RefTo, MarkdownField)):
            yield loc, marker, value
            return
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        args = typing.get_args(tp)
        yield from _walk(args[0], args[1:], value, loc)
    elif origin in (list, tuple):
        (item_tp,) = typing.get_args(tp)[:1]
        for i, item in enumerate(value):
            yield from _walk(item_tp, (), item, loc + (i,))
    elif origin in (typing.Union, UnionType):
        for arg in typing.get_args(tp):
            if arg is not NoneType:
                yield from _walk(arg, (), value, loc)
                return
    elif isinstance(value, BaseModel):
        yield from walk(value, loc)


@dataclass
class Graph:
    content: Content
    out: dict[Node, list[tuple[tuple, Node]]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[Node, list[tuple[tuple, Node]]] = field(default_factory=lambda: defaultdict(list))

    # --- lookup ---------------------------------------------------------------------------
    def record(self, node: Node) -> Record:
        return self.content.records[node[0]][node[1]]

    def of(self, kind: str) -> list[Record]:
        return self.content.of(kind)

    def by_name(self, nodes: Iterable[Node]) -> list[Record]:
        """The records of these nodes, each once, sorted by name (then key): the order of every list on the site."""
        recs = [self.record(n) for n in set(nodes)]
        return sorted(recs, key=lambda r: (sort_name(r), r.key))

    def referrers(self, node: Node, kind: str, field_name: str | None = None) -> set[Node]:
        return {
            src for loc, src in self.incoming.get(node, []) if src[0] == kind and (field_name is None or loc[0] == field_name)
        }

    def targets(self, node: Node, kind: str, field_name: str | None = None) -> set[Node]:
        return {dst for loc, dst in self.out.get(node, []) if dst[0] == kind and (field_name is None or loc[0] == field_name)}

    # --- derived relations (backlinks both ways) ------------------------------------------
    def practices_of(self, node: Node) -> list[Record]:
        kind, key = node
        if kind == "city":
            by_city = self.__dict__.get("_by_city")
            if by_city is None:
                by_city = {}
                for p in self.of("practice"):
                    by_city.setdefault(p.city, []).append(("practice", p.key))
                self.__dict__["_by_city"] = by_city
            return self.by_name(by_city.get(key, []))
        if kind == "instrument":
            return self.by_name(
                self.referrers(node, "practice", "instrument") | self.referrers(node, "practice", "also_instruments")
            )
        if kind == "barrier":
            return self.by_name(self.referrers(node, "practice", "barriers"))
        if kind == "organisation":
            return self.by_name(self.referrers(node, "practice", "organisations"))
        return []

    def city_of(self, practice: Record) -> Record:
        return self.record(("city", practice.key.split("/", 1)[0]))

    def cities_of(self, node: Node) -> list[Record]:
        found: set[Node] = {("city", p.city) for p in self.practices_of(node) if p.city}
        if node[0] in ("barrier", "organisation"):
            found |= self.targets(node, "city", "cities")
        return self.by_name(found)

    def instruments_of(self, node: Node) -> list[Record]:
        found = {("instrument", p.model.instrument) for p in self.practices_of(node)}
        if node[0] == "barrier":
            found |= self.targets(node, "instrument", "instruments")
        if node[0] == "practice":
            found = self.targets(node, "instrument")
        if node[0] == "instrument":  # related, declared on either side
            found = self.targets(node, "instrument", "related") | self.referrers(node, "instrument", "related")
        if node[0] == "recommendation":
            found = self.targets(node, "instrument", "instruments")
        return self.by_name(found)

    def barriers_of(self, node: Node) -> list[Record]:
        found: set[Node] = set()
        if node[0] == "instrument":
            found = self.referrers(node, "barrier", "instruments")
            for p in self.practices_of(node):
                found |= self.targets(("practice", p.key), "barrier", "barriers")
        elif node[0] == "city":
            found = self.referrers(node, "barrier", "cities")
            for p in self.practices_of(node):
                found |= self.targets(("practice", p.key), "barrier", "barriers")
        elif node[0] in ("practice", "recommendation"):
            found = self.targets(node, "barrier", "barriers")
        return self.by_name(found)

    def organisations_of(self, node: Node) -> list[Record]:
        if node[0] == "practice":
            return self.by_name(self.targets(node, "organisation", "organisations"))
        if node[0] == "city":
            found = self.targets(node, "organisation", "organisations") | self.referrers(node, "organisation", "cities")
            for p in self.practices_of(node):
                found |= self.targets(("practice", p.key), "organisation", "organisations")
            return self.by_name(found)
        return []

    def recommendations_of(self, node: Node) -> list[Record]:
        recs = [self.record(n) for n in self.referrers(node, "recommendation")]
        return sorted(recs, key=lambda r: r.model.number)

    def citation_label(self, c: Citation, note: bool = True) -> str:
        """'Platform31 (2018), §6.1' (and the citation's note): how pages and the export name a citation."""
        source = self.record(("source", c.source)).model
        return ", ".join(x for x in (f"{source.author} ({source.when})", c.section, c.note if note else None) if x)

    def citing(self, source_key: str) -> list[Record]:
        return self.by_name(src for loc, src in self.incoming.get(("source", source_key), []))

    def neighbours(self, node: Node) -> set[Node]:
        """Every entry a page already links to, declared or derived (for 'related' to skip)."""
        found = {dst for _loc, dst in self.out.get(node, [])} | {src for _loc, src in self.incoming.get(node, [])}
        for derive in (self.practices_of, self.cities_of, self.instruments_of, self.barriers_of, self.organisations_of):
            found |= {(r.type.kind, r.key) for r in derive(node)}
        if node[0] == "practice":
            found.add(("city", node[1].split("/")[0]))
        found.discard(node)
        return found

    def mentioned_by(self, node: Node) -> list[Record]:
        """Entries whose Markdown text links to this entry."""
        return self.by_name(src for loc, src in self.incoming.get(node, []) if loc and loc[-1] == "#tekst")


INTERNAL_LINK = re.compile(r"\]\(\s*([a-z]+):([a-z0-9][a-z0-9/-]*)(#[a-z0-9-]+)?\s*\)")


def build(content: Content, problems: Problems) -> Graph:
    graph = Graph(content)
    existing = {kind: set(recs) for kind, recs in content.records.items()}

    def resolve(rec: Record, loc: tuple, kind: str, key: str, in_text: str = "") -> None:
        ct = CONTENT_TYPES[kind]
        if key in existing[kind]:
            edge = loc + ("#tekst",) if in_text else loc
            graph.out[(rec.type.kind, rec.key)].append((edge, (kind, key)))
            graph.incoming[(kind, key)].append((edge, (rec.type.kind, rec.key)))
            return
        if (kind, key) in graph.content.failed:
            return  # the target file has its own errors; don't report the reference too
        others = [CONTENT_TYPES[k].singular for k, keys in existing.items() if k != kind and key in keys]
        if others:
            folder = ct.file_for("…").rsplit("/", 1)[0]
            msg = f"'{key}' is een {others[0]}, geen {ct.singular}. Hier hoort een {ct.singular}; kies een bestand uit {folder}/."
        else:
            hint = did_you_mean(key, existing[kind])
            create = (
                f" Of is het nieuw? Maak dan {ct.file_for(key)} aan."
                if hint
                else f" Maak eerst {ct.file_for(key)} aan of kies een bestaande."
            )
            msg = f"{ct.inflect('onbekend')} '{key}'.{hint}{create}"
        if in_text:
            line, col = rec.find(in_text, loc)
            problems.add(Problem(rec.file, line, col, format_path(loc), "link in de tekst: " + msg))
        else:
            problems.add(rec.problem(loc, msg))

    for kind in CONTENT_TYPES:
        for rec in content.of(kind):
            if kind == "practice" and rec.city not in existing["city"] and ("city", rec.city) not in content.failed:
                hint = did_you_mean(rec.city, existing["city"])
                problems.add(
                    rec.problem(
                        (),
                        f"de map content/cities/{rec.city}/ hoort bij geen stad.{hint or ''} Een praktijk "
                        f"staat in de map van haar stad; maak content/cities/{rec.city}.yaml aan of verplaats "
                        "het bestand.",
                    )
                )
            for loc, marker, value in walk(rec.model):
                if isinstance(marker, RefTo):
                    resolve(rec, loc, marker.kind, value)
                    continue
                for scheme, target, _anchor in INTERNAL_LINK.findall(value):
                    if scheme not in SCHEMES:
                        line, col = rec.find(f"({scheme}:", loc)
                        problems.add(
                            Problem(
                                rec.file,
                                line,
                                col,
                                format_path(loc),
                                f"onbekende soort link '{scheme}:'.{did_you_mean(scheme, SCHEMES)} Kies uit: "
                                f"{', '.join(sorted(SCHEMES))}.",
                            )
                        )
                        continue
                    resolve(rec, loc, SCHEMES[scheme], target, f"({scheme}:{target}")
            _check_citations(rec, content, problems)
    _check_duplicates(content, problems)
    return graph


def _check_citations(rec: Record, content: Content, problems: Problems) -> None:
    for loc, marker, value in walk(rec.model):
        if isinstance(marker, RefTo) and marker.kind == "source" and loc[-1] == "source":
            source = content.records["source"].get(value)
            citation = _get(rec.model, loc[:-1])
            if source and source.model.cite_by_section and not citation.section:
                problems.add(
                    rec.problem(
                        loc,
                        f"bij de bron '{value}' hoort een hoofdstuk of paragraaf. Voeg 'section: \"§6.2\"' "
                        "(of het juiste hoofdstuk) toe.",
                    )
                )
            elif source and source.model.sections and citation.section and citation.section not in source.model.sections:
                problems.add(
                    rec.problem(loc[:-1] + ("section",), _unknown_section(value, citation.section, source.model.sections))
                )
    # A point 'uit het rapport' names sections the report has: the report is the source the point
    # cites, or else the source cited by section (cite_by_section) in the entry's own sources.
    own = [c.source for c in getattr(rec.model, "sources", None) or []]
    for name in ("success_factors", "risks", "lessons"):
        for i, point in enumerate(getattr(rec.model, name, None) or []):
            if not isinstance(point, Point) or point.basis != "rapport":
                continue
            keys = dict.fromkeys([c.source for c in point.sources] or own)
            found = [content.records["source"].get(key) for key in keys]
            reports = [s for s in found if s and s.model.cite_by_section and s.model.sections]
            if not reports:
                continue
            sections = [x for s in reports for x in s.model.sections]
            for section in point.sections():
                if section not in sections:
                    problems.add(
                        rec.problem(
                            (name, i, "text"),
                            "een punt 'uit het rapport': " + _unknown_section(reports[0].key, section, sections),
                        )
                    )


def _unknown_section(source: str, section: str, sections: list[str]) -> str:
    """A citation names a chapter or section its source does not have."""
    return (
        f"de bron '{source}' heeft geen hoofdstuk of paragraaf '{section}'.{did_you_mean(section, sections)} "
        f"Kies uit: {', '.join(sections)}."
    )


def _get(model, loc):
    for part in loc:
        model = model[part] if isinstance(part, int) else getattr(model, part)
    return model


def _normal(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.casefold()).strip()


def _check_duplicates(content: Content, problems: Problems) -> None:
    for kind in CONTENT_TYPES:
        seen: dict[str, Record] = {}
        for rec in content.of(kind):
            m = rec.model
            name = display_name(rec)
            if kind == "practice":
                ident = f"{rec.city}|{m.instrument}|{_normal(m.location)}"
                label = "dezelfde praktijk (stad, instrument en plaats) staat al in {other}"
            else:
                ident = _normal(name)
                label = f"de naam '{name}' wordt al gebruikt door {{other}}"
            if ident in seen:
                problems.add(
                    rec.problem(
                        ("name",) if kind != "practice" else ("location",),
                        label.format(other=seen[ident].file)
                        + ". Voeg de twee samen of maak het verschil duidelijk in de naam of plaats.",
                    )
                )
            else:
                seen[ident] = rec
