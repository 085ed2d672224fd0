"""The appointment connector against a fake calendar at the HTTP boundary."""

from __future__ import annotations

import dataclasses
import json

import httpx
import pytest

from ali.actions.action import ActionFailed, ActionRequest
from ali.catalogue.working_days import CalendarProfile, WorkingDays
from ali.connectors.appointments import (
    AppointmentAction,
    AppointmentCancelAction,
    AppointmentListAction,
)
from ali.connectors.http import BackOfficeClient, ClientSettings
from ali.identity.citizen import Citizen

BOOKING = {
    "reference": "CITA-ABC123",
    "starts_at": "2026-11-24T09:30:00+01:00",
    "office": {"id": "oac-seneca", "name": "OAC Séneca", "address": "C/ Portugal, 17, Alicante"},
    "service": {"code": "padron", "name": {"es": "Padrón", "va": "Padró", "en": "Census"}},
}


def action(handler) -> AppointmentAction:  # type: ignore[no-untyped-def]
    settings = ClientSettings(base_url="http://citas.test", retries=0)
    return AppointmentAction(
        BackOfficeClient(settings, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    )


def request() -> ActionRequest:
    return ActionRequest(
        action="citas.book_appointment",
        council_id="alicante",
        conversation_id="c",
        procedure_id="citas.cita-previa",
        values={"service": "padron", "office": "oac-seneca", "date": "2026-11-24", "time": "42"},
        idempotency_key="k",
        language="es",
        citizen=Citizen(nif="12345678Z"),
    )


def test_offices_and_free_times_come_from_the_calendar() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        if http.url.path == "/citas/offices":
            assert http.url.params["service"] == "padron"
            return httpx.Response(200, json=[BOOKING["office"]])
        assert dict(http.url.params) == {
            "service": "padron",
            "office": "oac-seneca",
            "date": "2026-11-24",
        }
        return httpx.Response(200, json=[{"slot_id": 42, "starts_at": "2026-11-24T09:30:00+01:00"}])

    made = action(handler)
    offices = made.options("office", {"service": "padron"}, None, "es")
    assert [(o.value, o.label["es"]) for o in offices] == [
        ("oac-seneca", "OAC Séneca (C/ Portugal, 17, Alicante)")
    ]
    values = {"service": "padron", "office": "oac-seneca", "date": "2026-11-24"}
    assert [(o.value, o.label["va"]) for o in made.options("time", values, None, "va")] == [
        ("42", "09:30")
    ]


def test_booking_sends_the_slot_and_key_and_reports_the_reference() -> None:
    sent = []

    def handler(http: httpx.Request) -> httpx.Response:
        sent.append(json.loads(http.content))
        return httpx.Response(201, json=BOOKING)

    result = action(handler).execute(request())
    assert sent == [{"nif": "12345678Z", "slot_id": 42, "idempotency_key": "k"}]
    assert result.reference == "CITA-ABC123"
    # The day in words, the office with its address.
    assert "el martes 24 de noviembre a las 09:30" in result.message
    assert "OAC Séneca (C/ Portugal, 17, Alicante)" in result.message
    assert "24/11/2026" not in result.message


def test_the_citizens_appointments_name_the_day_in_their_language() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        assert http.url.path == "/citas/bookings"
        return httpx.Response(200, json=[BOOKING])

    settings = ClientSettings(base_url="http://citas.test", retries=0)
    client = BackOfficeClient(
        settings, transport=httpx.MockTransport(handler), sleep=lambda s: None
    )
    listed = AppointmentListAction(client).execute(
        dataclasses.replace(request(), action="citas.list_appointments", language="va")
    )
    assert "Padró, OAC Séneca, dimarts 24 de novembre 09:30 (CITA-ABC123)" in listed.message
    [option] = AppointmentCancelAction(client).options("booking", {}, Citizen(nif="1Z"), "en")
    assert option.label["en"] == "Census, OAC Séneca, Tuesday 24 November 09:30"
    assert option.label["es"] == "Padrón, OAC Séneca, martes 24 de noviembre 09:30"


@pytest.mark.parametrize(
    ("error", "text"), [("SlotTaken", "se acaba de ocupar"), ("TooManyBookings", "máximo")]
)
def test_conflicts_are_explained(error: str, text: str) -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"error": error, "detail": "x"})

    with pytest.raises(ActionFailed, match=text):
        action(handler).execute(request())


def calendar_action(handler) -> AppointmentAction:  # type: ignore[no-untyped-def]
    settings = ClientSettings(base_url="http://citas.test", retries=0)
    alicante = CalendarProfile(country="ES", subdivision="VC")
    return AppointmentAction(
        BackOfficeClient(settings, transport=httpx.MockTransport(handler), sleep=lambda s: None),
        WorkingDays(alicante),
    )


def test_no_time_is_offered_or_booked_on_a_holiday() -> None:
    asked: list[str] = []

    def handler(http: httpx.Request) -> httpx.Response:
        asked.append(http.url.path)
        return httpx.Response(200, json=[{"slot_id": 42, "starts_at": "2026-12-08T09:30:00+01:00"}])

    made = calendar_action(handler)
    holiday = {"service": "padron", "office": "oac-seneca", "date": "2026-12-08"}
    assert made.options("time", holiday, None, "es") == []
    booking = dataclasses.replace(request(), values={**holiday, "time": "42"})
    with pytest.raises(ActionFailed, match="closed that day"):
        made.execute(dataclasses.replace(booking, language="en"))
    with pytest.raises(ActionFailed, match="Las oficinas están cerradas ese día"):
        made.execute(booking)
    assert asked == []  # the back office was never asked
    working = {**holiday, "date": "2026-12-09"}
    assert [o.value for o in made.options("time", working, None, "es")] == ["42"]
