"""The sandbox's tax office: receipts, payments through the FAKE gateway, direct debits and
payment documents."""

from __future__ import annotations

import json
import time
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import (
    APIRouter,
    Depends,
    Path,
    Query,
    Request,
    Response,
    status,
)
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from ali.connectors.contracts import shared, tributos
from ali.errors import InvalidInput
from ali_sandbox.errors import (
    InvalidNotification,
    ReceiptNotPayable,
)
from ali_sandbox.gateway import PAGE_HEADERS, PaymentGateway, payment_page, result_page
from ali_sandbox.routes import (
    ERROR,
    MAX_FORM_BODY,
    CitizenNif,
    api_key_check,
    download_url,
    verify_url,
)
from ali_sandbox.schemas import (
    NotificationOut,
)
from ali_sandbox.settings import SandboxSettings
from ali_sandbox.tributos import (
    CREATED,
    PENDING,
    DirectDebitRequest,
    PaymentOrder,
    PaymentRequest,
    Receipt,
    TaxOffice,
)
from ali_sandbox.tributos_documents import PaymentDocumentIssuer, PaymentDocumentRequest

# A payment order id as the gateway pages take it: twelve digits.
OrderId = Annotated[str, Query(pattern=r"^[0-9]{12}$")]


def tributos_router(
    settings: SandboxSettings, office: TaxOffice, documents: PaymentDocumentIssuer
) -> APIRouter:
    router = APIRouter(
        prefix="/tributos", tags=["tributos"], dependencies=[Depends(api_key_check(settings))]
    )

    @router.get(
        "/receipts",
        response_model=list[tributos.Receipt],
        responses={401: ERROR, 404: ERROR, 422: ERROR},
    )
    def receipts(nif: CitizenNif) -> list[tributos.Receipt]:
        """The citizen's tax receipts, latest due date first (404 `UnknownCitizen`)."""
        return [receipt_out(receipt) for receipt in office.receipts_of(nif)]

    @router.get(
        "/receipts/{receipt_id}/document",
        response_class=Response,
        responses={
            200: {"content": {"application/pdf": {}}},
            401: ERROR,
            404: ERROR,
            422: ERROR,
        },
    )
    def receipt_document(
        receipt_id: Annotated[str, Path(max_length=32)], nif: CitizenNif
    ) -> Response:
        """The receipt as a PDF; another citizen's receipt is 404 `UnknownReceipt`, like one
        that does not exist."""
        receipt_id = receipt_id.strip().upper()
        pdf = office.document(nif, receipt_id)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{receipt_id}.pdf"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    @router.post(
        "/receipts/{receipt_id}/documents",
        response_model=tributos.PaymentDocument,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": tributos.PaymentDocument, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def issue_receipt_document(
        receipt_id: Annotated[str, Path(max_length=32)],
        body: tributos.PaymentDocumentRequest,
        response: Response,
    ) -> tributos.PaymentDocument:
        """A sealed PDF the citizen's browser can download (`download_url`, public, by CSV): a
        `payment-document` for a pending receipt, a `proof-of-payment` for a paid one. Another
        citizen's receipt is 404 `UnknownReceipt`, like one that does not exist; a
        direct-debited one is 409 `ReceiptNotPayable`; a reused idempotency key 409
        `IdempotencyConflict` (200 with the same document for a repeat)."""
        issued = documents.issue(
            PaymentDocumentRequest(
                nif=body.nif,
                receipt_id=receipt_id.strip().upper(),
                idempotency_key=body.idempotency_key,
            )
        )
        if not issued.created:
            response.status_code = status.HTTP_200_OK
        csv = issued.document.csv
        return tributos.PaymentDocument(
            kind=issued.document.kind,
            csv=csv,
            download_url=download_url(settings, csv),
            verify_url=verify_url(settings, csv),
        )

    @router.post(
        "/payments",
        response_model=tributos.PaymentOrder,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": tributos.PaymentOrder, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def start_payment(body: tributos.PaymentRequest, response: Response) -> tributos.PaymentOrder:
        """A card-payment order for a pending receipt, and the gateway page to send the citizen
        to. 404 `UnknownCitizen` / `UnknownReceipt`; 409 `ReceiptNotPayable` (paid or
        direct-debited) or `IdempotencyConflict`."""
        started = office.start_payment(
            PaymentRequest(
                nif=body.nif,
                receipt_id=body.receipt_id,
                idempotency_key=body.idempotency_key,
                return_url=body.return_url,
            )
        )
        if not started.created:
            response.status_code = status.HTTP_200_OK
        time.sleep(settings.answer_delay("tributos.payments"))
        return payment_out(settings, started.order)

    @router.post(
        "/direct-debits",
        response_model=tributos.DirectDebit,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": tributos.DirectDebit, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def direct_debit(body: tributos.DirectDebitRequest, response: Response) -> tributos.DirectDebit:
        """Domicile a pending receipt on a Spanish account. 422 `InvalidIban`; 409
        `ReceiptNotPayable` or `IdempotencyConflict`. The IBAN is answered masked."""
        debit = office.direct_debit(
            DirectDebitRequest(
                nif=body.nif,
                receipt_id=body.receipt_id,
                iban=body.iban,
                idempotency_key=body.idempotency_key,
            )
        )
        if not debit.created:
            response.status_code = status.HTTP_200_OK
        time.sleep(settings.answer_delay("tributos.direct-debits"))
        return tributos.DirectDebit(receipt_id=debit.receipt.id, iban=debit.iban_masked)

    return router


def payment_gateway_router(
    settings: SandboxSettings, office: TaxOffice, gateway: PaymentGateway
) -> APIRouter:
    """The FAKE gateway's pages (reached by the citizen's browser, no API key) and the
    notification endpoint (authenticated by the notification's own signature)."""
    router = APIRouter(tags=["pasarela de pago (SANDBOX)"])

    @router.get("/pasarela/pago", response_class=HTMLResponse, responses={404: ERROR, 422: ERROR})
    def payment_form(order: OrderId) -> HTMLResponse:
        """The test payment page: amount, concept, and the buttons to pay or be refused."""
        found = office.order(order)
        return HTMLResponse(payment_page(found, f"pago/{found.order}"), headers=PAGE_HEADERS)

    @router.post(
        "/pasarela/pago/{order}",
        response_class=HTMLResponse,
        responses={303: {"description": "To the order's return_url"}, 404: ERROR, 409: ERROR},
    )
    async def pay(
        order: Annotated[str, Path(pattern=r"^[0-9]{12}$")], request: Request
    ) -> Response:
        """`outcome=ok|ko` (form): sign the gateway's notification, apply it like the
        notification endpoint would, then 303 to the order's return_url (or a result page).
        An order already settled is not charged again."""
        fields = await _form_or_json(request)
        outcome = fields.get("outcome") if fields is not None else None
        if outcome not in ("ok", "ko"):
            raise InvalidInput("outcome must be ok or ko.")
        current = await run_in_threadpool(office.order, order)
        if current.status == CREATED:
            if outcome == "ok" and current.receipt.status != PENDING:
                raise ReceiptNotPayable()
            notification = gateway.notification(current, ok=outcome == "ok")
            current = await run_in_threadpool(gateway.receive, notification)
        if current.return_url:
            return RedirectResponse(current.return_url, status_code=status.HTTP_303_SEE_OTHER)
        return HTMLResponse(result_page(current), headers=PAGE_HEADERS)

    @router.post(
        "/tributos/notificaciones",
        response_model=NotificationOut,
        responses={400: ERROR, 404: ERROR},
    )
    async def notification(request: Request) -> NotificationOut:
        """The gateway's server-to-server notification (`Ds_SignatureVersion`,
        `Ds_MerchantParameters`, `Ds_Signature`; form or JSON). 400 `InvalidNotification`,
        nothing changed, unless its signature verifies; a replay changes nothing."""
        fields = await _form_or_json(request)
        if fields is None:
            raise InvalidNotification("The notification body could not be read.")
        settled = await run_in_threadpool(gateway.receive, fields)
        return NotificationOut(
            order=settled.order,
            status=settled.status,
            receipt_id=settled.receipt.id,
            receipt_status=settled.receipt.status,
        )

    return router


async def _form_or_json(request: Request) -> dict[str, object] | None:
    """The fields of a small form-encoded or JSON object body; None if it cannot be read."""
    body = await request.body()
    if len(body) > MAX_FORM_BODY:
        return None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media_type == "application/json":
            data = json.loads(body)
            return (
                {str(name): value for name, value in data.items()}
                if isinstance(data, dict)
                else None
            )
        if media_type in ("application/x-www-form-urlencoded", ""):
            pairs = parse_qsl(body.decode("utf-8"), errors="strict", max_num_fields=20)
            return dict(reversed(pairs))  # the first of repeated fields wins
    except ValueError:  # not JSON, not UTF-8, or too many fields
        return None
    return None


def receipt_out(receipt: Receipt) -> tributos.Receipt:
    concept = receipt.concept
    return tributos.Receipt(
        id=receipt.id,
        concept=tributos.ReceiptConcept(
            code=concept.code,
            name=shared.LocalName(es=concept.name_es, va=concept.name_va, en=concept.name_en),
        ),
        year=receipt.year,
        amount_cents=receipt.amount_cents,
        due_date=receipt.due_date,
        status=receipt.status,
    )


def payment_out(settings: SandboxSettings, order: PaymentOrder) -> tributos.PaymentOrder:
    return tributos.PaymentOrder(
        order=order.order,
        amount_cents=order.amount_cents,
        status=order.status,
        payment_url=f"{settings.public_url}/pasarela/pago?order={order.order}",
    )
