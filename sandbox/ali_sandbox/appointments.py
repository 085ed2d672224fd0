"""The sandbox's appointment book (cita previa): the services each office offers, a day's free
slots, and bookings that are idempotent, capped per citizen and safe against races.

Slots last thirty minutes from 09:00 to 13:30 (Madrid time) on working days (no weekends, no
national, Valencian or local holidays: ali_sandbox.working_days), one citizen each. A day's
slots are created when first needed (for the whole booking window at start-up, then whenever a
day inside the window is asked for), so a sandbox left running never runs out of dates. That a
slot is held by at most one booking is enforced by the database itself (a partial unique index on
active bookings), not by a check that two requests could pass at the same time.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ali.catalogue.working_days import WorkingDays
from ali.errors import StorageError
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.errors import (
    BookingInThePast,
    IdempotencyConflict,
    SlotInThePast,
    SlotTaken,
    TooManyBookings,
    UnknownBooking,
    UnknownCitizen,
    UnknownOffice,
    UnknownService,
    UnknownSlot,
)
from ali_sandbox.models import (
    BookingRow,
    CancellationRow,
    OfficeRow,
    OfficeServiceRow,
    ServiceRow,
    SlotRow,
)
from ali_sandbox.padron import PadronRegister
from ali_sandbox.working_days import sandbox_calendar

LOCAL_TIME = ZoneInfo("Europe/Madrid")
WINDOW_WEEKDAYS = 20
FIRST_SLOT = dt.time(9, 0)
LAST_SLOT = dt.time(13, 30)
SLOT_LENGTH = dt.timedelta(minutes=30)
MAX_ACTIVE_BOOKINGS = 3
REFERENCE_PREFIX = "CITA-"
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread

BookingStatus = Literal["booked", "cancelled"]
BOOKED: BookingStatus = "booked"
CANCELLED: BookingStatus = "cancelled"
_STATUSES: dict[str, BookingStatus] = {BOOKED: BOOKED, CANCELLED: CANCELLED}

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def booking_window(today: dt.date, calendar: WorkingDays | None = None) -> tuple[dt.date, ...]:
    """The days one can book: the next 20 working days (of `calendar`, Alicante's by default),
    `today` included when it is one."""
    calendar = calendar or sandbox_calendar()
    days: list[dt.date] = []
    day = today
    while len(days) < WINDOW_WEEKDAYS:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return tuple(days)


def slot_starts(day: dt.date) -> tuple[dt.datetime, ...]:
    """The day's slot times (09:00 to 13:30 in Madrid), as aware UTC datetimes."""
    start = dt.datetime.combine(day, FIRST_SLOT, LOCAL_TIME)
    end = dt.datetime.combine(day, LAST_SLOT, LOCAL_TIME)
    starts = []
    while start <= end:
        starts.append(start.astimezone(dt.UTC))
        start += SLOT_LENGTH
    return tuple(starts)


def new_reference() -> str:
    """`CITA-` and six random characters (about 10^9 possibilities), e.g. `CITA-7KQ2MX`."""
    return REFERENCE_PREFIX + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


@dataclass(frozen=True)
class Service:
    code: str
    name_es: str
    name_va: str
    name_en: str


@dataclass(frozen=True)
class Office:
    id: str
    name: str
    address: str


@dataclass(frozen=True)
class FreeSlot:
    slot_id: int
    starts_at: dt.datetime  # aware, Madrid time


@dataclass(frozen=True)
class Booking:
    reference: str
    nif: str
    slot_id: int
    idempotency_key: str
    status: BookingStatus
    starts_at: dt.datetime  # aware, Madrid time
    office: Office
    service: Service


@dataclass(frozen=True)
class BookingRequest:
    nif: str
    slot_id: int
    idempotency_key: str


@dataclass(frozen=True)
class Booked:
    booking: Booking
    created: bool  # False: the booking made earlier with the same idempotency key


class AppointmentBook:
    def __init__(
        self,
        database: SandboxDatabase,
        register: PadronRegister,
        *,
        clock: Clock = utc_now,
        calendar: WorkingDays | None = None,
    ) -> None:
        self._database = database
        self._register = register
        self._clock = clock
        self._calendar = calendar or sandbox_calendar()

    def services(self) -> list[Service]:
        with self._database.session() as session:
            rows = session.scalars(select(ServiceRow).order_by(ServiceRow.code)).all()
            return [_service(row) for row in rows]

    def offices(self, service_code: str) -> list[Office]:
        """The offices that offer the service, by name."""
        with self._database.session() as session:
            if session.get(ServiceRow, service_code) is None:
                raise UnknownService()
            rows = session.scalars(
                select(OfficeRow)
                .join(OfficeServiceRow, OfficeServiceRow.office_id == OfficeRow.id)
                .where(OfficeServiceRow.service_code == service_code)
                .order_by(OfficeRow.name)
            ).all()
            return [_office(row) for row in rows]

    def free_slots(self, service_code: str, office_id: str, day: dt.date) -> list[FreeSlot]:
        """The day's slots nobody holds that have not started, earliest first; a day outside the
        booking window (past, weekend, holiday, too far ahead) has none."""
        now = self._now()
        with self._database.session() as session:
            if session.get(ServiceRow, service_code) is None:
                raise UnknownService()
            if session.get(OfficeServiceRow, (office_id, service_code)) is None:
                raise UnknownOffice()
            if day not in booking_window(now.astimezone(LOCAL_TIME).date(), self._calendar):
                return []
            add_slots(session, office_id, service_code, [day], self._calendar)
            day_start = dt.datetime.combine(day, dt.time(0), LOCAL_TIME).astimezone(dt.UTC)
            day_end = dt.datetime.combine(
                day + dt.timedelta(days=1), dt.time(0), LOCAL_TIME
            ).astimezone(dt.UTC)
            rows = session.scalars(
                select(SlotRow)
                .where(
                    SlotRow.office_id == office_id,
                    SlotRow.service_code == service_code,
                    SlotRow.starts_at >= _stored(day_start),
                    SlotRow.starts_at < _stored(day_end),
                    SlotRow.starts_at > _stored(now),
                    ~select(BookingRow)
                    .where(BookingRow.slot_id == SlotRow.id, BookingRow.status == BOOKED)
                    .exists(),
                )
                .order_by(SlotRow.starts_at)
            ).all()
            return [FreeSlot(row.id, _aware(row.starts_at).astimezone(LOCAL_TIME)) for row in rows]

    def book(self, request: BookingRequest) -> Booked:
        earlier = self._booking_for_key(request.idempotency_key)
        if earlier is not None:
            return Booked(_same_request(earlier, request), created=False)
        if self._register.citizen(request.nif) is None:
            raise UnknownCitizen()
        now = self._now()
        with self._database.session() as session:
            slot = session.get(SlotRow, request.slot_id)
            if slot is None:
                raise UnknownSlot()
            if _aware(slot.starts_at) <= now:
                raise SlotInThePast()
        for _attempt in range(3):
            reference = new_reference()
            if self._insert(reference, request, now):
                booking = self._booking(reference)
                if booking is None:
                    raise StorageError("The booking could not be read back.")
                return Booked(booking, created=True)
            earlier = self._booking_for_key(request.idempotency_key)
            if earlier is not None:  # a concurrent request with the same key was stored first
                return Booked(_same_request(earlier, request), created=False)
            if self._slot_is_held(request.slot_id):
                raise SlotTaken()
        raise StorageError("The booking could not be stored.")  # three reference collisions

    def bookings_of(self, nif: str) -> list[Booking]:
        """The citizen's upcoming (active, not yet started) appointments, earliest first."""
        if self._register.citizen(nif) is None:
            raise UnknownCitizen()
        with self._database.session() as session:
            rows = session.execute(
                _bookings()
                .where(
                    BookingRow.nif == nif,
                    BookingRow.status == BOOKED,
                    SlotRow.starts_at > _stored(self._now()),
                )
                .order_by(SlotRow.starts_at, BookingRow.reference)
            ).all()
            return [_booking(row) for row in rows]

    def cancel(self, nif: str, reference: str, idempotency_key: str | None = None) -> Booking:
        """Cancel the citizen's booking (again: no change) and so free its slot. Someone else's
        booking is as unknown as one that does not exist. With an idempotency key the
        cancellation is recorded under it (409 `IdempotencyConflict` if the key was used to
        cancel another booking), for `cancellation_for_key`."""
        now = self._now()
        if idempotency_key is not None:
            earlier = self.cancellation_for_key(idempotency_key)
            if earlier is not None and (earlier.reference, earlier.nif) != (reference, nif):
                raise IdempotencyConflict(
                    "This idempotency key was already used to cancel another booking."
                )
        with self._database.session() as session:
            row = session.execute(_bookings().where(BookingRow.reference == reference)).first()
            if row is None or row[0].nif != nif:
                raise UnknownBooking()
            booking, slot = row[0], row[1]
            if booking.status == BOOKED:
                if _aware(slot.starts_at) <= now:
                    raise BookingInThePast()
                booking.status = CANCELLED
            if idempotency_key is not None:
                session.execute(
                    insert(CancellationRow)
                    .values(
                        idempotency_key=idempotency_key,
                        reference=reference,
                        nif=nif,
                        cancelled_at=_stored(now),
                    )
                    .on_conflict_do_nothing()
                )
            return _booking(row)

    def booking_for_key(self, idempotency_key: str) -> Booking | None:
        """The booking made with this idempotency key, if one was."""
        return self._booking_for_key(idempotency_key)

    def cancellation_for_key(self, idempotency_key: str) -> Booking | None:
        """The booking cancelled with this idempotency key, if one was."""
        with self._database.session() as session:
            row = session.execute(
                _bookings()
                .join(CancellationRow, CancellationRow.reference == BookingRow.reference)
                .where(CancellationRow.idempotency_key == idempotency_key)
            ).first()
            return None if row is None else _booking(row)

    def _now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC)

    def _insert(self, reference: str, request: BookingRequest, now: dt.datetime) -> bool:
        """Store the booking; False if a unique constraint refused it (slot held, key or
        reference used). Over the cap, nothing is stored: SQLite has one writer at a time, so
        the count made after the insert, in the same transaction, cannot miss a concurrent one."""
        with self._database.session() as session:
            try:
                session.add(
                    BookingRow(
                        reference=reference,
                        idempotency_key=request.idempotency_key,
                        nif=request.nif,
                        slot_id=request.slot_id,
                        status=BOOKED,
                        created_at=_stored(now),
                    )
                )
                session.flush()
            except IntegrityError:
                session.rollback()
                return False
            active = session.scalar(
                select(func.count())
                .select_from(BookingRow)
                .join(SlotRow, SlotRow.id == BookingRow.slot_id)
                .where(
                    BookingRow.nif == request.nif,
                    BookingRow.status == BOOKED,
                    SlotRow.starts_at > _stored(now),
                )
            )
            if (active or 0) > MAX_ACTIVE_BOOKINGS:
                raise TooManyBookings(
                    f"A citizen may hold at most {MAX_ACTIVE_BOOKINGS} upcoming appointments; "
                    "cancel one first."
                )
            return True

    def _booking(self, reference: str) -> Booking | None:
        with self._database.session() as session:
            row = session.execute(_bookings().where(BookingRow.reference == reference)).first()
            return None if row is None else _booking(row)

    def _booking_for_key(self, idempotency_key: str) -> Booking | None:
        with self._database.session() as session:
            row = session.execute(
                _bookings().where(BookingRow.idempotency_key == idempotency_key)
            ).first()
            return None if row is None else _booking(row)

    def _slot_is_held(self, slot_id: int) -> bool:
        with self._database.session() as session:
            held = session.scalar(
                select(BookingRow.reference).where(
                    BookingRow.slot_id == slot_id, BookingRow.status == BOOKED
                )
            )
            return held is not None


def add_slots(
    session: Session,
    office_id: str,
    service_code: str,
    days: Iterable[dt.date],
    calendar: WorkingDays | None = None,
) -> None:
    """Create the slots of these days (working days of `calendar`, Alicante's by default) for
    the office and service, unless they already exist."""
    calendar = calendar or sandbox_calendar()
    wanted = [day for day in days if calendar.is_working_day(day)]
    if not wanted:
        return
    first = dt.datetime.combine(min(wanted), dt.time(0), LOCAL_TIME).astimezone(dt.UTC)
    existing = set(
        session.scalars(
            select(SlotRow.starts_at).where(
                SlotRow.office_id == office_id,
                SlotRow.service_code == service_code,
                SlotRow.starts_at >= _stored(first),
            )
        ).all()
    )
    values = [
        {"office_id": office_id, "service_code": service_code, "starts_at": _stored(start)}
        for day in wanted
        for start in slot_starts(day)
        if _stored(start) not in existing
    ]
    if values:  # a concurrent start may have added some meanwhile: those are skipped
        session.execute(insert(SlotRow).values(values).on_conflict_do_nothing())


def _bookings() -> Select[BookingRow, SlotRow, OfficeRow, ServiceRow]:
    return (
        select(BookingRow, SlotRow, OfficeRow, ServiceRow)
        .join(SlotRow, SlotRow.id == BookingRow.slot_id)
        .join(OfficeRow, OfficeRow.id == SlotRow.office_id)
        .join(ServiceRow, ServiceRow.code == SlotRow.service_code)
    )


def _same_request(earlier: Booking, request: BookingRequest) -> Booking:
    if (earlier.nif, earlier.slot_id) != (request.nif, request.slot_id):
        raise IdempotencyConflict("This idempotency key was already used for another booking.")
    return earlier


def _stored(moment: dt.datetime) -> dt.datetime:
    """How SQLite keeps a moment: naive UTC (it stores no offset; comparisons are textual)."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _aware(stored: dt.datetime) -> dt.datetime:
    return stored.replace(tzinfo=dt.UTC) if stored.tzinfo is None else stored


def _service(row: ServiceRow) -> Service:
    return Service(row.code, row.name_es, row.name_va, row.name_en)


def _office(row: OfficeRow) -> Office:
    return Office(row.id, row.name, row.address)


def _booking(row: Row[BookingRow, SlotRow, OfficeRow, ServiceRow]) -> Booking:
    booking, slot, office, service = row[0], row[1], row[2], row[3]
    return Booking(
        reference=booking.reference,
        nif=booking.nif,
        slot_id=booking.slot_id,
        idempotency_key=booking.idempotency_key,
        status=_STATUSES[booking.status],
        starts_at=_aware(slot.starts_at).astimezone(LOCAL_TIME),
        office=_office(office),
        service=_service(service),
    )
