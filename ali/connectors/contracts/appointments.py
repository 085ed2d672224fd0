"""The appointment book (cita previa).

GET    /citas/services                       -> [AppointmentService]
GET    /citas/offices?service=               -> [AppointmentOffice]
GET    /citas/slots?service=&office=&date=   -> [AppointmentSlot]
POST   /citas/bookings  BookingRequest       -> 201 Booking (409 `SlotTaken`,
                                                `SlotInThePast`, `TooManyBookings`)
GET    /citas/bookings  (X-Citizen-Nif)      -> [Booking], the citizen's upcoming ones
DELETE /citas/bookings/{reference}           -> Cancellation
GET    /citas/bookings/requests/{key}        -> Booking, or 404 NeverReceived
GET    /citas/cancellations/requests/{key}   -> Cancellation, or 404 NeverReceived
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ali.connectors.contracts.shared import Answer, IdempotencyKey, LocalName, Nif, Sent


class AppointmentService(Answer):
    code: str
    name: LocalName


class AppointmentOffice(Answer):
    id: str
    name: str
    address: str


class AppointmentSlot(Answer):
    slot_id: int
    starts_at: dt.datetime  # with the council's offset


class BookingRequest(Sent):
    nif: Nif
    slot_id: int = Field(ge=1)
    idempotency_key: IdempotencyKey


class Booking(Answer):
    reference: str
    status: Literal["booked", "cancelled"] = "booked"
    starts_at: dt.datetime  # with the council's offset
    office: AppointmentOffice
    service: AppointmentService


class Cancellation(Answer):
    reference: str
    status: Literal["cancelled"] = "cancelled"
