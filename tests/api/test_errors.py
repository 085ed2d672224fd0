"""Bad input gets a clear JSON error and never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

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
