"""The sandbox's tax office (tributos): the citizens' tax receipts (IBI, IVTM, waste fee, traffic
fines), their PDF, card-payment orders to pay them, and direct debits (domiciliación).

A payment order is what a council sends to its card gateway (see `gateway.py`): a 12-digit order
id, the receipt, the amount. It moves from `created` to `paid` or `failed` once, when the
gateway's (verified) notification is applied with `settle`; a replayed notification finds the
order no longer `created` and changes nothing. Every such transition is a conditional UPDATE, so
two notifications racing cannot both apply.

Simplification: a direct debit here turns the receipt `direct_debit` at once; a real council
charges the account on the next remittance.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from fpdf import FPDF
from fpdf.errors import FPDFException
from sqlalchemy import CursorResult, Result, Row, Select, select, update
from sqlalchemy.exc import IntegrityError
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumValidationError

from ali.errors import StorageError
from ali_sandbox.appointments import LOCAL_TIME, Clock, utc_now
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.documents.errors import DocumentError
from ali_sandbox.documents.fonts import CORE_FAMILY, core_font_text
from ali_sandbox.errors import (
    IdempotencyConflict,
    InvalidIban,
    InvalidNotification,
    ReceiptNotPayable,
    UnknownCitizen,
    UnknownPaymentOrder,
    UnknownReceipt,
)
from ali_sandbox.models import PaymentOrderRow, ReceiptRow
from ali_sandbox.padron import PadronRegister
from ali_sandbox.padron_certificates import COUNCIL_NAME

ConceptCode = Literal["ibi", "ivtm", "residuos", "multa"]
ReceiptStatus = Literal["pending", "paid", "direct_debit"]
OrderStatus = Literal["created", "paid", "failed"]
PENDING: ReceiptStatus = "pending"
PAID: ReceiptStatus = "paid"
DIRECT_DEBIT: ReceiptStatus = "direct_debit"
CREATED: OrderStatus = "created"
ORDER_PAID: OrderStatus = "paid"
FAILED: OrderStatus = "failed"
_RECEIPT_STATUSES: dict[str, ReceiptStatus] = {s: s for s in (PENDING, PAID, DIRECT_DEBIT)}
_ORDER_STATUSES: dict[str, OrderStatus] = {s: s for s in (CREATED, ORDER_PAID, FAILED)}
_CONCEPT_CODES: dict[str, ConceptCode] = {c: c for c in ("ibi", "ivtm", "residuos", "multa")}
ORDER_DIGITS = 12
_STATUS_TEXT = {PENDING: "Pendiente de pago", PAID: "Pagado", DIRECT_DEBIT: "Domiciliado"}


@dataclass(frozen=True)
class Concept:
    code: ConceptCode
    name_es: str
    name_va: str
    name_en: str


CONCEPTS: dict[ConceptCode, Concept] = {
    "ibi": Concept(
        "ibi",
        "Impuesto sobre Bienes Inmuebles (IBI)",
        "Impost sobre Béns Immobles (IBI)",
        "Property tax (IBI)",
    ),
    "ivtm": Concept(
        "ivtm",
        "Impuesto sobre Vehículos de Tracción Mecánica (IVTM)",
        "Impost sobre Vehicles de Tracció Mecànica (IVTM)",
        "Vehicle tax (IVTM)",
    ),
    "residuos": Concept(
        "residuos",
        "Tasa de recogida de residuos",
        "Taxa de recollida de residus",
        "Waste collection fee",
    ),
    "multa": Concept("multa", "Multa de tráfico", "Multa de trànsit", "Traffic fine"),
}


@dataclass(frozen=True)
class Receipt:
    id: str
    nif: str
    concept: Concept
    year: int
    amount_cents: int
    due_date: dt.date
    status: ReceiptStatus
    paid_at: dt.datetime | None  # aware, UTC
    payment_order: str | None


@dataclass(frozen=True)
class PaymentOrder:
    order: str
    receipt: Receipt
    amount_cents: int
    status: OrderStatus
    return_url: str | None


@dataclass(frozen=True)
class PaymentRequest:
    nif: str
    receipt_id: str
    idempotency_key: str
    return_url: str | None


@dataclass(frozen=True)
class Started:
    order: PaymentOrder
    created: bool  # False: the order made earlier with the same idempotency key


@dataclass(frozen=True)
class DirectDebitRequest:
    nif: str
    receipt_id: str
    iban: str
    idempotency_key: str


@dataclass(frozen=True)
class DirectDebit:
    receipt: Receipt
    iban_masked: str
    created: bool


def new_order_id() -> str:
    """Twelve random digits (a Redsys order id is 4-12 characters, the first four digits)."""
    return f"{secrets.randbelow(10**ORDER_DIGITS):0{ORDER_DIGITS}d}"


def spanish_iban(value: str) -> str:
    """The IBAN in compact form if it is a valid Spanish one (its CCC check digits included)."""
    try:
        compact: str = stdnum_iban.validate(value[:64], check_country=True)
    except StdnumValidationError as exc:
        raise InvalidIban() from exc
    if not compact.startswith("ES"):
        raise InvalidIban()
    return compact


def mask_iban(compact: str) -> str:
    """`ES** **** **** **** **** 1332`: the country and the last four digits only."""
    masked = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def authorised(response_code: str) -> bool:
    """Redsys' `Ds_Response`: 0000-0099 is an authorised payment, anything else a refusal."""
    return len(response_code) == 4 and response_code.isdigit() and int(response_code) <= 99


def euros(cents: int) -> str:
    """`1.234,56 €`, the Spanish way."""
    whole = f"{cents // 100:,}".replace(",", ".")
    return f"{whole},{cents % 100:02d} €"


class TaxOffice:
    def __init__(
        self, database: SandboxDatabase, register: PadronRegister, *, clock: Clock = utc_now
    ) -> None:
        self._database = database
        self._register = register
        self._clock = clock

    def receipts_of(self, nif: str) -> list[Receipt]:
        """The citizen's receipts, most recent due date first (404 `UnknownCitizen`)."""
        self._known(nif)
        with self._database.session() as session:
            rows = session.scalars(
                select(ReceiptRow)
                .where(ReceiptRow.nif == nif)
                .order_by(ReceiptRow.due_date.desc(), ReceiptRow.id)
            ).all()
            return [_receipt(row) for row in rows]

    def receipt(self, nif: str, receipt_id: str) -> Receipt:
        """The citizen's receipt; another citizen's is as unknown as one that does not exist."""
        self._known(nif)
        with self._database.session() as session:
            row = session.get(ReceiptRow, receipt_id)
            if row is None or row.nif != nif:
                raise UnknownReceipt()
            return _receipt(row)

    def document(self, nif: str, receipt_id: str) -> bytes:
        return render_receipt(self.receipt(nif, receipt_id))

    def start_payment(self, request: PaymentRequest) -> Started:
        """A payment order for a pending receipt; the same idempotency key gets the same order
        (409 `IdempotencyConflict` if it was used for another receipt)."""
        earlier = self._order_for_key(request.idempotency_key)
        if earlier is not None:
            return Started(_same_payment(earlier, request), created=False)
        receipt = self.receipt(request.nif, request.receipt_id)
        if receipt.status != PENDING:
            raise ReceiptNotPayable()
        for _attempt in range(3):
            order_id = new_order_id()
            with self._database.session() as session:
                try:
                    session.add(
                        PaymentOrderRow(
                            order_id=order_id,
                            idempotency_key=request.idempotency_key,
                            receipt_id=receipt.id,
                            amount_cents=receipt.amount_cents,
                            status=CREATED,
                            return_url=request.return_url,
                            created_at=_stored(self._now()),
                        )
                    )
                    session.flush()
                except IntegrityError:
                    session.rollback()
                    stored = False
                else:
                    stored = True
            if stored:
                return Started(self.order(order_id), created=True)
            earlier = self._order_for_key(request.idempotency_key)
            if earlier is not None:  # a concurrent request with the same key was stored first
                return Started(_same_payment(earlier, request), created=False)
        raise StorageError("The payment order could not be stored.")  # three id collisions

    def order(self, order_id: str) -> PaymentOrder:
        with self._database.session() as session:
            row = session.execute(_orders().where(PaymentOrderRow.order_id == order_id)).first()
            if row is None:
                raise UnknownPaymentOrder()
            return _order(row)

    def settle(self, order_id: str, amount_cents: int, response_code: str) -> PaymentOrder:
        """Apply the gateway's (already verified) result to a `created` order: authorised, the
        order and its receipt become paid; refused, the order fails and the receipt stays
        pending. An order already settled is left as it is (a replayed notification)."""
        order = self.order(order_id)
        if order.amount_cents != amount_cents:
            raise InvalidNotification("The amount does not match the payment order's.")
        now = _stored(self._now())
        ok = authorised(response_code)
        with self._database.session() as session:
            changed = _rowcount(
                session.execute(
                    update(PaymentOrderRow)
                    .where(PaymentOrderRow.order_id == order_id, PaymentOrderRow.status == CREATED)
                    .values(
                        status=ORDER_PAID if ok else FAILED,
                        response_code=response_code,
                        notified_at=now,
                    )
                )
            )
            if changed and ok:
                # If another order paid the receipt first (two gateway tabs), it stays as that
                # one left it: a real council would refund this second charge.
                session.execute(
                    update(ReceiptRow)
                    .where(ReceiptRow.id == order.receipt.id, ReceiptRow.status == PENDING)
                    .values(status=PAID, paid_at=now, payment_order=order_id)
                )
        return self.order(order_id)

    def direct_debit(self, request: DirectDebitRequest) -> DirectDebit:
        """Domicile a pending receipt on a Spanish account (422 `InvalidIban`); the same
        idempotency key on the same receipt answers as the first time."""
        compact = spanish_iban(request.iban)
        masked = mask_iban(compact)
        receipt = self.receipt(request.nif, request.receipt_id)
        with self._database.session() as session:
            used = session.scalar(
                select(ReceiptRow).where(ReceiptRow.direct_debit_key == request.idempotency_key)
            )
            if used is not None:
                if used.id != receipt.id or used.direct_debit_iban != masked:
                    raise IdempotencyConflict(
                        "This idempotency key was already used for another direct debit."
                    )
                return DirectDebit(_receipt(used), masked, created=False)
            changed = _rowcount(
                session.execute(
                    update(ReceiptRow)
                    .where(ReceiptRow.id == receipt.id, ReceiptRow.status == PENDING)
                    .values(
                        status=DIRECT_DEBIT,
                        direct_debit_key=request.idempotency_key,
                        direct_debit_iban=masked,
                    )
                )
            )
            if not changed:
                raise ReceiptNotPayable()
        return DirectDebit(self.receipt(request.nif, request.receipt_id), masked, created=True)

    def order_for_key(self, idempotency_key: str) -> PaymentOrder | None:
        """The payment order made with this idempotency key, if one was."""
        return self._order_for_key(idempotency_key)

    def direct_debit_for_key(self, idempotency_key: str) -> DirectDebit | None:
        """The direct debit set up with this idempotency key, if one was."""
        with self._database.session() as session:
            row = session.scalar(
                select(ReceiptRow).where(ReceiptRow.direct_debit_key == idempotency_key)
            )
            if row is None:
                return None
            return DirectDebit(_receipt(row), row.direct_debit_iban or "", created=False)

    def _known(self, nif: str) -> None:
        if self._register.citizen(nif) is None:
            raise UnknownCitizen()

    def _now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC)

    def _order_for_key(self, idempotency_key: str) -> PaymentOrder | None:
        with self._database.session() as session:
            row = session.execute(
                _orders().where(PaymentOrderRow.idempotency_key == idempotency_key)
            ).first()
            return None if row is None else _order(row)


def render_receipt(receipt: Receipt) -> bytes:
    """A one-page PDF of the receipt (core font Helvetica, uncompressed: it is tiny)."""
    lines = [
        ("Recibo", receipt.id),
        ("NIF", receipt.nif),
        ("Concepto", receipt.concept.name_es),
        ("Ejercicio", str(receipt.year)),
        ("Importe", euros(receipt.amount_cents).replace("€", "EUR")),  # fpdf2's core fonts lack €
        ("Fecha límite de pago", receipt.due_date.strftime("%d/%m/%Y")),
        ("Estado", _STATUS_TEXT[receipt.status]),
    ]
    try:
        pdf = FPDF(format="A4")
        pdf.set_compression(False)
        pdf.set_title(core_font_text(f"Recibo {receipt.id} (SANDBOX)"))
        pdf.add_page()
        pdf.set_font(CORE_FAMILY, "B", 16)
        pdf.cell(0, 10, core_font_text(COUNCIL_NAME), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(CORE_FAMILY, "", 10)
        pdf.cell(
            0,
            8,
            core_font_text("Documento de demostración, sin validez legal."),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(4)
        for label, value in lines:
            pdf.set_font(CORE_FAMILY, "B", 11)
            pdf.cell(55, 8, core_font_text(f"{label}:"))
            pdf.set_font(CORE_FAMILY, "", 11)
            pdf.cell(0, 8, core_font_text(value), new_x="LMARGIN", new_y="NEXT")
        if receipt.status == PAID and receipt.paid_at is not None:
            paid_on = receipt.paid_at.astimezone(LOCAL_TIME).strftime("%d/%m/%Y")
            pdf.ln(6)
            pdf.set_font(CORE_FAMILY, "B", 14)
            pdf.cell(0, 10, f"PAGADO el {paid_on}", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    except FPDFException as exc:
        raise DocumentError(f"The receipt could not be rendered: {exc}") from exc


def _orders() -> Select[PaymentOrderRow, ReceiptRow]:
    return select(PaymentOrderRow, ReceiptRow).join(
        ReceiptRow, ReceiptRow.id == PaymentOrderRow.receipt_id
    )


def _same_payment(earlier: PaymentOrder, request: PaymentRequest) -> PaymentOrder:
    if (earlier.receipt.nif, earlier.receipt.id) != (request.nif, request.receipt_id):
        raise IdempotencyConflict("This idempotency key was already used for another payment.")
    return earlier


def _rowcount(result: Result[Any]) -> int:
    return result.rowcount if isinstance(result, CursorResult) else 0


def _stored(moment: dt.datetime) -> dt.datetime:
    """How SQLite keeps a moment: naive UTC."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _aware(stored: dt.datetime | None) -> dt.datetime | None:
    if stored is None:
        return None
    return stored.replace(tzinfo=dt.UTC) if stored.tzinfo is None else stored


def _receipt(row: ReceiptRow) -> Receipt:
    return Receipt(
        id=row.id,
        nif=row.nif,
        concept=Concept(
            _CONCEPT_CODES[row.concept_code], row.concept_es, row.concept_va, row.concept_en
        ),
        year=row.year,
        amount_cents=row.amount_cents,
        due_date=row.due_date,
        status=_RECEIPT_STATUSES[row.status],
        paid_at=_aware(row.paid_at),
        payment_order=row.payment_order,
    )


def _order(row: Row[PaymentOrderRow, ReceiptRow]) -> PaymentOrder:
    order, receipt = row[0], row[1]
    return PaymentOrder(
        order=order.order_id,
        receipt=_receipt(receipt),
        amount_cents=order.amount_cents,
        status=_ORDER_STATUSES[order.status],
        return_url=order.return_url,
    )
