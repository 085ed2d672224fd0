"""Request and response bodies of the sandbox's own JSON routes: its demo identity provider,
health, the payment gateway's notification and the staff's status change. What ALI's
connectors send and receive is the back offices' contract, `ali.connectors.contracts`, which
the sandbox serves as it is."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ali.connectors.contracts.shared import normalise_nif
from ali_sandbox.registro import StaffStatus


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


class SandboxHealth(BaseModel):
    status: Literal["ok"] = "ok"
    sandbox: Literal[True] = True


def _collapsed(value: str | None) -> str | None:
    """A one-line text with its runs of whitespace collapsed; None if blank."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


class NotificationOut(BaseModel):
    order: str
    status: Literal["created", "paid", "failed"]
    receipt_id: str
    receipt_status: Literal["pending", "paid", "direct_debit"]


class RegistryStatusIn(BaseModel):
    """A staff member's status change (SANDBOX: for demos and tests)."""

    model_config = ConfigDict(extra="forbid")

    status: StaffStatus
    note: str | None = Field(default=None, max_length=500)

    @field_validator("note")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return _collapsed(value)
