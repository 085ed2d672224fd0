"""Receipt payment and direct debit connectors against a fake tax office."""

from __future__ import annotations

import json

import httpx
import pytest

from ali.actions.action import ActionFailed, ActionRequest
from ali.connectors.http import BackOfficeClient, ClientSettings
from ali.connectors.tributos import DirectDebitAction, PaymentDocumentAction, ReceiptPaymentAction
from ali.identity.citizen import Citizen

CITIZEN = Citizen(nif="12345678Z")
NAME = {"es": "IBI", "va": "IBI", "en": "Property tax (IBI)"}
RECEIPTS = [
    {"id": "REC-1", "concept": {"code": "ibi", "name": NAME}, "year": 2026,
     "amount_cents": 31050, "due_date": "2026-12-22", "status": "pending"},
    {"id": "REC-2", "concept": {"code": "ibi", "name": NAME}, "year": 2025,
     "amount_cents": 30000, "due_date": "2025-12-22", "status": "paid"},
    {"id": "REC-3", "concept": {"code": "ibi", "name": NAME}, "year": 2024,
     "amount_cents": 29000, "due_date": "2024-12-22", "status": "direct_debit"},
]  # fmt: skip


def client(handler) -> BackOfficeClient:  # type: ignore[no-untyped-def]
    settings = ClientSettings(base_url="http://tributos.test", retries=0)
    return BackOfficeClient(settings, transport=httpx.MockTransport(handler))


def request(action: str, values: dict[str, str]) -> ActionRequest:
    return ActionRequest(action, "alicante", "c", None, values, "key-1", "es", CITIZEN)


def test_only_pending_receipts_are_offered() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=RECEIPTS)

    options = ReceiptPaymentAction(client(handler)).options("receipt", {}, CITIZEN, "es")
    assert [(o.value, o.label["es"]) for o in options] == [("REC-1", "IBI 2026 — 310,50 €")]


def test_paying_gives_the_gateway_link() -> None:
    sent = []

    def handler(http: httpx.Request) -> httpx.Response:
        if http.method == "GET":
            return httpx.Response(200, json=RECEIPTS)
        sent.append(json.loads(http.content))
        return httpx.Response(
            201,
            json={"order": "000000000042", "amount_cents": 31050,
                  "payment_url": "http://tributos.test/pasarela/pago?order=000000000042"},
        )  # fmt: skip

    result = ReceiptPaymentAction(client(handler)).execute(
        request("tributos.pay_receipt", {"receipt": "REC-1"})
    )
    assert sent[0] == {"nif": "12345678Z", "receipt_id": "REC-1", "idempotency_key": "key-1",
                       "return_url": None}  # fmt: skip
    assert "310,50 €" in result.message
    assert result.documents[0].url.endswith("order=000000000042")


def test_a_receipt_no_longer_pending_is_explained() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        if http.method == "GET":
            return httpx.Response(200, json=RECEIPTS)
        return httpx.Response(409, json={"error": "ReceiptNotPayable"})

    with pytest.raises(ActionFailed, match="ya no está pendiente"):
        ReceiptPaymentAction(client(handler)).execute(
            request("tributos.pay_receipt", {"receipt": "REC-1"})
        )


def test_direct_debit_sends_the_iban_and_shows_only_its_end() -> None:
    sent = []

    def handler(http: httpx.Request) -> httpx.Response:
        if http.method == "GET":
            return httpx.Response(200, json=RECEIPTS)
        sent.append(json.loads(http.content))
        return httpx.Response(200, json={"id": "REC-1", "status": "direct_debit"})

    iban = "ES9121000418450200051332"
    result = DirectDebitAction(client(handler)).execute(
        request("tributos.direct_debit", {"receipt": "REC-1", "iban": iban})
    )
    assert sent[0]["iban"] == iban
    assert iban not in result.message
    assert result.message.endswith("···1332.")


def test_documents_are_offered_for_pending_and_paid_receipts_only() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=RECEIPTS)

    options = PaymentDocumentAction(client(handler)).options("receipt", {}, CITIZEN, "es")
    assert [(o.value, o.label["es"]) for o in options] == [
        ("REC-1", "IBI 2026 — 310,50 € (pendiente)"),
        ("REC-2", "IBI 2025 — 300,00 € (pagado)"),
    ]


def test_a_paid_receipt_gets_its_proof_of_payment_as_a_document() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        if http.method == "GET":
            return httpx.Response(200, json=RECEIPTS)
        assert http.url.path == "/tributos/receipts/REC-2/documents"
        return httpx.Response(201, json={
            "kind": "proof-of-payment", "csv": "ALI-AAAA-BBBB-CCCC-DDDD-EEEE",
            "download_url": "http://tributos.test/documents/x.pdf",
            "verify_url": "http://tributos.test/verify?csv=x"})  # fmt: skip

    result = PaymentDocumentAction(client(handler)).execute(
        request("tributos.payment_document", {"receipt": "REC-2"})
    )
    assert result.reference == "ALI-AAAA-BBBB-CCCC-DDDD-EEEE"
    assert [d.title for d in result.documents] == ["Justificante de pago de IBI 2025 (PDF)"]
