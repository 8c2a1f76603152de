"""Serves the built site and the search API on localhost with a real ASGI server (uvicorn + Starlette)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Scope

from generator import mkdocsconfig
from generator.mkdocsconfig import MkdocsConfig

if TYPE_CHECKING:
    import asyncio


def security_headers(config_file: Path | MkdocsConfig | None = None) -> dict[str, str]:
    """The security headers: the Content-Security-Policy of mkdocs.yml `extra.csp` (its one
    definition, which every page also carries as a meta tag) and the rest, as `_headers` lists them
    for static hosts (generator/site/settings.py)."""
    from generator.paths import ROOT
    from generator.site.settings import read_settings

    return read_settings(config_file or ROOT / "mkdocs.yml").security_headers()


def site_relative(location: str) -> str:
    """A redirect's target as a path on this site: never another host, whatever the request's
    Host header or path: '//evil.example/' (which a browser reads as another host, also with tabs
    or newlines in between) becomes '/evil.example/', and '/\\evil.example' (a backslash counts as a
    slash for a browser) becomes '/%5Cevil.example'."""
    from urllib.parse import quote

    parts = urlsplit(location)
    path = parts.path
    if parts.netloc and not parts.scheme:  # '//host/path' parsed as a host: keep it as a path
        path = "/" + parts.netloc + path
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")  # backslashes, tabs, newlines and the like encoded
    path = "/" + path.lstrip("/")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return path + ("?" + query if query else "")


class SiteFiles(StaticFiles):
    """Static files with the site's own 404 page (itself no symlink and inside the site)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        from starlette.exceptions import HTTPException

        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code == 404:
                assert self.directory is not None  # always given: the built site (app())
                root = Path(self.directory).resolve()
                page = Path(self.directory) / "404.html"
                if page.is_file() and not page.is_symlink() and page.resolve().parent == root:
                    return FileResponse(page, status_code=404)
                return PlainTextResponse("Pagina niet gevonden", status_code=404)
            raise


class Hardened:
    """ASGI middleware: the security headers on every answer, and a redirect's Location made
    relative to the site, so neither a forged Host header nor a path like '//evil.example' sends a
    browser to another host."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.encoded = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
        self.ours = {name for name, _value in self.encoded}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_hardened(message):
            if message["type"] == "http.response.start":
                fixed = []
                for k, v in message.get("headers", []):
                    if k.lower() in self.ours:
                        continue
                    if k.lower() == b"location":
                        v = site_relative(v.decode("latin-1")).encode("latin-1")
                    fixed.append((k, v))
                fixed += self.encoded
                message = dict(message, headers=fixed)
            await send(message)

        await self.app(scope, receive, send_hardened)


def create_app(site_dir: Path, index_dir: Path | None = None, config_file: Path | MkdocsConfig | None = None) -> Starlette:
    """The site and, when its index exists, the search API; `config_file` is the project's
    mkdocs.yml (licence, contact addresses and Content-Security-Policy in `extra:`)."""
    from starlette.middleware import Middleware
    from starlette.routing import BaseRoute, Mount

    from generator.paths import ROOT
    from generator.search.engines import index_exists

    config = mkdocsconfig.of(config_file or ROOT / "mkdocs.yml")  # read once, at start
    routes: list[BaseRoute] = []
    if index_dir is not None and index_exists(index_dir):
        from generator.search.api import SearchAPI

        routes += SearchAPI(index_dir, config).routes()
    routes.append(Mount("/", SiteFiles(directory=str(site_dir), html=True), name="site"))
    return Starlette(routes=routes, middleware=[Middleware(Hardened, headers=security_headers(config))])


def _busy(host: str, port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex((host, port)) == 0


def command_as_typed() -> str:
    """How the user started `kennisbank`, so that a suggested command works as typed: dev.py says
    (KENNISBANK_COMMAND="python3 dev.py"); else `kennisbank` when that name on PATH is this very
    program; else the path that was typed (e.g. `.venv/bin/kennisbank`); else `python3 -m generator`."""
    import shlex
    import shutil
    import sys

    told = os.environ.get("KENNISBANK_COMMAND")
    if told:
        return told

    def typed(path: Path) -> str:  # relative to the working directory where it is inside it
        try:
            return shlex.quote(str(path.relative_to(Path.cwd()))) if path.is_absolute() else shlex.quote(str(path))
        except ValueError:
            return shlex.quote(str(path))

    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if program is None or program.name in ("__main__.py", "-m", "-c"):
        return f"{typed(Path(sys.executable))} -m generator"
    on_path = shutil.which("kennisbank")
    if on_path and program.exists() and Path(on_path).resolve() == program.resolve():
        return "kennisbank"
    return typed(program)


def refuse_busy_port(host: str, port: int, command: str) -> None:
    """Stop with a Dutch message (not a traceback) when something already listens on the port,
    suggesting the same command with a free port, written as the user can type it."""
    import sys

    if _busy(host, port):
        free = next((p for p in range(port + 1, port + 50) if not _busy(host, p)), port + 1)
        print(
            f"Poort {port} is al in gebruik. Kies een andere, bijv.: {command_as_typed()} {command} --port {free}",
            file=sys.stderr,
        )
        raise SystemExit(1)


REQUEST_SECONDS = float(os.environ.get("KENNISBANK_REQUEST_TIMEOUT", "10"))  # to send a whole request
MAX_CONNECTIONS = int(os.environ.get("KENNISBANK_MAX_CONNECTIONS", "512"))  # beyond this a quick 503 instead of waiting
# Open connections per client address: one client holding many idle sockets is refused beyond
# this many instead of filling MAX_CONNECTIONS, which would make every other client's request a 503.
# A browser opens at most a few connections per host.
MAX_PER_CLIENT = int(os.environ.get("KENNISBANK_MAX_PER_CLIENT", "32"))


class _OncePerMinute:
    """One log line per kind of trouble per minute, with a count, instead of one per connection."""

    def __init__(self):
        self.last: dict[str, float] = {}
        self.count: dict[str, int] = {}

    def note(self, kind: str, text: str) -> None:
        import sys
        import time

        self.count[kind] = self.count.get(kind, 0) + 1
        now = time.monotonic()
        if now - self.last.get(kind, -1e9) >= 60:
            print(f"{text} ({self.count[kind]} sinds de vorige melding)", file=sys.stderr, flush=True)
            self.last[kind], self.count[kind] = now, 0


TROUBLE = _OncePerMinute()


def _guarded_protocol():
    """uvicorn's HTTP protocol with a deadline: a connection that has not sent a whole request
    within REQUEST_SECONDS (silent, or headers dribbling in) is closed; keep-alive idling after a
    response is closed by uvicorn itself."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    per_client: dict[str, int] = {}  # client address -> open connections (one event loop: no lock needed)

    class Guarded(H11Protocol):
        _deadline = None
        _client = None  # counted in per_client while the connection is open
        _refused = False

        def connection_made(self, transport):
            peer = transport.get_extra_info("peername")
            client = peer[0] if isinstance(peer, tuple) and peer else None
            if client is not None and per_client.get(client, 0) >= MAX_PER_CLIENT:
                TROUBLE.note("per-client", f"Verbindingen geweigerd: meer dan {MAX_PER_CLIENT} tegelijk van één adres")
                self._refused = True  # not counted, never part of uvicorn's connections
                transport.abort()
                return
            if client is not None:
                per_client[client] = per_client.get(client, 0) + 1
                self._client = client
            super().connection_made(transport)
            self._arm()

        def _arm(self):
            self._disarm()
            self._deadline = self.loop.call_later(REQUEST_SECONDS, self._too_slow)

        def _disarm(self):
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def handle_events(self):
            before = self.cycle
            super().handle_events()
            if self.cycle is not None and self.cycle is not before:  # a whole request has arrived
                self._disarm()

        def on_response_complete(self):
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc):
            if self._refused:
                return
            if self._client is not None:
                left = per_client.get(self._client, 1) - 1
                if left > 0:
                    per_client[self._client] = left
                else:
                    per_client.pop(self._client, None)
                self._client = None
            self._disarm()
            super().connection_lost(exc)

        def _too_slow(self):
            self._deadline = None
            if not self.transport.is_closing():
                TROUBLE.note("traag", f"Verbindingen gesloten die binnen {REQUEST_SECONDS:g} s geen volledige vraag stuurden")
                self.transport.close()

    return Guarded


def _loop_trouble(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Errors of the event loop (e.g. no file descriptors left while accepting) as one line a minute."""
    exc = context.get("exception")
    kind = type(exc).__name__ if exc else context.get("message", "fout")
    TROUBLE.note(kind, f"Serverfout: {context.get('message', '')} {exc or ''}".strip())


def _raise_file_limit() -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))
    except (ImportError, ValueError, OSError):
        pass


def run(
    site_dir: Path, host: str, port: int, index_dir: Path | None = None, config_file: Path | MkdocsConfig | None = None
) -> None:
    import asyncio

    import uvicorn

    refuse_busy_port(host, port, "serve")
    _raise_file_limit()
    config = uvicorn.Config(
        create_app(site_dir, index_dir, config_file),
        host=host,
        port=port,
        log_level="warning",
        http=_guarded_protocol(),
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
    )
    server = uvicorn.Server(config)

    async def serve() -> None:
        asyncio.get_running_loop().set_exception_handler(_loop_trouble)
        await server.serve()

    asyncio.run(serve())
