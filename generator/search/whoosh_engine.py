"""The whoosh engine: the only module that knows whoosh, used through its documented API only.

whoosh stores the index, analyses text (Dutch Snowball stemmer, stop words, accent folding:
skæve = skaeve) and keeps postings, the lexicon and stored fields. On top of that: aliases
as a boosted field, field boosts (name > aliases > summary > keywords > body), BM25F scored
term at a time over postings read through whoosh's public matcher (`reader.postings`), typo
tolerance and completion from the lexicon of the short fields. The rules of ranking are
`ranking.Ranker`'s, shared with the reader of the static index; the interface is
`base.SearchEngine`. Everything outside speaks in Documents, Results and plain dicts.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import shutil
from dataclasses import asdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from whoosh import index
from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from generator.paths import swap_in
from generator.search import config, query
from generator.search.base import Entry
from generator.search.documents import FACETS, Document
from generator.search.ranking import FIELD_BOOSTS, SCORE_SCALE, Ranker

FUZZY_FIELDS = ("title", "aliases", "keywords", "summary", "phrases")
NAME_FIELDS = ("title", "aliases")  # the last word is completed against these


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = query.fold(t.text)
            yield t


class PartsFilter(Filter):
    """A word with hyphens is indexed whole and also by its parts (query.hyphen_parts):
    Heechterp-Schieringen is found by "Schieringen" too."""

    def __call__(self, tokens):
        for t in tokens:
            word = t.text
            yield t
            for part in query.hyphen_parts(word):
                t.text = part
                yield t


class WordFilter(Filter):
    """Stop words out, and words too short to say anything (query.is_word: a digit stays)."""

    def __call__(self, tokens):
        for t in tokens:
            if query.is_word(t.text) and t.text not in query.STOPWORDS:
                yield t


def analyzer(parts: bool = True) -> Analyzer:
    """The index's analysis; without `parts` the analysis of names for the exact-name bonus
    (a query names "Geeren-Zuid" as one word)."""
    chain = RegexTokenizer(query.TOKEN.pattern) | LowercaseFilter() | FoldFilter()
    if parts:
        chain = chain | PartsFilter()
    return chain | WordFilter() | StemFilter(lang="nl")


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
    return hashlib.sha256(data + b"schema-v7").hexdigest()


def index_fields(d: Document, a: Analyzer | None = None) -> dict[str, str]:
    """A search document as the fields of the whoosh index (`a`: the analyzer of names, made once per build)."""
    a = a or analyzer(parts=False)
    return dict(
        id=d.id,
        url=d.url,
        title=d.title,
        aliases="\n".join(d.aliases),
        summary=d.summary,
        body=d.body,
        keywords=d.keywords,
        phrases=d.phrases,
        names="\n".join(" ".join(sorted(set(t.text for t in a(n)))) for n in [d.title, *d.aliases] if n),
        **{facet: ",".join(d.facets.get(facet, [])) for facet in FACETS},
    )


def build(docs: list[Document], target: Path, labels: dict[str, dict[str, str]] | None = None) -> bool:
    """Write a fresh index into `target` (atomically). Returns False if it was current. The
    English concepts of site_config/search.yaml travel with the index (concepts.json)."""
    labels_json = json.dumps(labels or {}, sort_keys=True, ensure_ascii=False)
    concepts_json = json.dumps(config.concept_table(), sort_keys=True, ensure_ascii=False)
    stamp = (
        fingerprint(docs)
        + hashlib.sha256(labels_json.encode("utf-8")).hexdigest()[:16]
        + hashlib.sha256(concepts_json.encode("utf-8")).hexdigest()[:16]
    )
    stamp_file = target / "FINGERPRINT"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return False
    new = target.with_name(target.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    ix = index.create_in(str(new), schema())
    writer = ix.writer(limitmb=128)
    a = analyzer(parts=False)
    for d in sorted(docs, key=lambda d: d.id):  # document numbers in id order: ties break the same everywhere
        writer.add_document(**index_fields(d, a))
    writer.commit()
    surface = query.surface_forms(t for d in docs for t in (d.title, *d.aliases, d.summary, d.keywords, d.phrases))
    (new / "surface.json").write_text(json.dumps(surface, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    (new / "labels.json").write_text(labels_json, encoding="utf-8")
    (new / "concepts.json").write_text(concepts_json, encoding="utf-8")
    (new / "FINGERPRINT").write_text(stamp)
    swap_in(new, target)
    return True


# BM25F as whoosh computes it (scoring.BM25F), with little length normalisation on the long
# fields, so a thorough instrument page is not outscored by a short page that mentions the term once.
K1 = 1.2
FIELD_B = {"title": 0.75, "aliases": 0.75, "phrases": 0.5, "summary": 0.75, "keywords": 0.3, "body": 0.3}
CACHE_POSTINGS = 2_000_000  # postings kept in memory across queries


def _text(term: bytes | str) -> str:
    """A term from whoosh's lexicon, which hands out bytes or str depending on the call."""
    return term.decode("utf-8") if isinstance(term, bytes) else term


class _Lexicon(NamedTuple):
    flags: dict[str, int]  # term -> 1 (may be a typo's correction) | 2 (may complete the last word)
    known: set[str]  # every term of the index
    fuzzy: dict[str, list[str]]  # the words of the short fields, by their first two letters
    name_words: dict[str, list[str]]  # the words of the names, by their first two letters


class Engine(Ranker):
    """Search over a whoosh index, scored term at a time (implements `base.SearchEngine`).

    whoosh stores the index, analyses text and keeps the postings; the scoring walks each
    query term's postings once and adds BM25F scores per document (as whoosh's own array
    matcher does), so the set of matching documents, their facet counts and the ranking
    come from one pass instead of a tree of matchers per document.
    """

    @classmethod
    def exists(cls, path: Path) -> bool:
        """A complete index: FINGERPRINT is written last, just before the index is swapped in."""
        return (Path(path) / "FINGERPRINT").is_file() and index.exists_in(str(path))

    @classmethod
    def stamp_at(cls, path: Path) -> str | None:
        try:
            return (Path(path) / "FINGERPRINT").read_text()
        except OSError:
            return None  # being swapped in right now

    @classmethod
    def open(cls, path: Path) -> "Engine":
        return cls(Path(path))

    def __init__(self, path: Path):
        self.ix = index.open_dir(str(path))
        labels_file = path / "labels.json"
        self.labels = json.loads(labels_file.read_text(encoding="utf-8")) if labels_file.exists() else {}
        self.stamp = self.stamp_at(path) or ""
        surface_file = path / "surface.json"
        self.surface = json.loads(surface_file.read_text(encoding="utf-8")) if surface_file.exists() else {}
        concepts_file = path / "concepts.json"
        self.concepts = json.loads(concepts_file.read_text(encoding="utf-8")) if concepts_file.exists() else {}
        self._searcher = self.ix.searcher()
        reader = self._reader = self._searcher.reader()
        n = reader.doc_count_all()
        self._lengths = {f: [reader.doc_field_length(d, f, 0) for d in range(n)] for f in FIELD_BOOSTS}
        self._avg = {f: (self._searcher.avg_field_length(f) or 1.0) for f in FIELD_BOOSTS}
        self._term_cache: dict[str, tuple[list[int], list[int], list[int]]] = {}
        self._cached = 0
        self.places = sorted({t for name in self.labels.get("city", {}).values() for t in query.analyse(name)})
        self._ids: list[str] = [""] * n
        self._types: list[str] = [""] * n
        self._names: list[tuple[str, ...]] = [()] * n
        self._titles: list[str] = [""] * n
        facets: list[dict[str, list[str]]] = [{} for _ in range(n)]
        self._named: dict[str, set[int]] = {}
        for docnum, fields in reader.iter_docs():
            facets[docnum] = {f: [v for v in fields.get(f, "").split(",") if v] for f in FACETS}
            self._ids[docnum], self._types[docnum] = fields["id"], fields["type"]
            self._titles[docnum] = fields["title"]
            self._names[docnum] = tuple(sorted(set(fields.get("names", "").split("\n"))))
            for name in self._names[docnum]:
                self._named.setdefault(name, set()).add(docnum)
        self._set_facets(facets)

    def close(self) -> None:
        self._searcher.close()

    # --- the lexicon: what the index knows, typos, completions -------------------------------
    @functools.cached_property
    def _lexicon(self) -> _Lexicon:
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
        return _Lexicon(
            flags=flags,
            known=set(flags),
            fuzzy={k: sorted(v) for k, v in fuzzy.items()},
            name_words={k: sorted(v) for k, v in names.items()},
        )

    def term_flags(self) -> dict[str, int]:
        """Every term of the index with what it may stand for: 1 = a typo's correction (a word of
        the short fields, long enough), 2 = a completion of the last word (a word of a name)."""
        return self._lexicon.flags

    def known(self, term: str) -> bool:
        return term in self._lexicon.known

    def corrections(self, token: str) -> list[str]:
        return query.near(token, self._lexicon.fuzzy.get(token[:2], ()))

    def completions(self, token: str) -> list[str]:
        """Names' words that start with the unfinished last word."""
        return [w for w in self._lexicon.name_words.get(token[:2], ()) if w.startswith(token)][: query.MAX_PREFIX_TERMS]

    def suggest(self, word: str) -> str:
        """The closest word of the short fields within two edits (same first two letters), as
        it is written in the content, or ''."""
        best = query.closest(word, self._lexicon.fuzzy.get(word[:2], ()))
        return self.surface.get(best, best) if best else ""

    # --- postings and scores -------------------------------------------------------------------
    def _read_postings(self, field: str, term: str) -> tuple[list[int], list[float]]:
        """The documents (ascending) with `term` in `field` and the term's weight (frequency) in
        each, through whoosh's public matcher interface, which also spans segments and skips
        deleted documents. Measured against the former block reader of whoosh's internals: all
        postings of the 10,000-entry corpus 2.7 s against 1.9 s, the 200 longest posting lists
        0.105 s against 0.122 s (BENCHMARKS.md, run 8)."""
        if (field, term) not in self._reader:
            return [], []
        m = self._reader.postings(field, term)
        ids: list[int] = []
        weights: list[float] = []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        return ids, weights

    def _postings(self, field: str, term: str) -> tuple[list[int], list[float]]:
        """Documents with the term in the field and the term's BM25F score in each."""
        ids: list[int] = []
        scores: list[float] = []
        df = self._reader.doc_frequency(field, term)
        if df:
            idf = math.log(self.doc_count / (df + 1)) + 1
            b, avg, lengths = FIELD_B[field], self._avg[field], self._lengths[field]
            ids, tfs = self._read_postings(field, term)
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

    # --- documents -------------------------------------------------------------------------------
    def named(self, key: str) -> set[int]:
        return self._named.get(key, set())

    def title_order(self) -> list[int]:
        return sorted(range(self.doc_count), key=lambda d: (self._titles[d].casefold(), d))

    def _stored(self, docnum: int) -> dict[str, str]:
        return self._searcher.stored_fields(docnum)

    def entries(self) -> Iterator[Entry]:
        """Every document, by document number (what the static export writes)."""
        for d in range(self.doc_count):
            f = self._stored(d)
            yield Entry(d, f["id"], f["type"], f["title"], f["url"], f["summary"], f["body"], self._names[d], self._facets[d])
