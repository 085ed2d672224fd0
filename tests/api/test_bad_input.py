"""Bad input of any kind gets a clear 4xx with the documented body, never a 500: lone
surrogates, invalid UTF-8, deep JSON, wrong content types, oversized and chunked bodies, and an
upload without sign-in, which is refused before its body is read."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

from ali.api.app import create_app
from ali.api.schemas import ChatRequest, ErrorResponse, FeedbackRequest
from ali.councils import Councils

COUNCIL = "/api/v1/councils/alicante"
CHAT = f"{COUNCIL}/chat"
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def app(hashing_councils: Councils) -> FastAPI:
    return create_app(hashing_councils.settings, hashing_councils)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def invalid_input(response: httpx.Response, field: str) -> str:
    """The documented 422 body; returns the message given for `field`."""
    assert response.status_code == 422, response.text
    body = ErrorResponse.model_validate(response.json())
    assert body.error == "InvalidInput"
    assert isinstance(body.detail, list)
    messages = {error.field: error.message for error in body.detail}
    assert field in messages, messages
    return messages[field]


@pytest.mark.parametrize(
    "raw",
    [
        rb'{"message": "hola \ud800 certificado"}',  # the JSON escape of a lone surrogate
        rb'{"message": "hola \udfff"}',
        b'{"message": "hola \xed\xa0\x80"}',  # the same surrogate as raw (invalid) UTF-8
    ],
)
def test_a_lone_surrogate_in_the_message_is_422(client: TestClient, raw: bytes) -> None:
    response = client.post(CHAT, content=raw, headers=JSON)
    assert "surrogate" in invalid_input(response, "message")
    # A surrogate pair is an ordinary character (here an emoji), not refused.
    paired = client.post(CHAT, content=rb'{"message": "hola \ud83d\ude00"}', headers=JSON)
    assert paired.status_code == 200


def test_a_lone_surrogate_in_a_feedback_comment_is_422(client: TestClient) -> None:
    raw = rb'{"turn": 1, "useful": false, "comment": "no \ud800"}'
    response = client.post(f"{COUNCIL}/conversations/abc/feedback", content=raw, headers=JSON)
    invalid_input(response, "comment")


def test_nul_characters_are_dropped_from_typed_text() -> None:
    assert ChatRequest(message="hola\x00 volante").message == "hola volante"
    assert FeedbackRequest(turn=1, useful=True, comment="no\x00 va").comment == "no va"


@pytest.mark.parametrize("attachment", ["a%00b", "a.b", "x" * 65])
def test_an_attachment_id_that_is_not_an_id_is_422(client: TestClient, attachment: str) -> None:
    response = client.delete(f"{COUNCIL}/conversations/abc/attachments/{attachment}")
    invalid_input(response, "path.attachment_id")


def test_invalid_utf8_is_422_not_400(client: TestClient) -> None:
    response = client.post(CHAT, content=b'{"message": "hola \xff\xfe"}', headers=JSON)
    assert invalid_input(response, "body") == "the body is not valid UTF-8"


@pytest.mark.parametrize("depth", [1_000, 30_000])
def test_deeply_nested_json_is_422(client: TestClient, depth: int) -> None:
    raw = b'{"message": ' + b"[" * depth + b"]" * depth + b"}"
    response = client.post(CHAT, content=raw, headers=JSON)
    assert invalid_input(response, "body") == "the body is nested too deeply"


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "text/plain"},
        {"content-type": "application/x-www-form-urlencoded"},
        {"content-type": "multipart/form-data; boundary=x"},
        {},
    ],
)
def test_a_body_that_is_not_json_is_415(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post(CHAT, content=b'{"message": "hola"}', headers=headers)
    assert response.status_code == 415
    body = ErrorResponse.model_validate(response.json())
    assert body.error == "UnsupportedMediaType"


def test_an_empty_body_is_422(client: TestClient) -> None:
    response = client.post(CHAT, content=b"", headers=JSON)
    invalid_input(response, "body")


@pytest.mark.parametrize("raw", [b"null", b'"hola"', b"42", b"[]", b"true"])
def test_json_that_is_not_an_object_is_422(client: TestClient, raw: bytes) -> None:
    response = client.post(CHAT, content=raw, headers=JSON)
    invalid_input(response, "body")


def test_a_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"message": "'
        for _ in range(100):
            yield b"a" * 10_000
        yield b'"}'

    response = client.post(CHAT, content=chunks(), headers=JSON)  # no Content-Length
    assert response.status_code == 413
    assert response.json() == {
        "error": "PayloadTooLarge",
        "detail": "The request body is too large.",
    }


def call(app: FastAPI, path: str, headers: dict[str, str], chunks: int) -> tuple[int, int]:
    """POST `chunks` chunks of 64 KiB straight through the ASGI app; returns the status and how
    many chunks the app read. An answer before the whole body was read must close the
    connection (or the server would go on reading the rest)."""
    read = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": b"x" * 65_536, "more_body": read < chunks}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    assert (b"connection", b"close") in sent[0]["headers"]
    return int(sent[0]["status"]), read


def test_an_upload_without_sign_in_is_401_before_its_body_is_read(app: FastAPI) -> None:
    status, read = call(
        app,
        f"{COUNCIL}/conversations/abc/attachments",
        {"content-type": "multipart/form-data; boundary=xyz", "transfer-encoding": "chunked"},
        chunks=80,  # 5 MiB of "file"
    )
    assert status == 401
    assert read == 0


def test_an_upload_with_a_bad_token_is_401_before_its_body_is_read(app: FastAPI) -> None:
    status, read = call(
        app,
        f"{COUNCIL}/conversations/abc/attachments",
        {
            "content-type": "multipart/form-data; boundary=xyz",
            "content-length": str(80 * 65_536),
            "authorization": "Bearer forged",
        },
        chunks=80,
    )
    assert status == 401
    assert read == 0


def test_a_chunked_chat_body_is_cut_off_at_the_limit(app: FastAPI) -> None:
    status, read = call(app, CHAT, {"content-type": "application/json"}, chunks=1_600)  # 100 MiB
    assert status == 413
    assert read == 2  # 64 KiB is the limit: the second chunk passes it


def test_health_answers_while_bad_requests_are_handled(app: FastAPI) -> None:
    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            bad = [
                client.post(CHAT, content=rb'{"message": "hola \ud800 12345678Z"}', headers=JSON)
                for _ in range(8)
            ]
            health = [client.get("/healthz") for _ in range(8)]
            responses = await asyncio.gather(*bad, *health)
        return [response.status_code for response in responses]

    statuses = asyncio.run(scenario())
    assert statuses == [422] * 8 + [200] * 8
