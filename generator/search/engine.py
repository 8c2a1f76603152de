"""The search engine: the only module that knows whoosh.

Dutch analysis (Snowball stemmer, stop words), accent folding (skæve = skaeve),
aliases as a boosted field, typo tolerance through fuzzy terms, field boosts
(name > aliases > summary > body), facet filters and counts, highlighted snippets and
more-like-this. Everything outside this module speaks in Documents and plain dicts.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import json
import shutil
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from whoosh import index, query, scoring
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
FUZZY_FIELDS = ("title", "aliases", "keywords", "summary")
SNIPPET_SOURCE_CHARS = 4000  # highlight within the start of the body: fast and usually where the point is
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
        body=TEXT(analyzer=a, stored=True, field_boost=FIELD_BOOSTS["body"]),
        keywords=TEXT(analyzer=a, field_boost=FIELD_BOOSTS["keywords"]),
        names=STORED,  # analysed title and aliases, for the exact-name bonus without re-analysis
    )
    for facet in FACETS:
        fields[facet] = KEYWORD(stored=True, commas=True, lowercase=False, sortable=True)
    return Schema(**fields)


def fingerprint(docs: list[Document]) -> str:
    data = json.dumps([asdict(d) for d in docs], sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data + b"schema-v5").hexdigest()


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
    for d in docs:
        writer.add_document(
            id=d.id, url=d.url, title=d.title, aliases="\n".join(d.aliases), summary=d.summary, body=d.body,
            keywords=d.keywords,
            names="\n".join(" ".join(sorted(set(t.text for t in a(n)))) for n in [d.title, *d.aliases] if n),
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


SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"\w+(?:-\w+)*")


def snippet(text: str, stems: list[str], sentences: int = 2, width: int = 220) -> str:
    """The sentences of `text` that contain the query's words, escaped, with <mark> around them.

    Cheap on purpose: a word matches when its folded form starts with one of the query's
    stems (the Dutch stemmer only cuts endings), so no re-analysis of the text is needed.
    """
    if not stems or not text:
        return ""
    head = text[:SNIPPET_SOURCE_CHARS]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(st) for st in sorted(set(stems), key=len, reverse=True))
                         + r")[\w-]*", re.IGNORECASE)
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


STOPWORDS = frozenset(stopwords_for_language("nl"))
TOKEN = re.compile(r"\w+")


@functools.lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    return _STEMMER(word) if _STEMMER else word


def _make_stemmer():
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("nl")


_STEMMER = _make_stemmer()


def quick_terms(text: str) -> dict[str, int]:
    """Term counts with the same folding, stop words and Dutch stemming as the index, but
    without whoosh's analysis machinery: fast enough to run over every page at build time."""
    counts: dict[str, int] = {}
    for word in TOKEN.findall(text.lower()):
        if len(word) < 2 or word in STOPWORDS:
            continue
        if not word.isascii():
            word = fold(word)
        term = _stem(word)
        counts[term] = counts.get(term, 0) + 1
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
    import math
    from collections import defaultdict

    candidate_types = candidate_types or RELATED_TYPES
    n = len(docs) or 1
    vectors = {d.id: quick_terms(d.body) for d in docs}
    df: dict[str, int] = defaultdict(int)
    for counts in vectors.values():
        for term in counts:
            df[term] += 1
    top_terms: dict[str, list[tuple[str, float]]] = {}
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for d in docs:
        scored = [(t, (1 + math.log(c)) * math.log(n / df[t])) for t, c in vectors[d.id].items() if df[t] > 1]
        scored.sort(key=lambda x: (-x[1], x[0]))
        best = scored[:terms_per_doc]
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
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
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


class Engine:
    def __init__(self, path: Path):
        self.ix = index.open_dir(str(path))
        labels_file = path / "labels.json"
        self.labels = json.loads(labels_file.read_text(encoding="utf-8")) if labels_file.exists() else {}
        self.analyzer = analyzer()
        # BM25F with little length normalisation on the long body field, so a thorough
        # instrument page is not outscored by a short page that mentions the term once.
        self._searcher = self.ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2, body_B=0.3, keywords_B=0.3))
        # facet values per document, read once: counting them for a result set is then a loop
        self._corrections: dict[str, set[str]] | None = None
        self._facets = {}
        self._meta = {}  # docnum -> (id, type, analysed names, title): what ranking needs, in memory
        for docnum, fields in self._searcher.reader().iter_docs():
            self._facets[docnum] = {f: [v for v in fields.get(f, "").split(",") if v] for f in FACETS}
            self._meta[docnum] = (fields["id"], fields["type"], set(fields.get("names", "").split("\n")),
                                  fields["title"].casefold())

    def _build_corrections(self) -> None:
        """Symmetric-delete table (as in SymSpell) over the words of the short fields: every
        word and every form of it with one letter left out points back to the word. A typo
        within one edit, or one swap of neighbouring letters, shares an entry with its word."""
        table: dict[str, set[str]] = {}
        reader = self._searcher.reader()
        for field in FUZZY_FIELDS:
            for raw in reader.lexicon(field):
                word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                if len(word) < 4:
                    continue
                for variant in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
                    table.setdefault(variant, set()).add(word)
        self._corrections = table

    def corrections(self, token: str, limit: int = 4) -> list[str]:
        if self._corrections is None:
            self._build_corrections()
        found: set[str] = set()
        for variant in {token, *(token[:i] + token[i + 1:] for i in range(len(token)))}:
            found |= self._corrections.get(variant, set())
        found.discard(token)
        return sorted(found, key=lambda w: (abs(len(w) - len(token)), w))[:limit]

    def close(self) -> None:
        self._searcher.close()

    def tokens(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)][:MAX_TOKENS]

    def build_query(self, text: str) -> query.Query | None:
        tokens = self.tokens(text)
        if not tokens:
            return None
        subs = []
        reader = self._searcher.reader()
        unique = list(dict.fromkeys(tokens))
        for tok in unique:
            alternatives: list[query.Query] = [query.Term(f, tok, boost=b) for f, b in FIELD_BOOSTS.items()]
            known = any(reader.doc_frequency(f, tok) for f in FIELD_BOOSTS)
            if len(tok) >= 4 and not known:
                # a word the index does not know: probably a typo; try the close words of the names
                for near in self.corrections(tok):
                    alternatives += [query.Term(f, near, boost=FIELD_BOOSTS[f] * 0.5) for f in FUZZY_FIELDS]
            if len(tok) >= 3 and tok == unique[-1]:
                # the word being typed: also match names that start with it ("Rotterd" -> Rotterdamwet)
                alternatives += [query.Prefix(f, tok, boost=FIELD_BOOSTS[f] * 0.3) for f in ("title", "aliases")]
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
        if q is None and text.strip() and not flt:
            return Results(0, [], {f: {} for f in FACETS})
        if q is None:  # no words: browse everything that passes the filters, by title
            matched = sorted(s.docs_for_query(flt) if flt else range(s.doc_count_all()),
                             key=lambda d: (self._meta[d][3], d))
            ranked = [(d, 0.0) for d in matched]
        else:
            results = s.search(q, filter=flt, limit=max(RERANK_WINDOW, offset + limit))
            matched = list(s.docs_for_query(query.And([q, flt]) if flt else q))
            wanted = " ".join(sorted(set(self.tokens(text))))
            ranked = []
            for score, docnum in results.top_n:
                doc_id, doc_type, names, _title = self._meta[docnum]
                factor = TYPE_PRIOR.get(doc_type, 1.0) * (EXACT_NAME if wanted in names else 1.0)
                ranked.append((docnum, (score or 0.0) * factor))
            ranked.sort(key=lambda t: (-t[1], self._meta[t[0]][0]))
        stems = self.tokens(text)
        hits = []
        for docnum, score in ranked[offset:offset + limit]:
            f = s.stored_fields(docnum)
            hits.append(Hit(f["id"], f["type"], f["title"], f["url"], f["summary"],
                            snippet(f["body"], stems) or snippet(f["summary"], stems), round(score, 4)))
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        for docnum in matched:
            for facet, values in self._facets[docnum].items():
                bucket = counts[facet]
                for v in values:
                    bucket[v] = bucket.get(v, 0) + 1
        facets = {facet: {k: c[k] for k in sorted(c, key=lambda k: (-c[k], k))} for facet, c in counts.items()}
        return Results(len(matched), hits, facets)
