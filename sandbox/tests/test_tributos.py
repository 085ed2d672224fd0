"""Tax receipts and the FAKE Redsys-style card gateway through the sandbox's HTTP API. Receipts
and payment orders are put back to the seeded state after every test."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select

from ali_sandbox.database import SandboxDatabase
from ali_sandbox.gateway import (
    GATEWAY_NOTICE,
    PAY_BUTTON,
    REFUSE_BUTTON,
    PaymentGateway,
    load_or_create_merchant_key,
    sign,
)
from ali_sandbox.models import PaymentOrderRow, ReceiptRow
from ali_sandbox.padron import PadronRegister
from ali_sandbox.seed import CITIZENS, RECEIPTS, seed
from ali_sandbox.settings import SandboxSettings
from ali_sandbox.tributos import TaxOffice, mask_iban, spanish_iban
from sandbox.tests.conftest import API_KEY, MARIA, PUBLIC_URL, local_path

KEY = {"X-Api-Key": API_KEY}
VICENT = "99000002K"
MARIA_PENDING = "REC-2026-000101"  # IBI, 123,45 €
MARIA_PAID = "REC-2026-000102"  # IVTM, paid on 15/04/2026
VICENT_PENDING = "REC-2026-000201"
VICENT_DIRECT_DEBIT = "REC-2026-000202"
VALID_IBAN = "ES91 2100 0418 4502 0005 1332"
RETURN_URL = "https://ali.example.test/pagos/vuelta"


@pytest.fixture
def tributos(sandbox: TestClient, sandbox_settings: SandboxSettings) -> Iterator[TestClient]:
    yield sandbox
    database = SandboxDatabase(sandbox_settings.database_path)
    with database.session() as session:
        session.execute(delete(PaymentOrderRow))
        session.execute(delete(ReceiptRow))
    seed(database)
    database.dispose()


@pytest.fixture
def gateway(sandbox_settings: SandboxSettings) -> Iterator[tuple[PaymentGateway, TaxOffice]]:
    """The same gateway the app runs (same database, same merchant key on disk)."""
    database = SandboxDatabase(sandbox_settings.database_path)
    office = TaxOffice(database, PadronRegister(database))
    yield PaymentGateway(office, load_or_create_merchant_key(sandbox_settings.gateway_dir)), office
    database.dispose()


def receipts(client: TestClient, nif: str = MARIA) -> dict[str, dict[str, Any]]:
    response = client.get("/tributos/receipts", params={"nif": nif}, headers=KEY)
    assert response.status_code == 200, response.text
    return {receipt["id"]: receipt for receipt in response.json()}


def start_payment(client: TestClient, **overrides: Any) -> Any:
    body: dict[str, Any] = {
        "nif": MARIA,
        "receipt_id": MARIA_PENDING,
        "idempotency_key": "pay-1",
        "return_url": RETURN_URL,
    }
    body.update(overrides)
    return client.post("/tributos/payments", json=body, headers=KEY)


def pay(client: TestClient, order: str, outcome: str = "ok") -> Any:
    return client.post(f"/pasarela/pago/{order}", data={"outcome": outcome}, follow_redirects=False)


def stored_receipt(settings: SandboxSettings, receipt_id: str) -> ReceiptRow:
    database = SandboxDatabase(settings.database_path)
    with database.session() as session:
        row = session.get(ReceiptRow, receipt_id)
    database.dispose()
    assert row is not None
    return row


def test_the_seed_gives_every_citizen_two_to_four_receipts(tmp_path: Path) -> None:
    database = SandboxDatabase(tmp_path / "sandbox.db")
    database.create_schema()
    seed(database, today=dt.date(2026, 3, 2))
    seed(database, today=dt.date(2026, 3, 2))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ReceiptRow)) == len(RECEIPTS)
    database.dispose()
    for citizen in CITIZENS:
        assert 2 <= sum(receipt.nif == citizen.nif for receipt in RECEIPTS) <= 4
    statuses = [receipt.status for receipt in RECEIPTS]
    assert statuses.count("paid") == 1
    assert statuses.count("direct_debit") == 1


def test_lists_the_citizens_receipts(tributos: TestClient) -> None:
    found = receipts(tributos)
    assert set(found) == {MARIA_PENDING, MARIA_PAID, "REC-2026-000103", "REC-2026-000104"}
    assert found[MARIA_PENDING] == {
        "id": MARIA_PENDING,
        "concept": {
            "code": "ibi",
            "name": {
                "es": "Impuesto sobre Bienes Inmuebles (IBI)",
                "va": "Impost sobre Béns Immobles (IBI)",
                "en": "Property tax (IBI)",
            },
        },
        "year": 2026,
        "amount_cents": 12345,
        "due_date": "2026-11-05",
        "status": "pending",
    }
    assert found[MARIA_PAID]["status"] == "paid"
    assert {r["concept"]["code"] for r in found.values()} == {"ibi", "ivtm", "residuos", "multa"}


def test_an_unknown_citizen_or_a_bad_nif_is_refused(tributos: TestClient) -> None:
    unknown = tributos.get("/tributos/receipts", params={"nif": "12345678Z"}, headers=KEY)
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "UnknownCitizen"
    bad = tributos.get("/tributos/receipts", params={"nif": "12345678A"}, headers=KEY)
    assert bad.status_code == 422


def test_every_tributos_route_needs_the_api_key(tributos: TestClient) -> None:
    wrong = {"X-Api-Key": "wrong"}
    responses = [
        tributos.get("/tributos/receipts", params={"nif": MARIA}, headers=wrong),
        tributos.get(f"/tributos/receipts/{MARIA_PENDING}/document", params={"nif": MARIA}),
        tributos.post("/tributos/payments", json={}, headers=wrong),
        tributos.post("/tributos/direct-debits", json={}, headers=wrong),
    ]
    for response in responses:
        assert response.status_code == 401
        assert response.json()["error"] == "InvalidApiKey"


def test_the_document_is_a_pdf_that_says_when_it_was_paid(tributos: TestClient) -> None:
    paid = tributos.get(
        f"/tributos/receipts/{MARIA_PAID}/document", params={"nif": MARIA}, headers=KEY
    )
    assert paid.status_code == 200
    assert paid.headers["content-type"] == "application/pdf"
    assert paid.content.startswith(b"%PDF")
    assert b"Ayuntamiento de Alicante \\(SANDBOX\\)" in paid.content  # escaped in the PDF
    assert b"PAGADO el 15/04/2026" in paid.content
    pending = tributos.get(
        f"/tributos/receipts/{MARIA_PENDING.lower()}/document", params={"nif": MARIA}, headers=KEY
    )
    assert pending.status_code == 200
    assert b"PAGADO" not in pending.content
    assert b"123,45" in pending.content


def test_another_citizens_or_an_unknown_receipt_is_not_found(tributos: TestClient) -> None:
    for receipt_id in (VICENT_PENDING, "REC-2026-999999"):
        document = tributos.get(
            f"/tributos/receipts/{receipt_id}/document", params={"nif": MARIA}, headers=KEY
        )
        assert document.status_code == 404
        assert document.json()["error"] == "UnknownReceipt"
        payment = start_payment(tributos, receipt_id=receipt_id)
        assert payment.status_code == 404
        assert payment.json()["error"] == "UnknownReceipt"


def test_paying_through_the_gateway_marks_the_receipt_paid(
    tributos: TestClient, sandbox_settings: SandboxSettings
) -> None:
    created = start_payment(tributos)
    assert created.status_code == 201, created.text
    body = created.json()
    order = body["order"]
    assert len(order) == 12 and order.isdigit()
    assert body["amount_cents"] == 12345
    assert body["payment_url"] == f"{PUBLIC_URL}/pasarela/pago?order={order}"

    again = start_payment(tributos)
    assert again.status_code == 200
    assert again.json()["order"] == order

    page = tributos.get(local_path(body["payment_url"]))
    assert page.status_code == 200
    assert GATEWAY_NOTICE in page.text
    assert PAY_BUTTON in page.text and REFUSE_BUTTON in page.text
    assert "123,45 €" in page.text and "(IBI)" in page.text
    assert f'action="pago/{order}"' in page.text

    paid = pay(tributos, order)
    assert paid.status_code == 303
    assert paid.headers["location"] == RETURN_URL
    assert receipts(tributos)[MARIA_PENDING]["status"] == "paid"
    row = stored_receipt(sandbox_settings, MARIA_PENDING)
    assert row.payment_order == order
    assert row.paid_at is not None

    # Paying again (a second click, or a new order) charges nothing more.
    assert pay(tributos, order).status_code == 303
    assert stored_receipt(sandbox_settings, MARIA_PENDING).paid_at == row.paid_at
    refused = start_payment(tributos, idempotency_key="pay-2")
    assert refused.status_code == 409
    assert refused.json()["error"] == "ReceiptNotPayable"
    document = tributos.get(
        f"/tributos/receipts/{MARIA_PENDING}/document", params={"nif": MARIA}, headers=KEY
    )
    assert b"PAGADO el" in document.content


def test_a_replayed_notification_pays_once(
    tributos: TestClient,
    sandbox_settings: SandboxSettings,
    gateway: tuple[PaymentGateway, TaxOffice],
) -> None:
    signer, office = gateway
    order = start_payment(tributos).json()["order"]
    notification = signer.notification(office.order(order), ok=True)

    first = tributos.post("/tributos/notificaciones", data=notification)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "order": order,
        "status": "paid",
        "receipt_id": MARIA_PENDING,
        "receipt_status": "paid",
    }
    paid_at = stored_receipt(sandbox_settings, MARIA_PENDING).paid_at
    assert paid_at is not None

    replay = tributos.post("/tributos/notificaciones", json=notification)  # JSON works too
    assert replay.status_code == 200
    assert replay.json()["status"] == "paid"
    assert stored_receipt(sandbox_settings, MARIA_PENDING).paid_at == paid_at
    # A refusal replayed after the payment does not undo it either.
    late_ko = signer.notification(office.order(order), ok=False)
    assert tributos.post("/tributos/notificaciones", data=late_ko).json()["status"] == "paid"
    assert receipts(tributos)[MARIA_PENDING]["status"] == "paid"


def test_a_tampered_notification_is_refused_and_changes_nothing(
    tributos: TestClient,
    sandbox_settings: SandboxSettings,
    gateway: tuple[PaymentGateway, TaxOffice],
) -> None:
    signer, office = gateway
    order = start_payment(tributos).json()["order"]
    genuine = signer.notification(office.order(order), ok=True)

    parameters = json.loads(base64.b64decode(genuine["Ds_MerchantParameters"]))
    parameters["Ds_Amount"] = "1"
    forged_parameters = base64.b64encode(json.dumps(parameters).encode()).decode()
    wrong_key = sign(b"x" * 32, genuine["Ds_MerchantParameters"])
    flipped = genuine["Ds_Signature"][:-2] + ("A" if genuine["Ds_Signature"][-2] != "A" else "B")
    tampered = [
        {**genuine, "Ds_MerchantParameters": forged_parameters},
        {**genuine, "Ds_Signature": wrong_key},
        {**genuine, "Ds_Signature": flipped + "="},
        {**genuine, "Ds_SignatureVersion": "HMAC_SHA512_V2"},
        {key: value for key, value in genuine.items() if key != "Ds_Signature"},
    ]
    for notification in tampered:
        response = tributos.post("/tributos/notificaciones", data=notification)
        assert response.status_code == 400, notification
        assert response.json()["error"] == "InvalidNotification"
    garbage = tributos.post(
        "/tributos/notificaciones", content=b"\xff\xfe", headers={"content-type": "text/plain"}
    )
    assert garbage.status_code == 400
    assert receipts(tributos)[MARIA_PENDING]["status"] == "pending"
    assert stored_receipt(sandbox_settings, MARIA_PENDING).paid_at is None
    assert office.order(order).status == "created"


def test_a_refused_payment_leaves_the_receipt_pending(tributos: TestClient) -> None:
    order = start_payment(tributos, return_url=None).json()["order"]
    refused = pay(tributos, order, "ko")
    assert refused.status_code == 200  # no return_url: the gateway's own result page
    assert "Pago denegado" in refused.text
    assert receipts(tributos)[MARIA_PENDING]["status"] == "pending"
    # That order is spent; the page no longer offers to pay it, and "ok" now changes nothing.
    page = tributos.get("/pasarela/pago", params={"order": order})
    assert PAY_BUTTON not in page.text
    assert "Pago denegado" in pay(tributos, order, "ok").text
    assert receipts(tributos)[MARIA_PENDING]["status"] == "pending"
    # A new order (new idempotency key) can still pay it.
    retry = start_payment(tributos, idempotency_key="pay-retry").json()["order"]
    assert retry != order
    assert pay(tributos, retry).status_code == 303
    assert receipts(tributos)[MARIA_PENDING]["status"] == "paid"


def test_gateway_input_is_checked(tributos: TestClient) -> None:
    assert tributos.get("/pasarela/pago", params={"order": "000000000000"}).status_code == 404
    assert tributos.get("/pasarela/pago", params={"order": "12ab"}).status_code == 422
    order = start_payment(tributos).json()["order"]
    assert pay(tributos, order, "maybe").status_code == 422
    assert receipts(tributos)[MARIA_PENDING]["status"] == "pending"


def test_receipts_that_are_not_pending_cannot_be_paid(tributos: TestClient) -> None:
    for nif, receipt_id in ((MARIA, MARIA_PAID), (VICENT, VICENT_DIRECT_DEBIT)):
        response = start_payment(tributos, nif=nif, receipt_id=receipt_id, idempotency_key=nif)
        assert response.status_code == 409
        assert response.json()["error"] == "ReceiptNotPayable"


def test_an_idempotency_key_cannot_pay_another_receipt(tributos: TestClient) -> None:
    assert start_payment(tributos).status_code == 201
    other = start_payment(tributos, receipt_id="REC-2026-000103")
    assert other.status_code == 409
    assert other.json()["error"] == "IdempotencyConflict"


def direct_debit(client: TestClient, **overrides: Any) -> Any:
    body: dict[str, Any] = {
        "nif": VICENT,
        "receipt_id": VICENT_PENDING,
        "iban": VALID_IBAN,
        "idempotency_key": "dd-1",
    }
    body.update(overrides)
    return client.post("/tributos/direct-debits", json=body, headers=KEY)


def test_a_direct_debit_on_a_valid_spanish_iban(
    tributos: TestClient, sandbox_settings: SandboxSettings
) -> None:
    created = direct_debit(tributos)
    assert created.status_code == 201, created.text
    assert created.json() == {
        "receipt_id": VICENT_PENDING,
        "status": "direct_debit",
        "iban": "ES** **** **** **** **** 1332",
    }
    assert "2100" not in created.text
    assert stored_receipt(sandbox_settings, VICENT_PENDING).direct_debit_iban == (
        "ES** **** **** **** **** 1332"
    )
    assert direct_debit(tributos).status_code == 200  # same key: same answer
    assert receipts(tributos, VICENT)[VICENT_PENDING]["status"] == "direct_debit"
    again = direct_debit(tributos, idempotency_key="dd-2")
    assert again.status_code == 409
    assert again.json()["error"] == "ReceiptNotPayable"
    payment = start_payment(tributos, nif=VICENT, receipt_id=VICENT_PENDING)
    assert payment.status_code == 409


@pytest.mark.parametrize(
    "iban",
    [
        "ES91 2100 0418 4502 0005 1333",  # wrong check digits
        "ES12 3456",  # too short
        "DE89 3704 0044 0532 0130 00",  # valid, but German
        "not an iban",
    ],
)
def test_an_invalid_iban_is_refused(tributos: TestClient, iban: str) -> None:
    response = direct_debit(tributos, iban=iban)
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidIban"
    assert iban not in response.text
    assert receipts(tributos, VICENT)[VICENT_PENDING]["status"] == "pending"


def test_iban_helpers() -> None:
    assert spanish_iban("es91 2100-0418 4502 0005 1332") == "ES9121000418450200051332"
    assert mask_iban("ES9121000418450200051332") == "ES** **** **** **** **** 1332"


def test_the_merchant_key_is_created_once(tmp_path: Path) -> None:
    key = load_or_create_merchant_key(tmp_path / "gateway")
    assert len(key) == 32
    assert load_or_create_merchant_key(tmp_path / "gateway") == key
    assert (tmp_path / "gateway" / "merchant.key").stat().st_mode & 0o077 == 0
