"""Alicante's demo data (`ALICANTE`; other tenants' in `ali_sandbox.demo_councils`). The demo
padrón: six FAKE citizens in three households at invented Alicante addresses; and
the demo appointment book: three services at the council profile's three offices; and the
incident desk's six Open311 services (street lights, potholes, cleaning, street furniture, trees,
bulky-waste pickup); and the tax office's receipts: two to four per citizen (IBI, IVTM, waste
fee, a traffic fine), most pending, one paid and one direct-debited, with round-looking demo
amounts (123,45 €, 67,89 €...).

Every NIF has a valid check letter (so ALI accepts it) but lies in ranges chosen for the demo;
none belongs to anyone. `seed` adds whatever is missing, so it is safe on every start; the slots
it adds are those of the booking window as seen from `today`, so they never go stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ali.catalogue.working_days import WorkingDays
from ali_sandbox.appointments import LOCAL_TIME, Office, Service, add_slots, booking_window
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.models import (
    AddressHistoryRow,
    CitizenRow,
    HouseholdRow,
    IncidentServiceRow,
    OfficeRow,
    OfficeServiceRow,
    ReceiptRow,
    RegistrationRow,
    ServiceAttributeRow,
    ServiceRow,
)
from ali_sandbox.open311 import AttributeValue, IncidentService, ServiceAttribute
from ali_sandbox.tributos import CONCEPTS, ConceptCode, ReceiptStatus


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

SERVICES = (
    Service("padron", "Padrón", "Padró", "Census register"),
    Service("tributos", "Tributos", "Tributs", "Taxes"),
    Service("social", "Trabajador/a social", "Treballador/a social", "Social worker"),
)

# Ids, names and addresses as in the Alicante profile (knowledge/alicante/council.yaml).
OFFICES = (
    Office("saic-centro14", "SAIC Centro 14", "C/ Labradores, 14 (Centro 14), Alicante"),
    Office("oac-seneca", "OAC Séneca", "C/ Portugal, 17, Alicante"),
    Office("oac-gaston-castello", "OAC Gastón Castelló", "C/ Pino Santo, 1, Alicante"),
)

OFFICE_SERVICES = (
    ("saic-centro14", "padron"),
    ("saic-centro14", "tributos"),
    ("saic-centro14", "social"),
    ("oac-seneca", "padron"),
    ("oac-seneca", "tributos"),
    ("oac-gaston-castello", "padron"),
    ("oac-gaston-castello", "tributos"),
)

STREET = "Vía pública"
WASTE = "Residuos"

INCIDENT_SERVICES = (
    IncidentService(
        "alumbrado",
        "Alumbrado público",
        "Farolas apagadas, que parpadean o están dañadas.",
        STREET,
        ("farola", "luz", "alumbrado", "apagada"),
    ),
    IncidentService(
        "baches",
        "Baches y pavimento",
        "Baches, hundimientos o baldosas sueltas en la calzada o la acera.",
        STREET,
        ("bache", "socavón", "acera", "calzada", "pavimento"),
    ),
    IncidentService(
        "limpieza",
        "Limpieza viaria",
        "Suciedad, vertidos, excrementos o pintadas en la vía pública.",
        WASTE,
        ("limpieza", "suciedad", "vertido", "pintada", "basura"),
    ),
    IncidentService(
        "mobiliario",
        "Mobiliario urbano",
        "Bancos, papeleras, fuentes, bolardos o señales rotos o dañados.",
        STREET,
        ("banco", "papelera", "fuente", "señal", "bolardo"),
    ),
    IncidentService(
        "arbolado",
        "Arbolado y zonas verdes",
        "Árboles caídos o con ramas peligrosas, alcorques y jardines en mal estado.",
        STREET,
        ("árbol", "rama", "poda", "alcorque", "jardín"),
    ),
    IncidentService(
        "enseres",
        "Recogida de enseres",
        "Recogida gratuita de muebles, electrodomésticos y colchones junto al portal.",
        WASTE,
        ("enseres", "muebles", "trastos", "electrodoméstico", "colchón"),
        attributes=(
            ServiceAttribute(
                code="tipo",
                datatype="singlevaluelist",
                required=True,
                description="¿Qué hay que recoger?",
                order=1,
                datatype_description="Elija el tipo de enser.",
                values=(
                    AttributeValue("mueble", "Mueble"),
                    AttributeValue("electrodomestico", "Electrodoméstico"),
                    AttributeValue("colchon", "Colchón"),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DemoReceipt:
    id: str
    nif: str
    concept: ConceptCode
    amount_cents: int
    due_date: dt.date
    status: ReceiptStatus = "pending"
    paid_at: dt.datetime | None = None
    year: int = 2026


RECEIPTS = (
    DemoReceipt("REC-2026-000101", "99000001C", "ibi", 123_45, dt.date(2026, 11, 5)),
    DemoReceipt(
        "REC-2026-000102",
        "99000001C",
        "ivtm",
        67_89,
        dt.date(2026, 6, 1),
        status="paid",
        paid_at=dt.datetime(2026, 4, 15, 9, 30, tzinfo=dt.UTC),
    ),
    DemoReceipt("REC-2026-000103", "99000001C", "residuos", 45_67, dt.date(2026, 9, 15)),
    DemoReceipt("REC-2026-000104", "99000001C", "multa", 100_00, dt.date(2026, 7, 31)),
    DemoReceipt("REC-2026-000201", "99000002K", "ibi", 234_56, dt.date(2026, 11, 5)),
    DemoReceipt(
        "REC-2026-000202", "99000002K", "residuos", 45_67, dt.date(2026, 9, 15), "direct_debit"
    ),
    DemoReceipt("REC-2026-000203", "99000002K", "ivtm", 56_78, dt.date(2026, 6, 1)),
    DemoReceipt("REC-2026-000301", "99000003E", "residuos", 12_34, dt.date(2026, 9, 15)),
    DemoReceipt("REC-2026-000302", "99000003E", "multa", 50_00, dt.date(2026, 8, 14)),
    DemoReceipt("REC-2026-000401", "99000004T", "ibi", 345_67, dt.date(2026, 11, 5)),
    DemoReceipt("REC-2026-000402", "99000004T", "ivtm", 78_90, dt.date(2026, 6, 1)),
    DemoReceipt("REC-2026-000403", "99000004T", "multa", 200_00, dt.date(2026, 7, 31)),
    DemoReceipt("REC-2026-000501", "X9900005T", "ibi", 111_11, dt.date(2026, 11, 5)),
    DemoReceipt("REC-2026-000502", "X9900005T", "residuos", 45_67, dt.date(2026, 9, 15)),
    DemoReceipt("REC-2026-000601", "Y9900006S", "ivtm", 22_22, dt.date(2026, 6, 1)),
    DemoReceipt("REC-2026-000602", "Y9900006S", "multa", 80_00, dt.date(2026, 8, 14)),
)


@dataclass(frozen=True)
class DemoData:
    """One tenant's (one council's) demo padrón, appointment book, incident desk and receipts,
    and the names its documents are issued in."""

    council_name: str  # as printed on the documents
    seal_holder: str
    households: tuple[DemoHousehold, ...]
    citizens: tuple[DemoCitizen, ...]
    services: tuple[Service, ...]
    offices: tuple[Office, ...]
    office_services: tuple[tuple[str, str], ...]
    incident_services: tuple[IncidentService, ...]
    receipts: tuple[DemoReceipt, ...]


ALICANTE = DemoData(
    council_name="Ayuntamiento de Alicante (SANDBOX)",
    seal_holder="Ayuntamiento de Alicante",
    households=HOUSEHOLDS,
    citizens=CITIZENS,
    services=SERVICES,
    offices=OFFICES,
    office_services=OFFICE_SERVICES,
    incident_services=INCIDENT_SERVICES,
    receipts=RECEIPTS,
)


def seed(
    database: SandboxDatabase,
    *,
    today: dt.date | None = None,
    data: DemoData = ALICANTE,
    calendar: WorkingDays | None = None,
) -> None:
    """Add the demo padrón, appointment book, incident services and tax receipts of `data`,
    and the slots of the booking window that starts `today` (Madrid's date by default), where
    they are not there yet (idempotent)."""
    _seed_padron(database, data)
    _seed_appointments(database, today or dt.datetime.now(LOCAL_TIME).date(), data, calendar)
    _seed_incident_services(database, data)
    _seed_receipts(database, data)


def _seed_receipts(database: SandboxDatabase, data: DemoData) -> None:
    with database.session() as session:
        for receipt in data.receipts:
            if session.get(ReceiptRow, receipt.id) is not None:
                continue
            concept = CONCEPTS[receipt.concept]
            session.add(
                ReceiptRow(
                    id=receipt.id,
                    nif=receipt.nif,
                    concept_code=concept.code,
                    concept_es=concept.name_es,
                    concept_va=concept.name_va,
                    concept_en=concept.name_en,
                    year=receipt.year,
                    amount_cents=receipt.amount_cents,
                    due_date=receipt.due_date,
                    status=receipt.status,
                    paid_at=receipt.paid_at.replace(tzinfo=None) if receipt.paid_at else None,
                )
            )


def _seed_incident_services(database: SandboxDatabase, data: DemoData) -> None:
    with database.session() as session:
        for service in data.incident_services:
            if session.get(IncidentServiceRow, service.code) is not None:
                continue
            session.add(
                IncidentServiceRow(
                    code=service.code,
                    name=service.name,
                    description=service.description,
                    group=service.group,
                    keywords=",".join(service.keywords),
                )
            )
            session.flush()
            session.add_all(
                ServiceAttributeRow(
                    service_code=service.code,
                    code=attribute.code,
                    datatype=attribute.datatype,
                    required=attribute.required,
                    datatype_description=attribute.datatype_description,
                    order=attribute.order,
                    description=attribute.description,
                    values=[{"key": v.key, "name": v.name} for v in attribute.values],
                )
                for attribute in service.attributes
            )


def _seed_appointments(
    database: SandboxDatabase, today: dt.date, data: DemoData, calendar: WorkingDays | None
) -> None:
    with database.session() as session:
        for service in data.services:
            if session.get(ServiceRow, service.code) is None:
                session.add(
                    ServiceRow(
                        code=service.code,
                        name_es=service.name_es,
                        name_va=service.name_va,
                        name_en=service.name_en,
                    )
                )
        for office in data.offices:
            if session.get(OfficeRow, office.id) is None:
                session.add(OfficeRow(id=office.id, name=office.name, address=office.address))
        session.flush()
        for office_id, service_code in data.office_services:
            if session.get(OfficeServiceRow, (office_id, service_code)) is None:
                session.add(OfficeServiceRow(office_id=office_id, service_code=service_code))
        session.flush()
        for office_id, service_code in data.office_services:
            add_slots(session, office_id, service_code, booking_window(today, calendar), calendar)


def _seed_padron(database: SandboxDatabase, data: DemoData) -> None:
    with database.session() as session:
        for household in data.households:
            if session.get(HouseholdRow, household.id) is None:
                session.add(
                    HouseholdRow(
                        id=household.id,
                        address=household.address,
                        postal_code=household.postal_code,
                    )
                )
        session.flush()
        for citizen in data.citizens:
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
