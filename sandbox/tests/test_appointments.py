"""The appointment book (cita previa) through the sandbox's HTTP API, like ALI's connector uses it.
Bookings are removed after every test, so each starts with every slot free."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import delete, func, select

from ali_sandbox.appointments import (
    LOCAL_TIME,
    AppointmentBook,
    BookingRequest,
    booking_window,
    slot_starts,
)
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.errors import BookingInThePast, SlotInThePast, TooManyBookings
from ali_sandbox.models import BookingRow
from ali_sandbox.padron import PadronRegister
from ali_sandbox.seed import seed
from ali_sandbox.settings import SandboxSettings
from ali_sandbox.working_days import sandbox_calendar
from sandbox.tests.conftest import API_KEY, MARIA

KEY = {"X-Api-Key": API_KEY}
VICENT = "99000002K"
BEGONYA = "99000004T"
DEMO_NIFS = ("99000001C", "99000002K", "99000003E", "99000004T", "Y9900006S", "X9900005T")


@pytest.fixture
def citas(sandbox: TestClient, sandbox_settings: SandboxSettings) -> Iterator[TestClient]:
    yield sandbox
    database = SandboxDatabase(sandbox_settings.database_path)
    with database.session() as session:
        session.execute(delete(BookingRow))
    database.dispose()


def bookable_day(weekdays_ahead: int = 0) -> dt.date:
    """A weekday of the booking window after today, so that all its slots are still ahead."""
    today = dt.datetime.now(LOCAL_TIME).date()
    return [day for day in booking_window(today) if day > today][weekdays_ahead]


def free_slots(
    client: TestClient, day: dt.date, service: str = "padron", office: str = "oac-seneca"
) -> list[dict[str, Any]]:
    response = client.get(
        "/citas/slots",
        params={"service": service, "office": office, "date": day.isoformat()},
        headers=KEY,
    )
    assert response.status_code == 200, response.text
    slots: list[dict[str, Any]] = response.json()
    return slots


def post_booking(client: TestClient, nif: str, slot_id: int, key: str) -> Response:
    return client.post(
        "/citas/bookings",
        json={"nif": nif, "slot_id": slot_id, "idempotency_key": key},
        headers=KEY,
    )


def book(client: TestClient, nif: str, slot_id: int, key: str) -> dict[str, Any]:
    response = post_booking(client, nif, slot_id, key)
    assert response.status_code == 201, response.text
    booking: dict[str, Any] = response.json()
    return booking


def my_bookings(client: TestClient, nif: str) -> list[dict[str, Any]]:
    response = client.get("/citas/bookings", params={"nif": nif}, headers=KEY)
    assert response.status_code == 200, response.text
    bookings: list[dict[str, Any]] = response.json()
    return bookings


ROUTES = [
    ("GET", "/citas/services", None),
    ("GET", "/citas/offices?service=padron", None),
    ("GET", "/citas/slots?service=padron&office=oac-seneca&date=2030-01-07", None),
    ("POST", "/citas/bookings", {"nif": MARIA, "slot_id": 1, "idempotency_key": "no-key"}),
    ("GET", f"/citas/bookings?nif={MARIA}", None),
    ("DELETE", f"/citas/bookings/CITA-AAAAAA?nif={MARIA}", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
@pytest.mark.parametrize("headers", [{}, {"X-Api-Key": "wrong"}, {"X-Api-Key": ""}])
def test_every_appointment_route_needs_the_api_key(
    citas: TestClient, method: str, url: str, body: dict[str, Any] | None, headers: dict[str, str]
) -> None:
    response = citas.request(method, url, json=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidApiKey"


def test_the_services_are_named_in_three_languages(citas: TestClient) -> None:
    response = citas.get("/citas/services", headers=KEY)
    assert response.status_code == 200
    assert {service["code"]: service["name"] for service in response.json()} == {
        "padron": {"es": "Padrón", "va": "Padró", "en": "Census register"},
        "tributos": {"es": "Tributos", "va": "Tributs", "en": "Taxes"},
        "social": {
            "es": "Trabajador/a social",
            "va": "Treballador/a social",
            "en": "Social worker",
        },
    }


def test_an_unknown_service_has_no_offices(citas: TestClient) -> None:
    response = citas.get("/citas/offices", params={"service": "bodas"}, headers=KEY)
    assert response.status_code == 404
    assert response.json()["error"] == "UnknownService"


def test_the_offices_of_a_service_match_the_council_profile(citas: TestClient) -> None:
    padron = citas.get("/citas/offices", params={"service": "padron"}, headers=KEY).json()
    assert sorted(padron, key=lambda office: office["id"]) == [
        {
            "id": "oac-gaston-castello",
            "name": "OAC Gastón Castelló",
            "address": "C/ Pino Santo, 1, Alicante",
        },
        {"id": "oac-seneca", "name": "OAC Séneca", "address": "C/ Portugal, 17, Alicante"},
        {
            "id": "saic-centro14",
            "name": "SAIC Centro 14",
            "address": "C/ Labradores, 14 (Centro 14), Alicante",
        },
    ]
    social = citas.get("/citas/offices", params={"service": "social"}, headers=KEY).json()
    assert [office["id"] for office in social] == ["saic-centro14"]


@pytest.mark.parametrize(
    ("service", "office", "error"),
    [("bodas", "oac-seneca", "UnknownService"), ("social", "oac-seneca", "UnknownOffice")],
)
def test_slots_of_an_unknown_service_or_office_are_not_found(
    citas: TestClient, service: str, office: str, error: str
) -> None:
    response = citas.get(
        "/citas/slots",
        params={"service": service, "office": office, "date": bookable_day().isoformat()},
        headers=KEY,
    )
    assert response.status_code == 404
    assert response.json()["error"] == error


@pytest.mark.parametrize("date", ["2026-02-30", "tomorrow", "", "07/01/2030"])
def test_a_malformed_date_is_invalid_input(citas: TestClient, date: str) -> None:
    response = citas.get(
        "/citas/slots",
        params={"service": "padron", "office": "oac-seneca", "date": date},
        headers=KEY,
    )
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"


def test_a_day_has_ten_half_hour_slots_in_madrid_time(citas: TestClient) -> None:
    day = bookable_day()
    slots = free_slots(citas, day)
    starts = [dt.datetime.fromisoformat(slot["starts_at"]) for slot in slots]
    assert [start.strftime("%H:%M") for start in starts] == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30"
    ]  # fmt: skip
    assert all(start.date() == day for start in starts)
    assert all(
        start.utcoffset() == LOCAL_TIME.utcoffset(start.replace(tzinfo=None)) for start in starts
    )
    assert len({slot["slot_id"] for slot in slots}) == 10
    other_office = free_slots(citas, day, office="saic-centro14")
    assert not {slot["slot_id"] for slot in slots} & {slot["slot_id"] for slot in other_office}


def test_weekends_past_days_and_days_beyond_the_window_have_no_slots(citas: TestClient) -> None:
    today = dt.datetime.now(LOCAL_TIME).date()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    assert saturday.weekday() == 5
    last = booking_window(today)[-1]
    beyond = last + dt.timedelta(days=1 if last.weekday() < 4 else 3)
    for day in (saturday, saturday + dt.timedelta(days=1), today - dt.timedelta(days=7), beyond):
        assert free_slots(citas, day) == [], day
    assert free_slots(citas, last)


def test_a_booked_slot_leaves_the_free_list(citas: TestClient) -> None:
    day = bookable_day()
    slot = free_slots(citas, day)[3]
    response = post_booking(citas, MARIA, slot["slot_id"], "book-1")
    assert response.status_code == 201
    booking = response.json()
    assert re.fullmatch(r"CITA-[A-HJ-NP-Z2-9]{6}", booking["reference"])
    assert booking == {
        "reference": booking["reference"],
        "status": "booked",
        "starts_at": slot["starts_at"],
        "office": {
            "id": "oac-seneca",
            "name": "OAC Séneca",
            "address": "C/ Portugal, 17, Alicante",
        },
        "service": {
            "code": "padron",
            "name": {"es": "Padrón", "va": "Padró", "en": "Census register"},
        },
    }
    remaining = free_slots(citas, day)
    assert slot not in remaining
    assert len(remaining) == 9


def test_replaying_an_idempotency_key_returns_the_same_booking(citas: TestClient) -> None:
    slot = free_slots(citas, bookable_day())[0]
    first = post_booking(citas, MARIA, slot["slot_id"], "replay-booking")
    again = citas.post(  # as ALI's form sends it: the slot id as text
        "/citas/bookings",
        json={"nif": MARIA, "slot_id": str(slot["slot_id"]), "idempotency_key": "replay-booking"},
        headers=KEY,
    )
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert len(my_bookings(citas, MARIA)) == 1


def test_reusing_an_idempotency_key_for_another_booking_is_a_conflict(citas: TestClient) -> None:
    first, second = free_slots(citas, bookable_day())[:2]
    book(citas, MARIA, first["slot_id"], "reused-key")
    for nif, slot_id in ((MARIA, second["slot_id"]), (VICENT, first["slot_id"])):
        response = post_booking(citas, nif, slot_id, "reused-key")
        assert response.status_code == 409
        assert response.json()["error"] == "IdempotencyConflict"
    assert my_bookings(citas, VICENT) == []


def test_a_slot_taken_by_someone_else_is_a_conflict(citas: TestClient) -> None:
    slot = free_slots(citas, bookable_day())[0]
    book(citas, MARIA, slot["slot_id"], "taken-1")
    response = post_booking(citas, VICENT, slot["slot_id"], "taken-2")
    assert response.status_code == 409
    assert response.json()["error"] == "SlotTaken"
    assert my_bookings(citas, VICENT) == []


def test_an_unknown_slot_or_citizen_is_not_found(citas: TestClient) -> None:
    unknown_slot = post_booking(citas, MARIA, 10_000_000, "unknown-slot")
    assert unknown_slot.status_code == 404
    assert unknown_slot.json()["error"] == "UnknownSlot"
    slot = free_slots(citas, bookable_day())[0]
    unknown_nif = post_booking(citas, "12345678Z", slot["slot_id"], "unknown-nif")
    assert unknown_nif.status_code == 404
    assert unknown_nif.json()["error"] == "UnknownCitizen"
    assert "12345678Z" not in unknown_nif.text
    listing = citas.get("/citas/bookings", params={"nif": "12345678Z"}, headers=KEY)
    assert listing.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"nif": "99000001A", "slot_id": 1, "idempotency_key": "k"},  # wrong check letter
        {"nif": MARIA, "slot_id": 0, "idempotency_key": "k"},
        {"nif": MARIA, "slot_id": "first", "idempotency_key": "k"},
        {"nif": MARIA, "slot_id": 1, "idempotency_key": "with space"},
        {"nif": MARIA, "slot_id": 1},
        {"nif": MARIA, "slot_id": 1, "idempotency_key": "k", "extra": True},
    ],
)
def test_a_bad_booking_request_is_invalid_input(citas: TestClient, body: dict[str, Any]) -> None:
    response = citas.post("/citas/bookings", json=body, headers=KEY)
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"


def test_a_citizen_holds_at_most_three_upcoming_bookings(citas: TestClient) -> None:
    slots = free_slots(citas, bookable_day(1), service="tributos")
    for number, slot in enumerate(slots[:3]):
        book(citas, BEGONYA, slot["slot_id"], f"cap-{number}")
    response = post_booking(citas, BEGONYA, slots[3]["slot_id"], "cap-3")
    assert response.status_code == 409
    assert response.json()["error"] == "TooManyBookings"
    assert slots[3] in free_slots(citas, bookable_day(1), service="tributos")
    cancelled = my_bookings(citas, BEGONYA)[0]["reference"]
    citas.delete(f"/citas/bookings/{cancelled}", params={"nif": BEGONYA}, headers=KEY)
    book(citas, BEGONYA, slots[3]["slot_id"], "cap-4")  # a cancelled one no longer counts


def test_a_citizen_lists_only_their_own_bookings_earliest_first(citas: TestClient) -> None:
    late = free_slots(citas, bookable_day(2))[5]
    early = free_slots(citas, bookable_day(0), service="social", office="saic-centro14")[1]
    later = book(citas, MARIA, late["slot_id"], "mine-late")
    earlier = book(citas, MARIA, early["slot_id"], "mine-early")
    book(citas, VICENT, free_slots(citas, bookable_day(1))[0]["slot_id"], "not-mine")
    assert my_bookings(citas, MARIA) == [earlier, later]
    assert my_bookings(citas, BEGONYA) == []
    invalid = citas.get("/citas/bookings", params={"nif": "99000001A"}, headers=KEY)
    assert invalid.status_code == 422
    assert invalid.json()["error"] == "InvalidInput"


def test_cancelling_my_booking_frees_its_slot(citas: TestClient) -> None:
    day = bookable_day()
    slot = free_slots(citas, day)[0]
    booking = book(citas, MARIA, slot["slot_id"], "cancel-mine")
    url = f"/citas/bookings/{booking['reference']}"
    response = citas.delete(url, params={"nif": MARIA}, headers=KEY)
    assert response.status_code == 200
    assert response.json() == {"reference": booking["reference"], "status": "cancelled"}
    assert my_bookings(citas, MARIA) == []
    assert slot in free_slots(citas, day)
    again = citas.delete(url.lower(), params={"nif": MARIA.lower()}, headers=KEY)
    assert again.status_code == 200
    assert again.json() == response.json()
    book(citas, VICENT, slot["slot_id"], "after-cancel")  # someone else may take it now
    replay = post_booking(citas, MARIA, slot["slot_id"], "cancel-mine")
    assert replay.status_code == 200
    assert replay.json()["status"] == "cancelled"  # the key names the cancelled booking


def test_someone_elses_booking_cannot_be_cancelled_nor_seen(citas: TestClient) -> None:
    slot = free_slots(citas, bookable_day())[0]
    booking = book(citas, MARIA, slot["slot_id"], "not-yours")
    theirs = citas.delete(
        f"/citas/bookings/{booking['reference']}", params={"nif": VICENT}, headers=KEY
    )
    unknown = citas.delete("/citas/bookings/CITA-ZZZZZZ", params={"nif": VICENT}, headers=KEY)
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert theirs.json()["error"] == "UnknownBooking"
    assert my_bookings(citas, MARIA) == [booking]


def _active_bookings(settings: SandboxSettings, slot_id: int) -> int:
    database = SandboxDatabase(settings.database_path)
    with database.session() as session:
        count = session.scalar(
            select(func.count())
            .select_from(BookingRow)
            .where(BookingRow.slot_id == slot_id, BookingRow.status == "booked")
        )
    database.dispose()
    return count or 0


def test_citizens_racing_for_the_last_slot_never_both_get_it(
    citas: TestClient, sandbox_settings: SandboxSettings
) -> None:
    slot_id = free_slots(citas, bookable_day(3), service="tributos")[-1]["slot_id"]
    start = threading.Barrier(8)

    def race(number: int) -> Response:
        start.wait()
        return post_booking(citas, DEMO_NIFS[number % 6], slot_id, f"race-{number}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(race, range(8)))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] + [409] * 7, [response.text for response in responses]
    assert {r.json()["error"] for r in responses if r.status_code == 409} == {"SlotTaken"}
    assert _active_bookings(sandbox_settings, slot_id) == 1


# The book itself, on its own database and with a clock that the tests set.

MONDAY = dt.date(2026, 3, 2)


class Clock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2026, 3, 2, 10, 15, tzinfo=LOCAL_TIME))


@pytest.fixture
def appointments(tmp_path: Path, clock: Clock) -> Iterator[AppointmentBook]:
    database = SandboxDatabase(tmp_path / "sandbox.db")
    database.create_schema()
    seed(database, today=MONDAY)
    yield AppointmentBook(database, PadronRegister(database), clock=clock)
    database.dispose()


def test_the_booking_window_is_twenty_working_days_from_today() -> None:
    saturday = dt.date(2026, 3, 7)
    window = booking_window(saturday)
    assert len(window) == 20
    assert window[0] == dt.date(2026, 3, 9)
    # San José (19 March), Viernes Santo (3 April) and Lunes de Pascua (6 April) are skipped.
    assert dt.date(2026, 3, 19) not in window
    assert dt.date(2026, 4, 3) not in window
    assert window[-1] == dt.date(2026, 4, 8)
    assert all(day.weekday() < 5 for day in window)
    assert booking_window(MONDAY)[0] == MONDAY


@pytest.mark.parametrize(
    "holiday",
    [
        dt.date(2026, 12, 8),  # Inmaculada Concepción (national)
        dt.date(2026, 12, 25),  # Navidad (national)
        dt.date(2026, 4, 16),  # Santa Faz (Alicante)
        dt.date(2026, 6, 23),  # Fogueres (Alicante)
    ],
)
def test_a_holiday_has_no_free_slots(tmp_path: Path, holiday: dt.date) -> None:
    database = SandboxDatabase(tmp_path / "sandbox.db")
    database.create_schema()
    the_day_before = holiday - dt.timedelta(days=1)
    seed(database, today=the_day_before)
    morning = dt.datetime.combine(the_day_before, dt.time(8), LOCAL_TIME)
    book = AppointmentBook(database, PadronRegister(database), clock=lambda: morning)
    assert holiday not in booking_window(the_day_before)
    assert book.free_slots("padron", "oac-seneca", holiday) == []
    assert book.free_slots("padron", "oac-seneca", sandbox_calendar().next_working_day(holiday))
    database.dispose()


def test_slot_times_follow_madrid_across_the_clock_change() -> None:
    before, after = slot_starts(dt.date(2026, 3, 27)), slot_starts(dt.date(2026, 3, 30))
    assert (before[0].hour, before[-1].hour, before[-1].minute) == (8, 12, 30)  # UTC+1
    assert (after[0].hour, after[-1].hour, after[-1].minute) == (7, 11, 30)  # UTC+2
    assert len(before) == len(after) == 10
    assert all(start.tzinfo == dt.UTC for start in before)


def test_today_only_the_slots_not_yet_started_are_free(appointments: AppointmentBook) -> None:
    slots = appointments.free_slots("padron", "oac-seneca", MONDAY)
    assert [slot.starts_at.strftime("%H:%M") for slot in slots] == [
        "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30"
    ]  # fmt: skip
    assert str(slots[0].starts_at.utcoffset()) == "1:00:00"


def test_a_slot_that_has_started_cannot_be_booked(
    appointments: AppointmentBook, clock: Clock
) -> None:
    slot = appointments.free_slots("padron", "oac-seneca", MONDAY)[0]
    clock.moment = slot.starts_at
    with pytest.raises(SlotInThePast):
        appointments.book(BookingRequest(MARIA, slot.slot_id, "started"))


def test_a_past_booking_is_no_longer_listed_counted_or_cancellable(
    appointments: AppointmentBook, clock: Clock
) -> None:
    slots = appointments.free_slots("tributos", "saic-centro14", MONDAY)
    booked = [
        appointments.book(BookingRequest(MARIA, slot.slot_id, f"past-{n}")).booking
        for n, slot in enumerate(slots[:3])
    ]
    assert appointments.bookings_of(MARIA) == booked
    clock.moment = booked[0].starts_at + dt.timedelta(minutes=5)
    assert appointments.bookings_of(MARIA) == booked[1:]
    with pytest.raises(BookingInThePast):
        appointments.cancel(MARIA, booked[0].reference)
    appointments.book(BookingRequest(MARIA, slots[4].slot_id, "past-4"))  # two upcoming + one
    with pytest.raises(TooManyBookings):
        appointments.book(BookingRequest(MARIA, slots[5].slot_id, "past-5"))


def test_days_that_come_into_the_window_get_their_slots_when_asked(
    appointments: AppointmentBook, clock: Clock
) -> None:
    later = MONDAY + dt.timedelta(weeks=6)
    assert appointments.free_slots("social", "saic-centro14", later) == []  # beyond the window
    clock.moment += dt.timedelta(weeks=5)
    slots = appointments.free_slots("social", "saic-centro14", later)
    assert len(slots) == 10
    assert appointments.free_slots("social", "saic-centro14", later) == slots
