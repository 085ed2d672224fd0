"""The padrón system: a certificate of registration, issued and sealed, with its Código Seguro
de Verificación.

    POST /padron/certificates  CertificateRequest -> 201 IssuedCertificate (200 for a repeated
                               idempotency key; 404 `UnknownCitizen` for someone not registered)
    GET  /padron/certificates/requests/{key}      -> IssuedCertificate, or 404 NeverReceived
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from ali.catalogue.schema import Language
from ali.connectors.contracts.shared import Answer, IdempotencyKey, Nif, Sent

CertificateKind = Literal["individual", "colectivo", "historico"]


class CertificateRequest(Sent):
    nif: Nif
    kind: CertificateKind
    purpose: str = Field(min_length=1, max_length=200)
    language: Language = "es"
    idempotency_key: IdempotencyKey

    @field_validator("purpose")
    @classmethod
    def _purpose_has_text(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("purpose must not be blank")
        return value


class IssuedCertificate(Answer):
    # The Código Seguro de Verificación: `csv` on the wire, as Spanish back offices name it.
    verification_code: str = Field(alias="csv")
    kind: CertificateKind | None = None
    issued_at: dt.datetime | None = None
    download_url: str
    verify_url: str
