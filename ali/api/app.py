"""The FastAPI application: `create_app(settings)` wires the councils (built by the
composition root, `ali.composition`) and the routes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from ali import __version__
from ali.api.body_limit import BodyLimit
from ali.api.errors import UnexpectedErrors, install_error_handlers
from ali.api.rate_limits import RateLimits
from ali.api.request_id import RequestId
from ali.api.routes import attachments, channels, chat, feedback, health, procedures
from ali.api.routes import councils as council_list
from ali.api.routes import i18n as i18n_routes
from ali.api.routes.admin import build_admin_router
from ali.api.routes.metrics import build_metrics_router
from ali.api.routes.pages import install_pages
from ali.api.stream_slots import StreamSlots
from ali.composition import build_councils
from ali.councils import Councils
from ali.errors import AliError
from ali.settings import Settings, removed_variables

log = structlog.get_logger("ali.api")

MAX_BODY_BYTES = 64 * 1024


def _warm_up_in_background(councils: Councils) -> threading.Thread:
    def run() -> None:
        # A failure is recorded in councils.failure, reported by /readyz and logged.
        with contextlib.suppress(AliError):
            councils.warm_up()

    thread = threading.Thread(target=run, name="ali-warm-up", daemon=True)
    thread.start()
    return thread


def create_app(settings: Settings | None = None, councils: Councils | None = None) -> FastAPI:
    settings = settings or Settings()
    for name, instead in removed_variables():
        log.warning("setting_removed", variable=name, ignored=True, use=instead)
    councils = councils or build_councils(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not councils.ready:
            app.state.warm_up = _warm_up_in_background(councils)
        yield

    app = FastAPI(
        title="ALI — municipal virtual assistant",
        version=__version__,
        description=(
            "Chat with a council's assistant about its procedures. Answers are grounded in the "
            "council's catalogue and cite their sources."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.councils = councils
    app.state.rate_limits = RateLimits.from_settings(settings)
    app.state.stream_slots = StreamSlots()
    install_error_handlers(app)

    def body_limit(method: str, path: str) -> int:
        if method == "POST" and path.endswith("/attachments"):
            return MAX_BODY_BYTES + settings.attachments.max_file_bytes  # a file and its framing
        return MAX_BODY_BYTES

    app.add_middleware(BodyLimit, limit_for=body_limit)
    # Outside the body limit (its 413 is not an error of ours), inside CORS (a browser can read
    # the 500): an exception nothing else handled becomes one log line and a JSON 500.
    app.add_middleware(UnexpectedErrors)

    app.include_router(health.router)
    app.include_router(chat.router)
    app.include_router(procedures.router)
    app.include_router(feedback.router)
    app.include_router(council_list.router)
    app.include_router(channels.router)
    app.include_router(attachments.router)
    app.include_router(i18n_routes.router)
    app.include_router(build_admin_router(settings))
    metrics = build_metrics_router(settings)
    if metrics is not None:
        app.include_router(metrics)
    install_pages(app, settings)
    # The widget script and long answers travel compressed; event streams are never buffered
    # (Starlette excludes text/event-stream).
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "X-Kiosk-Id",
                "X-Kiosk-Key",
                "X-Citizen-Assertion",
                "X-Request-ID",
            ],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    # Outermost: every log line of the request, and its response, carry the request's id.
    app.add_middleware(RequestId)
    return app
