"""`citas.book_appointment`: an appointment at a council office, from the council's calendar;
`citas.cancel_appointment` and `citas.list_appointments` for the citizen's own bookings.

The office and the time are dynamic: the back office says which offices offer the service and
which times are free on the chosen day, so the citizen is only offered what exists. A booking
or a cancellation whose answer was lost is found again by its idempotency key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from ali.actions.action import ActionFailed, ActionRequest, ActionResult
from ali.actions.forms import FormSpec, Option, Slot, SlotKind, same_in_all_languages
from ali.catalogue.profile import Office
from ali.catalogue.schema import Language
from ali.catalogue.working_days import WorkingDays
from ali.connectors.appointment_slip import SlipWriter
from ali.connectors.contracts.appointments import (
    AppointmentOffice,
    AppointmentSlot,
    Booking,
    BookingRequest,
    Cancellation,
)
from ali.connectors.contracts.shared import ErrorBody, body, read, read_list
from ali.connectors.http import (
    BackOfficeClient,
    citizen_header,
    expect_json,
    found_by_key,
    reads_back_office,
)
from ali.i18n import N_, NP_
from ali.i18n.dates import date_in_words
from ali.identity.citizen import Citizen
from ali.language.registry import installed

_SERVICES = (
    Option(
        "padron",
        N_("Census register (padrón)"),
        ("empadronamiento", "empadronarme", "padron", "census"),
    ),
    Option(
        "tributos",
        N_("Taxes"),
        ("impuestos", "recibos", "impostos", "taxes", "ibi"),
    ),
    Option(
        "social",
        N_("Social worker"),
        ("servicios sociales", "trabajadora social", "serveis socials", "social services"),
    ),
)

APPOINTMENT_FORM = FormSpec(
    action="citas.book_appointment",
    title=N_("Appointment"),
    slots=(
        Slot(
            name="service",
            kind=SlotKind.CHOICE,
            label=N_("Service"),
            prompt=N_("Which service is the appointment for?"),
            options=_SERVICES,
        ),
        Slot(
            name="office",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label=N_("Office"),
            prompt=N_("At which office?"),
        ),
        Slot(
            name="date",
            kind=SlotKind.DATE,
            label=N_("Day"),
            prompt=N_('Which day suits you? (for example, "next Tuesday")'),
            weekdays_only=True,
            max_days_ahead=28,
        ),
        Slot(
            name="time",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label=N_("Time"),
            prompt=N_("These times are free. Which one do you prefer?"),
        ),
    ),
)

_BOOKED = N_(
    "Appointment booked: {service}, {office} ({address}), on {day} at {time}. Reference: "
    "{reference}. Bring your ID; the appointment is for you and one procedure only."
)
_TAKEN = N_("That time has just been taken. Please ask again and choose another time.")
_TOO_MANY = N_("You already have the maximum number of active appointments. Cancel one first.")
_CLOSED = N_("The offices are closed that day (a holiday or a weekend). Please choose another day.")


class AppointmentAction:
    name = "citas.book_appointment"
    form = APPOINTMENT_FORM
    requires_identity = True

    def __init__(
        self,
        client: BackOfficeClient,
        calendar: WorkingDays | None = None,
        *,
        offices: Sequence[Office] = (),
        slips: SlipWriter | None = None,
    ) -> None:
        self._client = client
        # The council's working days: no time is offered, and no booking made, on another day.
        self._calendar = calendar
        # The council profile's offices: their names, addresses and other names let a citizen
        # choose one by words ("la de la calle Portugal", "la de Zona Norte").
        self._offices = {office.id: office for office in offices}
        # A booking made at a kiosk comes with the slip the kiosk prints.
        self._slips = slips

    def _closed(self, values: dict[str, str]) -> bool:
        if self._calendar is None or "date" not in values:
            return False
        return not self._calendar.is_working_day(dt.date.fromisoformat(values["date"]))

    @reads_back_office
    def options(
        self, slot: str, values: dict[str, str], citizen: Citizen | None, language: Language
    ) -> list[Option]:
        if slot == "time" and self._closed(values):
            return []
        if slot == "office":
            response = self._client.request(
                "GET", "/citas/offices", params={"service": values["service"]}
            )
            return [
                Option(
                    office.id,
                    same_in_all_languages(f"{office.name} ({office.address})"),
                    self._other_names(office),
                )
                for office in read_list(AppointmentOffice, expect_json(response))
            ]
        if slot == "time":
            params = {k: values[k] for k in ("service", "office", "date")}
            response = self._client.request("GET", "/citas/slots", params=params)
            return [
                Option(str(slot.slot_id), same_in_all_languages(f"{slot.starts_at:%H:%M}"))
                for slot in read_list(AppointmentSlot, expect_json(response))
            ]
        return []

    def _other_names(self, office: AppointmentOffice) -> tuple[str, ...]:
        known = self._offices.get(office.id)
        if known is None:
            return ()
        return (known.name, known.address, *known.known_as)

    def _booked(self, booking: Booking, request: ActionRequest) -> ActionResult:
        result = _booked(booking, request.language)
        at_kiosk = request.citizen is not None and request.citizen.kiosk is not None
        if self._slips is None or not at_kiosk:
            return result
        return dataclasses.replace(result, slip=self._slips.slip(booking, request.language))

    @reads_back_office
    def execute(self, request: ActionRequest) -> ActionResult:
        assert request.citizen is not None
        if self._closed(request.values):
            raise ActionFailed(_CLOSED[request.language])
        response = self._client.request(
            "POST",
            "/citas/bookings",
            json=body(
                BookingRequest,
                nif=request.citizen.nif,
                slot_id=request.values["time"],
                idempotency_key=request.idempotency_key,
            ),
            idempotency_key=request.idempotency_key,
        )
        language = request.language
        if response.status_code == 409:
            error = read(ErrorBody, response.json()).error
            if error == "TooManyBookings":
                raise ActionFailed(_TOO_MANY[language])
            if error in ("SlotTaken", "SlotInThePast"):
                raise ActionFailed(_TAKEN[language])
            raise ActionFailed()
        return self._booked(read(Booking, expect_json(response)), request)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/citas/bookings/requests/{request.idempotency_key}"
        booking = found_by_key(self._client.request("GET", path))
        return None if booking is None else self._booked(read(Booking, booking), request)


def _booked(booking: Booking, language: Language) -> ActionResult:
    message = _BOOKED[language].format(
        service=booking.service.name.in_language(language),
        office=booking.office.name,
        address=booking.office.address,
        day=date_in_words(booking.starts_at.date(), language),
        time=booking.starts_at.strftime("%H:%M"),
        reference=booking.reference,
    )
    return ActionResult(message=message, reference=booking.reference)


CANCEL_FORM = FormSpec(
    action="citas.cancel_appointment",
    title=N_("Cancelling an appointment"),
    slots=(
        Slot(
            name="booking",
            kind=SlotKind.CHOICE,
            dynamic=True,
            label=NP_("booking", "Appointment"),
            prompt=N_("Which appointment do you want to cancel?"),
        ),
    ),
)

_CANCELLED = N_("Appointment {reference} cancelled. The time is free for someone else.")


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
            Option(booking.reference, _booking_label(booking))
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
        return _cancelled(read(Cancellation, expect_json(response)), request.language)

    @reads_back_office
    def recover(self, request: ActionRequest) -> ActionResult | None:
        path = f"/citas/cancellations/requests/{request.idempotency_key}"
        cancelled = found_by_key(self._client.request("GET", path))
        if cancelled is None:
            return None
        return _cancelled(read(Cancellation, cancelled), request.language)


def _cancelled(cancellation: Cancellation, language: Language) -> ActionResult:
    reference = cancellation.reference
    return ActionResult(_CANCELLED[language].format(reference=reference), reference)


def _bookings(client: BackOfficeClient, citizen: Citizen) -> list[Booking]:
    """The citizen's upcoming appointments, earliest first."""
    response = client.request("GET", "/citas/bookings", headers=citizen_header(citizen))
    return read_list(Booking, expect_json(response))


def _booking_label(booking: Booking) -> dict[str, str]:
    time = booking.starts_at.strftime("%H:%M")
    return {
        lang: f"{booking.service.name.in_language(lang)}, {booking.office.name}, "
        f"{date_in_words(booking.starts_at.date(), lang)} {time}"
        for lang in installed().codes
    }


LIST_FORM = FormSpec(
    action="citas.list_appointments",
    title=N_("My appointments"),
    needs_confirmation=False,
)
_MINE = N_("Your upcoming appointments:")
_NONE_BOOKED = N_("You have no upcoming appointments.")


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
            f"- {_booking_label(booking)[language]} ({booking.reference})" for booking in bookings
        ]
        return ActionResult("\n".join([_MINE[language], *lines]))
