"""The one place errors become HTTP responses: `{"error": Name, "detail": ...}`, never a trace.

`detail` is a sentence, or for `InvalidInput` a list of `{"field", "message"}`; the OpenAPI
documents that body (`ErrorResponse`) for every error status. An unexpected exception is
logged as one redacted line (see `ali.logging`) and answered 500 `InternalError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ali.api.schemas import ErrorResponse
from ali.errors import AliError, RateLimited
from ali.safety.redaction import redact

log = structlog.get_logger("ali.api")

_NAMES = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
    503: "ServiceUnavailable",
}
_INTERNAL = {"error": "InternalError", "detail": "Something went wrong on our side."}
_ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorResponse"}


class UnsupportedMediaType(AliError):
    status_code = 415
    public_detail = "Send the body as application/json."


def _text(value: object, limit: int = 200) -> str:
    """A string safe to send back: valid UTF-8, bounded, personal data redacted."""
    text = str(value)[:limit].encode("utf-8", "backslashreplace").decode("utf-8")
    return redact(text)


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Validation errors without the submitted input (it may hold personal data)."""
    cleaned = []
    for error in errors:
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        location = [_text(part, 64) for part in error.get("loc", ()) if part != "body"]
        cleaned.append({"field": ".".join(location) or "body", "message": _text(message)})
    return cleaned


def error_response(
    status_code: int, error: str, detail: str | list[dict[str, str]], **headers: str
) -> JSONResponse:
    body = {"error": error, "detail": _text(detail, 1000) if isinstance(detail, str) else detail}
    return JSONResponse(body, status_code=status_code, headers=headers or None)


def _unreadable_body(exc: StarletteHTTPException) -> str:
    """Why FastAPI or Starlette could not parse a body (they answer 400 for it)."""
    cause = exc.__cause__
    if isinstance(cause, UnicodeDecodeError):
        return "the body is not valid UTF-8"
    if isinstance(cause, RecursionError):
        return "the body is nested too deeply"
    if cause is not None:
        return "the body could not be parsed"
    return _text(exc.detail)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AliError)
    async def ali_error(request: Request, exc: AliError) -> JSONResponse:
        if exc.status_code >= 500:
            log.error("request_failed", error=type(exc).__name__, path=request.url.path)
        detail = exc.detail if exc.status_code < 500 else exc.public_detail
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else {}
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
        return error_response(exc.status_code, type(exc).__name__, detail, **headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        if isinstance(exc.body, bytes):
            # FastAPI keeps the raw bytes of a body whose content type is not JSON.
            unsupported = UnsupportedMediaType()
            return error_response(415, type(unsupported).__name__, unsupported.detail)
        return error_response(422, "InvalidInput", field_errors(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # Only body parsing answers 400 (invalid UTF-8, nesting, a malformed multipart).
            reason = [{"field": "body", "message": _unreadable_body(exc)}]
            return error_response(422, "InvalidInput", reason)
        headers = dict(getattr(exc, "headers", None) or {})
        name = _NAMES.get(exc.status_code, "HTTPError")
        return error_response(exc.status_code, name, str(exc.detail), **headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # For an app without the `UnexpectedErrors` middleware (which `create_app` adds, so
        # that an error is not re-raised to the server and logged twice).
        where = _where(request.method, request.url.path, exc)
        log.error("unexpected_error", **where, exc_info=exc)
        return JSONResponse(_INTERNAL, status_code=500)

    document_errors(app)


def _where(method: str, path: str, exc: Exception) -> dict[str, str]:
    """What an unexpected-error line says besides the traceback (never headers or body)."""
    return {"method": method, "path": path, "error": type(exc).__name__}


class UnexpectedErrors:
    """Pure ASGI: an exception nothing else handled is logged once, as one redacted line with a
    plain traceback, and answered 500 `InternalError`. It is not re-raised, so the server does
    not log it again as a multi-line traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as exc:
            where = _where(scope["method"], scope["path"], exc)
            log.error("unexpected_error", **where, exc_info=exc)
            if not started:
                await JSONResponse(_INTERNAL, status_code=500)(scope, receive, send)


def document_errors(app: FastAPI) -> None:
    """In the OpenAPI, every error response (and FastAPI's own 422) is an `ErrorResponse`, and
    every operation taking a body also documents 413 and 415."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _with_error_responses(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_error_responses(spec: dict[str, Any]) -> dict[str, Any]:
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    schema = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(schema.pop("$defs", {}))
    components["ErrorResponse"] = schema
    for operation in _operations(spec):
        responses = operation.setdefault("responses", {})
        if "requestBody" in operation:
            for status in ("413", "415", "422"):
                responses.setdefault(status, {"description": _NAMES.get(int(status), status)})
        for status, response in responses.items():
            if status[0] in "45" and (not response.get("content") or _is_validation(response)):
                response["content"] = {"application/json": {"schema": _ERROR_SCHEMA}}
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return spec


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    return [
        operation
        for item in spec.get("paths", {}).values()
        for method, operation in item.items()
        if method in methods
    ]


def _is_validation(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))
