"""The tax office: a citizen's receipts, paying one through the card payment gateway, direct
debit, and a receipt's payment document or proof of payment.

    GET  /tributos/receipts  (X-Citizen-Nif)           -> [Receipt]
    POST /tributos/payments  PaymentRequest            -> 201 PaymentOrder (409 not payable)
    POST /tributos/direct-debits  DirectDebitRequest   -> 201 DirectDebit (409 not payable)
    POST /tributos/receipts/{id}/documents  PaymentDocumentRequest -> 201 PaymentDocument
    GET  /tributos/payments/requests/{key}             -> PaymentOrderFound, or 404 NeverReceived
    GET  /tributos/direct-debits/requests/{key}        -> DirectDebitFound, or 404 NeverReceived
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from ali.connectors.contracts.shared import Answer, IdempotencyKey, LocalName, Nif, Sent

ReceiptStatus = Literal["pending", "paid", "direct_debit"]
PaymentStatus = Literal["created", "paid", "failed"]
PaymentDocumentKind = Literal["payment-document", "proof-of-payment"]


def _receipt_id_form(value: str) -> str:
    return value.strip().upper()


class ReceiptConcept(Answer):
    code: str  # ibi, ivtm, residuos, multa...
    name: LocalName


class Receipt(Answer):
    id: str
    concept: ReceiptConcept
    year: int
    amount_cents: int
    due_date: dt.date
    status: ReceiptStatus


class PaymentRequest(Sent):
    nif: Nif
    receipt_id: str = Field(min_length=1, max_length=32)
    idempotency_key: IdempotencyKey
    return_url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://[^\s]+$")

    _receipt_id = field_validator("receipt_id")(_receipt_id_form)


class PaymentOrder(Answer):
    order: str
    amount_cents: int
    status: PaymentStatus = "created"
    payment_url: str


class PaymentOrderFound(PaymentOrder):
    """A payment order found by its idempotency key, with the receipt it pays."""

    receipt: Receipt


class DirectDebitRequest(Sent):
    nif: Nif
    receipt_id: str = Field(min_length=1, max_length=32)
    iban: str = Field(min_length=1, max_length=64)
    idempotency_key: IdempotencyKey

    _receipt_id = field_validator("receipt_id")(_receipt_id_form)


class DirectDebit(Answer):
    receipt_id: str
    status: Literal["direct_debit"] = "direct_debit"
    iban: str  # masked: ES** **** **** **** **** 1332


class DirectDebitFound(DirectDebit):
    """A direct debit found by its idempotency key, with the receipt it applies to."""

    receipt: Receipt


class PaymentDocumentRequest(Sent):
    nif: Nif
    idempotency_key: IdempotencyKey | None = None


class PaymentDocument(Answer):
    kind: PaymentDocumentKind
    # The Código Seguro de Verificación: `csv` on the wire, as Spanish back offices name it.
    verification_code: str = Field(alias="csv")
    download_url: str  # public: a browser can fetch it
    verify_url: str
