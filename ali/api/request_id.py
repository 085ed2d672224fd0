"""Every request has an id, bound to every log line written while it is served (structlog's
contextvars, which Starlette's thread pool carries into the turn's thread) and returned in the
`X-Request-ID` response header. A well-formed `X-Request-ID` from the client (or the proxy in
front) is kept, so one id follows the request through; anything else is replaced by a new one.
"""

from __future__ import annotations

import re
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
# Letters, digits and - _ . : only, 8 to 64 of them: a UUID, a ULID, a proxy's id; never free
# text, nor anything a log line could be forged with.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def request_id(given: str | None) -> str:
    """The client's id if it is well-formed, else a new one: `r` and 32 hex digits (the letter
    first, so that the log's redaction never takes a run of digits for a phone number)."""
    if given is not None and _WELL_FORMED.fullmatch(given):
        return given
    return f"r{uuid.uuid4().hex}"


class RequestId:
    """Pure ASGI, outermost: the id is bound before anything else runs (errors, limits and
    the chat's canonical line all carry it) and set on every response, error responses too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = [value for name, value in scope.get("headers", ()) if name == b"x-request-id"]
        rid = request_id(given[0].decode("latin-1") if len(given) == 1 else None)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = rid
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=rid):
            await self.app(scope, receive, send_with_id)
