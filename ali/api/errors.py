"""The one place errors become HTTP responses: `{"error": Name, "detail": ...}`, never a trace."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ali.errors import AliError

log = structlog.get_logger("ali.api")


def _clean(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validation errors without the submitted input (it may hold personal data)."""
    cleaned = []
    for error in errors:
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        location = [str(part) for part in error.get("loc", ()) if part != "body"]
        cleaned.append({"field": ".".join(location) or "body", "message": message})
    return cleaned


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AliError)
    async def ali_error(request: Request, exc: AliError) -> JSONResponse:
        if exc.status_code >= 500:
            log.error("request_failed", error=type(exc).__name__, path=request.url.path)
        detail = exc.detail if exc.status_code < 500 else exc.public_detail
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse(
            {"error": type(exc).__name__, "detail": detail}, exc.status_code, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {"error": "InvalidInput", "detail": _clean(list(exc.errors()))}, status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {404: "NotFound", 405: "MethodNotAllowed", 413: "PayloadTooLarge"}
        return JSONResponse(
            {"error": names.get(exc.status_code, "HTTPError"), "detail": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected_error", path=request.url.path)
        return JSONResponse(
            {"error": "InternalError", "detail": "Something went wrong on our side."},
            status_code=500,
        )
