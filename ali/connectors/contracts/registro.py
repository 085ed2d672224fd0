"""The registro (registro electrónico general, the general register office): filing an
application or a complaint with attachments, and the status of one's own entries.

    POST /registro/entries  multipart: EntryForm fields + `attachments` files
                                       -> 201 RegistroEntry (422 `InvalidAttachment` with a
                                          `detail` the citizen can act on)
    GET  /registro/entries  (X-Citizen-Nif)            -> [EntrySummary], newest first
    GET  /registro/entries/{number}  (X-Citizen-Nif)   -> EntryStatus
    GET  /registro/entries/requests/{key}              -> RegistroEntry, or 404 NeverReceived
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from ali.catalogue.schema import Language
from ali.connectors.contracts.shared import Answer, IdempotencyKey, Nif, Sent

EntryKind = Literal["instancia-general", "queja-sugerencia"]
EntryState = Literal["registered", "in-progress", "resolved", "rejected"]
AttachmentType = Literal["application/pdf", "image/jpeg", "image/png"]


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


class EntryForm(Sent):
    """The fields of a filing, sent as multipart/form-data beside its `attachments`."""

    nif: Nif
    kind: EntryKind
    subject: str = Field(min_length=3, max_length=200)
    text: str = Field(min_length=10, max_length=5000)
    language: Language = "es"
    idempotency_key: IdempotencyKey

    _subject = field_validator("subject")(entry_subject)
    _text = field_validator("text")(entry_text)


class EntryAttachment(Answer):
    filename: str
    media_type: AttachmentType
    size: int
    sha256: str


class RegistroEntry(Answer):
    number: str
    kind: EntryKind
    status: EntryState
    registered_at: dt.datetime  # UTC
    department: str
    # The Código Seguro de Verificación: `csv` on the wire, as Spanish back offices name it.
    verification_code: str = Field(alias="csv")
    receipt_url: str  # the sealed receipt, public
    verify_url: str
    attachments: list[EntryAttachment]


class EntrySummary(Answer):
    number: str
    subject: str
    kind: EntryKind | None = None
    status: EntryState | None = None
    department: str | None = None
    registered_at: dt.datetime | None = None  # UTC
    updated_at: dt.datetime | None = None


class EntryHistoryItem(Answer):
    status: EntryState
    at: dt.datetime  # UTC
    note: str | None = None


class EntryStatus(EntrySummary):
    status: EntryState
    registered_at: dt.datetime  # UTC
    history: list[EntryHistoryItem] = Field(default_factory=list)
