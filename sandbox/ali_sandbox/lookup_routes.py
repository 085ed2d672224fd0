"""What became of a request, by its idempotency key: the lookups every write of the sandbox
back office offers, as docs/connectors.md asks of a council's back office.

ALI sends each write with an idempotency key. When the answer never reached it (ALI was stopped
mid-call, the network dropped the answer), it asks `GET <collection>/requests/{key}`: 200 with
the original answer (the same body the write returned), or 404 `NeverReceived` when no request
came with that key, so sending it again with the same key is safe. (Open311 has the same
lookup in GeoReport's own terms: `GET /open311/v2/tokens/{key}.json`.)
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from ali_sandbox.appointments import AppointmentBook
from ali_sandbox.errors import NeverReceived
from ali_sandbox.receipts import TaxOffice
from ali_sandbox.register import PadronRegister
from ali_sandbox.registry import GeneralRegistry
from ali_sandbox.routes import (
    ERROR,
    api_key_check,
    booking_out,
    certificate_out,
    entry_out,
    payment_out,
    receipt_out,
)
from ali_sandbox.schemas import (
    BookingOut,
    CancelledOut,
    CertificateOut,
    DirectDebitLookupOut,
    PaymentLookupOut,
    RegistryEntryOut,
)
from ali_sandbox.settings import SandboxSettings

Key = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]
_RESPONSES: dict[int | str, dict[str, Any]] = {401: ERROR, 404: ERROR, 422: ERROR}


def lookup_router(
    settings: SandboxSettings,
    register: PadronRegister,
    registry: GeneralRegistry,
    book: AppointmentBook,
    office: TaxOffice,
) -> APIRouter:
    router = APIRouter(
        tags=["requests by idempotency key"], dependencies=[Depends(api_key_check(settings))]
    )

    @router.get(
        "/padron/certificates/requests/{key}", response_model=CertificateOut, responses=_RESPONSES
    )
    def certificate_for_key(key: Key) -> CertificateOut:
        """The certificate issued for the request sent with this idempotency key."""
        certificate = register.certificate_for_key(key)
        if certificate is None:
            raise NeverReceived()
        return certificate_out(settings, certificate)

    @router.get(
        "/registro/entries/requests/{key}", response_model=RegistryEntryOut, responses=_RESPONSES
    )
    def entry_for_key(key: Key) -> RegistryEntryOut:
        """The registry entry filed with this idempotency key, and its sealed receipt."""
        entry = registry.entry_for_key(key)
        if entry is None:
            raise NeverReceived()
        return entry_out(settings, entry)

    @router.get("/citas/bookings/requests/{key}", response_model=BookingOut, responses=_RESPONSES)
    def booking_for_key(key: Key) -> BookingOut:
        """The appointment booked with this idempotency key (as it is now: it may have been
        cancelled since)."""
        booking = book.booking_for_key(key)
        if booking is None:
            raise NeverReceived()
        return booking_out(booking)

    @router.get(
        "/citas/cancellations/requests/{key}", response_model=CancelledOut, responses=_RESPONSES
    )
    def cancellation_for_key(key: Key) -> CancelledOut:
        """The appointment cancelled with this idempotency key."""
        booking = book.cancellation_for_key(key)
        if booking is None:
            raise NeverReceived()
        return CancelledOut(reference=booking.reference)

    @router.get(
        "/tributos/payments/requests/{key}", response_model=PaymentLookupOut, responses=_RESPONSES
    )
    def payment_for_key(key: Key) -> PaymentLookupOut:
        """The payment order made with this idempotency key, with the receipt it pays."""
        order = office.order_for_key(key)
        if order is None:
            raise NeverReceived()
        return PaymentLookupOut(
            **payment_out(settings, order).model_dump(), receipt=receipt_out(order.receipt)
        )

    @router.get(
        "/tributos/direct-debits/requests/{key}",
        response_model=DirectDebitLookupOut,
        responses=_RESPONSES,
    )
    def direct_debit_for_key(key: Key) -> DirectDebitLookupOut:
        """The direct debit set up with this idempotency key, with its receipt."""
        debit = office.direct_debit_for_key(key)
        if debit is None:
            raise NeverReceived()
        return DirectDebitLookupOut(
            receipt_id=debit.receipt.id, iban=debit.iban_masked, receipt=receipt_out(debit.receipt)
        )

    return router
