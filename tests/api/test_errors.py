"""Bad input gets a clear JSON error and never a 500; every error body is the documented
`ErrorResponse`; an unexpected exception is one redacted log line and a JSON 500."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema_rs
import pytest
import structlog
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.api.errors import error_response, field_errors
from ali.councils import Councils
from ali.logging import processors

CHAT = "/api/v1/councils/alicante/chat"


def test_unknown_council_is_404(client: TestClient) -> None:
    response = client.post("/api/v1/councils/atlantis/chat", json={"message": "hola"})
    assert response.status_code == 404
    assert response.json() == {"error": "UnknownCouncil", "detail": "Unknown council 'atlantis'."}


def test_unknown_procedure_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/councils/alicante/procedures/padron.nope")
    assert response.status_code == 404
    assert response.json()["error"] == "UnknownProcedure"


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_empty_message_is_422(client: TestClient, message: str) -> None:
    response = client.post(CHAT, json={"message": message})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "InvalidInput"
    assert body["detail"][0] == {"field": "message", "message": "the message is empty"}


def test_message_over_2000_characters_is_rejected(client: TestClient) -> None:
    response = client.post(CHAT, json={"message": "a" * 2001})
    assert response.status_code == 422
    assert "longer than 2000" in response.json()["detail"][0]["message"]


def test_a_huge_body_is_413(client: TestClient) -> None:
    response = client.post(CHAT, json={"message": "a" * 100_000})
    assert response.status_code == 413
    assert response.json()["error"] == "PayloadTooLarge"


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        CHAT, content=b'{"message": "hola"', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"


@pytest.mark.parametrize(
    "payload",
    [
        {"message": 42},
        {"message": ["volante"]},
        {"message": "hola", "language": "fr"},
        {"message": "hola", "conversation_id": "../../etc/passwd"},
        {"message": "hola", "unexpected": True},
        {},
        [],
    ],
)
def test_wrong_types_are_422(client: TestClient, payload: object) -> None:
    response = client.post(CHAT, json=payload)
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"


def test_validation_errors_do_not_echo_the_input(client: TestClient) -> None:
    response = client.post(CHAT, json={"message": "hola", "language": "12345678Z"})
    assert "12345678Z" not in response.text


def test_unknown_route_is_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_wrong_method_is_405(client: TestClient) -> None:
    response = client.get(CHAT)
    assert response.status_code == 405
    assert response.json()["error"] == "MethodNotAllowed"


# The contract: what the OpenAPI advertises for each error is what the API answers.


@pytest.fixture
def app(hashing_councils: Councils) -> FastAPI:
    return create_app(hashing_councils.settings, hashing_councils)


def documented(app: FastAPI, method: str, path: str, status: int) -> Any:
    """A validator for the body the OpenAPI documents for this operation and status."""
    spec = app.openapi()
    response = spec["paths"][path][method]["responses"][str(status)]
    schema = response["content"]["application/json"]["schema"]
    return jsonschema_rs.validator_for({**schema, "components": spec["components"]})


def test_every_error_in_the_openapi_is_an_error_response(app: FastAPI) -> None:
    spec = app.openapi()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if "requestBody" in operation:
                assert {"413", "415", "422"} <= responses.keys(), (method, path)
            for status, response in responses.items():
                if status[0] in "45" and path != "/readyz":
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, (path, status)


CHAT_OP = "/api/v1/councils/{council_id}/chat"
PROCEDURES = "/api/v1/councils/{council_id}/procedures"
FEEDBACK = "/api/v1/councils/{council_id}/conversations/{conversation_id}/feedback"
ATTACHMENTS = "/api/v1/councils/{council_id}/conversations/{conversation_id}/attachments"


# (method, documented path, request URL, request options, status)
CONTRACT: list[tuple[str, str, str, dict[str, Any], int]] = [
    ("get", PROCEDURES, "/api/v1/councils/alicante/procedures?language=fr", {}, 422),
    ("get", PROCEDURES, "/api/v1/councils/atlantis/procedures", {}, 404),
    ("post", CHAT_OP, CHAT, {"json": {"message": 1}}, 422),
    (
        "post",
        FEEDBACK,
        "/api/v1/councils/alicante/conversations/a.b/feedback",
        {"json": {"turn": 1, "useful": True}},
        422,
    ),
    (
        "post",
        CHAT_OP,
        CHAT,
        {"content": b"hola", "headers": {"content-type": "text/plain"}},
        415,
    ),
    (
        "post",
        CHAT_OP,
        CHAT,
        {"json": {"message": "x" * 70_000}},
        413,
    ),
    (
        "post",
        CHAT_OP,
        CHAT,
        {"json": {"message": "hola"}, "headers": {"authorization": "Basic x"}},
        401,
    ),
    (
        "post",
        ATTACHMENTS,
        "/api/v1/councils/alicante/conversations/abc/attachments",
        {"files": {"file": ("a.pdf", b"%PDF-1.4")}},
        401,
    ),
]


def test_error_bodies_are_what_the_openapi_documents(app: FastAPI) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        for method, template, url, options, status in CONTRACT:
            response = client.request(method.upper(), url, **options)
            assert response.status_code == status, (url, response.text)
            documented(app, method, template, status).validate(response.json())


def test_a_field_name_that_is_not_unicode_is_escaped_in_the_answer() -> None:
    errors = field_errors([{"loc": ("body", "\ud800"), "msg": "Extra inputs are not permitted"}])
    response = error_response(422, "InvalidInput", errors)
    assert response.body.decode("utf-8") == (
        '{"error":"InvalidInput","detail":[{"field":"\\\\ud800",'
        '"message":"Extra inputs are not permitted"}]}'
    )


# Unexpected errors: one safe line, a JSON 500, the event loop free.


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    output = io.StringIO()
    structlog.configure(
        processors=processors("console"),
        logger_factory=structlog.PrintLoggerFactory(file=output),
        cache_logger_on_first_use=False,
    )
    yield output
    structlog.reset_defaults()


def failing_app(app: FastAPI) -> FastAPI:
    async def boom() -> None:
        citizen = {"nif": "12345678Z", "message": "hola " * 2000}  # noqa: F841 - a local
        raise RuntimeError("the connector refused 12345678Z")

    app.add_api_route("/boom", boom, methods=["POST"])
    return app


def test_an_unexpected_error_is_a_json_500_and_one_redacted_line(
    app: FastAPI, log_output: io.StringIO
) -> None:
    # raise_server_exceptions=True: the error is handled, not re-raised to the server.
    with TestClient(failing_app(app)) as client:
        response = client.post(
            "/boom", json={"message": "12345678Z"}, headers={"authorization": "Bearer secret-tok"}
        )
    assert response.status_code == 500
    assert response.json() == {
        "error": "InternalError",
        "detail": "Something went wrong on our side.",
    }
    lines = [line for line in log_output.getvalue().splitlines() if "unexpected_error" in line]
    assert len(lines) == 1
    line = lines[0]
    assert "RuntimeError: the connector refused [DNI]" in line  # the traceback, redacted
    assert "12345678Z" not in line and "secret-tok" not in line  # no data, no headers
    assert "hola hola" not in line and "citizen =" not in line  # no locals


def test_health_answers_while_unexpected_errors_are_handled(
    app: FastAPI, log_output: io.StringIO
) -> None:
    failing = failing_app(app)

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=failing)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            errors = [client.post("/boom") for _ in range(8)]
            health = [client.get("/healthz") for _ in range(8)]
            responses = await asyncio.gather(*errors, *health)
        return [response.status_code for response in responses]

    assert asyncio.run(scenario()) == [500] * 8 + [200] * 8
    written = log_output.getvalue()
    assert written.count("unexpected_error") == 8
    assert "╭" not in written and "hola hola" not in written  # plain, without locals
