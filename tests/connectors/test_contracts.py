"""The back-office contract (ali/connectors/contracts): an answer that does not match it is the
back office's failure to keep its promise, `BackOfficeInvalidAnswer` (outcome unknown, counted
against the circuit breaker), never a crash; a request the contract refuses is not sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from ali.actions.action import ActionFailed, ActionRequest
from ali.connectors.appointments import AppointmentAction, AppointmentListAction
from ali.connectors.contracts.appointments import Booking
from ali.connectors.contracts.padron import CertificateRequest
from ali.connectors.contracts.shared import LocalName, read
from ali.connectors.failures import BackOfficeInvalidAnswer
from ali.connectors.http import BackOfficeClient, CircuitBreaker, ClientSettings
from ali.connectors.open311 import IncidentReportAction, IncidentStatusAction
from ali.connectors.padron import PadronCertificateAction
from ali.connectors.registro import ApplicationStatusAction, GeneralApplicationAction
from ali.connectors.tributos import ReceiptPaymentAction
from ali.identity.citizen import Citizen

MARIA = Citizen(nif="12345678Z")
Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, breaker: CircuitBreaker | None = None) -> BackOfficeClient:
    settings = ClientSettings(base_url="http://back-office.test", retries=0)
    transport = httpx.MockTransport(handler)
    return BackOfficeClient(settings, transport=transport, sleep=lambda s: None, breaker=breaker)


def request(action: str, **values: str) -> ActionRequest:
    return ActionRequest(
        action=action,
        council_id="alicante",
        conversation_id="c",
        procedure_id="p",
        values=values,
        idempotency_key="key-1",
        language="es",
        citizen=MARIA,
    )


def answering(status: int, body: Any) -> Handler:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return handler


RECEIPT = {
    "id": "R-1",
    "concept": {"code": "ibi", "name": {"es": "IBI", "va": "IBI", "en": "Property tax"}},
    "year": 2026,
    "amount_cents": 12345,
    "due_date": "2026-11-30",
    "status": "pending",
}

# (what is called, an answer that breaks the contract), for every back-office system.
BROKEN: list[tuple[str, Callable[[BackOfficeClient], object], Any]] = [
    (
        "padrón: a certificate without its verification link",
        lambda c: PadronCertificateAction(c).execute(
            request("padron.issue_certificate", kind="individual", purpose="ayudas")
        ),
        {"csv": "ALI-AAAA", "download_url": "http://x/a.pdf"},
    ),
    (
        "padrón: a certificate whose code is not text",
        lambda c: PadronCertificateAction(c).execute(
            request("padron.issue_certificate", kind="individual", purpose="ayudas")
        ),
        {"csv": {"code": 1}, "download_url": "http://x/a.pdf", "verify_url": "http://x/v"},
    ),
    (
        "citas: a free time that is not a time",
        lambda c: AppointmentAction(c).options(
            "time", {"service": "padron", "office": "o", "date": "2026-11-24"}, None, "es"
        ),
        [{"slot_id": 42, "starts_at": "half past nine"}],
    ),
    (
        "citas: the bookings as an object instead of a list",
        lambda c: AppointmentListAction(c).execute(request("citas.list_appointments")),
        {"bookings": []},
    ),
    (
        "tributos: a receipt whose amount is not a number",
        lambda c: ReceiptPaymentAction(c).options("receipt", {}, MARIA, "es"),
        [RECEIPT | {"amount_cents": "a lot"}],
    ),
    (
        "registro: a filing answered without its number",
        lambda c: GeneralApplicationAction(c).execute(
            request(
                "registro.file_application", subject="Vado", text="Solicito un vado en mi calle."
            )
        ),
        {"kind": "instancia-general", "status": "registered", "csv": "X"},
    ),
    (
        "registro: an entry in a state the contract does not know",
        lambda c: ApplicationStatusAction(c).execute(
            request("registro.application_status", entry="REG-1")
        ),
        {
            "number": "REG-1",
            "subject": "Vado",
            "status": "lost-in-a-drawer",
            "registered_at": "2026-11-23T10:15:00Z",
        },
    ),
    (
        "open311: a report answered with an empty list",
        lambda c: IncidentReportAction(c).execute(
            request(
                "incidencias.report",
                service="farola",
                address="Calle Mayor 1",
                description="Farola apagada",
            )
        ),
        [],
    ),
    (
        "open311: a request without its id",
        lambda c: IncidentStatusAction(c).execute(request("incidencias.status", report="I-1")),
        [{"status": "open", "service_name": "Farolas"}],
    ),
]


@pytest.mark.parametrize(("case", "call", "body"), BROKEN, ids=[case for case, _, _ in BROKEN])
def test_an_answer_that_breaks_the_contract_is_an_invalid_answer(
    case: str, call: Callable[[BackOfficeClient], object], body: Any
) -> None:
    breaker = CircuitBreaker(failures=1, reset_seconds=60)
    with pytest.raises(BackOfficeInvalidAnswer) as raised:
        call(client(answering(200, body), breaker))
    assert raised.value.outcome_unknown
    assert isinstance(raised.value.__cause__, ValueError)  # pydantic's ValidationError
    assert breaker.state == "open"  # one broken answer opened this one-failure breaker


def test_a_body_that_is_not_json_is_an_invalid_answer() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(201, text="<html>Mantenimiento</html>")

    action = PadronCertificateAction(client(handler))
    with pytest.raises(BackOfficeInvalidAnswer):
        action.execute(request("padron.issue_certificate", kind="individual", purpose="ayudas"))


def test_a_request_the_contract_refuses_is_not_sent() -> None:
    sent: list[httpx.Request] = []

    def handler(http: httpx.Request) -> httpx.Response:
        sent.append(http)
        return httpx.Response(201, json={})

    action = GeneralApplicationAction(client(handler))
    # Three characters for the form, one once its spaces are collapsed, as the registry counts.
    unfit = request("registro.file_application", subject="a  ", text="Solicito un vado.")
    with pytest.raises(ActionFailed) as raised:
        action.execute(unfit)
    assert not isinstance(raised.value, BackOfficeInvalidAnswer)
    assert sent == []


def test_answers_ignore_fields_they_do_not_read_and_requests_refuse_unknown_ones() -> None:
    booking = {
        "reference": "CITA-1",
        "starts_at": "2026-11-24T09:30:00+01:00",
        "office": {"id": "o", "name": "OAC", "address": "C/ Portugal, 17", "floor": 2},
        "service": {"code": "padron", "name": {"es": "Padrón", "va": "Padró", "en": "Census"}},
        "queue_number": 7,
    }
    assert read(Booking, booking).office.name == "OAC"
    with pytest.raises(ValidationError):
        CertificateRequest.model_validate(
            {
                "nif": "12345678Z",
                "kind": "individual",
                "purpose": "ayudas",
                "idempotency_key": "k",
                "urgent": True,
            }
        )


def test_a_name_in_a_language_the_back_office_does_not_know_is_given_in_spanish() -> None:
    name = LocalName.model_validate({"es": "Padrón", "va": "Padró", "en": "Census", "gl": "Padrón"})
    assert name.in_language("va") == "Padró"
    assert name.in_language("gl") == "Padrón"
    assert LocalName(es="Padrón", va="Padró", en="Census").in_language("eu") == "Padrón"
