"""Stage 2: resolve every reference and compute backlinks, before anything is rendered.

References are typed (a `RefTo("instrument")` field only accepts an instrument); the
graph checks them all, including links inside Markdown like `(instrument:wbmgp)`, and
reports every unknown one with a did-you-mean. Then it derives what no contributor
types twice: where an instrument is applied, which barriers it meets, which cities an
organisation works in, and so on. Those derived lists live here, never in the models.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


from generator.content.errors import Problem, Problems, did_you_mean, format_path
from generator.content.modelfields import walk
from generator.content.records import Content, Loc, Record
from generator.content.models import Citation, Point, RefTo
from generator.kinds import KINDS, SCHEMES, Inverse, Kind
from generator.content.text import INTERNAL_LINK
from generator.content.urls import display_name, sort_name

Node = tuple[str, str]  # (kind, key)
TEXT = "#tekst"  # the last part of the place of a link inside Markdown text


@dataclass
class Graph:
    content: Content
    out: dict[Node, list[tuple[tuple, Node]]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[Node, list[tuple[tuple, Node]]] = field(default_factory=lambda: defaultdict(list))
    _children: dict[Node, list[Node]] = field(default_factory=dict)  # parent -> the entries in its folder
    _relations: dict[tuple[Node, str], frozenset[Node]] = field(default_factory=dict)  # computed relations
    # name -> the kinds whose fields are declared to list their entries under that name at the other end
    _inverses: dict[str, list[tuple[Kind, Inverse]]] = field(default_factory=dict)
    _names: list[str] = field(default_factory=list)  # every name a relation can be asked by
    memo: dict[str, object] = field(default_factory=dict)  # what a stage computes from the graph once (evidence findings)

    def __post_init__(self) -> None:
        for kind in KINDS.values():
            for inverse in kind.inverses:
                self._inverses.setdefault(inverse.name, []).append((kind, inverse))
            if kind.parent:
                for rec in self.content.of(kind.kind):
                    self._children.setdefault((kind.parent, rec.key.split("/", 1)[0]), []).append((kind.kind, rec.key))
        derived = {d.name for k in KINDS.values() for d in k.derived}
        self._names = sorted(set(self._inverses) | derived | {k.parent for k in KINDS.values() if k.parent})

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

    # --- relations: declared by the kinds (generator/kinds/), answered here for every kind ------
    def related(self, node: Node, name: str) -> list[Record]:
        """The entries `node` lists under `name`: every reference field of its kind called `name`,
        every other kind's field declared `Inverse(field, name)` that points at it, and its kind's
        `derived(name, ...)` paths; in the order of the entries' kind (by name, unless it declares one)."""
        found = self.relation(node, name)
        recs = [self.record(n) for n in found]
        kinds_found = {n[0] for n in found}
        order = KINDS[next(iter(kinds_found))].order if len(kinds_found) == 1 else None
        if order is not None:
            return sorted(recs, key=order)
        return sorted(recs, key=lambda r: (sort_name(r), r.key))

    def relation(self, node: Node, name: str) -> frozenset[Node]:
        """The nodes of `related(node, name)`, unsorted (computed once per graph)."""
        cached = self._relations.get((node, name))
        if cached is not None:
            return cached
        kind = KINDS[node[0]]
        found: set[Node] = set()
        if kind.parent == name:  # the folder it lives in: a practice's city
            found.add((name, node[1].split("/", 1)[0]))
        found |= {dst for loc, dst in self.out.get(node, []) if loc[0] == name and loc[-1] != TEXT}
        for other, inverse in self._inverses.get(name, ()):
            if inverse.field == other.parent:  # the entries of that kind in this one's folder
                found.update(child for child in self._children.get(node, ()) if child[0] == other.kind)
            else:
                found |= {
                    src
                    for loc, src in self.incoming.get(node, [])
                    if src[0] == other.kind and loc[0] == inverse.field and loc[-1] != TEXT
                }
        for d in kind.derived:
            if d.name == name:
                for path in d.paths:
                    frontier: set[Node] = {node}
                    for step in path:
                        frontier = {n for f in frontier for n in self.relation(f, step)}
                    found |= frontier
        result = self._relations[(node, name)] = frozenset(found)
        return result

    def practices_of(self, node: Node) -> list[Record]:
        return self.related(node, "practices")

    def city_of(self, practice: Record) -> Record:
        return self.record(("city", practice.key.split("/", 1)[0]))

    def cities_of(self, node: Node) -> list[Record]:
        return self.related(node, "cities")

    def instruments_of(self, node: Node) -> list[Record]:
        return self.related(node, "instruments")

    def barriers_of(self, node: Node) -> list[Record]:
        return self.related(node, "barriers")

    def organisations_of(self, node: Node) -> list[Record]:
        return self.related(node, "organisations")

    def recommendations_of(self, node: Node) -> list[Record]:
        return self.related(node, "recommendations")

    def citation_label(self, c: Citation, note: bool = True) -> str:
        """'Platform31 (2018), §6.1' (and the citation's note): how pages and the export name a citation."""
        source = self.record(("source", c.source)).model
        return ", ".join(x for x in (f"{source.author} ({source.when})", c.section, c.note if note else None) if x)

    def citing(self, source_key: str) -> list[Record]:
        return self.by_name(src for loc, src in self.incoming.get(("source", source_key), []))

    def neighbours(self, node: Node) -> set[Node]:
        """Every entry a page already links to, declared or derived (for 'related' to skip)."""
        found = {dst for _loc, dst in self.out.get(node, [])} | {src for _loc, src in self.incoming.get(node, [])}
        for name in self._names:
            found |= self.relation(node, name)
        found.discard(node)
        return found

    def mentioned_by(self, node: Node) -> list[Record]:
        """Entries whose Markdown text links to this entry."""
        return self.by_name(src for loc, src in self.incoming.get(node, []) if loc and loc[-1] == TEXT)


def build(content: Content, problems: Problems) -> Graph:
    graph = Graph(content)
    existing = {kind: set(recs) for kind, recs in content.records.items()}

    def resolve(rec: Record, loc: Loc, kind: str, key: str, in_text: str = "") -> None:
        ct = KINDS[kind]
        if key in existing[kind]:
            edge = loc + (TEXT,) if in_text else loc
            graph.out[(rec.type.kind, rec.key)].append((edge, (kind, key)))
            graph.incoming[(kind, key)].append((edge, (rec.type.kind, rec.key)))
            return
        if (kind, key) in graph.content.failed:
            return  # the target file has its own errors; don't report the reference too
        others = [KINDS[k].singular for k, keys in existing.items() if k != kind and key in keys]
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

    for kind, declared in KINDS.items():
        parent = KINDS[declared.parent] if declared.parent else None  # the kind whose folder holds its files
        for rec in content.of(kind):
            folder = rec.key.split("/", 1)[0]
            if parent and folder not in existing[parent.kind] and (parent.kind, folder) not in content.failed:
                hint = did_you_mean(folder, existing[parent.kind])
                problems.add(
                    rec.problem(
                        (),
                        f"de map content/{parent.folder}/{folder}/ hoort bij geen {parent.singular}.{hint or ''} Een "
                        f"{declared.singular} staat in de map van {'haar' if declared.de_word else 'zijn'} "
                        f"{parent.singular}; maak content/{parent.folder}/{folder}.yaml aan of verplaats het bestand.",
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
    """Two entries of a kind that are one: the same name, or what the kind declares as the same
    (`Kind.same`: a practice is the same city, instrument and place)."""
    for kind, declared in KINDS.items():
        seen: dict[str, Record] = {}
        for rec in content.of(kind):
            if declared.same is not None:
                ident = "|".join(_normal(part) for part in declared.same.parts(rec))
                field_name, label = (
                    declared.same.field,
                    f"dezelfde {declared.singular} ({declared.same.what}) staat al in {{other}}",
                )
            else:
                name = display_name(rec)
                ident, field_name, label = _normal(name), "name", f"de naam '{name}' wordt al gebruikt door {{other}}"
            if ident in seen:
                problems.add(
                    rec.problem(
                        (field_name,),
                        label.format(other=seen[ident].file)
                        + ". Voeg de twee samen of maak het verschil duidelijk in de naam of plaats.",
                    )
                )
            else:
                seen[ident] = rec
