"""A deployment whose Redis goes away: a form's personal detail cannot be kept, so that turn
answers 503 (try again) instead of a stack trace or a form that silently forgets it; an admin
sign-in cannot be checked against the sign-outs, so it is refused, never let through."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.api.app import create_app
from ali.catalogue.profile import CouncilProfile
from ali.settings import EmbedderSettings, RateLimitSettings
from tests.support.admin import PASSWORD, admin_settings

CHAT = "/api/v1/councils/alicante/chat"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = admin_settings(tmp_path).model_copy(
        update={
            "councils": ["alicante"],
            "embedder": EmbedderSettings(backend="hashing"),
            "redis_url": SecretStr("redis://127.0.0.1:1/0"),  # nothing listens there
            "rate_limits": RateLimitSettings(enabled=False),
        }
    )
    app = create_app(settings)
    app.state.councils.warm_up()
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_personal_detail_without_redis_is_a_503_to_retry(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CouncilProfile, "phone_open", lambda self, moment=None: False)
    conversation = None
    for message in ("quiero hablar con una persona", "sí", "mi recibo del IBI", "por la tarde"):
        response = client.post(CHAT, json={"conversation_id": conversation, "message": message})
        assert response.status_code == 200, response.text
        conversation = response.json()["conversation_id"]
    assert response.json()["form"]["slot"] == "phone"
    refused = client.post(CHAT, json={"conversation_id": conversation, "message": "612345678"})
    assert refused.status_code == 503
    assert refused.json()["error"] == "StorageError"
    assert "612345678" not in refused.text


def test_a_session_that_cannot_be_checked_is_refused(client: TestClient) -> None:
    signed_in = client.post(
        "/admin/login", data={"username": "admin", "password": PASSWORD}, follow_redirects=False
    )
    assert signed_in.status_code == 303
    assert client.get("/admin/api/councils").status_code == 503
