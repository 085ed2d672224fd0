"""The slip of an appointment booked at a kiosk, and the offices' other names from the council
profile, against a fake appointment book at the HTTP boundary."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import httpx

from ali.actions.action import ActionRequest
from ali.catalogue.profile import Office
from ali.connectors.appointment_slip import SlipWriter
from ali.connectors.appointments import APPOINTMENT_FORM, AppointmentAction
from ali.connectors.http import BackOfficeClient, ClientSettings
from ali.dialogue.slots import parse_slot
from ali.identity.citizen import Citizen

SAIC = {"id": "saic-centro14", "name": "SAIC Centro 14", "address": "Centro 14, Alicante"}
BOOKING = {
    "reference": "CITA-ABC123",
    "starts_at": "2026-12-09T10:30:00+01:00",
    "office": SAIC,
    "service": {"code": "padron", "name": {"es": "Padrón", "va": "Padró", "en": "Census"}},
}
AT_KIOSK = Citizen(nif="12345678Z", name="María José Martínez Pérez", kiosk="kiosk-demo")
ON_THE_WEB = Citizen(nif="12345678Z", name="María José Martínez Pérez")
PROFILE_OFFICES = [
    Office(
        id="saic-centro14",
        name="SAIC Centro 14",
        address="C/ Labradores, 14 (Centro 14), Alicante",
        known_as=["Centro 14"],
    )
]


def handler(http: httpx.Request) -> httpx.Response:
    if http.url.path == "/citas/offices":
        return httpx.Response(200, json=[SAIC])
    return httpx.Response(201, json=BOOKING)


ALI = SlipWriter("ALI", cancellable=True)


def action(slips: SlipWriter | None = ALI) -> AppointmentAction:
    settings = ClientSettings(base_url="http://citas.test", retries=0)
    client = BackOfficeClient(settings, transport=httpx.MockTransport(handler), sleep=lambda s: 0)
    return AppointmentAction(client, offices=PROFILE_OFFICES, slips=slips)


def booking(citizen: Citizen, language: str = "es") -> ActionRequest:
    return ActionRequest(
        action="citas.book_appointment",
        council_id="alicante",
        conversation_id="c",
        procedure_id="citas.cita-previa",
        values={"service": "padron", "office": "saic-centro14", "date": "2026-12-09", "time": "7"},
        idempotency_key="k",
        language=language,
        citizen=citizen,
    )


def test_a_booking_on_the_web_has_no_slip() -> None:
    assert action().execute(booking(ON_THE_WEB)).slip is None
    assert action(slips=None).execute(booking(AT_KIOSK)).slip is None


def test_a_booking_at_a_kiosk_comes_with_its_slip() -> None:
    slip = action().execute(booking(AT_KIOSK)).slip
    assert slip is not None
    assert dataclasses.asdict(slip) == {
        "reference": "CITA-ABC123",
        "service": "Padrón",
        "office": "SAIC Centro 14",
        "address": "Centro 14, Alicante",
        "day": "miércoles 9 de diciembre",
        "time": "10:30",
        "starts_at": "2026-12-09T10:30:00+01:00",
        "bring": ["Tu documento de identidad.", "Este justificante."],
        "cancel": "Para anularla, pídeselo a ALI en un ciberkiosco: «anular mi cita».",
    }
    assert dt.datetime.fromisoformat(slip.starts_at).utcoffset() == dt.timedelta(hours=1)


def test_the_slip_is_in_the_citizens_language() -> None:
    valencian = action().execute(booking(AT_KIOSK, "va")).slip
    english = action().execute(booking(AT_KIOSK, "en")).slip
    assert valencian is not None and english is not None
    assert (valencian.service, valencian.day) == ("Padró", "dimecres 9 de desembre")
    assert valencian.bring == ["El teu document d'identitat.", "Aquest justificant."]
    assert english.day == "Wednesday 9 December"
    assert english.cancel == 'To cancel it, ask ALI at a kiosk: "cancel my appointment".'


def test_the_slip_holds_nothing_personal() -> None:
    slip = action().execute(booking(AT_KIOSK)).slip
    printed = json.dumps(dataclasses.asdict(slip), ensure_ascii=False)
    for personal in ("12345678Z", "12345678", "María", "Martínez", "M. J.", "MJMP"):
        assert personal not in printed


def test_without_a_way_to_cancel_here_the_slip_says_nothing_about_it() -> None:
    slip = action(SlipWriter("ALI", cancellable=False)).execute(booking(AT_KIOSK)).slip
    assert slip is not None and slip.cancel is None


def test_an_office_is_chosen_by_the_names_the_council_profile_gives_it() -> None:
    [office] = action().options("office", {"service": "padron"}, None, "es")
    assert office.synonyms == (
        "SAIC Centro 14",
        "C/ Labradores, 14 (Centro 14), Alicante",
        "Centro 14",
    )
    slot = dataclasses.replace(APPOINTMENT_FORM.slot("office"), options=(office,), dynamic=False)
    assert parse_slot(slot, "la oficina de Labradores", "es", dt.date(2026, 12, 2)).value == (
        "saic-centro14"
    )
