"""The search engine: the only module that knows whoosh.

whoosh stores the index, analyses text (Dutch Snowball stemmer, stop words, accent folding:
skæve = skaeve) and reads postings and stored fields. On top of that: aliases as a boosted
field, field boosts (name > aliases > summary > keywords > body), BM25F scored term at a
time, typo tolerance through a symmetric-delete table, prefix matching of the word being
typed, facet filters and counts from in-memory bitsets, highlighted snippets, and related
entries (more-like-this). Everything outside this module speaks in Documents and plain dicts.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import html
import json
import math
import re
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from ..paths import swap_in
from . import query
from .documents import FACETS, Document

MAX_QUERY_CHARS = 500
FIELD_BOOSTS = {"title": 6.0, "aliases": 5.0, "phrases": 2.5, "summary": 2.0, "keywords": 1.5, "body": 1.0}
# A prior per type, multiplied into the score: for comparable matches the instrument comes
# before its practices, a barrier before a page that mentions it.
TYPE_PRIOR = {"instrument": 1.6, "barrier": 1.3, "term": 1.2, "city": 1.1, "organisation": 1.0,
              "practice": 1.0, "background": 0.9}
FUZZY_FIELDS = ("title", "aliases", "keywords", "summary", "phrases")
NAME_FIELDS = ("title", "aliases")  # the last word is completed against these
SNIPPET_SOURCE_CHARS = 1000  # highlight within the start of the body: fast and usually where the point is
# Entries worth suggesting under "Zie ook": pages with substance of their own.
RELATED_TYPES = ("instrument", "practice", "barrier", "background", "city")
EXACT_NAME = 1.5  # the query is exactly an entry's name or one of its aliases
TYPO_WEIGHT = 0.5  # a corrected word counts half
PREFIX_BOOST = 0.3  # the word being typed matches names that start with it, at a constant score
fold = query.fold


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = fold(t.text)
            yield t


def analyzer():
    return (RegexTokenizer(query.TOKEN.pattern) | LowercaseFilter() | FoldFilter()
            | StopFilter(stoplist=query.STOPWORDS, minsize=2) | StemFilter(lang="nl"))


def schema() -> Schema:
    a = analyzer()
    fields = dict(
        id=ID(stored=True, unique=True),
        url=STORED,
        title=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["title"]),
        aliases=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["aliases"]),
        summary=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["summary"]),
        body=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["body"]),
        phrases=TEXT(analyzer=a, field_boost=FIELD_BOOSTS["phrases"]),
        keywords=TEXT(analyzer=a, field_boost=FIELD_BOOSTS["keywords"]),
        names=STORED,  # analysed title and aliases, for the exact-name bonus without re-analysis
    )
    for facet in FACETS:
        fields[facet] = KEYWORD(stored=True, commas=True, lowercase=False, sortable=True)
    return Schema(**fields)


def fingerprint(docs: list[Document]) -> str:
    data = json.dumps([asdict(d) for d in docs], sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data + b"schema-v6").hexdigest()


def build(docs: list[Document], target: Path, labels: dict | None = None) -> bool:
    """Write a fresh index into `target` (atomically). Returns False if it was current."""
    labels_json = json.dumps(labels or {}, sort_keys=True, ensure_ascii=False)
    stamp = fingerprint(docs) + hashlib.sha256(labels_json.encode("utf-8")).hexdigest()[:16]
    stamp_file = target / "FINGERPRINT"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return False
    new = target.with_name(target.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    ix = index.create_in(str(new), schema())
    writer = ix.writer(limitmb=128)
    a = analyzer()
    for d in sorted(docs, key=lambda d: d.id):  # document numbers in id order: ties break the same everywhere
        writer.add_document(
            id=d.id, url=d.url, title=d.title, aliases="\n".join(d.aliases), summary=d.summary, body=d.body,
            keywords=d.keywords, phrases=d.phrases,
            names="\n".join(" ".join(sorted(set(t.text for t in a(n)))) for n in [d.title, *d.aliases] if n),
            **{facet: ",".join(d.facets.get(facet, [])) for facet in FACETS},
        )
    writer.commit()
    surface = query.surface_forms(t for d in docs for t in (d.title, *d.aliases, d.summary, d.keywords, d.phrases))
    (new / "surface.json").write_text(json.dumps(surface, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    (new / "labels.json").write_text(labels_json, encoding="utf-8")
    (new / "FINGERPRINT").write_text(stamp)
    swap_in(new, target)
    return True


SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@functools.lru_cache(maxsize=1024)
def _snippet_pattern(stems: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(st) for st in stems) + r")[\w-]*", re.IGNORECASE)


def snippet(text: str, stems: list[str], sentences: int = 2, width: int = 220) -> str:
    """The sentences of `text` that contain the query's words, escaped, with <mark> around them.

    Cheap on purpose: a word matches when its folded form starts with one of the query's
    stems (the Dutch stemmer only cuts endings), so no re-analysis of the text is needed.
    """
    if not stems or not text:
        return ""
    head = text[:SNIPPET_SOURCE_CHARS]
    pattern = _snippet_pattern(tuple(sorted(set(stems), key=lambda st: (-len(st), st))))
    if not pattern.search(head):
        return ""
    found = []
    for sentence in SENTENCE.split(head):
        words = list(pattern.finditer(sentence))
        if words:
            found.append((len({m.group(0).lower() for m in words}), len(found), sentence, words))
            if len(found) >= 8:
                break
    if not found:
        return ""
    best = sorted(found, key=lambda t: (-t[0], t[1]))[:sentences]
    parts = []
    for _n, _i, sentence, words in sorted(best, key=lambda t: t[1]):
        start = max(0, words[0].start() - width // 3)
        end = min(len(sentence), start + width)
        out, pos = [], start
        for m in words:
            if m.start() < start or m.end() > end:
                continue
            out.append(html.escape(sentence[pos:m.start()]))
            out.append(f'<mark class="match">{html.escape(m.group(0))}</mark>')
            pos = m.end()
        out.append(html.escape(sentence[pos:end]))
        parts.append(("… " if start > 0 else "") + "".join(out).strip() + (" …" if end < len(sentence) else ""))
    return " … ".join(parts)


STOPWORDS = query.STOPWORDS
TOKEN = re.compile(r"\w+")
_stem = query.stem


def quick_terms(text: str) -> dict[str, int]:
    """Term counts with the same folding, stop words and Dutch stemming as the index, but
    without whoosh's analysis machinery: fast enough to run over every page at build time."""
    counts: dict[str, int] = {}
    for word, n in Counter(TOKEN.findall(text.lower())).items():  # each distinct word once
        if len(word) < 2 or word in STOPWORDS:
            continue
        if not word.isascii():
            word = fold(word)
        term = _stem(word)
        counts[term] = counts.get(term, 0) + n
    return counts


def related_from_documents(docs: list[Document], exclude: dict[str, set[str]], top: int = 5,
                           terms_per_doc: int = 20, max_postings: int = 80,
                           candidate_types: tuple[str, ...] = None, min_terms: int = 8) -> dict[str, list[str]]:
    """More-like-this for every document at once, straight from the documents.

    Each document is reduced to its `terms_per_doc` strongest body terms (tf-idf); documents
    are scored against each other through an inverted list of those terms, skipping terms so
    common they say nothing. Near-linear in the number of documents, and independent of the
    index, so the index can be written in parallel with the rest of the build.
    """
    from collections import defaultdict

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


class QueryError(ValueError):
    """A query we refuse, with a Dutch message for the user."""


@dataclass
class Hit:
    id: str
    type: str
    title: str
    url: str
    summary: str
    snippet: str
    score: float


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str = ""  # "bedoelde je …": the query with its unknown words corrected
    nearest: list[Hit] = field(default_factory=list)  # when nothing matched: the closest entries


# BM25F as whoosh computes it (scoring.BM25F), with little length normalisation on the long
# fields, so a thorough instrument page is not outscored by a short page that mentions the term once.
K1 = 1.2
FIELD_B = {"title": 0.75, "aliases": 0.75, "phrases": 0.5, "summary": 0.75, "keywords": 0.3, "body": 0.3}
SCORE_SCALE = 100  # a term's score in a document is kept in hundredths: the static index stores the same integers
CACHE_POSTINGS = 2_000_000  # postings kept in memory across queries
MIN_FACTOR = min(TYPE_PRIOR.values())  # bounds of what the type prior and exact-name bonus do to a score
MAX_FACTOR = max(TYPE_PRIOR.values()) * EXACT_NAME


def _text(term) -> str:
    """A term from whoosh's lexicon, which hands out bytes or str depending on the call."""
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _read_postings(m) -> tuple[list[int], list[float]]:
    """Document numbers and term weights of a posting list. whoosh's own on-disk matcher
    hands over a whole block of them at once (as its block-quality methods read them); any
    other matcher is read one posting at a time."""
    ids: list[int] = []
    tfs: list[float] = []
    whole_blocks = all(hasattr(m, a) for a in ("_i", "_read_ids", "_read_weights", "_next_block"))
    while m.is_active():
        if whole_blocks and m._i == 0:
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            tfs.extend(m._weights)
            m._next_block()
        else:
            ids.append(m.id())
            tfs.append(m.weight())
            m.next()
    return ids, tfs


class Engine:
    """Search over a whoosh index, scored term at a time.

    whoosh stores the index, analyses text and reads the postings; the scoring walks each
    query term's postings once and adds BM25F scores per document (as whoosh's own array
    matcher does), so the set of matching documents, their facet counts and the ranking
    come from one pass instead of a tree of matchers per document.
    """

    def __init__(self, path: Path):
        self.ix = index.open_dir(str(path))
        labels_file = path / "labels.json"
        self.labels = json.loads(labels_file.read_text(encoding="utf-8")) if labels_file.exists() else {}
        stamp_file = path / "FINGERPRINT"
        self.stamp = stamp_file.read_text() if stamp_file.exists() else ""
        surface_file = path / "surface.json"
        self._surface = json.loads(surface_file.read_text(encoding="utf-8")) if surface_file.exists() else {}
        self._searcher = self.ix.searcher()
        reader = self._reader = self._searcher.reader()
        self._n = reader.doc_count_all()
        self._lengths = {f: [reader.doc_field_length(d, f, 0) for d in range(self._n)] for f in FIELD_BOOSTS}
        self._avg = {f: (self._searcher.avg_field_length(f) or 1.0) for f in FIELD_BOOSTS}
        self._term_cache: dict[str, tuple[list[int], list[int], list[int]]] = {}
        self._cached = 0
        self._known: set[str] | None = None
        self.places = sorted({t for name in self.labels.get("city", {}).values() for t in query.analyse(name)})
        self._facets = {}  # docnum -> {facet: [values]}
        self._meta = {}  # docnum -> (id, type, analysed names, title): what ranking needs, in memory
        members: dict[tuple[str, str], bytearray] = {}
        for docnum, fields in reader.iter_docs():
            self._facets[docnum] = {f: [v for v in fields.get(f, "").split(",") if v] for f in FACETS}
            for f, values in self._facets[docnum].items():
                for v in values:
                    _set_bit(members.setdefault((f, v), bytearray((self._n + 7) // 8)), docnum)
            self._meta[docnum] = (fields["id"], fields["type"], set(fields.get("names", "").split("\n")),
                                  fields["title"].casefold())
        # each facet value as a bitset of its documents: counting a result set is an AND and a popcount
        self._facet_bits = sorted((f, v, int.from_bytes(bits, "little")) for (f, v), bits in members.items())

    def _build_lexicon(self) -> None:
        """Every term of the index (for compounds) and the words of the short fields by their
        first two letters (for typos and completion), read once."""
        flags: dict[str, int] = {}
        fuzzy: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        for f in FIELD_BOOSTS:
            for raw in self._reader.lexicon(f):
                word = _text(raw)
                bits = flags.get(word, 0)
                if f in FUZZY_FIELDS:
                    fuzzy.setdefault(word[:2], set()).add(word)
                    bits |= 1 if len(word) >= query.TYPO_MIN else 0
                if f in NAME_FIELDS:
                    names.setdefault(word[:2], set()).add(word)
                    bits |= 2
                flags[word] = bits
        self._flags = flags
        self._known = set(flags)
        self._fuzzy = {k: sorted(v) for k, v in fuzzy.items()}
        self._names = {k: sorted(v) for k, v in names.items()}

    def term_flags(self) -> dict[str, int]:
        """Every term of the index with what it may stand for: 1 = a typo's correction (a word of
        the short fields, long enough), 2 = a completion of the last word (a word of a name)."""
        if self._known is None:
            self._build_lexicon()
        return self._flags

    def known(self, term: str) -> bool:
        if self._known is None:
            self._build_lexicon()
        return term in self._known

    def corrections(self, token: str) -> list[str]:
        if self._known is None:
            self._build_lexicon()
        return query.near(token, self._fuzzy.get(token[:2], ()))

    def completions(self, token: str) -> list[str]:
        """Names' words that start with the unfinished last word."""
        if self._known is None:
            self._build_lexicon()
        return [w for w in self._names.get(token[:2], ()) if w.startswith(token)][:query.MAX_PREFIX_TERMS]

    def close(self) -> None:
        self._searcher.close()

    def _postings(self, field: str, term: str) -> tuple[list[int], list[float]]:
        """Documents with the term in the field and the term's BM25F score in each."""
        ids: list[int] = []
        scores: list[float] = []
        df = self._reader.doc_frequency(field, term)
        if df:
            idf = math.log(self._n / (df + 1)) + 1
            b, avg, lengths = FIELD_B[field], self._avg[field], self._lengths[field]
            ids, tfs = _read_postings(self._reader.postings(field, term))
            scores = [idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - b) + b * lengths[d] / avg)) for d, tf in zip(ids, tfs)]
        return ids, scores

    def term(self, term: str) -> tuple[list[int], list[int], list[int]]:
        """A term's documents (ascending), its score in each in hundredths (the sum over the
        fields of BM25F times the field's boost) and flags: 1 = in the title, 2 = in an alias.
        This is exactly what the static index stores per term."""
        found = self._term_cache.get(term)
        if found is not None:
            return found
        total: dict[int, float] = {}
        flags: dict[int, int] = {}
        for f, boost in FIELD_BOOSTS.items():
            ids, scores = self._postings(f, term)
            bit = 1 if f == "title" else 2 if f == "aliases" else 0
            for d, sc in zip(ids, scores):
                total[d] = total.get(d, 0.0) + sc * boost
                if bit:
                    flags[d] = flags.get(d, 0) | bit
        docs = sorted(total)
        found = (docs, [max(1, round(total[d] * SCORE_SCALE)) for d in docs], [flags.get(d, 0) for d in docs])
        if self._cached > CACHE_POSTINGS:
            self._term_cache.clear()
            self._cached = 0
        self._term_cache[term] = found
        self._cached += len(docs) + 1
        return found

    def plan(self, text: str) -> tuple[list[tuple[str, list[tuple[str, float]], list[str]]], list[str]]:
        """Per subject word of the query: (the word, [(term, weight)], [completions]); and the
        stems to highlight. See `query` for the rules."""
        words = query.query_words(text)
        plan = []
        for i, w in enumerate(words):
            t = query.stem(w)
            last = i == len(words) - 1
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
        merged: dict[str, tuple] = {}
        for entry in plan:  # a word twice counts once
            merged.setdefault(entry[0], entry)
        plan = list(merged.values())
        highlight = sorted({t for _w, alts, _c in plan for t, _wt in alts} | {w for w, _a, _c in plan})
        return plan, highlight

    def _score(self, plan) -> dict[int, float]:
        """docnum -> score: per query word the sum of its alternatives' scores (a completion of
        the last word scores a constant once per name field), times the share of the query's
        words the document matches, squared: a page that answers the whole question comes first."""
        total: dict[int, float] = {}
        matching: dict[int, int] = {}
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
            for d in seen:
                matching[d] = matching.get(d, 0) + 1
        n = len(plan)
        return {d: sc * (matching[d] / n) ** query.COORD_POWER for d, sc in total.items()}

    def _allowed(self, docnum: int, filters: dict[str, list[str]]) -> bool:
        values = self._facets[docnum]
        return all(any(v in values[facet] for v in wanted) for facet, wanted in filters.items())

    def facet_values(self, facet: str) -> set[str]:
        return {_text(v) for v in self._searcher.lexicon(facet)}

    def search(self, text: str, filters: dict[str, list[str]] | None = None, limit: int = 10, offset: int = 0) -> Results:
        if len(text) > MAX_QUERY_CHARS:
            raise QueryError(f"De zoekvraag is te lang ({len(text)} tekens); maximaal {MAX_QUERY_CHARS}.")
        filters = {f: v for f, v in (filters or {}).items() if v}
        plan, highlight = self.plan(text)
        if not plan and text.strip() and not filters:
            return Results(0, [], {f: {} for f in FACETS})
        if not plan:  # no words: browse everything that passes the filters, by title
            matched = [d for d in range(self._n) if self._allowed(d, filters)]
            ranked = sorted(matched, key=lambda d: (self._meta[d][3], d))[offset:offset + limit]
            scores = dict.fromkeys(ranked, 0.0)
        else:
            matched, scores, ranked = self._rank(plan, filters, offset + limit)
            ranked = ranked[offset:]
        results = Results(len(matched), self._hits(ranked, scores, highlight), self._facet_counts(matched))
        if plan and not matched:
            results.suggestion, results.nearest = self._nearest(plan, filters)
        return results

    def _rank(self, plan, filters, k: int) -> tuple[list[int], dict[int, float], list[int]]:
        raw = self._score(plan)
        matched = [d for d in raw if self._allowed(d, filters)] if filters else list(raw)
        wanted = " ".join(sorted({w for w, _a, _c in plan}))
        meta = self._meta
        scores = {}
        candidates = matched
        if len(matched) > 4 * k:  # only documents whose best possible final score reaches the top k
            floor = heapq.nlargest(k, (raw[d] for d in matched))[-1] * MIN_FACTOR
            candidates = [d for d in matched if raw[d] * MAX_FACTOR * query.PLACE_BOOST >= floor]
        in_place = self._in_place(plan)
        for d in candidates:
            _id, doc_type, names, _title = meta[d]
            scores[d] = (raw[d] * TYPE_PRIOR.get(doc_type, 1.0) * (EXACT_NAME if wanted in names else 1.0)
                         * (query.PLACE_BOOST if d in in_place else 1.0))
        ranked = heapq.nsmallest(k, scores, key=lambda d: (-scores[d], d))
        return matched, scores, ranked

    def _in_place(self, plan) -> set[int]:
        """Documents with a city that the query names beside other words in their title (the
        city's own page needs no help: its title is the name)."""
        found: set[int] = set()
        if all(word in self.places for word, _a, _c in plan):
            return found  # only a city's name: that is a question for the city's page
        for word, _alternatives, _completions in plan:
            if word in self.places:
                docs, _scores, flags = self.term(word)
                found.update(d for d, fl in zip(docs, flags) if fl & 1 and self._meta[d][1] != "city")
        return found

    def _hits(self, ranked: list[int], scores: dict[int, float], highlight: list[str]) -> list[Hit]:
        hits = []
        for docnum in ranked:
            f = self._searcher.stored_fields(docnum)
            hits.append(Hit(f["id"], f["type"], f["title"], f["url"], f["summary"],
                            snippet(f["body"], highlight) or snippet(f["summary"], highlight),
                            round(scores[docnum], 4)))
        return hits

    def suggest(self, word: str) -> str:
        """The closest word of the short fields within two edits (same first two letters), as
        it is written in the content, or ''."""
        if self._known is None:
            self._build_lexicon()
        best = query.closest(word, self._fuzzy.get(word[:2], ()))
        return self._surface.get(best, best) if best else ""

    def _nearest(self, plan, filters) -> tuple[str, list[Hit]]:
        """Nothing matched: 'bedoelde je …' with the words corrected within two edits, and the
        entries that query finds; failing that, the most applied instruments."""
        fixed, changed = [], False
        for word, _alternatives, _completions in plan:
            better = "" if self.known(word) else self.suggest(word)
            fixed.append(better or word)
            changed |= bool(better)
        suggestion = " ".join(fixed) if changed else ""
        nearest: list[Hit] = []
        if suggestion:
            again, highlight = self.plan(suggestion)
            matched, scores, ranked = self._rank(again, filters, 5)
            nearest = self._hits(ranked, scores, highlight)
        if not nearest:
            nearest = self._hits(self.popular(), {d: 0.0 for d in self.popular()}, [])
        return suggestion, nearest

    def popular(self, n: int = 5) -> list[int]:
        """The instruments applied in the most cities (shown when a query finds nothing)."""
        instruments = [d for d in range(self._n) if self._meta[d][1] == "instrument"]
        return sorted(instruments, key=lambda d: (-len(self._facets[d].get("city", [])), d))[:n]

    def _facet_counts(self, matched: list[int]) -> dict[str, dict[str, int]]:
        mask = bytearray((self._n + 7) // 8)
        for d in matched:
            mask[d >> 3] |= 1 << (d & 7)
        result = int.from_bytes(mask, "little")
        counts = [(f, v, (bits & result).bit_count()) for f, v, bits in self._facet_bits]
        facets: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        for facet, value, n in sorted((c for c in counts if c[2]), key=lambda c: (c[0], -c[2], c[1])):
            facets[facet][value] = n
        return facets


def _set_bit(bits: bytearray, n: int) -> None:
    bits[n >> 3] |= 1 << (n & 7)
