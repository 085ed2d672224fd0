"""`GET /metrics`: Prometheus's text format (ali.observability), for the deployment's scraper.

Served only when `Settings.metrics` says so (`build_metrics_router` returns None otherwise: the
path is a 404): outside production, or with a token, which the scraper sends as
`Authorization: Bearer <token>`. Not in the OpenAPI: it is no API of the assistant's."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ali.errors import AliError
from ali.llm.metrics import default_metrics as model_metrics
from ali.observability.exposition import CONTENT_TYPE, exposition
from ali.observability.metrics import default_metrics
from ali.settings import Settings


class MetricsTokenRequired(AliError):
    status_code = 401
    public_detail = "The metrics need the scraper's token."


def build_metrics_router(settings: Settings) -> APIRouter | None:
    if not settings.metrics.served(settings.environment):
        return None
    # Every family is exposed from the first scrape, before anything was counted in it (the
    # model layer's too, for councils without a model).
    default_metrics()
    model_metrics()
    token = settings.metrics.token
    expected = f"Bearer {token.get_secret_value()}".encode() if token is not None else None
    multiproc_dir = settings.prometheus_multiproc_dir
    router = APIRouter(include_in_schema=False)

    @router.get("/metrics")
    async def metrics(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                raise MetricsTokenRequired()
        # Reading every worker's files (multiprocess mode) is disk work: off the event loop.
        body = await run_in_threadpool(exposition, multiproc_dir)
        return Response(body, media_type=CONTENT_TYPE)

    return router
