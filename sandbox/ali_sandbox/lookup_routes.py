"""What became of a request, by its idempotency key: the lookups every write of the sandbox
back office offers, as docs/connectors.md asks of a council's back office.

ALI sends each write with an idempotency key. When the answer never reached it (ALI was stopped
mid-call, the network dropped the answer), it asks `GET <collection>/requests/{key}`: 200 with
the original answer (the same body the write returned), or 404 `NeverReceived` when no request
came with that key, so sending it again with the same key is safe. (Open311 has the same
lookup in GeoReport's own terms: `GET /open311/v2/tokens/{key}.json`.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from ali.connectors.contracts import appointments, padron, registro, tributos
from ali_sandbox.appointments import AppointmentBook
from ali_sandbox.appointments_routes import booking_out
from ali_sandbox.errors import NeverReceived
from ali_sandbox.padron import PadronRegister
from ali_sandbox.padron_routes import certificate_out
from ali_sandbox.registro import GeneralRegistry
from ali_sandbox.registro_routes import entry_out
from ali_sandbox.routes import ERROR, api_key_check
from ali_sandbox.settings import SandboxSettings
from ali_sandbox.tributos import TaxOffice
from ali_sandbox.tributos_routes import payment_out, receipt_out

Key = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]
_RESPONSES: dict[int | str, dict[str, Any]] = {401: ERROR, 404: ERROR, 422: ERROR}

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Lookup:
    """One collection's `GET <collection>/requests/{key}`: what it answers, and how."""

    collection: str
    answer: type[BaseModel]
    find: Callable[[str], BaseModel | None]
    summary: str


def _shown(found: T | None, shown: Callable[[T], M]) -> M | None:
    return None if found is None else shown(found)


def lookups(
    settings: SandboxSettings,
    register: PadronRegister,
    registry: GeneralRegistry,
    book: AppointmentBook,
    office: TaxOffice,
) -> list[Lookup]:
    def payment(key: str) -> tributos.PaymentOrderFound | None:
        order = office.order_for_key(key)
        if order is None:
            return None
        shown = payment_out(settings, order).model_dump()
        return tributos.PaymentOrderFound(**shown, receipt=receipt_out(order.receipt))

    def direct_debit(key: str) -> tributos.DirectDebitFound | None:
        debit = office.direct_debit_for_key(key)
        if debit is None:
            return None
        receipt = receipt_out(debit.receipt)
        return tributos.DirectDebitFound(
            receipt_id=debit.receipt.id, iban=debit.iban_masked, receipt=receipt
        )

    return [
        Lookup(
            "/padron/certificates",
            padron.IssuedCertificate,
            lambda key: _shown(
                register.certificate_for_key(key), lambda c: certificate_out(settings, c)
            ),
            "The certificate issued for the request sent with this idempotency key.",
        ),
        Lookup(
            "/registro/entries",
            registro.RegistroEntry,
            lambda key: _shown(registry.entry_for_key(key), lambda e: entry_out(settings, e)),
            "The registry entry filed with this idempotency key, and its sealed receipt.",
        ),
        Lookup(
            "/citas/bookings",
            appointments.Booking,
            lambda key: _shown(book.booking_for_key(key), booking_out),
            "The appointment booked with this idempotency key (as it is now: it may have been "
            "cancelled since).",
        ),
        Lookup(
            "/citas/cancellations",
            appointments.Cancellation,
            lambda key: _shown(
                book.cancellation_for_key(key),
                lambda b: appointments.Cancellation(reference=b.reference),
            ),
            "The appointment cancelled with this idempotency key.",
        ),
        Lookup(
            "/tributos/payments",
            tributos.PaymentOrderFound,
            payment,
            "The payment order made with this idempotency key, with the receipt it pays.",
        ),
        Lookup(
            "/tributos/direct-debits",
            tributos.DirectDebitFound,
            direct_debit,
            "The direct debit set up with this idempotency key, with its receipt.",
        ),
    ]


def _endpoint(lookup: Lookup) -> Callable[[str], BaseModel]:
    def request_for_key(key: Key) -> BaseModel:
        found = lookup.find(key)
        if found is None:
            raise NeverReceived()
        return found

    request_for_key.__doc__ = lookup.summary
    return request_for_key


def lookup_router(
    settings: SandboxSettings,
    register: PadronRegister,
    registry: GeneralRegistry,
    book: AppointmentBook,
    office: TaxOffice,
) -> APIRouter:
    """Every collection's lookup by idempotency key: the original answer, or 404
    `NeverReceived`."""
    router = APIRouter(
        tags=["requests by idempotency key"], dependencies=[Depends(api_key_check(settings))]
    )
    for lookup in lookups(settings, register, registry, book, office):
        name = lookup.collection.strip("/").replace("/", "_").replace("-", "_")
        router.add_api_route(
            f"{lookup.collection}/requests/{{key}}",
            _endpoint(lookup),
            methods=["GET"],
            response_model=lookup.answer,
            responses=_RESPONSES,
            name=f"{name}_for_key",
            operation_id=f"{name}_for_key",
        )
    return router
