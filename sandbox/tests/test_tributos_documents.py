"""Sealed payment documents and proofs of payment for tax receipts, downloadable without the API
key through the public `/verify/{csv}.pdf`."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from ali_sandbox.documents import SealCertificate, verify_pdf
from sandbox.tests.conftest import API_KEY, MARIA, PUBLIC_URL, local_path
from sandbox.tests.documents.conftest import pdf_text

KEY = {"X-Api-Key": API_KEY}
VICENT = "99000002K"
MARIA_PENDING = "REC-2026-000101"  # IBI, 123,45 €
MARIA_PAID = "REC-2026-000102"  # IVTM, paid on 15/04/2026
VICENT_PENDING = "REC-2026-000201"
VICENT_DIRECT_DEBIT = "REC-2026-000202"


def request_document(
    client: TestClient,
    receipt_id: str,
    body: dict[str, str] | None = None,
    headers: dict[str, str] = KEY,
) -> Any:
    return client.post(
        f"/tributos/receipts/{receipt_id}/documents",
        json={"nif": MARIA, **(body or {})},
        headers=headers,
    )


def issued(client: TestClient, receipt_id: str) -> dict[str, Any]:
    response = request_document(client, receipt_id)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def download(client: TestClient, document: dict[str, Any]) -> bytes:
    response = client.get(local_path(document["download_url"]))  # no API key: a browser's
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    return response.content


@pytest.mark.parametrize("headers", [{}, {"X-Api-Key": "wrong"}])
def test_issuing_needs_the_api_key(sandbox: TestClient, headers: dict[str, str]) -> None:
    response = request_document(sandbox, MARIA_PENDING, headers=headers)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body", [{"nif": "99000001A"}, {"idempotency_key": "with space"}, {"extra": "x"}]
)
def test_bad_input_is_refused(sandbox: TestClient, body: dict[str, str]) -> None:
    response = request_document(sandbox, MARIA_PENDING, body)
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"


def test_a_pending_receipt_gets_a_sealed_payment_document(
    sandbox: TestClient, demo_seal: SealCertificate
) -> None:
    document = issued(sandbox, MARIA_PENDING)
    assert document["kind"] == "payment-document"
    assert document["download_url"] == f"{PUBLIC_URL}/verify/{document['csv']}.pdf"
    assert document["verify_url"] == f"{PUBLIC_URL}/verify?csv={document['csv']}"
    pdf = download(sandbox, document)
    assert verify_pdf(pdf, demo_seal).valid
    text = pdf_text(pdf)
    assert "DOCUMENTO DE PAGO" in text
    assert MARIA_PENDING in text
    assert "123,45 €" in text
    assert "Dónde pagar" in text
    assert "***0001C" in text
    assert MARIA not in text
    assert "SANDBOX" in text
    assert document["csv"] in text


def test_a_paid_receipt_gets_a_proof_of_payment(
    sandbox: TestClient, demo_seal: SealCertificate
) -> None:
    document = issued(sandbox, MARIA_PAID)
    assert document["kind"] == "proof-of-payment"
    pdf = download(sandbox, document)
    assert verify_pdf(pdf, demo_seal).valid
    text = pdf_text(pdf)
    assert "JUSTIFICANTE DE PAGO" in text
    assert "15/04/2026" in text
    assert "Pagado" in text


def test_the_verification_page_names_the_document(sandbox: TestClient) -> None:
    pending = issued(sandbox, MARIA_PENDING)
    paid = issued(sandbox, MARIA_PAID)
    for document, title in ((pending, "Documento de pago"), (paid, "Justificante de pago")):
        page = sandbox.get(local_path(document["verify_url"]))
        assert page.status_code == 200
        assert "Documento auténtico" in page.text
        assert title in page.text
        assert document["download_url"] in page.text
        assert "María" not in page.text


def test_another_citizens_receipt_is_as_unknown_as_a_missing_one(sandbox: TestClient) -> None:
    theirs = request_document(sandbox, VICENT_PENDING)
    missing = request_document(sandbox, "REC-1999-000001")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert theirs.json()["error"] == "UnknownReceipt"


def test_an_unknown_citizen_is_not_found(sandbox: TestClient) -> None:
    response = request_document(sandbox, MARIA_PENDING, {"nif": "12345678Z"})
    assert response.status_code == 404
    assert response.json()["error"] == "UnknownCitizen"


def test_a_direct_debited_receipt_has_no_payment_document(sandbox: TestClient) -> None:
    response = request_document(sandbox, VICENT_DIRECT_DEBIT, {"nif": VICENT})
    assert response.status_code == 409
    assert response.json()["error"] == "ReceiptNotPayable"


def test_a_repeated_idempotency_key_gets_the_same_document(sandbox: TestClient) -> None:
    first = request_document(sandbox, MARIA_PENDING, {"idempotency_key": "paydoc-1"})
    again = request_document(sandbox, MARIA_PENDING.lower(), {"idempotency_key": "paydoc-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    other_receipt = request_document(sandbox, MARIA_PAID, {"idempotency_key": "paydoc-1"})
    assert other_receipt.status_code == 409
    assert other_receipt.json()["error"] == "IdempotencyConflict"


def test_without_a_key_every_request_issues_a_new_document(sandbox: TestClient) -> None:
    assert issued(sandbox, MARIA_PENDING)["csv"] != issued(sandbox, MARIA_PENDING)["csv"]


def test_the_receipt_pdf_behind_the_api_key_still_works(sandbox: TestClient) -> None:
    response = sandbox.get(
        f"/tributos/receipts/{MARIA_PENDING}/document", params={"nif": MARIA}, headers=KEY
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
