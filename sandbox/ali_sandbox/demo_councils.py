"""The sandbox's tenants: one council each, with demo data of its own (`DEMO_COUNCILS`).

Jaén's demo padrón: five FAKE citizens in two households at invented Jaén addresses, its
appointment book at two offices of the Jaén profile (knowledge/jaen/council.yaml), the
incident desk's services and a few receipts. Its NIFs (99100001Q...) are in a range apart
from Alicante's (99000001C...), so a citizen of one tenant is unknown to the other.
"""

from __future__ import annotations

import datetime as dt

from ali_sandbox.appointments import Office, Service
from ali_sandbox.errors import UnknownTenant
from ali_sandbox.seed import (
    ALICANTE,
    INCIDENT_SERVICES,
    DemoCitizen,
    DemoData,
    DemoHousehold,
    DemoPeriod,
    DemoReceipt,
)

JAEN = DemoData(
    council_name="Ayuntamiento de Jaén (SANDBOX)",
    seal_holder="Ayuntamiento de Jaén",
    households=(
        DemoHousehold(1, "Calle del Ejemplo, 8, 1.º B", "23001"),
        DemoHousehold(2, "Avenida Imaginaria, 40, 3.º C", "23008"),
    ),
    citizens=(
        DemoCitizen(
            "99100001Q",
            "Encarnación",
            "Jiménez Moreno",
            dt.date(1972, 3, 19),
            household_id=1,
            registered_on=dt.date(2004, 10, 4),
        ),
        DemoCitizen(
            "99100002V",
            "Antonio",
            "Cruz Jiménez",
            dt.date(1970, 12, 1),
            household_id=1,
            registered_on=dt.date(2004, 10, 4),
        ),
        DemoCitizen(
            "99100003H",
            "Lucía",
            "Ortega Valdivia",
            dt.date(1994, 5, 27),
            household_id=2,
            registered_on=dt.date(2022, 2, 1),
            history=(
                DemoPeriod(
                    "Calle Supuesta, 5, 23002 Jaén", dt.date(2016, 9, 1), dt.date(2022, 1, 31)
                ),
            ),
        ),
        DemoCitizen(
            "X9910005H",
            "Amina",
            "El Idrissi",
            dt.date(1988, 8, 8),
            household_id=2,
            registered_on=dt.date(2023, 6, 12),
        ),
        DemoCitizen(
            "Y9910006X",
            "Oliver",
            "Smith",
            dt.date(1961, 1, 30),
            household_id=2,
            registered_on=dt.date(2019, 4, 23),
        ),
    ),
    services=(
        Service("padron", "Padrón", "Padró", "Census register"),
        Service("social", "Trabajador/a social", "Treballador/a social", "Social worker"),
    ),
    # Ids, names and addresses as in the Jaén profile (knowledge/jaen/council.yaml).
    offices=(
        Office(
            "obispo-gonzalez",
            "Oficina municipal de C/ Obispo González, 9",
            "C/ Obispo González, 9, Jaén",
        ),
        Office(
            "patronato-asuntos-sociales",
            "Patronato Municipal de Asuntos Sociales",
            "C/ Cerón, Jaén",
        ),
    ),
    office_services=(
        ("obispo-gonzalez", "padron"),
        ("patronato-asuntos-sociales", "social"),
    ),
    incident_services=INCIDENT_SERVICES,
    receipts=(
        DemoReceipt("JAE-2026-000101", "99100001Q", "ibi", 98_76, dt.date(2026, 11, 5)),
        DemoReceipt("JAE-2026-000102", "99100001Q", "residuos", 32_10, dt.date(2026, 9, 15)),
        DemoReceipt("JAE-2026-000301", "99100003H", "multa", 90_00, dt.date(2026, 8, 14)),
    ),
)

DEMO_COUNCILS: dict[str, DemoData] = {"alicante": ALICANTE, "jaen": JAEN}


def demo_data(council: str) -> DemoData:
    """The council's demo data; `UnknownTenant` for a council the sandbox has none for."""
    try:
        return DEMO_COUNCILS[council]
    except KeyError:
        known = ", ".join(sorted(DEMO_COUNCILS))
        raise UnknownTenant(f"the sandbox has no demo data for {council!r} ({known})") from None
