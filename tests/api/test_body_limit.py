"""The body limit counts bytes as they arrive, whatever the body's framing says."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ali.api.body_limit import BodyLimit

LIMIT = 1000
CHUNK = 100


@dataclass
class Exchange:
    """One request through the middleware: what the client sent, what came back."""

    chunks_offered: int
    chunks_read: int = 0
    sent: list[Message] = field(default_factory=list)

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    @property
    def closes(self) -> bool:
        return (b"connection", b"close") in self.sent[0].get("headers", [])

    @property
    def body(self) -> object:
        return json.loads(b"".join(m.get("body", b"") for m in self.sent[1:]))


async def echo_length(scope: Scope, receive: Receive, send: Send) -> None:
    """An app that reads the whole body, as FastAPI does before validating it."""
    body = await Request(scope, receive).body()
    await JSONResponse({"length": len(body)})(scope, receive, send)


async def refuse_unread(scope: Scope, receive: Receive, send: Send) -> None:
    """An app that answers without reading the body, as a route refusing an anonymous upload."""
    await JSONResponse({"error": "SignInRequired"}, status_code=401)(scope, receive, send)


def run(
    headers: list[tuple[bytes, bytes]], chunks: int, chunk: int = CHUNK, app: ASGIApp = echo_length
) -> Exchange:
    exchange = Exchange(chunks_offered=chunks)

    async def receive() -> Message:
        exchange.chunks_read += 1
        more = exchange.chunks_read < chunks
        return {"type": "http.request", "body": b"x" * chunk, "more_body": more}

    async def send(message: Message) -> None:
        exchange.sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/chat", "headers": headers}
    middleware = BodyLimit(app, limit_for=lambda method, path: LIMIT)
    asyncio.run(middleware(scope, receive, send))
    return exchange


CHUNKED = [(b"transfer-encoding", b"chunked")]


def test_a_chunked_body_over_the_limit_is_413_as_soon_as_it_passes_it() -> None:
    exchange = run(CHUNKED, chunks=1_000_000)  # 100 MB offered
    assert exchange.status == 413
    assert exchange.body == {"error": "PayloadTooLarge", "detail": "The request body is too large."}
    assert exchange.chunks_read == LIMIT // CHUNK + 1  # stopped at the first chunk past it
    assert exchange.closes  # the server does not go on reading the rest


def test_a_body_that_lies_about_its_length_is_counted_anyway() -> None:
    exchange = run([(b"content-length", b"10")], chunks=1_000)
    assert exchange.status == 413
    assert exchange.chunks_read == LIMIT // CHUNK + 1


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    exchange = run([(b"content-length", str(LIMIT + 1).encode())], chunks=11)
    assert exchange.status == 413
    assert exchange.chunks_read == 0


def test_a_length_that_is_not_a_number_is_refused() -> None:
    exchange = run([(b"content-length", b"-1")], chunks=1)
    assert exchange.status == 413
    assert exchange.chunks_read == 0


def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    exchange = run(CHUNKED, chunks=LIMIT // CHUNK)
    assert exchange.status == 200
    assert exchange.body == {"length": LIMIT}
    assert not exchange.closes


def test_an_answer_before_the_body_is_read_closes_the_connection() -> None:
    exchange = run(CHUNKED, chunks=1_000_000, app=refuse_unread)
    assert exchange.status == 401
    assert exchange.chunks_read == 0
    assert exchange.closes
