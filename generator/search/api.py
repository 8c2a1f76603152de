"""The JSON search API (Starlette), described by an OpenAPI document.

    GET /api/search?q=…&type=…&city=…&domain=…&perspective=…&target_group=…&barrier=…
                   &status=…&evidence_level=…&limit=…&offset=…
    GET /api/openapi.json

Every answer is JSON with `schema_version`. Every error (bad input 400, unknown path 404, another
method than GET 405) is `application/problem+json` (RFC 9457: type, title, status, detail) with
the Dutch message also as `error`, never a 5xx. Any origin may read the API (CORS: a public,
read-only API without cookies); a preflight (OPTIONS) is answered.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import threading
import typing
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator import mkdocsconfig
from generator.mkdocsconfig import MkdocsConfig
from generator.site.jslabels import labels
from generator.search.documents import FACETS
from generator.search.base import MAX_QUERY_CHARS, Hit, QueryError, Results, SearchEngine
from generator.search.engines import index_stamp, open_engine

SCHEMA_VERSION = 1
MAX_LIMIT = 50
MAX_OFFSET = 10_000
MAX_NUMBER_DIGITS = 9  # limit and offset: ASCII digits only (str.isdigit() also takes '²' and '①', int() not)
NUMBER = re.compile(r"[0-9]{1,%d}" % MAX_NUMBER_DIGITS)
MAX_FACET_VALUES = 15  # per facet: the page shows the most frequent values, so the answer stays small


# The API's version (semver) in its OpenAPI description: the major is the answers' schema_version;
# 1.1.0 added CORS and problem+json errors (the answers kept every field they had).
API_VERSION = f"{SCHEMA_VERSION}.1.0"
READ_METHODS = ("GET", "HEAD")
CORS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT = {
    **CORS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "86400",
}
ALLOW = {"Allow": "GET, HEAD, OPTIONS"}


class ProblemResponse(JSONResponse):
    media_type = "application/problem+json"


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """An error as RFC 9457 problem details, with the Dutch message as `detail` (and, as the API
    answered before 1.1, as `error`)."""
    from http import HTTPStatus

    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": message,
        "schema_version": SCHEMA_VERSION,
        "error": message,
    }
    return ProblemResponse(body, status_code=status, headers={**CORS, **(headers or {})})


Endpoint = Callable[["SearchAPI", Request], Awaitable[Response]]


def _read_only(endpoint: Endpoint) -> Endpoint:
    """GET and HEAD go to the endpoint; OPTIONS is a CORS preflight; any other method is a 405."""
    from functools import wraps

    @wraps(endpoint)
    async def guarded(self: SearchAPI, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={**PREFLIGHT, **ALLOW})
        if request.method not in READ_METHODS:
            return _error(405, f"Methode {request.method[:20]} is hier niet toegestaan; de API kan alleen lezen (GET).", ALLOW)
        return await endpoint(self, request)

    return guarded


class SearchAPI:
    def __init__(self, index_dir: Path, config_file: Path | MkdocsConfig | None = None):
        from generator.paths import ROOT

        self.config = mkdocsconfig.of(config_file or ROOT / "mkdocs.yml")  # read once, at start
        self.index_dir = index_dir
        self.lock = threading.Lock()  # one engine (a whoosh searcher), used by one thread at a time
        self.reloading = threading.Lock()
        self._use(open_engine(index_dir))

    def _use(self, engine: SearchEngine) -> None:
        self.engine = engine
        self.known = {facet: engine.facet_values(facet) for facet in FACETS}

    def _refresh(self) -> None:
        """A build published a new index (its stamp differs): answer from that one from now on."""
        stamp = index_stamp(self.index_dir)
        if stamp is None:
            return  # being swapped in right now: the next request looks again
        if stamp == self.engine.stamp:
            return
        with self.reloading:
            if stamp == self.engine.stamp:
                return  # another request reloaded it meanwhile
            try:
                fresh = open_engine(self.index_dir)
            except Exception:  # noqa: BLE001  replaced again while opening: keep answering from the one we have
                return
            with self.lock:
                old = self.engine
                self._use(fresh)
            old.close()

    def _params(self, request: Request) -> list[tuple[str, str]]:
        raw = request.scope.get("query_string", b"")
        try:
            raw.decode("ascii")
            for _k, v in parse_qsl(raw.decode("ascii"), keep_blank_values=True):
                pass
            # strict percent-decoding: invalid UTF-8 after decoding is an error
            for part in raw.split(b"&"):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError("De zoekvraag bevat ongeldige tekens (geen geldige UTF-8 of procent-codering).")
        return parse_qsl(raw.decode("ascii"), keep_blank_values=True, errors="strict")

    @_read_only
    async def search(self, request: Request) -> JSONResponse:
        await asyncio.to_thread(self._refresh)
        try:
            params = self._params(request)
            q = ""
            filters: dict[str, list[str]] = {}
            limit, offset = 10, 0
            for key, value in params:
                if key == "q":
                    q = value
                elif key in FACETS:
                    if value not in self.known[key]:
                        return _error(400, f"Onbekende waarde '{value[:60]}' voor filter '{key}'.")
                    filters.setdefault(key, []).append(value)
                elif key in ("limit", "offset"):
                    if not NUMBER.fullmatch(value):
                        return _error(
                            400,
                            f"'{key}' moet een geheel getal zijn, met alleen de cijfers 0-9 "
                            f"(hoogstens {MAX_NUMBER_DIGITS} cijfers).",
                        )
                    if key == "limit":
                        limit = min(max(int(value), 1), MAX_LIMIT)
                    else:
                        offset = min(int(value), MAX_OFFSET)
                else:
                    return _error(
                        400, f"Onbekende parameter '{key[:40]}'. Gebruik q, limit, offset of een filter: {', '.join(FACETS)}."
                    )
            if len(q) > MAX_QUERY_CHARS:
                return _error(400, f"De zoekvraag is te lang ({len(q)} tekens); maximaal {MAX_QUERY_CHARS}.")
            results = await asyncio.to_thread(self._search, q, filters, limit, offset)
        except QueryError as exc:
            return _error(400, str(exc))
        return JSONResponse(answer(results, q, filters, limit, offset, self.engine.labels), headers=CORS)

    def _search(self, q: str, filters: dict[str, list[str]], limit: int, offset: int) -> Results:
        with self.lock:
            return self.engine.search(q, filters, limit=limit, offset=offset)

    @_read_only
    async def openapi(self, request: Request) -> JSONResponse:
        return JSONResponse(openapi_document(self.config), headers=CORS)

    @_read_only
    async def not_found(self, request: Request) -> JSONResponse:
        return _error(404, "Dit adres bestaat niet in de API. Zie /api/openapi.json voor /api/search.")

    def routes(self) -> list[Route]:
        every = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT"]
        return [
            Route("/api/search", self.search, methods=every),
            Route("/api/openapi.json", self.openapi, methods=every),
            Route("/api", self.not_found, methods=every),
            Route("/api/{rest:path}", self.not_found, methods=every),
        ]


def answer(
    results: Results, q: str, filters: dict[str, list[str]], limit: int, offset: int, labels: dict[str, dict[str, str]]
) -> dict[str, object]:
    """The body of a search answer; `kennisbank search --json` prints the same."""
    return {
        "schema_version": SCHEMA_VERSION,
        "query": q,
        "filters": filters,
        "total": results.total,
        "offset": offset,
        "limit": limit,
        "results": [asdict(h) for h in results.hits],
        "suggestion": results.suggestion,
        "nearest": [asdict(h) for h in results.nearest],
        "facets": {
            facet: _facet(counts, filters.get(facet, []), labels.get(facet, {})) for facet, counts in results.facets.items()
        },
    }


def _facet(counts: dict[str, int], chosen: list[str], labels: dict[str, str]) -> list[dict[str, str | int]]:
    """The most frequent values of a facet (and always the chosen ones), with labels."""
    top = list(counts)[:MAX_FACET_VALUES]
    values = top + [v for v in chosen if v in counts and v not in top]
    return [{"value": v, "label": labels.get(v, v), "count": counts[v]} for v in values]


def _info(config_file: Path | MkdocsConfig | None) -> dict[str, object]:
    """Title, semver version, contact (the addresses set in mkdocs.yml or the repository's GitHub
    issues, never a guessed one) and the data's licence (mkdocs.yml extra.licence)."""
    from generator.paths import ROOT
    from generator.site.addresses import read_addresses
    from generator.site.settings import read_settings

    config = mkdocsconfig.of(config_file or ROOT / "mkdocs.yml")
    settings = read_settings(config)
    repo = read_addresses(config).repo_url
    info: dict[str, object] = {
        "title": "Kennisbank Gemengde Wijk — zoeken",
        "version": API_VERSION,
        "description": "Zoeken in instrumenten, praktijken, steden, belemmeringen, organisaties, begrippen en "
        "achtergrond. Elke fout is application/problem+json (RFC 9457); elke herkomst mag lezen "
        "(CORS).",
        "license": {"name": settings.licence.short, "identifier": settings.licence.spdx},
    }
    contact = {}
    if settings.organisation:
        contact["name"] = settings.organisation
    if settings.email:
        contact["email"] = settings.email
    elif repo:
        contact["url"] = f"{repo}/issues"
    if contact:
        info["contact"] = contact
    return info


HIT_NOTES = {"snippet": "HTML met <mark> rond treffers."}


def hit_schema() -> dict[str, object]:
    """The OpenAPI schema of one result, made from `base.Hit` (the one definition of a result)."""
    json_types = {str: "string", float: "number", int: "integer"}
    hints = typing.get_type_hints(Hit)
    names = [f.name for f in dataclasses.fields(Hit)]
    properties: dict[str, dict[str, str]] = {}
    for name in names:
        properties[name] = {"type": json_types[hints[name]]}
        if name in HIT_NOTES:
            properties[name]["description"] = HIT_NOTES[name]
    return {"type": "object", "required": names, "properties": properties}


def openapi_document(config_file: Path | MkdocsConfig | None = None) -> dict[str, object]:
    facet_titles = labels()["facets"]  # the filter titles the site shows (vocabularies.yaml)
    facet_params = [
        {
            "name": f,
            "in": "query",
            "required": False,
            "description": f"Filter: {facet_titles[f]} (herhaalbaar).",
            "schema": {"type": "string"},
        }
        for f in FACETS
    ]
    hit = hit_schema()
    error = {
        "type": "object",
        "required": ["type", "title", "status", "detail", "schema_version", "error"],
        "description": "Problem details (RFC 9457); `error` herhaalt `detail`.",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "schema_version": {"type": "integer"},
            "error": {"type": "string"},
        },
    }
    problem = {"application/problem+json": {"schema": error}}
    return {
        "openapi": "3.1.0",
        "info": _info(config_file),
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Zoeken met filters en aantallen per filterwaarde",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                        },
                        {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
                        *facet_params,
                    ],
                    "responses": {
                        "200": {
                            "description": "Resultaten",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["schema_version", "query", "total", "results", "facets"],
                                        "properties": {
                                            "schema_version": {"type": "integer"},
                                            "query": {"type": "string"},
                                            "filters": {"type": "object"},
                                            "total": {"type": "integer"},
                                            "offset": {"type": "integer"},
                                            "limit": {"type": "integer"},
                                            "results": {"type": "array", "items": hit},
                                            "suggestion": {
                                                "type": "string",
                                                "description": "Bij nul resultaten: de zoekvraag met verbeterde woorden "
                                                "('bedoelde je …'), anders leeg.",
                                            },
                                            "nearest": {
                                                "type": "array",
                                                "items": hit,
                                                "description": "Bij nul resultaten: de dichtstbijzijnde pagina's.",
                                            },
                                            "facets": {
                                                "type": "object",
                                                "additionalProperties": {
                                                    "type": "array",
                                                    "items": {
                                                        "type": "object",
                                                        "required": ["value", "label", "count"],
                                                        "properties": {
                                                            "value": {"type": "string"},
                                                            "label": {"type": "string"},
                                                            "count": {"type": "integer"},
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": {"description": "Ongeldige zoekvraag", "content": problem},
                        "405": {"description": "Andere methode dan GET", "content": problem},
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "Dit document",
                    "responses": {"200": {"description": "OpenAPI", "content": {"application/json": {}}}},
                }
            },
        },
    }
