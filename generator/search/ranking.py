"""Ranking, shared by every engine: the query plan, BM25F sums per document, the type prior,
the exact-name bonus, the city in the query, facet filters and counts, 'bedoelde je'.

An engine supplies the data (`Ranker`'s abstract primitives: a term's postings, whether the
index knows a term, corrections, completions, exact names, stored documents); the rules are
here once, so the whoosh engine and the reader of the static index rank identically, and
`zoekmachine.js` mirrors exactly these rules.
"""

from __future__ import annotations

import heapq
import math

from generator.kinds import KINDS, PAGE, Kind
from generator.kinds.base import Priors
from generator.search import query
from generator.search.base import MAX_QUERY_CHARS, Hit, Plan, QueryError, Results
from generator.search.documents import FACETS
from generator.search.snippet import snippet

FIELD_BOOSTS = {"title": 6.0, "aliases": 5.0, "phrases": 2.5, "summary": 2.0, "keywords": 1.5, "body": 1.0}
# A prior per type, multiplied into the score: for comparable matches the instrument comes
# before its practices, a barrier before a page that mentions it.
# The report's recommendations and the sources come after the entries they are about; a fixed
# page of the site (evidence map, finder, ...) is found by its own names.
_WEIGHED: list[Kind | Priors] = [
    *KINDS.values(),
    PAGE,
]  # each kind module declares its priors (generator/kinds/), and so do the fixed pages
TYPE_PRIOR: dict[str, float] = {k.kind: k.type_prior for k in _WEIGHED if k.type_prior is not None}
# The prior for a long description of a situation (ranking.prior_power moves from TYPE_PRIOR to
# this one): the pages that tell situations first, a glossary term's short definition last.
DESCRIPTION_PRIOR: dict[str, float] = {k.kind: k.description_prior for k in _WEIGHED if k.description_prior is not None}
EXACT_NAME = 1.5  # the query is exactly an entry's name or one of its aliases
TYPO_WEIGHT = 0.5  # a corrected word counts half
PREFIX_BOOST = 0.3  # the word being typed matches names that start with it, at a constant score
SCORE_SCALE = 100  # a term's score in a document is kept in hundredths: the static index stores the same integers
MIN_FACTOR = min(*TYPE_PRIOR.values(), *DESCRIPTION_PRIOR.values())  # bounds of what the priors and the
MAX_FACTOR = max(*TYPE_PRIOR.values(), *DESCRIPTION_PRIOR.values()) * EXACT_NAME  # exact-name bonus do to a score


def prior_power(words: int) -> float:
    """How much of the type prior a query of this many subject words gets: all of it up to
    query.LONG_FROM words, then less per word, none from LONG_FROM + LONG_SPAN on. A long
    description of a situation is answered by the page that tells that situation (often a
    practice), not by the instrument or term that shares a few of its words."""
    return max(0.0, 1.0 - max(0, words - query.LONG_FROM) / query.LONG_SPAN)


class Ranker:
    """The query-time rules over an engine's data. A subclass sets `places`, `_types`
    (docnum -> type) and the facets (`_set_facets`), and implements the primitives below."""

    places: list[str]
    concepts: dict[str, list[str]] = {}  # English concept -> Dutch stems (config.concept_table), from the index
    _types: list[str]

    # --- what an engine supplies ---------------------------------------------------------
    @property
    def doc_count(self) -> int:
        return len(self._types)

    def term(self, term: str) -> tuple[list[int], list[int], list[int]]:
        """A term's documents (ascending), its score in each in hundredths and flags:
        1 = in the title, 2 = in an alias."""
        raise NotImplementedError

    def known(self, term: str) -> bool:
        raise NotImplementedError

    def corrections(self, token: str) -> list[str]:
        raise NotImplementedError

    def completions(self, token: str) -> list[str]:
        raise NotImplementedError

    def suggest(self, word: str) -> str:
        raise NotImplementedError

    def named(self, key: str) -> set[int]:
        """Documents whose analysed title or alias is exactly `key` (its words sorted, joined by a space)."""
        raise NotImplementedError

    def title_order(self) -> list[int]:
        """Every document by title (browsing without words)."""
        raise NotImplementedError

    def _stored(self, docnum: int) -> dict[str, str]:
        """id, type, title, url, summary and (the start of) the body of a document."""
        raise NotImplementedError

    def popular(self, n: int = 5) -> list[int]:
        """The instruments applied in the most cities (shown when a query finds nothing)."""
        instruments = [d for d in range(self.doc_count) if self._types[d] == "instrument"]
        return sorted(instruments, key=lambda d: (-len(self._facets[d].get("city", [])), d))[:n]

    # --- facets ----------------------------------------------------------------------------
    def _set_facets(self, per_doc: list[dict[str, list[str]]]) -> None:
        """Facet values per document; each facet value also as a bitset of its documents, so
        counting a result set is an AND and a popcount."""
        self._facets = per_doc
        size = (len(per_doc) + 7) // 8
        members: dict[tuple[str, str], bytearray] = {}
        for docnum, values in enumerate(per_doc):
            for f, vs in values.items():
                for v in vs:
                    members.setdefault((f, v), bytearray(size))[docnum >> 3] |= 1 << (docnum & 7)
        self._facet_bits = sorted((f, v, int.from_bytes(bits, "little")) for (f, v), bits in members.items())

    def facet_values(self, facet: str) -> set[str]:
        return {v for f, v, _bits in self._facet_bits if f == facet}

    def _allowed(self, docnum: int, filters: dict[str, list[str]]) -> bool:
        values = self._facets[docnum]
        return all(any(v in values.get(facet, ()) for v in wanted) for facet, wanted in filters.items())

    def _facet_counts(self, matched: list[int]) -> dict[str, dict[str, int]]:
        mask = bytearray((self.doc_count + 7) // 8)
        for d in matched:
            mask[d >> 3] |= 1 << (d & 7)
        result = int.from_bytes(mask, "little")
        counts = [(f, v, (bits & result).bit_count()) for f, v, bits in self._facet_bits]
        facets: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        for facet, value, n in sorted((c for c in counts if c[2]), key=lambda c: (c[0], -c[2], c[1])):
            facets[facet][value] = n
        return facets

    # --- the rules -----------------------------------------------------------------------------
    def plan(self, text: str) -> tuple[Plan, list[str]]:
        """Per subject word of the query: (the word, [(term, weight)], [completions]); and the
        stems to highlight. See `query` for the rules. An English concept of `concepts` is one
        entry: its English words and, at CONCEPT_WEIGHT, the Dutch words for it."""
        words = query.join_symbols(query.query_words(text), self.known)
        stems = [query.stem(w) for w in words]
        spans = query.concept_spans(stems, self.concepts)
        plan: Plan = []
        i = 0
        while i < len(words):
            if i in spans:
                end, key = spans[i]
                alternatives = [(t, 1.0) for t in dict.fromkeys(stems[i:end]) if self.known(t)]
                mine = {t for t, _w in alternatives}
                alternatives += [(t, query.CONCEPT_WEIGHT) for t in self.concepts[key] if t not in mine and self.known(t)]
                plan.append((key, alternatives, []))
                i = end
                continue
            w, t = words[i], stems[i]
            last = i == len(words) - 1
            i += 1
            if self.known(t):
                alternatives = [(t, 1.0)]
                parts = query.split_compound(w, self.known)
                if parts:
                    alternatives += [(part, query.PART_WEIGHT) for part in parts if part != t]
            else:
                parts = query.split_code(w, self.known) or query.split_compound(w, self.known)
                if parts:
                    for part in parts:
                        plan.append((part, [(part, 1.0)], []))
                    continue
                alternatives = [(near, TYPO_WEIGHT) for near in self.corrections(t)]
            completions = self.completions(t) if last and len(t) >= query.PREFIX_MIN else []
            plan.append((t, alternatives, completions))
        merged: dict[str, tuple[str, list[tuple[str, float]], list[str]]] = {}
        for entry in plan:  # a word twice counts once
            merged.setdefault(entry[0], entry)
        plan = list(merged.values())
        marked = {t for _w, alts, _c in plan for t, _wt in alts} | {w for w, _a, _c in plan if " " not in w}
        highlight = sorted(t for t in marked if len(t) >= 2)  # a lone digit (aanbeveling 3) would mark every §5.3
        return plan, highlight

    def _score(self, plan: Plan) -> dict[int, float]:
        """docnum -> score: per query word the sum of its alternatives' scores (a completion of
        the last word scores a constant once per name field), times the share of the query's
        words the document matches, squared: a page that answers the whole question comes first."""
        total: dict[int, float] = {}
        matching: dict[int, float] = {}
        weights = 0.0
        for _word, alternatives, completions in plan:
            seen: set[int] = set()
            for term, weight in alternatives:
                docs, scores, _flags = self.term(term)
                for d, sc in zip(docs, scores):
                    total[d] = total.get(d, 0.0) + weight * sc / SCORE_SCALE
                    seen.add(d)
            if completions:
                in_title: set[int] = set()
                in_alias: set[int] = set()
                for term in completions:
                    docs, _scores, flags = self.term(term)
                    for d, fl in zip(docs, flags):
                        if fl & 1:
                            in_title.add(d)
                        if fl & 2:
                            in_alias.add(d)
                for done, f in ((in_title, "title"), (in_alias, "aliases")):
                    for d in sorted(done):
                        total[d] = total.get(d, 0.0) + PREFIX_BOOST * FIELD_BOOSTS[f]
                    seen |= done
            weight = self._word_weight(len(seen))
            weights += weight
            for d in seen:
                matching[d] = matching.get(d, 0.0) + weight
        return {d: sc * (matching[d] / weights) ** query.COORD_POWER for d, sc in total.items()}

    def _word_weight(self, found: int) -> float:
        """What a query word counts in the share of the query a document answers: a rare word
        more than a common one (1 + log(documents / (documents with it + 1)), at least 1)."""
        if not query.RARE_WORDS_COUNT:
            return 1.0
        return max(1.0, 1.0 + math.log(self.doc_count / (found + 1)))

    def search(self, text: str, filters: dict[str, list[str]] | None = None, limit: int = 10, offset: int = 0) -> Results:
        if len(text) > MAX_QUERY_CHARS:
            raise QueryError(f"De zoekvraag is te lang ({len(text)} tekens); maximaal {MAX_QUERY_CHARS}.")
        filters = {f: v for f, v in (filters or {}).items() if v}
        plan, highlight = self.plan(text)
        if not plan and text.strip() and not filters:
            return Results(0, [], {f: {} for f in FACETS})
        if not plan:  # no words: browse everything that passes the filters, by title
            matched = [d for d in self.title_order() if self._allowed(d, filters)]
            ranked = matched[offset : offset + limit]
            scores = dict.fromkeys(ranked, 0.0)
        else:
            matched, scores, ranked = self._rank(plan, filters, offset + limit)
            ranked = ranked[offset:]
        results = Results(len(matched), self._hits(ranked, scores, highlight), self._facet_counts(matched))
        if plan and not matched:
            results.suggestion, results.nearest = self._nearest(plan, filters)
        return results

    def _rank(self, plan: Plan, filters: dict[str, list[str]], k: int) -> tuple[list[int], dict[int, float], list[int]]:
        raw = self._score(plan)
        matched = [d for d in raw if self._allowed(d, filters)] if filters else list(raw)
        named = self.named(" ".join(sorted({w for w, _a, _c in plan})))
        scores: dict[int, float] = {}
        candidates = matched
        if len(matched) > 4 * k:  # only documents whose best possible final score reaches the top k
            floor = heapq.nlargest(k, (raw[d] for d in matched))[-1] * MIN_FACTOR
            candidates = [d for d in matched if raw[d] * MAX_FACTOR * query.PLACE_BOOST >= floor]
        in_place = self._in_place(plan)
        power = prior_power(len(plan))
        for d in candidates:
            kind = self._types[d]
            scores[d] = (
                raw[d]
                * TYPE_PRIOR.get(kind, 1.0) ** power
                * DESCRIPTION_PRIOR.get(kind, 1.0) ** (1 - power)
                * (EXACT_NAME if d in named else 1.0)
                * (query.PLACE_BOOST if d in in_place else 1.0)
            )
        ranked = heapq.nsmallest(k, scores, key=lambda d: (-scores[d], d))
        return matched, scores, ranked

    def _in_place(self, plan: Plan) -> set[int]:
        """Documents with a city that the query names beside other words in their title (the
        city's own page needs no help: its title is the name)."""
        found: set[int] = set()
        if all(word in self.places for word, _a, _c in plan):
            return found  # only a city's name: that is a question for the city's page
        for word, _alternatives, _completions in plan:
            if word in self.places:
                docs, _scores, flags = self.term(word)
                found.update(d for d, fl in zip(docs, flags) if fl & 1 and self._types[d] != "city")
        return found

    def _hits(self, ranked: list[int], scores: dict[int, float], highlight: list[str]) -> list[Hit]:
        hits = []
        for docnum in ranked:
            f = self._stored(docnum)
            hits.append(
                Hit(
                    f["id"],
                    f["type"],
                    f["title"],
                    f["url"],
                    f["summary"],
                    snippet(f["body"], highlight) or snippet(f["summary"], highlight),
                    round(scores[docnum], 4),
                )
            )
        return hits

    def _nearest(self, plan: Plan, filters: dict[str, list[str]]) -> tuple[str, list[Hit]]:
        """Nothing matched: 'bedoelde je …' with the words corrected within two edits, and the
        entries that query finds; failing that, the most applied instruments."""
        fixed, changed = [], False
        for word, _alternatives, _completions in plan:
            better = "" if self.known(word) or " " in word else self.suggest(word)
            fixed.append(better or word)
            changed |= bool(better)
        suggestion = " ".join(fixed) if changed else ""
        nearest: list[Hit] = []
        if suggestion:
            again, highlight = self.plan(suggestion)
            _matched, scores, ranked = self._rank(again, filters, 5)
            nearest = self._hits(ranked, scores, highlight)
        if not nearest:
            popular = self.popular()
            nearest = self._hits(popular, {d: 0.0 for d in popular}, [])
        return suggestion, nearest
