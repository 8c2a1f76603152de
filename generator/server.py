"""Serves the built site and the search API on localhost with a real ASGI server (uvicorn + Starlette)."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import FileResponse, PlainTextResponse
from starlette.staticfiles import StaticFiles


class SiteFiles(StaticFiles):
    """Static files with the site's own 404 page."""

    async def get_response(self, path, scope):
        from starlette.exceptions import HTTPException

        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code == 404:
                page = Path(self.directory) / "404.html"
                if page.exists():
                    return FileResponse(page, status_code=404)
                return PlainTextResponse("Pagina niet gevonden", status_code=404)
            raise


def create_app(site_dir: Path, index_dir: Path | None = None) -> Starlette:
    from starlette.routing import Mount

    routes = []
    if index_dir is not None and (index_dir / "FINGERPRINT").exists():
        from .search.api import SearchAPI

        routes += SearchAPI(index_dir).routes()
    routes.append(Mount("/", SiteFiles(directory=str(site_dir), html=True), name="site"))
    return Starlette(routes=routes)


def refuse_busy_port(host: str, port: int, command: str) -> None:
    """Stop with a Dutch message (not a traceback) when something already listens on the port."""
    import socket
    import sys

    with socket.socket() as probe:
        if probe.connect_ex((host, port)) == 0:
            print(f"Poort {port} is al in gebruik. Kies een andere, bijv.: kennisbank {command} --port {port + 1}",
                  file=sys.stderr)
            raise SystemExit(1)


def run(site_dir: Path, host: str, port: int, index_dir: Path | None = None) -> None:
    import uvicorn

    refuse_busy_port(host, port, "serve")
    uvicorn.run(create_app(site_dir, index_dir), host=host, port=port, log_level="warning")
