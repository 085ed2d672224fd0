from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from stdnum.es import dni, nie

from ali_sandbox.database import SandboxDatabase
from ali_sandbox.models import (
    AddressHistoryRow,
    CitizenRow,
    HouseholdRow,
    OfficeRow,
    OfficeServiceRow,
    RegistrationRow,
    ServiceRow,
    SlotRow,
)
from ali_sandbox.padron import PadronRegister
from ali_sandbox.seed import CITIZENS, HOUSEHOLDS, OFFICE_SERVICES, seed


def _counts(database: SandboxDatabase) -> dict[str, int]:
    tables = (
        CitizenRow,
        HouseholdRow,
        RegistrationRow,
        AddressHistoryRow,
        ServiceRow,
        OfficeRow,
        OfficeServiceRow,
        SlotRow,
    )
    with database.session() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in tables
        }


def test_every_demo_nif_has_a_valid_check_letter() -> None:
    for citizen in CITIZENS:
        assert dni.is_valid(citizen.nif) or nie.is_valid(citizen.nif), citizen.nif
    assert any(nie.is_valid(citizen.nif) for citizen in CITIZENS)  # foreign residents too


def test_seeding_twice_adds_nothing(tmp_path: Path) -> None:
    database = SandboxDatabase(tmp_path / "sandbox.db")
    database.create_schema()
    seed(database, today=dt.date(2026, 3, 2))
    first = _counts(database)
    seed(database, today=dt.date(2026, 3, 2))
    assert _counts(database) == first
    assert first == {
        "citizens": 6,
        "households": 3,
        "registrations": 6,
        "address_history": sum(len(citizen.history) for citizen in CITIZENS),
        "appointment_services": 3,
        "offices": 3,
        "office_services": 7,
        "slots": 7 * 20 * 10,  # office-service pairs x weekdays x half hours from 9 to 13:30
    }
    database.dispose()


def test_a_later_start_adds_only_the_days_that_came_into_the_window(tmp_path: Path) -> None:
    database = SandboxDatabase(tmp_path / "sandbox.db")
    database.create_schema()
    seed(database, today=dt.date(2026, 3, 2))
    seed(database, today=dt.date(2026, 3, 9))  # a week later: five more weekdays
    assert _counts(database)["slots"] == len(OFFICE_SERVICES) * 25 * 10
    database.dispose()


def test_the_demo_padron_is_plausible_and_clearly_fake(tmp_path: Path) -> None:
    database = SandboxDatabase(tmp_path / "sandbox.db")
    database.create_schema()
    seed(database)
    register = PadronRegister(database)
    sizes = []
    for household in HOUSEHOLDS:
        member = next(citizen for citizen in CITIZENS if citizen.household_id == household.id)
        found = register.household_of(member.nif)
        assert found is not None
        assert found.address == household.address
        sizes.append(len(found.residents))
    assert sorted(sizes) == [1, 2, 3]
    for citizen in CITIZENS:
        past = register.past_addresses(citizen.nif)
        assert [period.start for period in past] == sorted(period.start for period in past)
        assert all(period.end < citizen.registered_on for period in past)
    assert sum(1 for citizen in CITIZENS if register.past_addresses(citizen.nif)) >= 2
    fake_streets = ("Prueba", "Ficticia", "Exemple")
    assert all(any(word in h.address for word in fake_streets) for h in HOUSEHOLDS)
    names = "".join(citizen.given_name + citizen.surnames for citizen in CITIZENS)
    assert set("áéíóúàçñ") & set(names)
    database.dispose()
