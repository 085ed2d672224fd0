"""Request and response bodies of the sandbox's JSON routes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from stdnum.es import dni, nie

from ali.catalogue.schema import Language
from ali.documents import CertificateKind


def normalise_nif(value: str) -> str:
    """A DNI or NIE in compact upper-case form; ValueError if its check letter is wrong."""
    compact = value.strip().upper().replace("-", "").replace(" ", "")
    if not (dni.is_valid(compact) or nie.is_valid(compact)):
        raise ValueError("not a valid DNI or NIE")
    return compact


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
