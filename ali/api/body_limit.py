"""A request body limit that holds for every way a body can arrive.

A pure ASGI middleware: it refuses a declared `Content-Length` over the limit before reading
anything, and counts the bytes of every body (chunked ones included) as they arrive in
`receive()`, answering 413 as soon as the count passes the limit, so an oversized body is never
read whole, parsed or spooled to disk. Any answer given before the body was read to its end (a
413, a 401 to an upload without sign-in) closes the connection, so the server does not go on
reading, and discarding, the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = {"error": "PayloadTooLarge", "detail": "The request body is too large."}

_CLOSE = (b"connection", b"close")

LimitFor = Callable[[str, str], int]
"""The limit in bytes for a request, from its method and path."""


class BodyTooLarge(HTTPException):
    """Raised from `receive()` once a body passes its limit. It is an `HTTPException`, so
    FastAPI re-raises it from body parsing and the API's handler renders it; if nothing inside
    renders it, the middleware answers the 413 itself."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=TOO_LARGE["detail"])


class BodyLimit:
    def __init__(self, app: ASGIApp, limit_for: LimitFor) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["method"], scope["path"])
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(scope, receive, send)
            return

        received = 0
        unread = "transfer-encoding" in headers or declared not in (None, "0")
        started = False

        async def counted_receive() -> Message:
            nonlocal received, unread
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                unread = bool(message.get("more_body", False))
                if received > limit:
                    raise BodyTooLarge()
            else:
                unread = False
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if unread:
                    message = {**message, "headers": [*message.get("headers", []), _CLOSE]}
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    # The rest of the body is not read: the connection closes after this answer.
    response = JSONResponse(TOO_LARGE, status_code=413, headers={"Connection": "close"})
    await response(scope, receive, send)
