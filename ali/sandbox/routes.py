"""The sandbox's HTTP routes, one router per concern, built around the services they use."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Response, status
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator

from ali.documents import normalise_csv
from ali.sandbox.appointments import AppointmentBook, Booking, BookingRequest, Office, Service
from ali.sandbox.certificates import CertificateIssuer, CertificateRequest
from ali.sandbox.errors import InvalidApiKey, UnknownCertificate, UnknownCitizen
from ali.sandbox.identity import DemoIdentityProvider
from ali.sandbox.register import PadronRegister, StoredCertificate
from ali.sandbox.schemas import (
    BookingIn,
    BookingOut,
    CancelledOut,
    CertificateIn,
    CertificateOut,
    DemoCitizenOut,
    OfficeOut,
    SandboxHealth,
    ServiceName,
    ServiceOut,
    SlotOut,
    TokenRequest,
    TokenResponse,
    normalise_nif,
)
from ali.sandbox.settings import SandboxSettings
from ali.sandbox.verification import SECURITY_HEADERS, verification_page

ERROR = {"description": 'JSON `{"error": Name, "detail": ...}`'}

# A NIF in the query string, validated like one in a body (422 `InvalidInput` if malformed).
CitizenNif = Annotated[str, Query(max_length=20), AfterValidator(normalise_nif)]


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
        response_model=CertificateOut,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": CertificateOut, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def issue_certificate(body: CertificateIn, response: Response) -> CertificateOut:
        """Issue (render, seal, store) a padrón certificate for a registered citizen."""
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
        return _certificate_out(settings, issued.certificate)

    return router


def appointments_router(settings: SandboxSettings, book: AppointmentBook) -> APIRouter:
    router = APIRouter(
        prefix="/citas", tags=["cita previa"], dependencies=[Depends(api_key_check(settings))]
    )

    @router.get("/services", response_model=list[ServiceOut], responses={401: ERROR})
    def services() -> list[ServiceOut]:
        """The services one can book an appointment for, named in es/va/en."""
        return [_service_out(service) for service in book.services()]

    @router.get("/offices", response_model=list[OfficeOut], responses={401: ERROR, 404: ERROR})
    def offices(service: Annotated[str, Query(max_length=32)]) -> list[OfficeOut]:
        """The offices that offer `service`, by name (404 `UnknownService`)."""
        return [_office_out(office) for office in book.offices(service)]

    @router.get(
        "/slots", response_model=list[SlotOut], responses={401: ERROR, 404: ERROR, 422: ERROR}
    )
    def slots(
        service: Annotated[str, Query(max_length=32)],
        office: Annotated[str, Query(max_length=64)],
        day: Annotated[dt.date, Query(alias="date")],
    ) -> list[SlotOut]:
        """The free slots of `service` at `office` on `date` (YYYY-MM-DD), earliest first, with
        Madrid's offset. A past day, a weekend or a day beyond the 20-weekday booking window has
        none (an empty list); a malformed date is 422 `InvalidInput`; an unknown service is 404
        `UnknownService`, an office that does not offer it 404 `UnknownOffice`."""
        return [
            SlotOut(slot_id=slot.slot_id, starts_at=slot.starts_at)
            for slot in book.free_slots(service, office, day)
        ]

    @router.post(
        "/bookings",
        response_model=BookingOut,
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"model": BookingOut, "description": "Repeated idempotency key"},
            401: ERROR,
            404: ERROR,
            409: ERROR,
            422: ERROR,
        },
    )
    def create_booking(body: BookingIn, response: Response) -> BookingOut:
        """Book a slot for a demo citizen. 404 `UnknownCitizen` / `UnknownSlot`; 409 `SlotTaken`,
        `SlotInThePast`, `TooManyBookings` (3 upcoming at most) or `IdempotencyConflict`."""
        booked = book.book(
            BookingRequest(nif=body.nif, slot_id=body.slot_id, idempotency_key=body.idempotency_key)
        )
        if not booked.created:
            response.status_code = status.HTTP_200_OK
        return _booking_out(booked.booking)

    @router.get(
        "/bookings", response_model=list[BookingOut], responses={401: ERROR, 404: ERROR, 422: ERROR}
    )
    def bookings(nif: CitizenNif) -> list[BookingOut]:
        """The citizen's upcoming appointments, earliest first (404 `UnknownCitizen`)."""
        return [_booking_out(booking) for booking in book.bookings_of(nif)]

    @router.delete(
        "/bookings/{reference}",
        response_model=CancelledOut,
        responses={401: ERROR, 404: ERROR, 409: ERROR, 422: ERROR},
    )
    def cancel_booking(
        reference: Annotated[str, Path(max_length=32)], nif: CitizenNif
    ) -> CancelledOut:
        """Cancel the citizen's appointment, freeing its slot; repeating it changes nothing.
        Another citizen's booking is 404 `UnknownBooking`, like one that does not exist; one
        that has already started is 409 `BookingInThePast`."""
        cancelled = book.cancel(nif, reference.strip().upper())
        return CancelledOut(reference=cancelled.reference)

    return router


def verification_router(settings: SandboxSettings, register: PadronRegister) -> APIRouter:
    router = APIRouter(tags=["public verification"])

    @router.get("/verify", response_class=HTMLResponse)
    def verify(csv: Annotated[str | None, Query()] = None) -> HTMLResponse:
        """The sede's check: does this Código Seguro de Verificación match a document?"""
        code = normalise_csv(csv) if csv is not None else None
        certificate = register.certificate(code) if code is not None else None
        page = verification_page(
            action=f"{settings.public_url}/verify",
            typed=csv,
            certificate=certificate,
            download_url=download_url(settings, certificate.csv) if certificate else "",
        )
        found = csv is None or certificate is not None
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
        """The sealed PDF of the document with this CSV."""
        code = normalise_csv(csv)
        certificate = register.certificate(code) if code is not None else None
        if certificate is None:
            raise UnknownCertificate()
        return Response(
            certificate.pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{certificate.csv}.pdf"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return router


def download_url(settings: SandboxSettings, csv: str) -> str:
    return f"{settings.public_url}/verify/{csv}.pdf"


def verify_url(settings: SandboxSettings, csv: str) -> str:
    return f"{settings.public_url}/verify?csv={csv}"


def _certificate_out(settings: SandboxSettings, certificate: StoredCertificate) -> CertificateOut:
    return CertificateOut(
        csv=certificate.csv,
        kind=certificate.kind,
        issued_at=certificate.issued_at,
        download_url=download_url(settings, certificate.csv),
        verify_url=verify_url(settings, certificate.csv),
    )


def _service_out(service: Service) -> ServiceOut:
    return ServiceOut(
        code=service.code,
        name=ServiceName(es=service.name_es, va=service.name_va, en=service.name_en),
    )


def _office_out(office: Office) -> OfficeOut:
    return OfficeOut(id=office.id, name=office.name, address=office.address)


def _booking_out(booking: Booking) -> BookingOut:
    return BookingOut(
        reference=booking.reference,
        status=booking.status,
        starts_at=booking.starts_at,
        office=_office_out(booking.office),
        service=_service_out(booking.service),
    )
