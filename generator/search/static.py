"""The search index as static files, for the site on plain static hosting.

Written from the whoosh index through `Engine.term`, so the browser scores with exactly
the numbers the API uses, and queried by `site_config/assets/javascripts/zoekmachine.js`
with the rules of `query` (whose constants are exported here, not copied into the script).

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
from pathlib import Path

from ..paths import swap_in
from . import query
from .documents import FACETS
from .engine import (EXACT_NAME, FIELD_BOOSTS, PREFIX_BOOST, SCORE_SCALE, SNIPPET_SOURCE_CHARS, TYPE_PRIOR,
                     TYPO_WEIGHT, Engine)

FOLDER = "zoekindex"
FORMAT = 1
NAMES_PER_FILE = 50
INLINE_POSTINGS = 40  # bytes: longer posting lists get a file of their own, so a shard stays small


def _varints(numbers) -> bytes:
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


def _dump(path: Path, data) -> int:
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    path.write_bytes(raw)
    return len(raw)


def export(index_dir: Path, site_dir: Path) -> dict:
    """Write zoekindex/ into the site folder (whole or not at all: written beside it, then
    swapped in); returns counts and sizes."""
    new = site_dir / (FOLDER + ".new")
    engine = Engine(index_dir)
    try:
        result = _export(engine, new)
    finally:
        engine.close()
    swap_in(new, site_dir / FOLDER)
    return result


def _export(engine: Engine, target: Path) -> dict:
    shutil.rmtree(target, ignore_errors=True)
    for sub in ("t", "p", "d", "n"):
        (target / sub).mkdir(parents=True)
    n = engine._n
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
    for d in range(n):
        for key in engine._meta[d][2]:
            if key:
                names.setdefault(key, []).append(d)
    name_shards = max(1, len(names) // NAMES_PER_FILE)
    spread: list[dict] = [{} for _ in range(name_shards)]
    for key, docs in names.items():
        spread[query.name_shard(key, name_shards)][key] = docs
    for i, part in enumerate(spread):
        sizes["n"] = sizes.get("n", 0) + _dump(target / "n" / f"{i}.json", part)
    for stem, surface in engine._surface.items():
        if stem in shards.get(query.shard_key(stem), {}).get("t", {}):
            shards[query.shard_key(stem)]["s"][stem] = surface
    for key, shard in shards.items():
        sizes["t"] += _dump(target / "t" / f"{key}.json", shard)
    titles = []
    for d in range(n):
        f = engine._searcher.stored_fields(d)
        sizes["d"] += _dump(target / "d" / f"{d}.json", {
            "id": f["id"], "type": f["type"], "title": f["title"], "url": f["url"], "summary": f["summary"],
            "body": f["body"][:SNIPPET_SOURCE_CHARS]})
        titles.append((engine._meta[d][3], d))
    _dump(target / "volgorde.json", [d for _t, d in sorted(titles)])
    members: dict[str, dict[str, list[int]]] = {facet: {} for facet in FACETS}
    for d in range(n):
        for facet, values in engine._facets[d].items():
            for v in values:
                members[facet].setdefault(v, []).append(d)
    blob = bytearray()
    where: dict[str, list] = {}
    for facet, values in members.items():
        where[facet] = []
        for v, docs in sorted(values.items()):
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
        "doc_types": "".join(chr(ord("a") + types.index(engine._meta[d][1])) for d in range(n)),
        "prior": [TYPE_PRIOR[t] for t in types],
        "exact_name": EXACT_NAME,
        "typo_weight": TYPO_WEIGHT,
        "prefix": [PREFIX_BOOST * FIELD_BOOSTS["title"], PREFIX_BOOST * FIELD_BOOSTS["aliases"]],
        "scale": SCORE_SCALE,
        "facets": list(FACETS),
        "shards": sorted(shards),
        "name_shards": name_shards,
        "popular": engine.popular(),
        "places": engine.places,
        "query": query.exported_constants(),
    }
    stamp = engine.stamp or json.dumps(manifest, sort_keys=True)
    manifest["version"] = hashlib.sha256(f"{FORMAT}:{stamp}".encode()).hexdigest()[:12]  # fetched as ?v=…
    sizes["index"] = _dump(target / "index.json", manifest)
    return {"terms": len(flags_of), "shards": len(shards), "posting_files": files, "documents": n, "bytes": sizes}
