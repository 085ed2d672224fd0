"""The demo padrón: six FAKE citizens in three households at invented Alicante addresses.

Every NIF has a valid check letter (so ALI accepts it) but lies in ranges chosen for the demo;
none belongs to anyone. `seed` adds whatever is missing, so it is safe on every start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ali.sandbox.database import SandboxDatabase
from ali.sandbox.models import (
    AddressHistoryRow,
    CitizenRow,
    HouseholdRow,
    RegistrationRow,
)


@dataclass(frozen=True)
class DemoHousehold:
    id: int
    address: str
    postal_code: str


@dataclass(frozen=True)
class DemoPeriod:
    address: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class DemoCitizen:
    nif: str
    given_name: str
    surnames: str
    birth_date: dt.date
    household_id: int
    registered_on: dt.date
    history: tuple[DemoPeriod, ...] = ()


HOUSEHOLDS = (
    DemoHousehold(1, "Calle de Prueba, 1, 2.º A", "03001"),
    DemoHousehold(2, "Avenida Ficticia, 23, 5.º B", "03005"),
    DemoHousehold(3, "Carrer de l'Exemple, 7, baix", "03002"),
)

CITIZENS = (
    DemoCitizen(
        "99000001C",
        "María José",
        "Martínez Pérez",
        dt.date(1978, 4, 12),
        household_id=1,
        registered_on=dt.date(2012, 6, 1),
        history=(
            DemoPeriod(
                "Calle Inventada, 45, 03010 Alicante", dt.date(2005, 9, 15), dt.date(2012, 5, 31)
            ),
        ),
    ),
    DemoCitizen(
        "99000002K",
        "Vicent",
        "Llorca Ferràndiz",
        dt.date(1976, 11, 3),
        household_id=1,
        registered_on=dt.date(2012, 6, 1),
    ),
    DemoCitizen(
        "99000003E",
        "Núria",
        "Llorca Martínez",
        dt.date(2010, 2, 20),
        household_id=1,
        registered_on=dt.date(2012, 6, 1),
    ),
    DemoCitizen(
        "99000004T",
        "Begoña",
        "Sánchez Ibáñez",
        dt.date(1985, 8, 30),
        household_id=2,
        registered_on=dt.date(2018, 3, 15),
        history=(
            DemoPeriod(
                "Plaza Imaginaria, 3, 03003 Alicante", dt.date(2009, 1, 10), dt.date(2015, 7, 31)
            ),
            DemoPeriod(
                "Calle de Muestra, 12, 03004 Alicante", dt.date(2015, 8, 1), dt.date(2018, 3, 14)
            ),
        ),
    ),
    DemoCitizen(
        "Y9900006S",
        "Chloé",
        "Dubois",
        dt.date(1990, 1, 25),
        household_id=2,
        registered_on=dt.date(2020, 9, 1),
    ),
    DemoCitizen(
        "X9900005T",
        "João",
        "Carvalho Silva",
        dt.date(1969, 7, 7),
        household_id=3,
        registered_on=dt.date(2021, 1, 15),
    ),
)


def seed(database: SandboxDatabase) -> None:
    """Add the demo households and citizens that are not there yet (idempotent)."""
    with database.session() as session:
        for household in HOUSEHOLDS:
            if session.get(HouseholdRow, household.id) is None:
                session.add(
                    HouseholdRow(
                        id=household.id,
                        address=household.address,
                        postal_code=household.postal_code,
                    )
                )
        session.flush()
        for citizen in CITIZENS:
            if session.get(CitizenRow, citizen.nif) is not None:
                continue
            session.add(
                CitizenRow(
                    nif=citizen.nif,
                    given_name=citizen.given_name,
                    surnames=citizen.surnames,
                    birth_date=citizen.birth_date,
                )
            )
            session.flush()
            session.add(
                RegistrationRow(
                    nif=citizen.nif,
                    household_id=citizen.household_id,
                    registered_on=citizen.registered_on,
                )
            )
            session.add_all(
                AddressHistoryRow(
                    nif=citizen.nif,
                    address=period.address,
                    from_date=period.start,
                    to_date=period.end,
                )
                for period in citizen.history
            )
