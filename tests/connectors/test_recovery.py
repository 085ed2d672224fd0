"""`Reconcilable.recover` for every write connector, against a fake back office at the HTTP
boundary: the lookup by idempotency key answers what `execute` would have, None when the back
office never received the request, and fails (cannot tell) for anything else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from ali.actions.action import ActionFailed, ActionRequest, Reconcilable
from ali.connectors.appointments import AppointmentAction, AppointmentCancelAction
from ali.connectors.http import BackOfficeClient, ClientSettings
from ali.connectors.open311 import IncidentReportAction
from ali.connectors.padron import PadronCertificateAction
from ali.connectors.registro import GeneralApplicationAction
from ali.connectors.tributos import DirectDebitAction, ReceiptPaymentAction
from ali.identity.citizen import Citizen

KEY = "f" * 64
CITIZEN = Citizen(nif="12345678Z")
NAME = {"es": "IBI", "va": "IBI", "en": "Property tax (IBI)"}
RECEIPT = {"id": "REC-1", "concept": {"code": "ibi", "name": NAME}, "year": 2026,
           "amount_cents": 31050, "due_date": "2026-12-22", "status": "pending"}  # fmt: skip
CERTIFICATE = {
    "csv": "ALI-AAAA-BBBB-CCCC-DDDD-EEEE",
    "kind": "colectivo",
    "issued_at": "2026-11-24T10:00:00Z",
    "download_url": "http://bo.test/verify/ALI-AAAA-BBBB-CCCC-DDDD-EEEE.pdf",
    "verify_url": "http://bo.test/verify?csv=ALI-AAAA-BBBB-CCCC-DDDD-EEEE",
}
ENTRY = {
    "number": "REG-2026-000042", "kind": "instancia-general", "status": "registered",
    "registered_at": "2026-11-24T10:15:00Z", "department": "Registro General",
    "csv": "ALI-REG0-REG0-REG0-REG0-REG0", "receipt_url": "http://bo.test/verify/R.pdf",
    "verify_url": "http://bo.test/verify?csv=R", "attachments": [],
}  # fmt: skip
BOOKING = {
    "reference": "CITA-ABC123", "status": "booked", "starts_at": "2026-11-24T09:30:00+01:00",
    "office": {"id": "oac", "name": "OAC Séneca", "address": "C/ Portugal, 17"},
    "service": {"code": "padron", "name": {"es": "Padrón", "va": "Padró", "en": "Census"}},
}  # fmt: skip
ORDER = {"order": "202611240001", "amount_cents": 31050, "status": "created",
         "payment_url": "http://bo.test/pasarela/pago?order=202611240001"}  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[BackOfficeClient], Any]
    values: dict[str, str]
    write: tuple[str, str]  # method, path
    write_answer: Any
    lookup: str
    lookup_answer: Any
    never_received: Any = None


CASES = [
    Case("padron", PadronCertificateAction, {"kind": "colectivo", "purpose": "alquiler"},
         ("POST", "/padron/certificates"), CERTIFICATE,
         f"/padron/certificates/requests/{KEY}", CERTIFICATE),
    Case("registro", GeneralApplicationAction, {"subject": "Vado", "text": "Solicito un vado."},
         ("POST", "/registro/entries"), ENTRY, f"/registro/entries/requests/{KEY}", ENTRY),
    Case("booking", AppointmentAction, {"time": "42"}, ("POST", "/citas/bookings"), BOOKING,
         f"/citas/bookings/requests/{KEY}", BOOKING),
    Case("cancellation", AppointmentCancelAction, {"booking": "CITA-ABC123"},
         ("DELETE", "/citas/bookings/CITA-ABC123"),
         {"reference": "CITA-ABC123", "status": "cancelled"},
         f"/citas/cancellations/requests/{KEY}",
         {"reference": "CITA-ABC123", "status": "cancelled"}),
    Case("open311", IncidentReportAction,
         {"service": "baches", "address": "Calle Mayor 3", "description": "Bache grande"},
         ("POST", "/open311/v2/requests.json"),
         [{"service_request_id": "INC-1", "service_notice": "Gracias."}],
         f"/open311/v2/tokens/{KEY}.json",
         [{"token": KEY, "service_request_id": "INC-1", "service_notice": "Gracias."}],
         never_received=[{"code": 404, "description": "NeverReceived: no service request."}]),
    Case("payment", ReceiptPaymentAction, {"receipt": "REC-1"}, ("POST", "/tributos/payments"),
         ORDER, f"/tributos/payments/requests/{KEY}", {**ORDER, "receipt": RECEIPT}),
    Case("direct-debit", DirectDebitAction,
         {"receipt": "REC-1", "iban": "ES9121000418450200051332"},
         ("POST", "/tributos/direct-debits"),
         {"receipt_id": "REC-1", "status": "direct_debit", "iban": "ES** **** 1332"},
         f"/tributos/direct-debits/requests/{KEY}",
         {"receipt_id": "REC-1", "status": "direct_debit", "iban": "ES** **** 1332",
          "receipt": RECEIPT}),
]  # fmt: skip


def request(case: Case, *, citizen: Citizen | None = CITIZEN) -> ActionRequest:
    return ActionRequest(
        action=case.name,
        council_id="alicante",
        conversation_id="c",
        procedure_id=None,
        values=case.values,
        idempotency_key=KEY,
        language="es",
        citizen=citizen,
    )


def connector(case: Case, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    settings = ClientSettings(base_url="http://bo.test", retries=0)
    return case.make(BackOfficeClient(settings, transport=httpx.MockTransport(handler)))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_lookup_by_key_answers_what_the_write_did(case: Case) -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        if http.method == "GET" and http.url.path == "/tributos/receipts":
            return httpx.Response(200, json=[RECEIPT])
        if (http.method, http.url.path) == case.write:
            assert http.headers["Idempotency-Key"] == KEY
            return httpx.Response(201, json=case.write_answer)
        assert (http.method, http.url.path) == ("GET", case.lookup)
        return httpx.Response(200, json=case.lookup_answer)

    action = connector(case, handler)
    assert isinstance(action, Reconcilable)
    executed = action.execute(request(case))
    # At start-up only the key is known: no citizen, no values.
    recovered = action.recover(request(case, citizen=None))
    assert recovered == executed


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_never_received_is_none(case: Case) -> None:
    answer = case.never_received or {"error": "NeverReceived", "detail": "never received"}
    action = connector(case, lambda http: httpx.Response(404, json=answer))
    assert action.recover(request(case)) is None


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(404, json={"error": "NotFound", "detail": "no such route"}),
        httpx.Response(503, text="down"),
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, json={"unexpected": True}),
    ],
    ids=["no-lookup-endpoint", "down", "html", "wrong-schema"],
)
def test_a_back_office_that_cannot_tell_is_a_failure_not_a_none(
    case: Case, answer: httpx.Response
) -> None:
    action = connector(case, lambda http: answer)
    with pytest.raises(ActionFailed):
        action.recover(request(case))
