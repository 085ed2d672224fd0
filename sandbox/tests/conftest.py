"""One sandbox per session on a temporary data directory: real SQLite, real keys, a real demo
seal and real sealed PDFs. Certificates are issued through the HTTP API like ALI would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.catalogue import Catalogue, load_catalogue
from ali.settings import DEFAULT_KNOWLEDGE_DIR
from ali_sandbox import SandboxSettings, create_sandbox_app
from ali_sandbox.documents import SealCertificate
from ali_sandbox.documents.seal import DEMO_CERT_FILE, DEMO_KEY_FILE

API_KEY = "test-sandbox-key"
PUBLIC_URL = "https://sandbox.example.test"
MARIA = "99000001C"  # household 1, with an address history
HOUSEHOLD_1 = ("María José Martínez Pérez", "Vicent Llorca Ferràndiz", "Núria Llorca Martínez")


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """Alicante's catalogue, whose profile lists the sandbox's demo kiosk."""
    return load_catalogue(DEFAULT_KNOWLEDGE_DIR / "alicante")


@pytest.fixture(scope="session")
def sandbox_settings(tmp_path_factory: pytest.TempPathFactory) -> SandboxSettings:
    return SandboxSettings(
        data_dir=tmp_path_factory.mktemp("sandbox"),
        public_url=PUBLIC_URL,
        api_key=SecretStr(API_KEY),
        environment="test",
    )


@pytest.fixture(scope="session")
def sandbox(sandbox_settings: SandboxSettings) -> Iterator[TestClient]:
    app = create_sandbox_app(sandbox_settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def demo_seal(sandbox: TestClient, sandbox_settings: SandboxSettings) -> SealCertificate:
    """The seal the sandbox created in its data directory, read back from its files."""
    folder = sandbox_settings.seal_dir
    return SealCertificate.load(folder / DEMO_CERT_FILE, folder / DEMO_KEY_FILE)


def certificate_request(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "nif": MARIA,
        "kind": "individual",
        "purpose": "solicitud de ayudas",
        "language": "es",
        "idempotency_key": "test-default",
    }
    body.update(overrides)
    return body


def issue(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post(
        "/padron/certificates",
        json=certificate_request(**overrides),
        headers={"X-Api-Key": API_KEY},
    )
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def local_path(url: str) -> str:
    assert url.startswith(PUBLIC_URL)
    return url.removeprefix(PUBLIC_URL)


def pdf_of(client: TestClient, certificate: dict[str, Any]) -> bytes:
    response = client.get(local_path(certificate["download_url"]))
    assert response.status_code == 200
    return response.content


@pytest.fixture(scope="session")
def individual(sandbox: TestClient) -> dict[str, Any]:
    return issue(sandbox, kind="individual", idempotency_key="fixture-individual")
