"""The sandbox's own tables (its own `DeclarativeBase`, its own SQLite file): a small padrón
register and the certificates issued from it. Demo data only, so `create_all` instead of
migrations; these tables are never part of ALI's database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class SandboxBase(DeclarativeBase):
    pass


class CitizenRow(SandboxBase):
    __tablename__ = "citizens"

    nif: Mapped[str] = mapped_column(String(9), primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    surnames: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date] = mapped_column(Date)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.surnames}"


class HouseholdRow(SandboxBase):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(5))


class RegistrationRow(SandboxBase):
    """A citizen's current inscription in the padrón: one household per citizen."""

    __tablename__ = "registrations"

    nif: Mapped[str] = mapped_column(ForeignKey("citizens.nif"), primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    registered_on: Mapped[dt.date] = mapped_column(Date)


class AddressHistoryRow(SandboxBase):
    """A past address of a citizen in the municipality (the current one is the registration)."""

    __tablename__ = "address_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    nif: Mapped[str] = mapped_column(ForeignKey("citizens.nif"), index=True)
    address: Mapped[str] = mapped_column(String(250))
    from_date: Mapped[dt.date] = mapped_column("from", Date)
    to_date: Mapped[dt.date] = mapped_column("to", Date)


class CertificateRow(SandboxBase):
    __tablename__ = "certificates"

    csv: Mapped[str] = mapped_column(String(32), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    nif: Mapped[str] = mapped_column(ForeignKey("citizens.nif"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
