"""The search engine: the only module that knows whoosh.

Dutch analysis (Snowball stemmer, stop words), accent folding (skæve = skaeve),
aliases as a boosted field, typo tolerance through fuzzy terms, field boosts
(name > aliases > summary > body), facet filters and counts, highlighted snippets and
more-like-this. Everything outside this module speaks in Documents and plain dicts.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from whoosh import highlight, index, query, scoring, sorting
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang import stopwords_for_language

from .documents import FACETS, Document

MAX_QUERY_CHARS = 500
MAX_TOKENS = 24
FIELD_BOOSTS = {"title": 6.0, "aliases": 5.0, "summary": 2.0, "keywords": 1.5, "body": 1.0}
# A prior per type, multiplied into the score: for comparable matches the instrument comes
# before its practices, a barrier before a page that mentions it.
TYPE_PRIOR = {"instrument": 1.6, "barrier": 1.3, "term": 1.2, "city": 1.1, "organisation": 1.0,
              "practice": 1.0, "background": 0.9}
RERANK_WINDOW = 200
# Entries worth suggesting under "Zie ook": pages with substance of their own.
RELATED_TYPES = ("instrument", "practice", "barrier", "background", "city")
EXACT_NAME = 1.5  # the query is exactly an entry's name or one of its aliases
FOLD = {"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "ĳ": "ij", "ł": "l", "đ": "d"}


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII-ish folding: skæve -> skaeve, café -> cafe."""
    text = "".join(FOLD.get(ch, ch) for ch in text.lower())
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = fold(t.text)
            yield t


def analyzer():
    return (RegexTokenizer(r"\w+(?:[-+]\w+)*\+?") | LowercaseFilter() | FoldFilter()
            | StopFilter(stoplist=stopwords_for_language("nl"), minsize=2) | StemFilter(lang="nl"))


def schema() -> Schema:
    a = analyzer()
    fields = dict(
        id=ID(stored=True, unique=True),
        url=STORED,
        title=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["title"]),
        aliases=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["aliases"]),
        summary=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["summary"]),
        body=TEXT(analyzer=a, stored=True, vector=True, field_boost=FIELD_BOOSTS["body"]),
        keywords=TEXT(analyzer=a, field_boost=FIELD_BOOSTS["keywords"]),
    )
    for facet in FACETS:
        fields[facet] = KEYWORD(stored=True, commas=True, lowercase=False, sortable=True)
    return Schema(**fields)


def fingerprint(docs: list[Document]) -> str:
    data = json.dumps([asdict(d) for d in docs], sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data + b"schema-v3").hexdigest()


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
    for d in docs:
        writer.add_document(
            id=d.id, url=d.url, title=d.title, aliases="\n".join(d.aliases), summary=d.summary, body=d.body,
            keywords=d.keywords,
            **{facet: ",".join(d.facets.get(facet, [])) for facet in FACETS},
        )
    writer.commit()
    (new / "labels.json").write_text(labels_json, encoding="utf-8")
    (new / "FINGERPRINT").write_text(stamp)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return True


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


class Engine:
    def __init__(self, path: Path):
        self.ix = index.open_dir(str(path))
        labels_file = path / "labels.json"
        self.labels = json.loads(labels_file.read_text(encoding="utf-8")) if labels_file.exists() else {}
        self.analyzer = analyzer()
        # BM25F with little length normalisation on the long body field, so a thorough
        # instrument page is not outscored by a short page that mentions the term once.
        self._searcher = self.ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2, body_B=0.3, keywords_B=0.3))

    def close(self) -> None:
        self._searcher.close()

    def tokens(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)][:MAX_TOKENS]

    def build_query(self, text: str) -> query.Query | None:
        tokens = self.tokens(text)
        if not tokens:
            return None
        subs = []
        for tok in dict.fromkeys(tokens):
            alternatives: list[query.Query] = [query.Term(f, tok, boost=b) for f, b in FIELD_BOOSTS.items()]
            if len(tok) >= 4:
                dist = 1 if len(tok) <= 6 else 2
                alternatives += [query.FuzzyTerm(f, tok, boost=b * 0.4, maxdist=dist, prefixlength=1)
                                 for f, b in FIELD_BOOSTS.items()]
            if len(tok) >= 3:
                alternatives += [query.Prefix(f, tok, boost=b * 0.3) for f, b in FIELD_BOOSTS.items()
                                 if f not in ("body", "keywords")]
            subs.append(query.Or(alternatives))
        return subs[0] if len(subs) == 1 else query.Or(subs, scale=0.9)

    @staticmethod
    def build_filter(filters: dict[str, list[str]]) -> query.Query | None:
        parts = []
        for facet, values in sorted(filters.items()):
            if values:
                parts.append(query.Or([query.Term(facet, v) for v in values]))
        return query.And(parts) if parts else None

    def facet_values(self, facet: str) -> set[str]:
        return {v.decode("utf-8") if isinstance(v, bytes) else v for v in self._searcher.lexicon(facet)}

    def search(self, text: str, filters: dict[str, list[str]] | None = None, limit: int = 10, offset: int = 0) -> Results:
        if len(text) > MAX_QUERY_CHARS:
            raise QueryError(f"De zoekvraag is te lang ({len(text)} tekens); maximaal {MAX_QUERY_CHARS}.")
        s = self._searcher
        q = self.build_query(text)
        flt = self.build_filter(filters or {})
        groupedby = sorting.Facets()
        for facet in FACETS:
            groupedby.add_field(facet, allow_overlap=True, maptype=sorting.Count)
        if q is None:
            if text.strip() and not flt:
                return Results(0, [], {f: {} for f in FACETS})
            q = query.Every()
            results = s.search(q, filter=flt, limit=None, groupedby=groupedby, sortedby="title")
        else:
            results = s.search(q, filter=flt, limit=max(RERANK_WINDOW, offset + limit), groupedby=groupedby, terms=True)
        results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)
        results.formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        ranked = list(results)
        scores = {}
        if not isinstance(q, query.Every):
            wanted = set(self.tokens(text))
            for h in ranked:
                names = [h["title"], *h["aliases"].split("\n")]
                exact = any(set(self.tokens(n)) == wanted for n in names if n)
                scores[h["id"]] = (h.score or 0.0) * TYPE_PRIOR.get(h["type"], 1.0) * (EXACT_NAME if exact else 1.0)
            ranked.sort(key=lambda h: (-scores[h["id"]], h["id"]))
        hits = []
        for hit in ranked[offset:offset + limit]:
            snippet = hit.highlights("body", top=2) or hit.highlights("summary") or ""
            score = scores.get(hit["id"], 0.0)
            hits.append(Hit(hit["id"], hit["type"], hit["title"], hit["url"], hit["summary"], snippet, round(score, 4)))
        facets = {}
        for facet in FACETS:
            counts = results.groups(facet)
            facets[facet] = {k: counts[k] for k in sorted(counts, key=lambda k: (-counts[k], str(k))) if k}
        return Results(len(results), hits, facets)

    def related_all(self, exclude: dict[str, set[str]], top: int = 5, terms_per_doc: int = 20,
                    max_postings: int = 400, candidate_types: tuple[str, ...] = RELATED_TYPES,
                    min_terms: int = 8) -> dict[str, list[str]]:
        """More-like-this for every document at once, from the stored term vectors.

        Each document is reduced to its `terms_per_doc` strongest body terms (tf-idf);
        documents are then scored against each other through an inverted list of those
        terms, skipping terms so common they say nothing. Near-linear in the number of
        documents, where one whoosh more_like query per document is quadratic.
        """
        import math
        from collections import defaultdict

        reader = self._searcher.reader()
        n = reader.doc_count() or 1
        ids = {}
        vectors = {}
        candidates = set()
        for docnum, fields in reader.iter_docs():
            ids[docnum] = fields["id"]
            if fields["id"].split(":", 1)[0] in candidate_types:
                candidates.add(docnum)
            if reader.has_vector(docnum, "body"):
                vectors[docnum] = list(reader.vector_as("weight", docnum, "body"))
        df: dict = defaultdict(int)
        for items in vectors.values():
            for term, _w in items:
                df[term] += 1
        top_terms: dict[int, list[tuple[str, float]]] = {}
        postings: dict = defaultdict(list)
        for docnum, items in vectors.items():
            scored = [(term, (1 + math.log(w)) * math.log(n / df[term])) for term, w in items if df[term] > 1]
            scored.sort(key=lambda t: (-t[1], t[0]))
            best = scored[:terms_per_doc]
            norm = math.sqrt(sum(w * w for _t, w in best)) or 1.0
            top_terms[docnum] = [(t, w / norm) for t, w in best]
            if docnum in candidates and len(best) >= min_terms:  # short pages make poor suggestions
                for t, w in top_terms[docnum]:
                    postings[t].append((docnum, w))
        for t in list(postings):
            if len(postings[t]) > max_postings:
                del postings[t]  # too common to tell documents apart
        out = {}
        for docnum, terms in top_terms.items():
            scores: dict = defaultdict(float)
            for t, w in terms:
                for other, w2 in postings.get(t, ()):
                    if other != docnum:
                        scores[other] += w * w2
            me = ids[docnum]
            skip = exclude.get(me, set())
            ranked = sorted(scores.items(), key=lambda kv: (-kv[1], ids[kv[0]]))
            out[me] = [ids[d] for d, _s in ranked if ids[d] not in skip][:top]
        return out

    def related(self, doc_id: str, exclude: set[str], top: int = 5) -> list[str]:
        s = self._searcher
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return []
        found = s.more_like(docnum, "body", top=top + len(exclude) + 1, numterms=12)
        return [h["id"] for h in found if h["id"] != doc_id and h["id"] not in exclude][:top]
