"""The browser-facing files: `/widget.js` (embedded by council websites), and the try-out
pages `/demo/<council>/` (a mock website of each council with its widget; `/demo/` leads to the
first) and `/kiosk/` (a kiosk screen against the sandbox), served only when
`Settings.try_out_pages` enables them (never in production). Each council's page signs in
against its own back office (its sandbox tenant), which `/try-out.json?council=` gives."""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from ali.api.demo_page import render_demo_page
from ali.api.deps import CouncilsDep
from ali.errors import AliError
from ali.settings import Settings
from ali.web import WEB_DIR

# The folders of ali/web/static that only the try-out pages use.
TRY_OUT_FOLDERS = ("demo", "kiosk")


class PageNotServed(AliError):
    status_code = 404
    public_detail = "This page is only served where the try-out pages are enabled."


class _StaticFiles(StaticFiles):
    """ali/web/static, less the folders named in `hidden` (the try-out pages' when disabled)."""

    def __init__(self, *, directory: os.PathLike[str], hidden: tuple[str, ...]) -> None:
        super().__init__(directory=directory)
        self._hidden = hidden

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if path.replace("\\", "/").lstrip("/").split("/", 1)[0] in self._hidden:
            return "", None
        return super().lookup_path(path)


def content_security_policy(settings: Settings) -> str:
    """Our own pages load nothing from third parties; the try-out pages may call the sandbox."""
    connect = "'self'" + (f" {settings.sandbox_url}" if settings.sandbox_url else "")
    images = "'self' data:" + (f" {settings.sandbox_url}" if settings.sandbox_url else "")
    return (
        f"default-src 'self'; connect-src {connect}; img-src {images}; "
        "style-src 'self' 'unsafe-inline'; script-src 'self'; media-src 'self' blob:; "
        "frame-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    )


def install_pages(app: FastAPI, settings: Settings) -> None:
    router = APIRouter(include_in_schema=False)
    headers = {"Content-Security-Policy": content_security_policy(settings)}
    try_out = settings.try_out_pages

    @router.get("/widget.js")
    async def widget_script() -> FileResponse:
        return FileResponse(
            WEB_DIR / "widget" / "widget.js",
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300"},
        )

    def page(folder: str) -> FileResponse:
        if not try_out:
            raise PageNotServed()
        return FileResponse(WEB_DIR / folder / "index.html", headers=headers)

    @router.get("/demo/")
    async def demo_index(councils: CouncilsDep) -> RedirectResponse:
        """The first council's page (the others' are linked from it)."""
        if not try_out:
            raise PageNotServed()
        return RedirectResponse(f"/demo/{councils.ids[0]}/", status_code=307)

    @router.get("/demo/{council_id}/")
    def demo_page(council_id: str, councils: CouncilsDep) -> HTMLResponse:
        if not try_out:
            raise PageNotServed()
        catalogue = councils.catalogue(council_id)  # 404 UnknownCouncil
        others = [councils.catalogue(other).profile for other in councils.ids]
        others = [profile for profile in others if profile.id != catalogue.profile.id]
        return HTMLResponse(render_demo_page(catalogue, others), headers=headers)

    @router.get("/kiosk/")
    async def kiosk_page() -> FileResponse:
        return page("kiosk")

    @router.get("/try-out.json")
    async def try_out_config(
        councils: CouncilsDep, council: Annotated[str | None, Query(max_length=64)] = None
    ) -> JSONResponse:
        """Where the council's try-out pages sign in (the first council's by default): its
        back office, the sandbox tenant with its demo IdP and kiosk reader; null when the
        deployment has no sandbox."""
        if not try_out:
            raise PageNotServed()
        council_id = councils.catalogue(council or councils.ids[0]).profile.id
        addresses = settings.back_office(council_id)
        url = addresses.url if addresses is not None and settings.sandbox_url else None
        tenant = str(url).rstrip("/") if url is not None else None
        return JSONResponse({"council": council_id, "sandbox_url": tenant})

    app.include_router(router)
    hidden = () if try_out else TRY_OUT_FOLDERS
    app.mount("/static", _StaticFiles(directory=WEB_DIR, hidden=hidden), name="static")
