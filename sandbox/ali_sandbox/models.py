"""The sandbox's own tables (its own `DeclarativeBase`, its own SQLite file): a small padrón
register, the certificates issued from it, the appointment book (cita previa): services,
offices, slots, bookings and cancellations, the incident desk (Open311): its services, their
attributes, the citizens' service requests and the photos sent with them, the tax office:
receipts, the card-payment orders made to pay them and the sealed payment documents issued for
them, and the general registry: entries, their attachments and their status history. Demo
data only, so `create_all` instead of migrations; these tables are never part of ALI's
database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
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


class ServiceRow(SandboxBase):
    """A service one can book an appointment for (padrón, tributos, social), named in es/va/en."""

    __tablename__ = "appointment_services"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_es: Mapped[str] = mapped_column(String(100))
    name_va: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class OfficeRow(SandboxBase):
    """A citizen-service office; ids match the council profile's `offices`."""

    __tablename__ = "offices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200))


class OfficeServiceRow(SandboxBase):
    """That an office offers a service (and so has slots for it)."""

    __tablename__ = "office_services"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    service_code: Mapped[str] = mapped_column(
        ForeignKey("appointment_services.code"), primary_key=True
    )


class SlotRow(SandboxBase):
    """One appointment time (capacity one) of a service at an office; `starts_at` in UTC."""

    __tablename__ = "slots"
    __table_args__ = (
        ForeignKeyConstraint(
            ["office_id", "service_code"],
            ["office_services.office_id", "office_services.service_code"],
        ),
        UniqueConstraint("office_id", "service_code", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(String(64))
    service_code: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class BookingRow(SandboxBase):
    """A citizen's appointment. At most one `booked` row per slot, enforced by a partial unique
    index, so two requests racing for the same slot can never both get it."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("status IN ('booked', 'cancelled')", name="ck_bookings_status"),
        Index(
            "uq_bookings_active_slot",
            "slot_id",
            unique=True,
            sqlite_where=text("status = 'booked'"),
        ),
    )

    reference: Mapped[str] = mapped_column(String(16), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    nif: Mapped[str] = mapped_column(ForeignKey("citizens.nif"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"))
    status: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CancellationRow(SandboxBase):
    """A cancellation sent with an idempotency key, so the back office can say later what
    became of it (a cancellation changes nothing the second time, but ALI asks by key)."""

    __tablename__ = "booking_cancellations"

    idempotency_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), index=True)  # a booking's (no FK: a
    # record of what was done outlives the booking row)
    nif: Mapped[str] = mapped_column(String(9))
    cancelled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class IncidentServiceRow(SandboxBase):
    """An Open311 service one can report an incident for (a street light, a pothole...)."""

    __tablename__ = "open311_services"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300))
    group: Mapped[str] = mapped_column(String(100))
    keywords: Mapped[str] = mapped_column(String(300))


class ServiceAttributeRow(SandboxBase):
    """An extra question of an Open311 service; `values` are the `{key, name}` choices of a
    list."""

    __tablename__ = "open311_attributes"

    service_code: Mapped[str] = mapped_column(ForeignKey("open311_services.code"), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    datatype: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(Boolean)
    datatype_description: Mapped[str | None] = mapped_column(String(200))
    order: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(200))
    values: Mapped[list[dict[str, str]]] = mapped_column(JSON)


class IncidentRow(SandboxBase):
    """A citizen's Open311 service request. The personal fields (NIF, name, email, phone) are
    kept for the council's staff and never returned by the API."""

    __tablename__ = "open311_requests"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="ck_open311_requests_status"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("open311_services.code"))
    nif: Mapped[str | None] = mapped_column(String(9), index=True)
    status: Mapped[str] = mapped_column(String(6))
    status_notes: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(250))
    lat: Mapped[float | None] = mapped_column(Float)
    long: Mapped[float | None] = mapped_column(Float)
    attributes: Mapped[dict[str, str]] = mapped_column(JSON)
    email: Mapped[str | None] = mapped_column(String(254))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    media_url: Mapped[str | None] = mapped_column(String(1000))
    agency_responsible: Mapped[str] = mapped_column(String(100))
    requested_datetime: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_datetime: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expected_datetime: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Open311MediaRow(SandboxBase):
    """A photo sent with a service request (JPEG or PNG, checked by its content). Its id is the
    SHA-256 of its bytes, so a retried submission, or the same photo in two reports, is stored
    once; the request keeps the photo's public URL in its `media_url`."""

    __tablename__ = "open311_media"
    __table_args__ = (
        CheckConstraint(
            "media_type IN ('image/jpeg', 'image/png')", name="ck_open311_media_media_type"
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(10))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReceiptRow(SandboxBase):
    """A municipal tax receipt (recibo) of a citizen: IBI, IVTM, waste fee or a traffic fine.
    `payment_order` is the order that paid it (none when paid at an office or not paid);
    `direct_debit_iban` is kept masked, never in full."""

    __tablename__ = "tax_receipts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'paid', 'direct_debit')", name="ck_tax_receipts_status"
        ),
        CheckConstraint(
            "concept_code IN ('ibi', 'ivtm', 'residuos', 'multa')", name="ck_tax_receipts_concept"
        ),
        CheckConstraint("amount_cents > 0", name="ck_tax_receipts_amount"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    nif: Mapped[str] = mapped_column(ForeignKey("citizens.nif"), index=True)
    concept_code: Mapped[str] = mapped_column(String(16))
    concept_es: Mapped[str] = mapped_column(String(100))
    concept_va: Mapped[str] = mapped_column(String(100))
    concept_en: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    payment_order: Mapped[str | None] = mapped_column(String(12))
    direct_debit_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    direct_debit_iban: Mapped[str | None] = mapped_column(String(40))


class PaymentOrderRow(SandboxBase):
    """An order (pedido) sent to the card-payment gateway to pay one receipt; it moves from
    `created` to `paid` or `failed` once, when the gateway's notification is applied."""

    __tablename__ = "payment_orders"
    __table_args__ = (
        CheckConstraint("status IN ('created', 'paid', 'failed')", name="ck_payment_orders_status"),
    )

    order_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("tax_receipts.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(7))
    return_url: Mapped[str | None] = mapped_column(String(1000))
    response_code: Mapped[str | None] = mapped_column(String(4))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class PaymentDocumentRow(SandboxBase):
    """A sealed payment document (pending receipt) or proof of payment (paid one), kept under its
    CSV for the public download. `receipt_id` is deliberately not a foreign key: an issued
    document is a record of what was issued and outlives the receipt row it was made from."""

    __tablename__ = "payment_documents"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('payment-document', 'proof-of-payment')", name="ck_payment_documents_kind"
        ),
    )

    csv: Mapped[str] = mapped_column(String(32), primary_key=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    receipt_id: Mapped[str] = mapped_column(String(16), index=True)
    nif: Mapped[str] = mapped_column(String(9))
    kind: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class RegistryEntryRow(SandboxBase):
    """An entry in the general registry (registro electrónico general): an instancia general or
    a complaint/suggestion, numbered `REG-<year>-<sequence>`. Anyone with a valid NIF may file,
    so `nif` is not a foreign key to the padrón. `request_digest` is a SHA-256 of what was
    filed (attachments included), to tell a repeat from a conflicting reuse of its key."""

    __tablename__ = "registry_entries"
    __table_args__ = (
        UniqueConstraint("year", "sequence"),
        CheckConstraint(
            "status IN ('registered', 'in-progress', 'resolved', 'rejected')",
            name="ck_registry_entries_status",
        ),
        CheckConstraint(
            "kind IN ('instancia-general', 'queja-sugerencia')", name="ck_registry_entries_kind"
        ),
    )

    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    request_digest: Mapped[str] = mapped_column(String(64))
    nif: Mapped[str] = mapped_column(String(9), index=True)
    applicant_name: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    department: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    csv: Mapped[str] = mapped_column(String(32), unique=True)
    receipt_pdf: Mapped[bytes] = mapped_column(LargeBinary)


class RegistryAttachmentRow(SandboxBase):
    """A file filed with a registry entry, checked by its content; `position` keeps their
    order."""

    __tablename__ = "registry_attachments"

    entry_number: Mapped[str] = mapped_column(
        ForeignKey("registry_entries.number"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(120))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class RegistryEventRow(SandboxBase):
    """One step in an entry's history: registered, then the staff's status changes."""

    __tablename__ = "registry_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_number: Mapped[str] = mapped_column(ForeignKey("registry_entries.number"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(String(500))
