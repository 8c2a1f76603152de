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
entries of the page's own kind before others, then by id, so the result is the same on
every build.

Which kinds a page may suggest: its own kind and practices, plus instruments on a practice
page (an instrument that meets the practice's barrier). A city is not suggested on a
practice page, nor a barrier on an instrument page: such pages bundle many ties and would
crowd out the specific practices.

Entries the page already links to (`Graph.neighbours`) are never suggested. The places the
graph leaves open (a page with few or no ties: background pages, organisations, terms) are
filled with the text-similarity results of `related_from_documents`, which skip the
linked entries and the graph's own picks.

Cost: ties are grouped (one list per instrument, barrier and city, sorted by id) and each
group contributes at most `GROUP_CAP` members to a page: the members nearest the page in
the group's id order. No loop runs over all pairs of entries, so the work grows with the
number of entries times their ties, not with its square.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import Counter, defaultdict

from generator.graph.graph import Graph, Node
from generator.kinds import kinds
from generator.search import query
from generator.search.documents import Document

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
        out[node] = (
            {node} | {("instrument", i.key) for i in g.instruments_of(node)} | {("city", c.key) for c in g.cities_of(node)}
        )
    for rec in g.of("city"):
        node = ("city", rec.key)
        practices = g.practices_of(node)
        out[node] = (
            {node} | {("instrument", p.model.instrument) for p in practices} | {("barrier", b.key) for b in g.barriers_of(node)}
        )
    return out


def _window(group: list[Node], node: Node) -> list[Node]:
    """A group's members or, for a large group, the GROUP_CAP members nearest `node` in id order."""
    if len(group) <= GROUP_CAP:
        return group
    at = bisect_left(group, node)
    start = min(max(0, at - GROUP_CAP // 2), len(group) - GROUP_CAP)
    return group[start : start + GROUP_CAP]


def from_graph(g: Graph, exclude: dict[Node, set[Node]], top: int = TOP) -> dict[Node, list[Node]]:
    """Up to `top` entries per page that share ties with it, strongest first."""
    about = ties(g)
    groups: dict[tuple[Node, str], list[Node]] = defaultdict(list)  # (tie, kind) -> members, by id
    for node in sorted(about):
        for tie in about[node]:
            groups[(tie, node[0])].append(node)
    out: dict[Node, list[Node]] = {}
    for node, node_ties in about.items():
        weighted: list[Node] = []  # each candidate once per shared tie per point of that tie's weight
        by_kind: dict[str, list[Node]] = {"instrument": [], "barrier": [], "city": []}
        for tie in node_ties:
            for kind in SUGGESTS[node[0]]:
                group = groups.get((tie, kind))
                if group:
                    members = _window(group, node)
                    weighted += members * WEIGHTS[tie[0]]
                    by_kind[tie[0]] += members
        score, inst, barrier = Counter(weighted), Counter(by_kind["instrument"]), Counter(by_kind["barrier"])
        for other in exclude.get(node, ()):
            score.pop(other, None)
        score.pop(node, None)
        if len(score) > top:  # only the candidates that can make the top need the full ranking
            threshold = sorted(score.values())[-top]
            pool = [other for other, s in score.items() if s >= threshold]
        else:
            pool = list(score)
        out[node] = sorted(pool, key=lambda o: (-score[o], -inst.get(o, 0), -barrier.get(o, 0), o[0] != node[0], o))[:top]
    return out


# Entries worth suggesting by text similarity: pages with substance of their own.
RELATED_TYPES = kinds(suggested=True)
# Search documents that no "Zie ook" is computed for or from: the report's recommendations and the
# sources (anchors on an overview page) and the site's fixed pages.
NOT_RELATED = ("recommendation", "source", "page")


def quick_terms(text: str) -> dict[str, int]:
    """Term counts of a page's text, by the search's own analysis (query.term_counts)."""
    return query.term_counts(text)


def related_from_documents(
    docs: list[Document],
    exclude: dict[str, set[str]],
    top: int = 5,
    terms_per_doc: int = 20,
    max_postings: int = 80,
    candidate_types: tuple[str, ...] | None = None,
    min_terms: int = 8,
) -> dict[str, list[str]]:
    """More-like-this for every search document at once, straight from the documents.

    Each document is reduced to its `terms_per_doc` strongest body terms (tf-idf); documents
    are scored against each other through an inverted list of those terms, skipping terms so
    common they say nothing. Near-linear in the number of documents, and independent of the
    search index, so the index can be written in parallel with the rest of the build.
    """
    candidate_types = candidate_types or RELATED_TYPES
    n = len(docs) or 1
    vectors = {d.id: quick_terms(d.body) for d in docs}
    df: dict[str, int] = defaultdict(int)
    for counts in vectors.values():
        for term in counts:
            df[term] += 1
    idf = {t: math.log(n / k) for t, k in df.items() if k > 1}
    tf = [0.0] + [1 + math.log(c) for c in range(1, 64)]
    top_terms: dict[str, list[tuple[str, float]]] = {}
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for d in docs:
        scored = [(t, (tf[c] if c < 64 else 1 + math.log(c)) * idf[t]) for t, c in vectors[d.id].items() if t in idf]
        best = heapq.nsmallest(terms_per_doc, scored, key=lambda x: (-x[1], x[0]))
        norm = math.sqrt(sum(w * w for _t, w in best)) or 1.0
        top_terms[d.id] = [(t, w / norm) for t, w in best]
        if d.type in candidate_types and len(best) >= min_terms:  # short pages make poor suggestions
            for t, w in top_terms[d.id]:
                postings[t].append((d.id, w))
    for t in list(postings):
        if len(postings[t]) > max_postings:
            del postings[t]  # too common to tell documents apart
    out = {}
    for doc_id, terms in top_terms.items():
        scores: dict[str, float] = defaultdict(float)
        for t, w in terms:
            for other, w2 in postings.get(t, ()):
                if other != doc_id:
                    scores[other] += w * w2
        skip = exclude.get(doc_id, set())
        ranked = heapq.nsmallest(top + len(skip), scores.items(), key=lambda kv: (-kv[1], kv[0]))
        out[doc_id] = [other for other, _s in ranked if other not in skip][:top]
    return out


def _node(doc_id: str) -> Node:
    """A search document's id ("kind:key") as the graph's node."""
    kind, _, key = doc_id.partition(":")
    return kind, key


def related(g: Graph, docs: list[Document], top: int = TOP) -> dict[Node, list[Node]]:
    """Up to `top` related entries for every document's page: graph picks, then text similarity."""
    docs = [d for d in docs if d.type not in NOT_RELATED]
    nodes = [_node(d.id) for d in docs]
    exclude = {node: g.neighbours(node) for node in nodes}
    picks = from_graph(g, exclude, top)
    text_exclude = {f"{k}:{v}": {f"{a}:{b}" for a, b in exclude[(k, v)] | set(picks.get((k, v), ()))} for k, v in nodes}
    text = related_from_documents(docs, text_exclude, top=top)
    out = {}
    for node in nodes:
        chosen = list(picks.get(node, ()))
        chosen += [_node(i) for i in text.get(f"{node[0]}:{node[1]}", ())][: top - len(chosen)]
        out[node] = chosen
    return out
