"""The "Zie ook" block: up to five related entries per page, the graph first.

Every instrument, practice, barrier and city is *about* a few instruments, barriers and
cities (its ties):

    practice     its instrument and `also_instruments`, its barriers, its city
    instrument   itself, and the barriers it meets (named by the barrier or by a practice)
    barrier      itself, the instruments it hits and the cities where it plays
    city         itself, the instruments applied there and the barriers met there

Two entries are related when they share ties. A candidate's score is the sum of the
weights of the ties it shares with the page: an instrument tie counts 4, a barrier tie 2,
a city tie 1, so one shared instrument outweighs a shared barrier plus the same city.
Equal scores are ordered by the number of shared instrument ties, then barrier ties, then
by id, so the result is the same on every build.

Which kinds a page may suggest: its own kind and practices, plus instruments on a practice
page (an instrument that meets the practice's barrier). A city is not suggested on a
practice page, nor a barrier on an instrument page: such pages bundle many ties and would
crowd out the specific practices.

Entries the page already links to (`Graph.neighbours`) are never suggested. The places the
graph leaves open (a page with few or no ties: background pages, organisations, terms) are
filled with the text-similarity results of `engine.related_from_documents`, which skip the
linked entries and the graph's own picks.

Cost: ties are grouped (one list per instrument, barrier and city, sorted by id) and each
group contributes at most `GROUP_CAP` members to a page: the members nearest the page in
the group's id order. No loop runs over all pairs of entries, so the work grows with the
number of entries times their ties, not with its square.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from .graph import Graph, Node

TOP = 5
WEIGHTS = {"instrument": 4, "barrier": 2, "city": 1}
GROUP_CAP = 50  # members one tie (one instrument, barrier or city) offers one page
SUGGESTS = {
    "practice": ("practice", "instrument"),
    "instrument": ("instrument", "practice"),
    "barrier": ("barrier", "practice"),
    "city": ("city", "practice"),
}


def ties(g: Graph) -> dict[Node, set[Node]]:
    """The instruments, barriers and cities each entry is about (see the module docstring)."""
    out: dict[Node, set[Node]] = {}
    for rec in g.of("practice"):
        m = rec.model
        found = {("instrument", m.instrument), ("city", rec.city)}
        found |= {("instrument", i) for i in m.also_instruments}
        found |= {("barrier", b) for b in m.barriers}
        out[("practice", rec.key)] = found
    for rec in g.of("instrument"):
        node = ("instrument", rec.key)
        out[node] = {node} | {("barrier", b.key) for b in g.barriers_of(node)}
    for rec in g.of("barrier"):
        node = ("barrier", rec.key)
        out[node] = ({node} | {("instrument", i.key) for i in g.instruments_of(node)}
                     | {("city", c.key) for c in g.cities_of(node)})
    for rec in g.of("city"):
        node = ("city", rec.key)
        practices = g.practices_of(node)
        out[node] = ({node} | {("instrument", p.model.instrument) for p in practices}
                     | {("barrier", b.key) for b in g.barriers_of(node)})
    return out


def _nearest(group: list[Node], at: int):
    """The members of a group outward from position `at`: at+1, at-1, at+2, at-2, ..."""
    for step in range(1, len(group)):
        if at + step < len(group):
            yield group[at + step]
        if at - step >= 0:
            yield group[at - step]
        if at + step >= len(group) and at - step < 0:
            return


def from_graph(g: Graph, exclude: dict[Node, set[Node]], top: int = TOP) -> dict[Node, list[Node]]:
    """Up to `top` entries per page that share ties with it, strongest first."""
    about = ties(g)
    groups: dict[Node, list[Node]] = defaultdict(list)
    for node in sorted(about):
        for tie in about[node]:
            groups[tie].append(node)
    position = {tie: {n: i for i, n in enumerate(members)} for tie, members in groups.items()}
    out: dict[Node, list[Node]] = {}
    for node, node_ties in about.items():
        allowed = SUGGESTS[node[0]]
        skip = exclude.get(node, set())
        shared: dict[Node, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # score, instrument, barrier, city
        for tie in sorted(node_ties):
            taken = 0
            for other in _nearest(groups[tie], position[tie][node]):
                if other[0] not in allowed or other in skip:
                    continue
                s = shared[other]
                s[0] += WEIGHTS[tie[0]]
                s[1 + ("instrument", "barrier", "city").index(tie[0])] += 1
                taken += 1
                if taken >= GROUP_CAP:
                    break
        best = heapq.nsmallest(top, shared.items(), key=lambda kv: (-kv[1][0], -kv[1][1], -kv[1][2], kv[0]))
        out[node] = [other for other, _s in best]
    return out


def related(g: Graph, docs: list, top: int = TOP) -> dict[Node, list[Node]]:
    """Up to `top` related entries for every document's page: graph picks, then text similarity."""
    from .search import engine

    nodes = [tuple(d.id.split(":", 1)) for d in docs]
    exclude = {node: g.neighbours(node) for node in nodes}
    picks = from_graph(g, exclude, top)
    text_exclude = {f"{k}:{v}": {f"{a}:{b}" for a, b in exclude[(k, v)] | set(picks.get((k, v), ()))}
                    for k, v in nodes}
    text = engine.related_from_documents(docs, text_exclude, top=top)
    out = {}
    for node in nodes:
        chosen = list(picks.get(node, ()))
        chosen += [tuple(i.split(":", 1)) for i in text.get(f"{node[0]}:{node[1]}", ())][:top - len(chosen)]
        out[node] = chosen
    return out
