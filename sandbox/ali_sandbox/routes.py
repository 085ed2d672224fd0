"""The sandbox's HTTP routes, one router per concern, built around the services they use."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Any
from urllib.parse import parse_qsl

import anyio
from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    Header,
    Path,
    Query,
    Request,
    Response,
    UploadFile,
    status,
)
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import AfterValidator
from starlette.concurrency import run_in_threadpool

from ali.catalogue.schema import Language
from ali.connectors.contracts import appointments, padron, registro, shared, tributos
from ali.connectors.contracts.registro import entry_subject, entry_text
from ali.connectors.contracts.shared import normalise_nif
from ali.errors import InvalidInput
from ali_sandbox.appointments import AppointmentBook, Booking, BookingRequest, Office, Service
from ali_sandbox.documents import normalise_csv
from ali_sandbox.documents.texts import TEXTS as CERTIFICATE_TEXTS
from ali_sandbox.errors import (
    InvalidApiKey,
    InvalidNotification,
    ReceiptNotPayable,
    UnknownCertificate,
    UnknownCitizen,
)
from ali_sandbox.gateway import PAGE_HEADERS, PaymentGateway, payment_page, result_page
from ali_sandbox.identity import DemoIdentityProvider
from ali_sandbox.padron import PadronRegister, StoredCertificate
from ali_sandbox.padron_certificates import CertificateIssuer, CertificateRequest
from ali_sandbox.registro import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    EntryKind,
    EntryRequest,
    GeneralRegistry,
    InvalidAttachment,
    RegistryEntry,
    Upload,
)
from ali_sandbox.schemas import (
    DemoCitizenOut,
    NotificationOut,
    RegistryStatusIn,
    SandboxHealth,
    TokenRequest,
    TokenResponse,
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
from ali_sandbox.verification import (
    SECURITY_HEADERS,
    DocumentArchive,
    IssuedDocument,
    find_document,
    verification_page,
)

ERROR = {"description": 'JSON `{"error": Name, "detail": ...}`'}
CERTIFICATE_LANGUAGES = frozenset(CERTIFICATE_TEXTS)

MAX_FORM_BODY = 16 * 1024


def citizen_nif(
    x_citizen_nif: Annotated[str | None, Header(max_length=20)] = None,
    nif: Annotated[str | None, Query(max_length=20)] = None,
) -> str:
    """The citizen's NIF from the `X-Citizen-Nif` header (what ALI sends: headers stay out of
    access logs and proxies' URLs) or the `nif` query parameter (for a browser or curl),
    validated like one in a body (422 `InvalidInput` if missing or malformed)."""
    value = x_citizen_nif if x_citizen_nif is not None else nif
    if value is None:
        raise InvalidInput("The citizen's NIF is required (X-Citizen-Nif header or nif query).")
    try:
        return normalise_nif(value)
    except ValueError:
        raise InvalidInput("nif: not a valid DNI or NIE.") from None


CitizenNif = Annotated[str, Depends(citizen_nif)]
# The fields of a registry filing (multipart/form-data), validated like a JSON body's.
FormNif = Annotated[str, Form(max_length=20), AfterValidator(normalise_nif)]
EntrySubject = Annotated[str, Form(min_length=3, max_length=200), AfterValidator(entry_subject)]
EntryText = Annotated[str, Form(min_length=10, max_length=5000), AfterValidator(entry_text)]
IdempotencyKey = Annotated[str, Form(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]
EntryNumber = Annotated[str, Path(max_length=32)]
# A payment order id as the gateway pages take it: twelve digits.
OrderId = Annotated[str, Query(pattern=r"^[0-9]{12}$")]


def api_key_check(settings: SandboxSettings) -> Callable[[str | None], None]:
    """The dependency that refuses a request without the sandbox's `X-Api-Key` (401)."""

    def require_api_key(x_api_key: Annotated[str | None, Header()] = None) -> None:
        expected = settings.api_key.get_secret_value().encode()
        if x_api_key is None or not hmac.compare_digest(x_api_key.encode(), expected):
            raise InvalidApiKey()

    return require_api_key


def health_router() -> APIRouter:
    router = APIRouter(prefix="/sandbox", tags=["sandbox"])

    @router.get("/healthz", response_model=SandboxHealth)
    async def healthz() -> SandboxHealth:
        return SandboxHealth()

    return router


def identity_router(provider: DemoIdentityProvider, register: PadronRegister) -> APIRouter:
    router = APIRouter(prefix="/idp", tags=["demo identity provider"])

    @router.get("/jwks.json")
    def jwks() -> dict[str, Any]:
        """The public keys that verify the demo tokens (configure ALI's `jwks_url` with this)."""
        return provider.jwks()

    @router.get("/citizens", response_model=list[DemoCitizenOut])
    def citizens() -> list[DemoCitizenOut]:
        """The FAKE demo citizens one can sign in as (for a sign-in picker)."""
        return [DemoCitizenOut(nif=c.nif, name=c.full_name) for c in register.citizens()]

    @router.post("/token", response_model=TokenResponse, responses={404: ERROR, 422: ERROR})
    def token(body: TokenRequest) -> TokenResponse:
        """Sign in as a demo citizen: a JWT (RS256) for audience `ali`, valid one hour."""
        citizen = register.citizen(body.nif)
        if citizen is None:
            raise UnknownCitizen()
        access_token = provider.issue_token(citizen.nif, citizen.full_name)
        return TokenResponse(access_token=access_token, expires_in=3600)

    return router


def padron_router(settings: SandboxSettings, issuer: CertificateIssuer) -> APIRouter:
    router = APIRouter(
        prefix="/padron", tags=["padrón"], dependencies=[Depends(api_key_check(settings))]
    )

    @router.post(
        "/certificates",
        response_model=padron.IssuedCertificate,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": padron.IssuedCertificate, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def issue_certificate(
        body: padron.CertificateRequest, response: Response
    ) -> padron.IssuedCertificate:
        """Issue (render, seal, store) a padrón certificate for a registered citizen, in
        Spanish, Valencian or English (422 `InvalidInput` for any other language)."""
        if body.language not in CERTIFICATE_LANGUAGES:
            raise InvalidInput("language: certificates are issued in es, va or en.")
        issued = issuer.issue(
            CertificateRequest(
                nif=body.nif,
                kind=body.kind,
                purpose=body.purpose,
                language=body.language,
                idempotency_key=body.idempotency_key,
            )
        )
        if not issued.created:
            response.status_code = status.HTTP_200_OK
        time.sleep(settings.answer_delay("padron.certificates"))
        return certificate_out(settings, issued.certificate)

    return router


def appointments_router(settings: SandboxSettings, book: AppointmentBook) -> APIRouter:
    router = APIRouter(
        prefix="/citas", tags=["cita previa"], dependencies=[Depends(api_key_check(settings))]
    )

    @router.get(
        "/services", response_model=list[appointments.AppointmentService], responses={401: ERROR}
    )
    def services() -> list[appointments.AppointmentService]:
        """The services one can book an appointment for, named in es/va/en."""
        return [_service_out(service) for service in book.services()]

    @router.get(
        "/offices",
        response_model=list[appointments.AppointmentOffice],
        responses={401: ERROR, 404: ERROR},
    )
    def offices(
        service: Annotated[str, Query(max_length=32)],
    ) -> list[appointments.AppointmentOffice]:
        """The offices that offer `service`, by name (404 `UnknownService`)."""
        return [_office_out(office) for office in book.offices(service)]

    @router.get(
        "/slots",
        response_model=list[appointments.AppointmentSlot],
        responses={401: ERROR, 404: ERROR, 422: ERROR},
    )
    def slots(
        service: Annotated[str, Query(max_length=32)],
        office: Annotated[str, Query(max_length=64)],
        day: Annotated[dt.date, Query(alias="date")],
    ) -> list[appointments.AppointmentSlot]:
        """The free slots of `service` at `office` on `date` (YYYY-MM-DD), earliest first, with
        Madrid's offset. A past day, a weekend or a day beyond the 20-weekday booking window has
        none (an empty list); a malformed date is 422 `InvalidInput`; an unknown service is 404
        `UnknownService`, an office that does not offer it 404 `UnknownOffice`."""
        return [
            appointments.AppointmentSlot(slot_id=slot.slot_id, starts_at=slot.starts_at)
            for slot in book.free_slots(service, office, day)
        ]

    @router.post(
        "/bookings",
        response_model=appointments.Booking,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": appointments.Booking, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def create_booking(
        body: appointments.BookingRequest, response: Response
    ) -> appointments.Booking:
        """Book a slot for a demo citizen. 404 `UnknownCitizen` / `UnknownSlot`; 409 `SlotTaken`,
        `SlotInThePast`, `TooManyBookings` (3 upcoming at most) or `IdempotencyConflict`."""
        booked = book.book(
            BookingRequest(nif=body.nif, slot_id=body.slot_id, idempotency_key=body.idempotency_key)
        )
        if not booked.created:
            response.status_code = status.HTTP_200_OK
        time.sleep(settings.answer_delay("citas.bookings"))
        return booking_out(booked.booking)

    @router.get(
        "/bookings",
        response_model=list[appointments.Booking],
        responses={401: ERROR, 404: ERROR, 422: ERROR},
    )
    def bookings(nif: CitizenNif) -> list[appointments.Booking]:
        """The citizen's upcoming appointments, earliest first (404 `UnknownCitizen`)."""
        return [booking_out(booking) for booking in book.bookings_of(nif)]

    @router.delete(
        "/bookings/{reference}",
        response_model=appointments.Cancellation,
        responses={401: ERROR, 404: ERROR, 409: ERROR, 422: ERROR},
    )
    def cancel_booking(
        reference: Annotated[str, Path(max_length=32)],
        nif: CitizenNif,
        idempotency_key: Annotated[
            str | None, Header(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")
        ] = None,
    ) -> appointments.Cancellation:
        """Cancel the citizen's appointment, freeing its slot; repeating it changes nothing.
        Another citizen's booking is 404 `UnknownBooking`, like one that does not exist; one
        that has already started is 409 `BookingInThePast`. An `Idempotency-Key` header records
        the cancellation under it (409 `IdempotencyConflict` if the key cancelled another
        booking), for `GET /citas/cancellations/requests/{key}`."""
        cancelled = book.cancel(nif, reference.strip().upper(), idempotency_key)
        time.sleep(settings.answer_delay("citas.cancellations"))
        return appointments.Cancellation(reference=cancelled.reference)

    return router


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


def verification_router(
    settings: SandboxSettings, archives: Sequence[DocumentArchive]
) -> APIRouter:
    """The public check and download of every sealed document, whichever archive keeps it
    (padrón certificates, registry receipts, payment documents)."""
    router = APIRouter(tags=["public verification"])

    def lookup(csv: str) -> IssuedDocument | None:
        code = normalise_csv(csv)
        return find_document(archives, code) if code is not None else None

    @router.get("/verify", response_class=HTMLResponse)
    def verify(csv: Annotated[str | None, Query()] = None) -> HTMLResponse:
        """The sede's check: does this Código Seguro de Verificación match a document?"""
        document = lookup(csv) if csv is not None else None
        page = verification_page(
            action=f"{settings.public_url}/verify",
            typed=csv,
            document=document,
            download_url=download_url(settings, document.csv) if document else "",
        )
        found = csv is None or document is not None
        return HTMLResponse(
            page,
            status_code=status.HTTP_200_OK if found else status.HTTP_404_NOT_FOUND,
            headers=SECURITY_HEADERS,
        )

    @router.get(
        "/verify/{csv}.pdf",
        response_class=Response,
        responses={200: {"content": {"application/pdf": {}}}, 404: ERROR},
    )
    def download(csv: str) -> Response:
        """The sealed PDF of the document with this CSV (404 `UnknownCertificate`, whatever
        the kind of document asked for)."""
        document = lookup(csv)
        if document is None:
            raise UnknownCertificate()
        return Response(
            document.pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{document.csv}.pdf"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return router


def registro_router(settings: SandboxSettings, registry: GeneralRegistry) -> APIRouter:
    router = APIRouter(
        prefix="/registro",
        tags=["registro electrónico general"],
        dependencies=[Depends(api_key_check(settings))],
    )

    @router.post(
        "/entries",
        response_model=registro.RegistryEntry,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": registro.RegistryEntry, "description": "Repeated idempotency key"},
            401: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    async def file_entry(
        nif: FormNif,
        kind: Annotated[EntryKind, Form()],
        subject: EntrySubject,
        text: EntryText,
        idempotency_key: IdempotencyKey,
        response: Response,
        language: Annotated[Language, Form()] = "es",
        attachments: Annotated[list[UploadFile] | None, File()] = None,
    ) -> registro.RegistryEntry:
        """File an instancia general or a complaint/suggestion (multipart/form-data) with up
        to 5 `attachments`: PDF, JPEG or PNG by content, 10 MiB each, 20 MiB in all (422
        `InvalidAttachment` naming the file). Anyone with a valid NIF may file. Answers the
        entry number and the sealed receipt (public `receipt_url`); a repeated idempotency
        key answers 200 with the same entry, one used for another filing 409
        `IdempotencyConflict`."""
        if language not in CERTIFICATE_LANGUAGES:
            raise InvalidInput("language: receipts are issued in es, va or en.")
        uploads = attachments or []
        if len(uploads) > MAX_ATTACHMENTS:
            raise InvalidAttachment(f"At most {MAX_ATTACHMENTS} attachments may be filed.")
        files = tuple(
            [
                Upload(upload.filename, await upload.read(MAX_ATTACHMENT_BYTES + 1))
                for upload in uploads
            ]
        )
        filed = await run_in_threadpool(
            registry.file,
            EntryRequest(
                nif=nif,
                kind=kind,
                subject=subject,
                text=text,
                language=language,
                idempotency_key=idempotency_key,
                attachments=files,
            ),
        )
        if not filed.created:
            response.status_code = status.HTTP_200_OK
        await anyio.sleep(settings.answer_delay("registro.entries"))
        return entry_out(settings, filed.entry)

    @router.get(
        "/entries",
        response_model=list[registro.EntrySummary],
        responses={401: ERROR, 422: ERROR},
    )
    def entries(nif: CitizenNif) -> list[registro.EntrySummary]:
        """The citizen's entries, newest first (none for a NIF that never filed)."""
        return [_entry_summary_out(entry) for entry in registry.entries_of(nif)]

    @router.get(
        "/entries/{number}",
        response_model=registro.EntryStatus,
        responses={401: ERROR, 404: ERROR, 422: ERROR},
    )
    def entry(number: EntryNumber, nif: CitizenNif) -> registro.EntryStatus:
        """The entry's status and history. Another citizen's entry is 404 `UnknownEntry`,
        like one that does not exist."""
        return _entry_status_out(registry.entry(nif, number.strip().upper()))

    @router.post(
        "/entries/{number}/status",
        response_model=registro.EntryStatus,
        responses={401: ERROR, 404: ERROR, 409: ERROR, 422: ERROR},
    )
    def update_status(number: EntryNumber, body: RegistryStatusIn) -> registro.EntryStatus:
        """SANDBOX staff step, for demos and tests: a new status (`in-progress`, `resolved`,
        `rejected`) with an optional note, added to the history. 409 `EntryClosed` once
        resolved or rejected."""
        updated = registry.update_status(number.strip().upper(), body.status, body.note)
        return _entry_status_out(updated)

    return router


def entry_out(settings: SandboxSettings, entry: RegistryEntry) -> registro.RegistryEntry:
    return registro.RegistryEntry(
        number=entry.number,
        kind=entry.kind,
        status=entry.status,
        registered_at=entry.registered_at,
        department=entry.department,
        csv=entry.csv,
        receipt_url=download_url(settings, entry.csv),
        verify_url=verify_url(settings, entry.csv),
        attachments=[
            registro.EntryAttachment.model_validate(attachment, from_attributes=True)
            for attachment in entry.attachments
        ],
    )


def _entry_summary_out(entry: RegistryEntry) -> registro.EntrySummary:
    return registro.EntrySummary(
        number=entry.number,
        kind=entry.kind,
        subject=entry.subject,
        status=entry.status,
        department=entry.department,
        registered_at=entry.registered_at,
        updated_at=entry.updated_at,
    )


def _entry_status_out(entry: RegistryEntry) -> registro.EntryStatus:
    return registro.EntryStatus(
        **_entry_summary_out(entry).model_dump(),
        history=[
            registro.EntryHistoryItem(status=event.status, at=event.at, note=event.note)
            for event in entry.history
        ],
    )


def download_url(settings: SandboxSettings, csv: str) -> str:
    return f"{settings.public_url}/verify/{csv}.pdf"


def verify_url(settings: SandboxSettings, csv: str) -> str:
    return f"{settings.public_url}/verify?csv={csv}"


def certificate_out(
    settings: SandboxSettings, certificate: StoredCertificate
) -> padron.IssuedCertificate:
    return padron.IssuedCertificate(
        csv=certificate.csv,
        kind=certificate.kind,
        issued_at=certificate.issued_at,
        download_url=download_url(settings, certificate.csv),
        verify_url=verify_url(settings, certificate.csv),
    )


def _service_out(service: Service) -> appointments.AppointmentService:
    return appointments.AppointmentService(
        code=service.code,
        name=shared.LocalName(es=service.name_es, va=service.name_va, en=service.name_en),
    )


def _office_out(office: Office) -> appointments.AppointmentOffice:
    return appointments.AppointmentOffice(id=office.id, name=office.name, address=office.address)


def booking_out(booking: Booking) -> appointments.Booking:
    return appointments.Booking(
        reference=booking.reference,
        status=booking.status,
        starts_at=booking.starts_at,
        office=_office_out(booking.office),
        service=_service_out(booking.service),
    )
