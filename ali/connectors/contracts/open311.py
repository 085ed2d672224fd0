"""Incident reports through Open311 GeoReport v2 (JSON format), under `/open311/v2`, with ALI's
extensions: `account_id` (the citizen's NIF, also as the `X-Account-Id` header) and
`idempotency_key` (the token a lost answer is looked up by).

    GET  services.json                 -> [Open311Service]
    GET  services/{code}.json          -> Open311Definition
    POST requests.json  IncidentRequest (JSON, or multipart with `media`) -> [Open311Created]
    GET  requests.json  (X-Account-Id) -> [Open311Request], the citizen's own
    GET  requests/{id}.json            -> [Open311Request]
    GET  tokens/{token}.json           -> [Open311Token], or 404 [Open311Error] whose
                                          description starts with NeverReceived
Errors are GeoReport's: a list of Open311Error.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ali.connectors.contracts.shared import Answer, IdempotencyKey, normalise_nif

LIST_DATATYPES = ("singlevaluelist", "multivaluelist")


class Open311Error(Answer):
    code: int
    description: str


class Open311Service(Answer):
    service_code: str
    service_name: str
    description: str = ""
    metadata: bool = False  # whether the service has attributes (GET services/{code}.json)
    type: Literal["realtime", "batch", "blackbox"] = "realtime"
    keywords: str = ""  # comma-separated
    group: str = ""


class Open311Value(Answer):
    key: str
    name: str


class Open311Attribute(Answer):
    variable: bool = True
    code: str
    datatype: str
    required: bool = False
    datatype_description: str | None = None
    order: int = 0
    description: str = ""
    values: list[Open311Value] | None = None  # list datatypes only

    @property
    def is_list(self) -> bool:
        return self.datatype in LIST_DATATYPES


class Open311Definition(Answer):
    service_code: str
    attributes: list[Open311Attribute] = Field(default_factory=list)


class Open311Created(Answer):
    service_request_id: str
    service_notice: str | None = None
    account_id: None = None


class Open311Token(Answer):
    """GeoReport v2's answer for a token (here: the idempotency key the request was sent with),
    with the notice the request was first answered with."""

    token: str
    service_request_id: str
    service_notice: str | None = None


class Open311Request(Answer):
    """A service request as anyone may see it: never the citizen's NIF, name, email or phone."""

    service_request_id: str
    status: Literal["open", "closed"] = "open"
    status_notes: str | None = None
    service_name: str = ""
    service_code: str = ""
    description: str | None = None
    agency_responsible: str | None = None
    requested_datetime: dt.datetime | None = None
    updated_datetime: dt.datetime | None = None
    expected_datetime: dt.datetime | None = None
    address: str | None = None
    lat: float | None = None
    long: float | None = None
    media_url: str | None = None  # a photo of the incident, if one was sent


def _collapsed(value: str | None) -> str | None:
    """A one-line text with its runs of whitespace collapsed; None if blank."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


class IncidentRequest(BaseModel):
    """A `POST requests.json`, as a JSON body or a form (unknown fields, such as
    `jurisdiction_id` or `device_id`, are ignored, as GeoReport servers do). `account_id` is
    ALI's extension: the citizen's NIF."""

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
    idempotency_key: IdempotencyKey | None = None

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
    def _located(self) -> IncidentRequest:
        if (self.lat is None) != (self.long is None):
            raise ValueError("lat and long must be given together")
        if self.lat is None and self.address_string is None:
            raise ValueError("a location is required: lat and long, or address_string")
        return self
