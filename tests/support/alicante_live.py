"""The Alicante assistant over HTTP (a `TestClient`) against the sandbox back office served on
loopback, and the two ways a citizen signs in to it: a web sign-in token from the sandbox's
identity provider, or the sandbox's demo kiosk with a DNIe assertion."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import jwt
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.api.app import create_app
from ali.composition import build_councils
from ali.settings import BackOfficeSettings, EmbedderSettings, Settings
from ali_sandbox.demo_kiosk import DEMO_KIOSK_API_KEY, DEMO_KIOSK_ID, demo_kiosk_key
from tests.support.councils import ALICANTE
from tests.support.servers import KEY, Sandbox, free_port

CHAT = "/api/v1/councils/alicante/chat"


@contextmanager
def alicante_live(root: Path) -> Iterator[tuple[TestClient, Sandbox]]:
    """ALI with a copy of the Alicante catalogue whose back office is a fresh sandbox."""
    port = free_port()
    sandbox = Sandbox(root / "sandbox", port)
    sandbox.start()
    council = root / "knowledge" / "alicante"
    shutil.copytree(ALICANTE, council)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=root / "data",
        knowledge_dir=root / "knowledge",
        embedder=EmbedderSettings(backend="hashing"),
        connector_keys={"alicante": SecretStr(KEY)},
        back_offices={"alicante": BackOfficeSettings.sandbox(sandbox.url)},
    )
    councils = build_councils(settings)
    councils.warm_up()
    try:
        with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
            yield client, sandbox
    finally:
        sandbox.stop()


def web_sign_in(sandbox: Sandbox, nif: str) -> dict[str, str]:
    response = httpx.post(f"{sandbox.url}/idp/token", json={"nif": nif})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def kiosk_sign_in(nif: str, name: str | None = None) -> dict[str, str]:
    """The demo kiosk's headers with a DNIe assertion for `nif` (as its card reader signs)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": DEMO_KIOSK_ID,
        "aud": "alicante",
        "nif": nif,
        "iat": now,
        "exp": now + 300,
    }
    if name:
        claims["name"] = name
    assertion = jwt.encode(claims, demo_kiosk_key(), algorithm="ES256")
    return {
        "X-Kiosk-Id": DEMO_KIOSK_ID,
        "X-Kiosk-Key": DEMO_KIOSK_API_KEY,
        "X-Citizen-Assertion": assertion,
    }


class Chat:
    """One conversation: `say` sends a message and returns the response body."""

    def __init__(self, client: TestClient, headers: dict[str, str], language: str = "es") -> None:
        self._client = client
        self._headers = headers
        self._language = language
        self.conversation: str | None = None
        self.bodies: list[dict[str, Any]] = []

    def say(self, message: str) -> dict[str, Any]:
        response = self._client.post(
            CHAT,
            json={
                "conversation_id": self.conversation,
                "message": message,
                "language": self._language,
            },
            headers=self._headers,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        self.conversation = body["conversation_id"]
        self.bodies.append(body)
        return body
