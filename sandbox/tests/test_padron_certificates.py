from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ali_sandbox.database import SandboxDatabase
from ali_sandbox.documents import SealCertificate, is_csv, verify_pdf
from ali_sandbox.documents.seal import DEMO_MARK
from ali_sandbox.models import CertificateRow
from ali_sandbox.settings import SandboxSettings
from sandbox.tests.conftest import (
    API_KEY,
    HOUSEHOLD_1,
    MARIA,
    PUBLIC_URL,
    certificate_request,
    issue,
    pdf_of,
)
from sandbox.tests.documents.conftest import pdf_text


@pytest.mark.parametrize("headers", [{}, {"X-Api-Key": "wrong"}, {"X-Api-Key": ""}])
def test_issuing_needs_the_api_key(sandbox: TestClient, headers: dict[str, str]) -> None:
    response = sandbox.post("/padron/certificates", json=certificate_request(), headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidApiKey"


def test_the_api_key_is_checked_before_the_body(sandbox: TestClient) -> None:
    response = sandbox.post("/padron/certificates", json={"nif": "nonsense"})
    assert response.status_code == 401


def test_an_unknown_nif_is_not_found(sandbox: TestClient) -> None:
    response = sandbox.post(
        "/padron/certificates",
        json=certificate_request(nif="12345678Z", idempotency_key="unknown-nif"),
        headers={"X-Api-Key": API_KEY},
    )
    assert response.status_code == 404
    body = response.json()
    assert body == {"error": "UnknownCitizen", "detail": body["detail"]}
    assert "12345678Z" not in body["detail"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"nif": "99000001A"},  # wrong check letter
        {"kind": "temporal"},
        {"language": "fr"},
        {"purpose": "   "},
        {"purpose": "x" * 201},
        {"idempotency_key": ""},
        {"idempotency_key": "with space"},
        {"extra": True},
    ],
)
def test_bad_input_is_refused(sandbox: TestClient, overrides: dict[str, Any]) -> None:
    response = sandbox.post(
        "/padron/certificates",
        json=certificate_request(**overrides),
        headers={"X-Api-Key": API_KEY},
    )
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"
    assert "Traceback" not in response.text


@pytest.mark.parametrize("kind", ["individual", "colectivo", "historico"])
@pytest.mark.parametrize("language", ["es", "va", "en"])
def test_every_kind_is_issued_sealed_with_the_demo_seal(
    sandbox: TestClient, demo_seal: SealCertificate, kind: str, language: str
) -> None:
    certificate = issue(sandbox, kind=kind, language=language, idempotency_key=f"{kind}-{language}")
    assert certificate["kind"] == kind
    assert is_csv(certificate["csv"])
    issued_at = dt.datetime.fromisoformat(certificate["issued_at"])
    assert abs(dt.datetime.now(dt.UTC) - issued_at) < dt.timedelta(minutes=5)
    assert certificate["download_url"] == f"{PUBLIC_URL}/verify/{certificate['csv']}.pdf"
    assert certificate["verify_url"] == f"{PUBLIC_URL}/verify?csv={certificate['csv']}"
    pdf = pdf_of(sandbox, certificate)
    result = verify_pdf(pdf, demo_seal)
    assert result.valid, result.problem
    assert result.signer_common_name is not None
    assert DEMO_MARK in result.signer_common_name
    text = pdf_text(pdf)
    assert "Ayuntamiento de Alicante (SANDBOX)" in text
    assert certificate["csv"] in text
    assert f"{PUBLIC_URL}/verify" in text


def test_a_collective_certificate_lists_everyone_in_the_household(sandbox: TestClient) -> None:
    certificate = issue(sandbox, nif="99000002K", kind="colectivo", idempotency_key="household")
    text = pdf_text(pdf_of(sandbox, certificate))
    for name in HOUSEHOLD_1:
        assert name in text
    assert "Begoña" not in text  # another household
    assert "Calle de Prueba, 1, 2.º A, 03001 Alicante" in text


def test_an_individual_certificate_names_only_the_citizen_with_a_masked_nif(
    sandbox: TestClient, individual: dict[str, Any]
) -> None:
    text = pdf_text(pdf_of(sandbox, individual))
    assert "María José Martínez Pérez" in text
    assert "Vicent" not in text
    assert "***0001C" in text
    assert MARIA not in text


def test_a_historical_certificate_lists_past_and_current_addresses(sandbox: TestClient) -> None:
    certificate = issue(sandbox, nif="99000004T", kind="historico", idempotency_key="begonya-h")
    text = pdf_text(pdf_of(sandbox, certificate))
    assert "Begoña Sánchez Ibáñez" in text
    assert "Plaza Imaginaria, 3, 03003 Alicante" in text
    assert "Calle de Muestra, 12, 03004 Alicante" in text
    assert "Avenida Ficticia, 23, 5.º B, 03005 Alicante" in text
    assert "15/03/2018" in text


def _stored_count(settings: SandboxSettings) -> int:
    database = SandboxDatabase(settings.database_path)
    with database.session() as session:
        count = session.scalar(select(func.count()).select_from(CertificateRow)) or 0
    database.dispose()
    return count


def test_replaying_an_idempotency_key_returns_the_same_certificate(
    sandbox: TestClient, sandbox_settings: SandboxSettings
) -> None:
    body = certificate_request(kind="colectivo", idempotency_key="replay-1")
    headers = {"X-Api-Key": API_KEY}
    first = sandbox.post("/padron/certificates", json=body, headers=headers)
    stored = _stored_count(sandbox_settings)
    again = sandbox.post("/padron/certificates", json=body, headers=headers)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert _stored_count(sandbox_settings) == stored


def test_reusing_an_idempotency_key_for_another_request_is_a_conflict(
    sandbox: TestClient,
) -> None:
    issue(sandbox, kind="individual", idempotency_key="replay-2")
    response = sandbox.post(
        "/padron/certificates",
        json=certificate_request(kind="historico", idempotency_key="replay-2"),
        headers={"X-Api-Key": API_KEY},
    )
    assert response.status_code == 409
    assert response.json()["error"] == "IdempotencyConflict"
