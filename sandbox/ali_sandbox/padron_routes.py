"""The sandbox's padrón system: issuing sealed certificates."""

from __future__ import annotations

import time

from fastapi import (
    APIRouter,
    Depends,
    Response,
    status,
)

from ali.connectors.contracts import padron
from ali.errors import InvalidInput
from ali_sandbox.padron import StoredCertificate
from ali_sandbox.padron_certificates import CertificateIssuer, CertificateRequest
from ali_sandbox.routes import (
    CERTIFICATE_LANGUAGES,
    ERROR,
    api_key_check,
    download_url,
    verify_url,
)
from ali_sandbox.settings import SandboxSettings


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
