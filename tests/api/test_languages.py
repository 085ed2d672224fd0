"""A request may name only a language the council offers; any other is a clear 422 that does not
repeat the value asked for."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

BASE = "/api/v1/councils/alicante"
OFFERED = "This council does not offer that language (it offers: es, va, en)."


@pytest.mark.parametrize("language", ["gl", "fr", "es-12345678"])
def test_chat_in_a_language_the_council_does_not_offer_is_422(
    client: TestClient, language: str
) -> None:
    response = client.post(f"{BASE}/chat", json={"message": "hola", "language": language})
    assert response.status_code == 422
    assert response.json() == {"error": "InvalidInput", "detail": OFFERED}
    assert "12345678" not in response.text


def test_a_language_that_is_no_code_is_a_validation_error(client: TestClient) -> None:
    response = client.post(f"{BASE}/chat", json={"message": "hola", "language": "Galego"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "language"


def test_chat_in_an_offered_language_replies_in_it(client: TestClient) -> None:
    response = client.post(f"{BASE}/chat", json={"message": "hola", "language": "va"})
    assert response.status_code == 200
    assert response.json()["language"] == "va"


def test_procedure_titles_only_in_an_offered_language(client: TestClient) -> None:
    assert client.get(f"{BASE}/procedures", params={"language": "gl"}).status_code == 422
    titles = client.get(f"{BASE}/procedures", params={"language": "va"})
    assert titles.status_code == 200
    assert any(item["title"] == "Volant d'empadronament" for item in titles.json())


def test_consent_in_a_language_the_council_does_not_offer_is_422(client: TestClient) -> None:
    version = client.get(f"{BASE}/profile").json()["privacy"]["version"]
    response = client.post(f"{BASE}/consents", json={"notice_version": version, "language": "gl"})
    assert response.status_code == 422
    assert response.json() == {"error": "InvalidInput", "detail": OFFERED}
