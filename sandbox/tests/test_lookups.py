"""What became of a request, by its idempotency key: every write of the sandbox back office can
be looked up (200 with the original answer, 404 `NeverReceived`), as docs/connectors.md asks of
a council's back office; and the citizen's NIF can travel in a header instead of the URL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete

from ali_sandbox.database import SandboxDatabase
from ali_sandbox.models import BookingRow, CancellationRow, PaymentOrderRow, ReceiptRow
from ali_sandbox.seed import seed
from ali_sandbox.settings import SandboxSettings
from sandbox.tests.conftest import API_KEY, MARIA, issue
from sandbox.tests.test_appointments import book, bookable_day, free_slots
from sandbox.tests.test_tributos import MARIA_PENDING, VALID_IBAN, VICENT, VICENT_PENDING

KEY = {"X-Api-Key": API_KEY}


@pytest.fixture
def back_office(sandbox: TestClient, sandbox_settings: SandboxSettings) -> Iterator[TestClient]:
    yield sandbox
    database = SandboxDatabase(sandbox_settings.database_path)
    with database.session() as session:
        session.execute(delete(CancellationRow))
        session.execute(delete(BookingRow))
        session.execute(delete(PaymentOrderRow))
        session.execute(delete(ReceiptRow))
    seed(database)
    database.dispose()


LOOKUPS = [
    "/padron/certificates/requests/{key}",
    "/registro/entries/requests/{key}",
    "/citas/bookings/requests/{key}",
    "/citas/cancellations/requests/{key}",
    "/tributos/payments/requests/{key}",
    "/tributos/direct-debits/requests/{key}",
]


@pytest.mark.parametrize("path", LOOKUPS)
def test_a_key_never_received_is_404_never_received(back_office: TestClient, path: str) -> None:
    response = back_office.get(path.format(key="never-sent"), headers=KEY)
    assert response.status_code == 404
    assert response.json()["error"] == "NeverReceived"
    assert back_office.get(path.format(key="never-sent")).status_code == 401  # API key needed


def test_an_open311_token_never_received_is_404(back_office: TestClient) -> None:
    response = back_office.get("/open311/v2/tokens/never-sent.json", headers=KEY)
    assert response.status_code == 404
    assert response.json()[0]["description"].startswith("NeverReceived")


def test_a_certificate_is_found_by_its_key(back_office: TestClient) -> None:
    issued = issue(back_office, idempotency_key="lookup-cert")
    found = back_office.get("/padron/certificates/requests/lookup-cert", headers=KEY)
    assert found.status_code == 200
    assert found.json() == issued


def test_a_registry_entry_is_found_by_its_key(back_office: TestClient) -> None:
    fields = {
        "nif": MARIA,
        "kind": "instancia-general",
        "subject": "Vado en la calle Mayor",
        "text": "Solicito un vado para mi garaje.",
        "idempotency_key": "lookup-entry",
    }
    filed = back_office.post("/registro/entries", data=fields, headers=KEY)
    assert filed.status_code == 201, filed.text
    found = back_office.get("/registro/entries/requests/lookup-entry", headers=KEY)
    assert found.status_code == 200 and found.json() == filed.json()


def test_a_booking_and_its_cancellation_are_found_by_their_keys(back_office: TestClient) -> None:
    booking = book(back_office, MARIA, free_slots(back_office, bookable_day())[0]["slot_id"],
                   "lookup-book")  # fmt: skip
    found = back_office.get("/citas/bookings/requests/lookup-book", headers=KEY)
    assert found.json() == booking
    url = f"/citas/bookings/{booking['reference']}"
    cancel = {**KEY, "X-Citizen-Nif": MARIA, "Idempotency-Key": "lookup-cancel"}
    assert back_office.delete(url, headers=cancel).status_code == 200
    cancelled = back_office.get("/citas/cancellations/requests/lookup-cancel", headers=KEY)
    assert cancelled.json() == {"reference": booking["reference"], "status": "cancelled"}
    again = back_office.delete(url, headers=cancel)  # same key, same booking: same answer
    assert again.status_code == 200


def test_a_cancellation_key_reused_for_another_booking_is_a_conflict(
    back_office: TestClient,
) -> None:
    slots = free_slots(back_office, bookable_day())
    first = book(back_office, MARIA, slots[0]["slot_id"], "conflict-1")
    second = book(back_office, MARIA, slots[1]["slot_id"], "conflict-2")
    headers = {**KEY, "X-Citizen-Nif": MARIA, "Idempotency-Key": "one-cancel"}
    assert back_office.delete(f"/citas/bookings/{first['reference']}", headers=headers).is_success
    reused = back_office.delete(f"/citas/bookings/{second['reference']}", headers=headers)
    assert reused.status_code == 409
    assert reused.json()["error"] == "IdempotencyConflict"
    mine = back_office.get("/citas/bookings", headers={**KEY, "X-Citizen-Nif": MARIA}).json()
    assert [b["reference"] for b in mine] == [second["reference"]]  # it was not cancelled


def test_payment_orders_and_direct_debits_are_found_with_their_receipt(
    back_office: TestClient,
) -> None:
    order = back_office.post(
        "/tributos/payments",
        json={"nif": MARIA, "receipt_id": MARIA_PENDING, "idempotency_key": "lookup-pay"},
        headers=KEY,
    ).json()
    found = back_office.get("/tributos/payments/requests/lookup-pay", headers=KEY).json()
    assert {k: found[k] for k in order} == order
    assert found["receipt"]["id"] == MARIA_PENDING
    debit = back_office.post(
        "/tributos/direct-debits",
        json={"nif": VICENT, "receipt_id": VICENT_PENDING, "iban": VALID_IBAN,
              "idempotency_key": "lookup-debit"},
        headers=KEY,
    ).json()  # fmt: skip
    found = back_office.get("/tributos/direct-debits/requests/lookup-debit", headers=KEY).json()
    assert {k: found[k] for k in debit} == debit
    assert found["receipt"]["id"] == VICENT_PENDING and "2100" not in str(found)


def test_an_open311_request_is_found_by_its_key_as_token(back_office: TestClient) -> None:
    created = back_office.post(
        "/open311/v2/requests.json",
        json={"service_code": "alumbrado", "address_string": "Calle Mayor 3",
              "description": "Farola apagada", "account_id": MARIA,
              "idempotency_key": "lookup-311"},
        headers=KEY,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    found = back_office.get("/open311/v2/tokens/lookup-311.json", headers=KEY)
    assert found.status_code == 200
    assert found.json()[0]["service_request_id"] == created.json()[0]["service_request_id"]
    assert found.json()[0]["token"] == "lookup-311"
    mine = back_office.get("/open311/v2/requests.json", headers={**KEY, "X-Account-Id": MARIA})
    assert created.json()[0]["service_request_id"] in [r["service_request_id"] for r in mine.json()]


def test_the_citizen_can_be_named_in_a_header_instead_of_the_url(back_office: TestClient) -> None:
    by_header = back_office.get("/tributos/receipts", headers={**KEY, "X-Citizen-Nif": MARIA})
    assert by_header.status_code == 200 and MARIA_PENDING in [r["id"] for r in by_header.json()]
    missing = back_office.get("/tributos/receipts", headers=KEY)
    assert missing.status_code == 422 and missing.json()["error"] == "InvalidInput"
    wrong = back_office.get("/tributos/receipts", headers={**KEY, "X-Citizen-Nif": "99000001A"})
    assert wrong.status_code == 422


def test_answer_delays_are_per_endpoint_and_bounded(
    sandbox_settings: SandboxSettings,
) -> None:
    assert sandbox_settings.answer_delay("padron.certificates") == 0.0
    slow = sandbox_settings.model_copy(update={"answer_delays": {"padron.certificates": 2.5}})
    assert slow.answer_delay("padron.certificates") == 2.5
    with pytest.raises(ValueError):
        SandboxSettings(answer_delays={"padron.certificates": 1000})
