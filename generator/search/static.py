"""The search index as static files, for the site on plain static hosting.

Written from the whoosh index through the engine's public interface (`base.ExportSource`:
`term`, `term_flags`, `entries`, …), so the browser scores with exactly the numbers the API
uses, and queried by `site_config/assets/javascripts/zoekmachine.js` with the rules of
`query` and `ranking` (whose constants are exported here, not copied into the script).
`StaticEngine` below answers queries from these files in Python, reading them as the
script does: the relevance tests hold it to the same contract as the API.

    zoekindex/index.json         manifest: constants, document types, shard list (small)
    zoekindex/t/<xx>.json        terms starting with <xx>: flags + postings of a rare term (or the
                                 number of its postings file), and how each stem is written (for
                                 "bedoelde je")
    zoekindex/n/<k>.json         exact names (analysed title or alias -> documents), spread over
                                 files by a hash of the name
    zoekindex/p/<n>.bin          postings of a term, bytes
    zoekindex/d/<docnum>.json    one result: id, type, title, url, summary, start of the text
    zoekindex/facetten.json      labels, and per facet value where its documents are in facetten.bin
    zoekindex/facetten.bin       per facet value its documents: a bitset when it holds more than one
                                 document in eight, else varint gaps (search page only)
    zoekindex/volgorde.json      documents by title (browsing with filters and no words)

A visitor downloads the manifest, the shards of the query's words and the documents shown:
the payload grows with the query, not with the knowledge base.

Postings are unsigned varints (base64 when inline in a shard): per document the gap to the
previous document number, then score * 4 + flags (score in hundredths; flags 1 = title,
2 = alias).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypedDict

from generator.paths import swap_in
from generator.search import query
from generator.search.documents import FACETS
from generator.search.base import Entry, ExportSource
from generator.search.ranking import (
    DESCRIPTION_PRIOR,
    EXACT_NAME,
    FIELD_BOOSTS,
    PREFIX_BOOST,
    SCORE_SCALE,
    TYPE_PRIOR,
    TYPO_WEIGHT,
    Ranker,
)
from generator.search.snippet import SNIPPET_SOURCE_CHARS

FOLDER = "zoekindex"
FORMAT = 2  # 2: the manifest carries the English concepts
NAMES_PER_FILE = 50
INLINE_POSTINGS = 40  # bytes: longer posting lists get a file of their own, so a shard stays small


class ExportCounts(TypedDict):
    """What `export` wrote: counts, and the bytes per part of the index."""

    terms: int
    shards: int
    posting_files: int
    documents: int
    bytes: dict[str, int]  # per part: t (shards), p (posting files), n (names), d (documents), facetten, index


def _varints(numbers: Iterable[int]) -> bytes:
    out = bytearray()
    for n in numbers:
        while n >= 0x80:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)
    return bytes(out)


def encode_postings(docs: list[int], scores: list[int], flags: list[int]) -> bytes:
    numbers, prev = [], 0
    for d, sc, fl in zip(docs, scores, flags):
        numbers += [d - prev, sc * 4 + fl]
        prev = d
    return _varints(numbers)


def encode_docs(docs: list[int]) -> str:
    numbers, prev = [], 0
    for d in docs:
        numbers.append(d - prev)
        prev = d
    return base64.b64encode(_varints(numbers)).decode("ascii")


def _dump(path: Path, data: object) -> int:
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    path.write_bytes(raw)
    return len(raw)


def export(index_dir: Path, site_dir: Path, use_prepared: bool = False) -> ExportCounts:
    """Write zoekindex/ into the site folder (whole or not at all: written beside it, then
    swapped in); returns counts and sizes. With `use_prepared` (the build, whose index writer has
    just called `prepare` for this index), the export `prepare` wrote beside the index is moved in."""
    made = prepared(Path(index_dir))
    counts = made.with_name(made.name + ".json")
    if use_prepared and made.is_dir() and counts.is_file():
        ready: ExportCounts = json.loads(counts.read_text(encoding="utf-8"))
        counts.unlink()
        new = site_dir / (FOLDER + ".new")
        shutil.rmtree(new, ignore_errors=True)
        try:
            made.rename(new)
        except OSError:  # another file system than the site's
            shutil.copytree(made, new)
            shutil.rmtree(made, ignore_errors=True)
        swap_in(new, site_dir / FOLDER)
        return ready
    new = site_dir / (FOLDER + ".new")
    result = _write(Path(index_dir), new)
    swap_in(new, site_dir / FOLDER)
    return result


def prepared(index_dir: Path) -> Path:
    """Where `prepare` writes the export of the index in `index_dir`: beside it (build/index-zoekindex)."""
    return index_dir.with_name(f"{index_dir.name}-{FOLDER}")


def prepare(index_dir: Path) -> ExportCounts:
    """The export written beside the index, for the build to move into the site (`export(..., use_prepared=True)`):
    the build's index writer writes it on the second core while MkDocs builds the site."""
    target = prepared(index_dir)
    counts = target.with_name(target.name + ".json")
    counts.unlink(missing_ok=True)
    new = target.with_name(target.name + ".new")
    result = _write(index_dir, new)
    swap_in(new, target)
    counts.write_text(json.dumps(result), encoding="utf-8")  # last: its presence says the export is whole
    return result


def _write(index_dir: Path, target: Path) -> ExportCounts:
    from generator.search.whoosh_engine import Engine  # the export is written from the whoosh index

    engine = Engine.open(index_dir)
    try:
        return _export(engine, target)
    finally:
        engine.close()


def _export(engine: ExportSource, target: Path) -> ExportCounts:
    shutil.rmtree(target, ignore_errors=True)
    for sub in ("t", "p", "d", "n"):
        (target / sub).mkdir(parents=True)
    n = engine.doc_count
    entries = list(engine.entries())
    flags_of = engine.term_flags()
    shards: dict[str, dict] = {}
    files = 0
    sizes = {"t": 0, "p": 0, "d": 0}
    for term in sorted(flags_of):
        docs, scores, flags = engine.term(term)
        if not docs:
            continue
        postings = encode_postings(docs, scores, flags)
        if len(postings) > INLINE_POSTINGS:
            (target / "p" / f"{files}.bin").write_bytes(postings)
            sizes["p"] += len(postings)
            entry: list = [flags_of[term], files]
            files += 1
        else:
            entry = [flags_of[term], base64.b64encode(postings).decode("ascii")]
        shards.setdefault(query.shard_key(term), {"t": {}, "s": {}})["t"][term] = entry
    names: dict[str, list[int]] = {}
    for e in entries:
        for key in e.names:
            if key:
                names.setdefault(key, []).append(e.docnum)
    name_shards = max(1, len(names) // NAMES_PER_FILE)
    spread: list[dict] = [{} for _ in range(name_shards)]
    for key, docs in names.items():
        spread[query.name_shard(key, name_shards)][key] = docs
    for i, part in enumerate(spread):
        sizes["n"] = sizes.get("n", 0) + _dump(target / "n" / f"{i}.json", part)
    for stem, surface in engine.surface.items():
        if stem in shards.get(query.shard_key(stem), {}).get("t", {}):
            shards[query.shard_key(stem)]["s"][stem] = surface
    for key, shard in shards.items():
        sizes["t"] += _dump(target / "t" / f"{key}.json", shard)
    titles = []
    for e in entries:
        sizes["d"] += _dump(
            target / "d" / f"{e.docnum}.json",
            {
                "id": e.id,
                "type": e.type,
                "title": e.title,
                "url": e.url,
                "summary": e.summary,
                "body": e.body[:SNIPPET_SOURCE_CHARS],
            },
        )
        titles.append((e.title.casefold(), e.docnum))
    _dump(target / "volgorde.json", [d for _t, d in sorted(titles)])
    members: dict[str, dict[str, list[int]]] = {facet: {} for facet in FACETS}
    for e in entries:
        for facet, values in e.facets.items():
            for v in values:
                members[facet].setdefault(v, []).append(e.docnum)
    blob = bytearray()
    where: dict[str, list] = {}
    for facet, by_value in members.items():
        where[facet] = []
        for v, docs in sorted(by_value.items()):
            if len(docs) * 8 > n:  # dense: one bit per document is smaller
                bits = bytearray((n + 7) // 8)
                for d in docs:
                    bits[d >> 3] |= 1 << (d & 7)
                data, kind = bytes(bits), "b"
            else:
                data, kind = base64.b64decode(encode_docs(docs)), "v"
            where[facet].append([v, kind, len(blob), len(data)])
            blob += data
    (target / "facetten.bin").write_bytes(bytes(blob))
    sizes["facetten"] = len(blob) + _dump(target / "facetten.json", {"values": where, "labels": engine.labels})
    types = sorted(TYPE_PRIOR)
    manifest = {
        "format": FORMAT,
        "n": n,
        "types": types,
        "type_labels": engine.labels.get("type", {}),
        "doc_types": "".join(chr(ord("a") + types.index(e.type)) for e in entries),
        "prior": [TYPE_PRIOR[t] for t in types],
        "description_prior": [DESCRIPTION_PRIOR.get(t, 1.0) for t in types],
        "exact_name": EXACT_NAME,
        "typo_weight": TYPO_WEIGHT,
        "prefix": [PREFIX_BOOST * FIELD_BOOSTS["title"], PREFIX_BOOST * FIELD_BOOSTS["aliases"]],
        "scale": SCORE_SCALE,
        "facets": list(FACETS),
        "shards": sorted(shards),
        "name_shards": name_shards,
        "popular": engine.popular(),
        "places": engine.places,
        "concepts": engine.concepts,
        "query": query.exported_constants(),
    }
    stamp = engine.stamp or json.dumps(manifest, sort_keys=True)
    manifest["version"] = hashlib.sha256(f"{FORMAT}:{stamp}".encode()).hexdigest()[:12]  # fetched as ?v=…
    sizes["index"] = _dump(target / "index.json", manifest)
    return {"terms": len(flags_of), "shards": len(shards), "posting_files": files, "documents": n, "bytes": sizes}


def _decode_varints(data: bytes) -> list[int]:
    out, n, shift = [], 0, 0
    for byte in data:
        n |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            out.append(n)
            n, shift = 0, 0
    return out


class StaticEngine(Ranker):
    """Search over the static index files (`zoekindex/`), read as `zoekmachine.js` reads them:
    the manifest, the shard of each query word, a term's postings (inline or its own file),
    the exact-name files, the facet members and the shown documents, each read when first
    needed. Implements `base.SearchEngine`, with the rules of `ranking.Ranker`."""

    @classmethod
    def exists(cls, path: Path) -> bool:
        return (Path(path) / "index.json").is_file()

    @classmethod
    def stamp_at(cls, path: Path) -> str | None:
        try:
            return json.loads((Path(path) / "index.json").read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            return None

    @classmethod
    def open(cls, path: Path) -> "StaticEngine":
        return cls(Path(path))

    def __init__(self, path: Path):
        self.root = Path(path)
        self._files: dict[str, object] = {}
        manifest = self._manifest = self._json("index.json")
        if manifest.get("format") != FORMAT:
            raise ValueError(f"{self.root / 'index.json'}: format {manifest.get('format')!r}, expected {FORMAT}")
        self.stamp = manifest["version"]
        self.places = manifest["places"]
        self.concepts = manifest.get("concepts", {})
        self._types = [manifest["types"][ord(c) - ord("a")] for c in manifest["doc_types"]]
        self._shard_keys = set(manifest["shards"])
        self._term_cache: dict[str, tuple[list[int], list[int], list[int]]] = {}
        facets = self._json("facetten.json")
        self.labels = facets["labels"]
        blob = (self.root / "facetten.bin").read_bytes()
        per_doc: list[dict[str, list[str]]] = [{} for _ in self._types]
        for facet, values in facets["values"].items():
            for value, kind, start, length in values:
                data = blob[start : start + length]
                if kind == "b":
                    docs = [i * 8 + b for i, byte in enumerate(data) if byte for b in range(8) if byte & (1 << b)]
                else:
                    docs, prev = [], 0
                    for gap in _decode_varints(data):
                        prev += gap
                        docs.append(prev)
                for d in docs:
                    per_doc[d].setdefault(facet, []).append(value)
        self._set_facets(per_doc)

    def close(self) -> None:
        pass

    def _json(self, rel: str) -> Any:  # parsed JSON
        found = self._files.get(rel)
        if found is None:
            found = self._files[rel] = json.loads((self.root / rel).read_text(encoding="utf-8"))
        return found

    def _shard(self, term: str) -> dict:
        key = query.shard_key(term)
        if key not in self._shard_keys:
            return {"t": {}, "s": {}}
        return self._json(f"t/{key}.json")

    # --- what the ranking needs, from the files ----------------------------------------------
    def term(self, term: str) -> tuple[list[int], list[int], list[int]]:
        found = self._term_cache.get(term)
        if found is not None:
            return found
        entry = self._shard(term)["t"].get(term)
        docs: list[int] = []
        scores: list[int] = []
        flags: list[int] = []
        if entry is not None:
            data = (self.root / "p" / f"{entry[1]}.bin").read_bytes() if isinstance(entry[1], int) else base64.b64decode(entry[1])
            numbers, prev = _decode_varints(data), 0
            for gap, packed in zip(numbers[::2], numbers[1::2]):
                prev += gap
                docs.append(prev)
                scores.append(packed // 4)
                flags.append(packed % 4)
        found = self._term_cache[term] = (docs, scores, flags)
        return found

    def term_flags(self) -> dict[str, int]:
        return {t: entry[0] for key in sorted(self._shard_keys) for t, entry in self._json(f"t/{key}.json")["t"].items()}

    def known(self, term: str) -> bool:
        return term in self._shard(term)["t"]

    def _flagged(self, token: str, bit: int) -> list[str]:
        return [w for w, entry in self._shard(token)["t"].items() if entry[0] & bit]

    def corrections(self, token: str) -> list[str]:
        return query.near(token, self._flagged(token, 1))

    def completions(self, token: str) -> list[str]:
        return sorted(w for w in self._flagged(token, 2) if w.startswith(token))[: query.MAX_PREFIX_TERMS]

    def suggest(self, word: str) -> str:
        best = query.closest(word, self._flagged(word, 1))
        return self._shard(word)["s"].get(best, best) if best else ""

    def named(self, key: str) -> set[int]:
        names = self._json(f"n/{query.name_shard(key, self._manifest['name_shards'])}.json")
        return set(names.get(key, ()))

    def title_order(self) -> list[int]:
        return self._json("volgorde.json")

    def _stored(self, docnum: int) -> dict[str, str]:
        return self._json(f"d/{docnum}.json")

    def popular(self, n: int = 5) -> list[int]:
        return self._manifest["popular"][:n]

    # --- the export's interface (base.ExportSource): the files read back whole ------------------
    @property
    def surface(self) -> dict[str, str]:
        return {stem: word for key in sorted(self._shard_keys) for stem, word in self._json(f"t/{key}.json")["s"].items()}

    def entries(self) -> Iterator[Entry]:
        names: dict[int, set[str]] = {}
        for i in range(self._manifest["name_shards"]):
            for key, docs in self._json(f"n/{i}.json").items():
                for d in docs:
                    names.setdefault(d, set()).add(key)
        for d in range(self.doc_count):
            f = self._stored(d)
            yield Entry(
                d,
                f["id"],
                f["type"],
                f["title"],
                f["url"],
                f["summary"],
                f["body"],
                tuple(sorted(names.get(d, ()))),
                self._facets[d],
            )
