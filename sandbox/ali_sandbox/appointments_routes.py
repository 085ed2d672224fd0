"""The sandbox's appointment book (cita previa)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    Header,
    Path,
    Query,
    Response,
    status,
)

from ali.connectors.contracts import appointments, shared
from ali_sandbox.appointments import AppointmentBook, Booking, BookingRequest, Office, Service
from ali_sandbox.routes import (
    ERROR,
    CitizenNif,
    api_key_check,
)
from ali_sandbox.settings import SandboxSettings


def appointments_router(settings: SandboxSettings, book: AppointmentBook) -> APIRouter:
    router = APIRouter(
        prefix="/citas", tags=["cita previa"], dependencies=[Depends(api_key_check(settings))]
    )

    @router.get(
        "/services", response_model=list[appointments.AppointmentService], responses={401: ERROR}
    )
    def services() -> list[appointments.AppointmentService]:
        """The services one can book an appointment for, named in es/va/en."""
        return [_service_out(service) for service in book.services()]

    @router.get(
        "/offices",
        response_model=list[appointments.AppointmentOffice],
        responses={401: ERROR, 404: ERROR},
    )
    def offices(
        service: Annotated[str, Query(max_length=32)],
    ) -> list[appointments.AppointmentOffice]:
        """The offices that offer `service`, by name (404 `UnknownService`)."""
        return [_office_out(office) for office in book.offices(service)]

    @router.get(
        "/slots",
        response_model=list[appointments.AppointmentSlot],
        responses={401: ERROR, 404: ERROR, 422: ERROR},
    )
    def slots(
        service: Annotated[str, Query(max_length=32)],
        office: Annotated[str, Query(max_length=64)],
        day: Annotated[dt.date, Query(alias="date")],
    ) -> list[appointments.AppointmentSlot]:
        """The free slots of `service` at `office` on `date` (YYYY-MM-DD), earliest first, with
        Madrid's offset. A past day, a weekend or a day beyond the 20-weekday booking window has
        none (an empty list); a malformed date is 422 `InvalidInput`; an unknown service is 404
        `UnknownService`, an office that does not offer it 404 `UnknownOffice`."""
        return [
            appointments.AppointmentSlot(slot_id=slot.slot_id, starts_at=slot.starts_at)
            for slot in book.free_slots(service, office, day)
        ]

    @router.post(
        "/bookings",
        response_model=appointments.Booking,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": appointments.Booking, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def create_booking(
        body: appointments.BookingRequest, response: Response
    ) -> appointments.Booking:
        """Book a slot for a demo citizen. 404 `UnknownCitizen` / `UnknownSlot`; 409 `SlotTaken`,
        `SlotInThePast`, `TooManyBookings` (3 upcoming at most) or `IdempotencyConflict`."""
        booked = book.book(
            BookingRequest(nif=body.nif, slot_id=body.slot_id, idempotency_key=body.idempotency_key)
        )
        if not booked.created:
            response.status_code = status.HTTP_200_OK
        time.sleep(settings.answer_delay("citas.bookings"))
        return booking_out(booked.booking)

    @router.get(
        "/bookings",
        response_model=list[appointments.Booking],
        responses={401: ERROR, 404: ERROR, 422: ERROR},
    )
    def bookings(nif: CitizenNif) -> list[appointments.Booking]:
        """The citizen's upcoming appointments, earliest first (404 `UnknownCitizen`)."""
        return [booking_out(booking) for booking in book.bookings_of(nif)]

    @router.delete(
        "/bookings/{reference}",
        response_model=appointments.Cancellation,
        responses={401: ERROR, 404: ERROR, 409: ERROR, 422: ERROR},
    )
    def cancel_booking(
        reference: Annotated[str, Path(max_length=32)],
        nif: CitizenNif,
        idempotency_key: Annotated[
            str | None, Header(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")
        ] = None,
    ) -> appointments.Cancellation:
        """Cancel the citizen's appointment, freeing its slot; repeating it changes nothing.
        Another citizen's booking is 404 `UnknownBooking`, like one that does not exist; one
        that has already started is 409 `BookingInThePast`. An `Idempotency-Key` header records
        the cancellation under it (409 `IdempotencyConflict` if the key cancelled another
        booking), for `GET /citas/cancellations/requests/{key}`."""
        cancelled = book.cancel(nif, reference.strip().upper(), idempotency_key)
        time.sleep(settings.answer_delay("citas.cancellations"))
        return appointments.Cancellation(reference=cancelled.reference)

    return router


def _service_out(service: Service) -> appointments.AppointmentService:
    return appointments.AppointmentService(
        code=service.code,
        name=shared.LocalName(es=service.name_es, va=service.name_va, en=service.name_en),
    )


def _office_out(office: Office) -> appointments.AppointmentOffice:
    return appointments.AppointmentOffice(id=office.id, name=office.name, address=office.address)


def booking_out(booking: Booking) -> appointments.Booking:
    return appointments.Booking(
        reference=booking.reference,
        status=booking.status,
        starts_at=booking.starts_at,
        office=_office_out(booking.office),
        service=_service_out(booking.service),
    )
