"""The sandbox's HTTP routes, one router per concern, built around the services they use."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response, status
from fastapi.responses import HTMLResponse

from ali.documents import normalise_csv
from ali.sandbox.certificates import CertificateIssuer, CertificateRequest
from ali.sandbox.errors import InvalidApiKey, UnknownCertificate, UnknownCitizen
from ali.sandbox.identity import DemoIdentityProvider
from ali.sandbox.register import PadronRegister, StoredCertificate
from ali.sandbox.schemas import (
    CertificateIn,
    CertificateOut,
    DemoCitizenOut,
    SandboxHealth,
    TokenRequest,
    TokenResponse,
)
from ali.sandbox.settings import SandboxSettings
from ali.sandbox.verification import SECURITY_HEADERS, verification_page

ERROR = {"description": 'JSON `{"error": Name, "detail": ...}`'}


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
    def require_api_key(x_api_key: Annotated[str | None, Header()] = None) -> None:
        expected = settings.api_key.get_secret_value().encode()
        if x_api_key is None or not hmac.compare_digest(x_api_key.encode(), expected):
            raise InvalidApiKey()

    router = APIRouter(prefix="/padron", tags=["padrón"], dependencies=[Depends(require_api_key)])

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
