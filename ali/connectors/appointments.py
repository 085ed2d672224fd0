"""`citas.book_appointment`: an appointment at a council office, from the council's calendar;
`citas.cancel_appointment` and `citas.list_appointments` for the citizen's own bookings.

The office and the time are dynamic: the back office says which offices offer the service and
which times are free on the chosen day, so the citizen is only offered what exists. A booking
or a cancellation whose answer was lost is found again by its idempotency key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ali.actions.action import ActionFailed, ActionRequest, ActionResult
from ali.actions.forms import FormSpec, Option, Slot, SlotKind, same_in_all_languages
from ali.catalogue.schema import Language
from ali.connectors.http import (
    BackOfficeClient,
    citizen_header,
    expect_json,
    found_by_key,
    reads_back_office,
)
from ali.identity.citizen import Citizen

_SERVICES = (
    Option(
        "padron",
        {"es": "Padrón", "va": "Padró", "en": "Census register (padrón)"},
        ("empadronamiento", "empadronarme", "padron", "census"),
    ),
    Option(
        "tributos",
        {"es": "Tributos", "va": "Tributs", "en": "Taxes"},
        ("impuestos", "recibos", "impostos", "taxes", "ibi"),
    ),
    Option(
        "social",
        {"es": "Trabajador/a social", "va": "Treballador/a social", "en": "Social worker"},
        ("servicios sociales", "trabajadora social", "serveis socials", "social services"),
    ),
)

APPOINTMENT_FORM = FormSpec(
    action="citas.book_appointment",
    title={"es": "Cita previa", "va": "Cita prèvia", "en": "Appointment"},
    slots=(
        Slot(
            name="service",
            kind=SlotKind.CHOICE,
            label={"es": "Servicio", "va": "Servei", "en": "Service"},
            prompt={
                "es": "¿Para qué servicio quieres la cita?",
                "va": "Per a quin servei vols la cita?",
                "en": "Which service is the appointment for?",
            },
            options=_SERVICES,
        ),
        Slot(
            name="office",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label={"es": "Oficina", "va": "Oficina", "en": "Office"},
            prompt={
                "es": "¿En qué oficina?",
                "va": "En quina oficina?",
                "en": "At which office?",
            },
        ),
        Slot(
            name="date",
            kind=SlotKind.DATE,
            label={"es": "Día", "va": "Dia", "en": "Day"},
            prompt={
                "es": "¿Qué día te viene bien? (por ejemplo, «el martes que viene»)",
                "va": "Quin dia et va bé? (per exemple, «dimarts que ve»)",
                "en": 'Which day suits you? (for example, "next Tuesday")',
            },
            weekdays_only=True,
            max_days_ahead=28,
        ),
        Slot(
            name="time",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label={"es": "Hora", "va": "Hora", "en": "Time"},
            prompt={
                "es": "Estas son las horas libres. ¿Cuál prefieres?",
                "va": "Aquestes són les hores lliures. Quina prefereixes?",
                "en": "These times are free. Which one do you prefer?",
            },
        ),
    ),
)

_BOOKED = {
    "es": "Cita reservada: {service}, {office} ({address}), el {day} a las {time}. Referencia: "
    "{reference}. Lleva tu documento de identidad; la cita es solo para ti y para un trámite.",
    "va": "Cita reservada: {service}, {office} ({address}), el {day} a les {time}. Referència: "
    "{reference}. Porta el teu document d'identitat; la cita és només per a tu i per a un tràmit.",
    "en": "Appointment booked: {service}, {office} ({address}), on {day} at {time}. Reference: "
    "{reference}. Bring your ID; the appointment is for you and one procedure only.",
}
_TAKEN = {
    "es": "Esa hora se acaba de ocupar. Pide la cita de nuevo y elige otra hora.",
    "va": "Eixa hora s'acaba d'ocupar. Demana la cita de nou i tria una altra hora.",
    "en": "That time has just been taken. Please ask again and choose another time.",
}
_TOO_MANY = {
    "es": "Ya tienes el máximo de citas activas. Anula alguna antes de pedir otra.",
    "va": "Ja tens el màxim de cites actives. Anul·la'n alguna abans de demanar-ne una altra.",
    "en": "You already have the maximum number of active appointments. Cancel one first.",
}


class AppointmentAction:
    name = "citas.book_appointment"
    form = APPOINTMENT_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot == "office":
            response = self._client.request(
                "GET", "/citas/offices", params={"service": values["service"]}
            )
            return [
                Option(item["id"], same_in_all_languages(f"{item['name']} ({item['address']})"))
                for item in expect_json(response)
            ]
        if slot == "time":
            params = {k: values[k] for k in ("service", "office", "date")}
            response = self._client.request("GET", "/citas/slots", params=params)
            return [
                Option(str(item["slot_id"]), same_in_all_languages(item["starts_at"][11:16]))
                for item in expect_json(response)
            ]
        return []

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        response = self._client.request(
            "POST",
            "/citas/bookings",
            json={
                "nif": request.citizen.nif,
                "slot_id": request.values["time"],
                "idempotency_key": request.idempotency_key,
            },
            idempotency_key=request.idempotency_key,
        )
        language = request.language
        if response.status_code == 409:
            error = response.json().get("error")
            if error == "TooManyBookings":
                raise ActionFailed(_TOO_MANY[language])
            if error in ("SlotTaken", "SlotInThePast"):
                raise ActionFailed(_TAKEN[language])
            raise ActionFailed()
        return _booked(expect_json(response), language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/citas/bookings/requests/{request.idempotency_key}"
        booking = found_by_key(self._client.request("GET", path))
        return None if booking is None else _booked(booking, request.language)


def _booked(booking: Any, language: Language) -> ActionResult:
    starts = dt.datetime.fromisoformat(booking["starts_at"])
    message = _BOOKED[language].format(
        service=booking["service"]["name"][language],
        office=booking["office"]["name"],
        address=booking["office"]["address"],
        day=starts.strftime("%d/%m/%Y"),
        time=starts.strftime("%H:%M"),
        reference=booking["reference"],
    )
    return ActionResult(message=message, reference=booking["reference"])


CANCEL_FORM = FormSpec(
    action="citas.cancel_appointment",
    title={"es": "Anular una cita", "va": "Anul·lar una cita", "en": "Cancelling an appointment"},
    slots=(
        Slot(
            name="booking",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label={"es": "Cita", "va": "Cita", "en": "Appointment"},
            prompt={
                "es": "¿Qué cita quieres anular?",
                "va": "Quina cita vols anul·lar?",
                "en": "Which appointment do you want to cancel?",
            },
        ),
    ),
)

_CANCELLED = {
    "es": "Cita {reference} anulada. La hora queda libre para otra persona.",
    "va": "Cita {reference} anul·lada. L'hora queda lliure per a una altra persona.",
    "en": "Appointment {reference} cancelled. The time is free for someone else.",
}


class AppointmentCancelAction:
    """`citas.cancel_appointment`: cancels one of the signed-in citizen's own appointments."""

    name = "citas.cancel_appointment"
    form = CANCEL_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot != "booking" or citizen is None:
            return []
        return [
            Option(booking["reference"], _booking_label(booking))
            for booking in _bookings(self._client, citizen)
        ]

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        reference = request.values["booking"]
        response = self._client.request(
            "DELETE",
            f"/citas/bookings/{reference}",
            headers=citizen_header(request.citizen),
            idempotency_key=request.idempotency_key,
        )
        return _cancelled(expect_json(response), request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/citas/cancellations/requests/{request.idempotency_key}"
        cancelled = found_by_key(self._client.request("GET", path))
        return None if cancelled is None else _cancelled(cancelled, request.language)


def _cancelled(body: Any, language: Language) -> ActionResult:
    reference = str(body["reference"])
    return ActionResult(_CANCELLED[language].format(reference=reference), reference)


def _bookings(client: BackOfficeClient, citizen: Citizen) -> list[dict[str, Any]]:
    """The citizen's upcoming appointments, earliest first."""
    response = client.request("GET", "/citas/bookings", headers=citizen_header(citizen))
    return list(expect_json(response))


def _booking_label(booking: dict[str, Any]) -> dict[Language, str]:
    when = dt.datetime.fromisoformat(booking["starts_at"]).strftime("%d/%m/%Y %H:%M")
    return {
        lang: f"{booking['service']['name'][lang]}, {booking['office']['name']}, {when}"
        for lang in ("es", "va", "en")
    }


LIST_FORM = FormSpec(
    action="citas.list_appointments",
    title={"es": "Mis citas", "va": "Les meues cites", "en": "My appointments"},
    needs_confirmation=False,
)
_MINE = {
    "es": "Tus próximas citas:",
    "va": "Les teues pròximes cites:",
    "en": "Your upcoming appointments:",
}
_NONE_BOOKED = {
    "es": "No tienes ninguna cita pendiente.",
    "va": "No tens cap cita pendent.",
    "en": "You have no upcoming appointments.",
}


class AppointmentListAction:
    """`citas.list_appointments`: the signed-in citizen's upcoming appointments (a lookup)."""

    name = "citas.list_appointments"
    form = LIST_FORM
    requires_identity = True

    def __init__(self, client: BackOfficeClient) -> None:
        self._client = client

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        bookings = _bookings(self._client, request.citizen)
        language = request.language
        if not bookings:
            return ActionResult(_NONE_BOOKED[language])
        lines = [
            f"- {_booking_label(booking)[language]} ({booking['reference']})"
            for booking in bookings
        ]
        return ActionResult("\n".join([_MINE[language], *lines]))
