"""Serves the built site on localhost with a real ASGI server (uvicorn + Starlette)."""

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


def create_app(site_dir: Path) -> Starlette:
    app = Starlette()
    app.mount("/", SiteFiles(directory=str(site_dir), html=True), name="site")
    return app


def run(site_dir: Path, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(site_dir), host=host, port=port, log_level="warning")
