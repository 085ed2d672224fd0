"""Sealed documents for tax receipts, downloadable by the citizen's browser through the public
`/verify/{csv}.pdf`: a payment document (documento de pago: what to pay, by when, where) for a
pending receipt, a proof of payment (justificante de pago) for a paid one. Each is rendered,
sealed with the demo seal and kept under a fresh CSV. With an idempotency key, a repeat gets the
document issued the first time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ali.errors import StorageError
from ali_sandbox.appointments import Clock, utc_now
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.documents import SealCertificate, new_csv, sign_pdf
from ali_sandbox.documents.record import OfficialRecord, RecordLine, RecordRenderer, RecordSection
from ali_sandbox.errors import IdempotencyConflict, ReceiptNotPayable
from ali_sandbox.models import PaymentDocumentRow
from ali_sandbox.padron import PadronRegister
from ali_sandbox.padron_certificates import (
    COUNCIL_NAME,
    LOCAL_TIME,
    MUNICIPALITY,
    SEAL_REASON,
    mask_nif,
)
from ali_sandbox.tributos import PAID, PENDING, Receipt, TaxOffice, euros
from ali_sandbox.verification import IssuedDocument

PaymentDocumentKind = Literal["payment-document", "proof-of-payment"]
PAYMENT_DOCUMENT: PaymentDocumentKind = "payment-document"
PROOF_OF_PAYMENT: PaymentDocumentKind = "proof-of-payment"
_KINDS: dict[str, PaymentDocumentKind] = {k: k for k in (PAYMENT_DOCUMENT, PROOF_OF_PAYMENT)}
TITLES: dict[PaymentDocumentKind, str] = {
    PAYMENT_DOCUMENT: "Documento de pago",
    PROOF_OF_PAYMENT: "Justificante de pago",
}
WHERE_TO_PAY = (
    "En la sede electrónica del Ayuntamiento, con tarjeta, por la pasarela de pago segura "
    "(también desde el asistente ALI).",
    "En cualquier oficina de atención ciudadana, presentando este documento.",
    "Para los próximos ejercicios, puede domiciliar el recibo en su cuenta bancaria.",
)


@dataclass(frozen=True)
class PaymentDocumentRequest:
    nif: str
    receipt_id: str
    idempotency_key: str | None = None


@dataclass(frozen=True)
class PaymentDocument:
    csv: str
    kind: PaymentDocumentKind
    receipt_id: str
    nif: str
    issued_at: dt.datetime  # aware, UTC
    pdf: bytes


@dataclass(frozen=True)
class DocumentIssued:
    document: PaymentDocument
    created: bool  # False: the document issued earlier with the same idempotency key


class PaymentDocumentIssuer:
    def __init__(
        self,
        database: SandboxDatabase,
        office: TaxOffice,
        register: PadronRegister,
        seal: SealCertificate,
        verification_url: str,
        *,
        council_name: str = COUNCIL_NAME,
        renderer: RecordRenderer | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self._database = database
        self._office = office
        self._register = register
        self._seal = seal
        self._verification_url = verification_url
        self._council_name = council_name
        self._renderer = renderer or RecordRenderer()
        self._clock = clock

    def issue(self, request: PaymentDocumentRequest) -> DocumentIssued:
        """The document for the citizen's receipt (404 `UnknownReceipt` for another's; 409
        `ReceiptNotPayable` for a direct-debited one, which has neither)."""
        if request.idempotency_key is not None:
            earlier = self._for_key(request.idempotency_key)
            if earlier is not None:
                return DocumentIssued(_same_request(earlier, request), created=False)
        receipt = self._office.receipt(request.nif, request.receipt_id)
        if receipt.status not in (PENDING, PAID):
            raise ReceiptNotPayable(
                "This tax receipt is direct-debited: it is charged to the account, so it has "
                "neither a payment document nor, until charged, a proof of payment."
            )
        kind = PAYMENT_DOCUMENT if receipt.status == PENDING else PROOF_OF_PAYMENT
        issued_at = self._clock().astimezone(dt.UTC).replace(microsecond=0)
        csv = new_csv()
        record = self._record(kind, receipt, csv, issued_at)
        pdf = sign_pdf(
            self._renderer.render(record), self._seal, SEAL_REASON, location=MUNICIPALITY
        )
        document = PaymentDocument(csv, kind, receipt.id, request.nif, issued_at, pdf)
        with self._database.session() as session:
            try:
                session.add(
                    PaymentDocumentRow(
                        csv=csv,
                        idempotency_key=request.idempotency_key,
                        receipt_id=receipt.id,
                        nif=request.nif,
                        kind=kind,
                        issued_at=issued_at.replace(tzinfo=None),
                        pdf=pdf,
                    )
                )
                session.flush()
            except IntegrityError:
                session.rollback()
            else:
                return DocumentIssued(document, created=True)
        earlier = self._for_key(request.idempotency_key) if request.idempotency_key else None
        if earlier is None:  # the clash was on the CSV itself (about 2^-94)
            raise StorageError("The payment document could not be stored.")
        return DocumentIssued(_same_request(earlier, request), created=False)

    def issued_document(self, csv: str) -> IssuedDocument | None:
        """The document with this CSV, for the public verification."""
        with self._database.session() as session:
            row = session.get(PaymentDocumentRow, csv)
            if row is None:
                return None
            document = _document(row)
        return IssuedDocument(
            csv=document.csv,
            title=TITLES[document.kind],
            issued_at=document.issued_at,
            pdf=document.pdf,
        )

    def _for_key(self, idempotency_key: str) -> PaymentDocument | None:
        with self._database.session() as session:
            row = session.scalars(
                select(PaymentDocumentRow).where(
                    PaymentDocumentRow.idempotency_key == idempotency_key
                )
            ).first()
            return None if row is None else _document(row)

    def _record(
        self, kind: PaymentDocumentKind, receipt: Receipt, csv: str, issued_at: dt.datetime
    ) -> OfficialRecord:
        citizen = self._register.citizen(receipt.nif)
        local = issued_at.astimezone(LOCAL_TIME)
        facts: list[tuple[str, str]] = [
            ("Referencia del recibo", receipt.id),
            ("Concepto", receipt.concept.name_es),
            ("Ejercicio", str(receipt.year)),
            ("Obligado/a al pago", citizen.full_name if citizen is not None else "—"),
            ("NIF/NIE", mask_nif(receipt.nif)),
        ]
        sections: tuple[RecordSection, ...] = ()
        if kind == PAYMENT_DOCUMENT:
            facts += [
                ("Importe a pagar", euros(receipt.amount_cents)),
                ("Fecha límite de pago", receipt.due_date.strftime("%d/%m/%Y")),
                ("Estado", "Pendiente de pago"),
            ]
            sections = (
                RecordSection("Dónde pagar", tuple(RecordLine(f"· {w}") for w in WHERE_TO_PAY)),
            )
            statement = "Este documento indica el importe y el plazo para pagar el recibo."
        else:
            paid_at = receipt.paid_at.astimezone(LOCAL_TIME) if receipt.paid_at else None
            facts += [
                ("Importe pagado", euros(receipt.amount_cents)),
                ("Fecha de pago", paid_at.strftime("%d/%m/%Y %H:%M") if paid_at else "—"),
                ("Orden de pago", receipt.payment_order or "— (pagado en oficina)"),
                ("Estado", "Pagado"),
            ]
            statement = "Este justificante acredita el pago del recibo indicado."
        facts.append(("Fecha de emisión", local.strftime("%d/%m/%Y %H:%M")))
        return OfficialRecord(
            council_name=self._council_name,
            title=TITLES[kind],
            issued_at=local,
            facts=tuple(facts),
            csv=csv,
            verification_url=self._verification_url,
            sections=sections,
            notes=(
                statement,
                f"Documento sellado electrónicamente por {self._council_name} (actuación "
                "administrativa automatizada, art. 42 de la Ley 40/2015).",
                "SANDBOX: documento de demostración con datos ficticios, sin validez legal; "
                "nunca se cobra nada.",
            ),
        )


def _same_request(earlier: PaymentDocument, request: PaymentDocumentRequest) -> PaymentDocument:
    if (earlier.nif, earlier.receipt_id) != (request.nif, request.receipt_id):
        raise IdempotencyConflict(
            "This idempotency key was already used for another receipt's document."
        )
    return earlier


def _document(row: PaymentDocumentRow) -> PaymentDocument:
    issued_at = row.issued_at
    if issued_at.tzinfo is None:  # SQLite keeps no offset; the sandbox always writes UTC
        issued_at = issued_at.replace(tzinfo=dt.UTC)
    return PaymentDocument(
        csv=row.csv,
        kind=_KINDS[row.kind],
        receipt_id=row.receipt_id,
        nif=row.nif,
        issued_at=issued_at,
        pdf=row.pdf,
    )
