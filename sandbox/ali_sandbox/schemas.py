"""Request and response bodies of the sandbox's JSON routes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from stdnum.es import dni, nie

from ali.catalogue.schema import Language
from ali_sandbox.documents import CertificateKind
from ali_sandbox.payment_documents import PaymentDocumentKind
from ali_sandbox.registry import EntryKind, EntryStatus, StaffStatus


def normalise_nif(value: str) -> str:
    """A DNI or NIE in compact upper-case form; ValueError if its check letter is wrong."""
    compact = value.strip().upper().replace("-", "").replace(" ", "")
    if not (dni.is_valid(compact) or nie.is_valid(compact)):
        raise ValueError("not a valid DNI or NIE")
    return compact


def _receipt_id_form(value: str) -> str:
    return value.strip().upper()


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nif: str = Field(max_length=20)

    _valid_nif = field_validator("nif")(normalise_nif)


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int


class DemoCitizenOut(BaseModel):
    nif: str
    name: str


class CertificateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nif: str = Field(max_length=20)
    kind: CertificateKind
    purpose: str = Field(min_length=1, max_length=200)
    language: Language = "es"
    idempotency_key: str = Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")

    _valid_nif = field_validator("nif")(normalise_nif)

    @field_validator("purpose")
    @classmethod
    def _purpose_has_text(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("purpose must not be blank")
        return value


class CertificateOut(BaseModel):
    csv: str
    kind: CertificateKind
    issued_at: dt.datetime
    download_url: str
    verify_url: str


class SandboxHealth(BaseModel):
    status: Literal["ok"] = "ok"
    sandbox: Literal[True] = True


class ServiceName(BaseModel):
    es: str
    va: str
    en: str


class ServiceOut(BaseModel):
    code: str
    name: ServiceName


class OfficeOut(BaseModel):
    id: str
    name: str
    address: str


class SlotOut(BaseModel):
    slot_id: int
    starts_at: dt.datetime  # with Madrid's offset


class BookingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nif: str = Field(max_length=20)
    slot_id: int = Field(ge=1)
    idempotency_key: str = Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")

    _valid_nif = field_validator("nif")(normalise_nif)


class BookingOut(BaseModel):
    reference: str
    status: Literal["booked", "cancelled"]
    starts_at: dt.datetime  # with Madrid's offset
    office: OfficeOut
    service: ServiceOut


class CancelledOut(BaseModel):
    reference: str
    status: Literal["cancelled"] = "cancelled"


# Open311 GeoReport v2 (JSON format) ----------------------------------------------------------


class Open311ErrorOut(BaseModel):
    code: int
    description: str


class Open311ServiceOut(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool  # whether the service has attributes (GET services/{code}.json)
    type: Literal["realtime"] = "realtime"
    keywords: str  # comma-separated
    group: str


class Open311ValueOut(BaseModel):
    key: str
    name: str


class Open311AttributeOut(BaseModel):
    variable: bool = True
    code: str
    datatype: str
    required: bool
    datatype_description: str | None = None
    order: int
    description: str
    values: list[Open311ValueOut] | None = None  # list datatypes only


class Open311DefinitionOut(BaseModel):
    service_code: str
    attributes: list[Open311AttributeOut]


class Open311CreatedOut(BaseModel):
    service_request_id: str
    service_notice: str
    account_id: None = None


class Open311TokenOut(BaseModel):
    """GeoReport v2's answer for a token (here: the idempotency key the request was sent with),
    with the notice the request was first answered with."""

    token: str
    service_request_id: str
    service_notice: str


class Open311RequestOut(BaseModel):
    """A service request as anyone may see it: never the citizen's NIF, name, email or phone."""

    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str | None
    service_name: str
    service_code: str
    description: str | None
    agency_responsible: str
    requested_datetime: dt.datetime  # with Madrid's offset
    updated_datetime: dt.datetime
    expected_datetime: dt.datetime
    address: str | None
    lat: float | None
    long: float | None
    media_url: str | None  # a photo of the incident, if one was sent


def _collapsed(value: str | None) -> str | None:
    """A one-line text with its runs of whitespace collapsed; None if blank."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


class IncidentIn(BaseModel):
    """An Open311 `POST requests.json`, from a form or a JSON body (unknown fields, such as
    `jurisdiction_id` or `device_id`, are ignored). `account_id` is ALI's extension: the
    citizen's NIF."""

    model_config = ConfigDict(extra="ignore")

    service_code: str = Field(min_length=1, max_length=32)
    lat: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    long: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    address_string: str | None = Field(default=None, max_length=250)
    description: str | None = Field(default=None, max_length=4000)
    attribute: dict[str, str] = Field(default_factory=dict, max_length=20)
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=30, pattern=r"^\+?[0-9 ().-]{6,29}$")
    media_url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://\S+$")
    account_id: str | None = Field(default=None, max_length=20)
    idempotency_key: str | None = Field(
        default=None, min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$"
    )

    @field_validator("service_code")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()

    @field_validator("address_string", "first_name", "last_name")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return _collapsed(value)

    @field_validator("description")
    @classmethod
    def _description(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("account_id")
    @classmethod
    def _valid_nif(cls, value: str | None) -> str | None:
        return normalise_nif(value) if value is not None else None

    @model_validator(mode="after")
    def _located(self) -> IncidentIn:
        if (self.lat is None) != (self.long is None):
            raise ValueError("lat and long must be given together")
        if self.lat is None and self.address_string is None:
            raise ValueError("a location is required: lat and long, or address_string")
        return self


# Tax receipts (tributos) and their payment ----------------------------------------------------


class ReceiptConceptOut(BaseModel):
    code: Literal["ibi", "ivtm", "residuos", "multa"]
    name: ServiceName  # es / va / en


class ReceiptOut(BaseModel):
    id: str
    concept: ReceiptConceptOut
    year: int
    amount_cents: int
    due_date: dt.date
    status: Literal["pending", "paid", "direct_debit"]


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nif: str = Field(max_length=20)
    receipt_id: str = Field(min_length=1, max_length=32)
    idempotency_key: str = Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")
    return_url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://[^\s]+$")

    _valid_nif = field_validator("nif")(normalise_nif)
    _receipt_id = field_validator("receipt_id")(_receipt_id_form)


class PaymentOut(BaseModel):
    order: str
    amount_cents: int
    status: Literal["created", "paid", "failed"]
    payment_url: str


class PaymentLookupOut(PaymentOut):
    """A payment order found by its idempotency key, with the receipt it pays."""

    receipt: ReceiptOut


class NotificationOut(BaseModel):
    order: str
    status: Literal["created", "paid", "failed"]
    receipt_id: str
    receipt_status: Literal["pending", "paid", "direct_debit"]


class DirectDebitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nif: str = Field(max_length=20)
    receipt_id: str = Field(min_length=1, max_length=32)
    iban: str = Field(min_length=1, max_length=64)
    idempotency_key: str = Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")

    _valid_nif = field_validator("nif")(normalise_nif)
    _receipt_id = field_validator("receipt_id")(_receipt_id_form)


class DirectDebitOut(BaseModel):
    receipt_id: str
    status: Literal["direct_debit"] = "direct_debit"
    iban: str  # masked: ES** **** **** **** **** 1332


class DirectDebitLookupOut(DirectDebitOut):
    """A direct debit found by its idempotency key, with the receipt it applies to."""

    receipt: ReceiptOut


class PaymentDocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nif: str = Field(max_length=20)
    idempotency_key: str | None = Field(
        default=None, min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$"
    )

    _valid_nif = field_validator("nif")(normalise_nif)


class PaymentDocumentOut(BaseModel):
    kind: PaymentDocumentKind
    csv: str
    download_url: str  # the public `/verify/{csv}.pdf`: a browser can fetch it
    verify_url: str


# The general registry (registro electrónico general) --------------------------------------------


def entry_subject(value: str) -> str:
    """The subject on one line; at least three characters once its spaces are collapsed."""
    value = " ".join(value.split())
    if len(value) < 3:
        raise ValueError("subject must have at least 3 characters")
    return value


def entry_text(value: str) -> str:
    value = value.strip()
    if len(value) < 10:
        raise ValueError("text must have at least 10 characters")
    return value


class RegistryAttachmentOut(BaseModel):
    filename: str
    media_type: Literal["application/pdf", "image/jpeg", "image/png"]
    size: int
    sha256: str


class RegistryEntryOut(BaseModel):
    number: str
    kind: EntryKind
    status: EntryStatus
    registered_at: dt.datetime  # UTC
    department: str
    csv: str
    receipt_url: str  # the sealed receipt, public `/verify/{csv}.pdf`
    verify_url: str
    attachments: list[RegistryAttachmentOut]


class RegistryEntrySummaryOut(BaseModel):
    number: str
    kind: EntryKind
    subject: str
    status: EntryStatus
    department: str
    registered_at: dt.datetime  # UTC
    updated_at: dt.datetime


class RegistryHistoryOut(BaseModel):
    status: EntryStatus
    at: dt.datetime  # UTC
    note: str


class RegistryEntryStatusOut(RegistryEntrySummaryOut):
    history: list[RegistryHistoryOut]


class RegistryStatusIn(BaseModel):
    """A staff member's status change (SANDBOX: for demos and tests)."""

    model_config = ConfigDict(extra="forbid")

    status: StaffStatus
    note: str | None = Field(default=None, max_length=500)

    @field_validator("note")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return _collapsed(value)
