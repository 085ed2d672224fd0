"""Every query of the sandbox: the padrón register (citizens, households, address history) and
the certificates issued from it. Rows come back detached, as plain values for the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ali.catalogue.schema import Language
from ali.errors import StorageError
from ali.language.registry import BUILT_IN as LANGUAGES
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.documents.texts import KINDS, CertificateKind
from ali_sandbox.models import (
    AddressHistoryRow,
    CertificateRow,
    CitizenRow,
    HouseholdRow,
    RegistrationRow,
)

_KINDS: dict[str, CertificateKind] = {kind: kind for kind in KINDS}
_LANGUAGES: dict[str, Language] = {language: language for language in LANGUAGES}


@dataclass(frozen=True)
class RegisteredCitizen:
    nif: str
    full_name: str
    registered_on: dt.date


@dataclass(frozen=True)
class Household:
    address: str
    postal_code: str
    residents: tuple[RegisteredCitizen, ...]


@dataclass(frozen=True)
class PastAddress:
    address: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class StoredCertificate:
    csv: str
    idempotency_key: str
    nif: str
    kind: CertificateKind
    purpose: str
    language: Language
    issued_at: dt.datetime  # aware, UTC
    pdf: bytes


class PadronRegister:
    def __init__(self, database: SandboxDatabase) -> None:
        self._database = database

    def citizens(self) -> list[RegisteredCitizen]:
        """Every registered citizen, by name (for the demo sign-in picker)."""
        with self._database.session() as session:
            rows = session.execute(
                select(CitizenRow, RegistrationRow)
                .join(RegistrationRow, RegistrationRow.nif == CitizenRow.nif)
                .order_by(CitizenRow.given_name, CitizenRow.surnames)
            ).all()
            return [_registered(citizen, registration) for citizen, registration in rows]

    def citizen(self, nif: str) -> RegisteredCitizen | None:
        with self._database.session() as session:
            row = session.execute(
                select(CitizenRow, RegistrationRow)
                .join(RegistrationRow, RegistrationRow.nif == CitizenRow.nif)
                .where(CitizenRow.nif == nif)
            ).first()
            return None if row is None else _registered(row[0], row[1])

    def household_of(self, nif: str) -> Household | None:
        """The citizen's current household with everyone registered in it, oldest first."""
        with self._database.session() as session:
            household = session.scalars(
                select(HouseholdRow)
                .join(RegistrationRow, RegistrationRow.household_id == HouseholdRow.id)
                .where(RegistrationRow.nif == nif)
            ).first()
            if household is None:
                return None
            rows = session.execute(
                select(CitizenRow, RegistrationRow)
                .join(RegistrationRow, RegistrationRow.nif == CitizenRow.nif)
                .where(RegistrationRow.household_id == household.id)
                .order_by(RegistrationRow.registered_on, CitizenRow.birth_date)
            ).all()
            return Household(
                address=household.address,
                postal_code=household.postal_code,
                residents=tuple(_registered(citizen, reg) for citizen, reg in rows),
            )

    def past_addresses(self, nif: str) -> list[PastAddress]:
        with self._database.session() as session:
            rows = session.scalars(
                select(AddressHistoryRow)
                .where(AddressHistoryRow.nif == nif)
                .order_by(AddressHistoryRow.from_date)
            ).all()
            return [PastAddress(row.address, row.from_date, row.to_date) for row in rows]

    def certificate(self, csv: str) -> StoredCertificate | None:
        with self._database.session() as session:
            row = session.get(CertificateRow, csv)
            return None if row is None else _stored(row)

    def certificate_for_key(self, idempotency_key: str) -> StoredCertificate | None:
        with self._database.session() as session:
            row = session.scalars(
                select(CertificateRow).where(CertificateRow.idempotency_key == idempotency_key)
            ).first()
            return None if row is None else _stored(row)

    def add_certificate(self, certificate: StoredCertificate) -> StoredCertificate:
        """Store `certificate`; if its idempotency key won a race, the winner is returned."""
        row = CertificateRow(
            csv=certificate.csv,
            idempotency_key=certificate.idempotency_key,
            nif=certificate.nif,
            kind=certificate.kind,
            purpose=certificate.purpose,
            language=certificate.language,
            issued_at=certificate.issued_at,
            pdf=certificate.pdf,
        )
        with self._database.session() as session:
            try:
                session.add(row)
                session.flush()
            except IntegrityError:
                session.rollback()
            else:
                return certificate
        existing = self.certificate_for_key(certificate.idempotency_key)
        if existing is None:  # the conflict was on the CSV itself (about 2^-94): never reused
            raise StorageError("The certificate could not be stored.")
        return existing


def _registered(citizen: CitizenRow, registration: RegistrationRow) -> RegisteredCitizen:
    return RegisteredCitizen(citizen.nif, citizen.full_name, registration.registered_on)


def _stored(row: CertificateRow) -> StoredCertificate:
    issued_at = row.issued_at
    if issued_at.tzinfo is None:  # SQLite keeps no offset; the sandbox always writes UTC
        issued_at = issued_at.replace(tzinfo=dt.UTC)
    return StoredCertificate(
        csv=row.csv,
        idempotency_key=row.idempotency_key,
        nif=row.nif,
        kind=_KINDS[row.kind],
        purpose=row.purpose,
        language=_LANGUAGES[row.language],
        issued_at=issued_at,
        pdf=row.pdf,
    )
