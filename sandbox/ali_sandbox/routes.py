"""What the sandbox's routes share (the API key check, the citizen's NIF from a header, error
documentation, document links) and its routes outside the back-office systems: health, the
demo identity provider and the public CSV check. Each system's routes are in its own module
(`padron_routes`, `appointments_routes`, `tributos_routes`, `registro_routes`,
`open311_routes`), with the lookups by idempotency key in `lookup_routes`."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    Header,
    Query,
    Response,
    status,
)
from fastapi.responses import HTMLResponse

from ali.connectors.contracts.shared import normalise_nif
from ali.errors import InvalidInput
from ali_sandbox.documents import normalise_csv
from ali_sandbox.documents.texts import TEXTS as CERTIFICATE_TEXTS
from ali_sandbox.errors import (
    InvalidApiKey,
    UnknownCertificate,
    UnknownCitizen,
)
from ali_sandbox.identity import DemoIdentityProvider
from ali_sandbox.padron import PadronRegister
from ali_sandbox.schemas import (
    DemoCitizenOut,
    SandboxHealth,
    TokenRequest,
    TokenResponse,
)
from ali_sandbox.settings import SandboxSettings
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


def download_url(settings: SandboxSettings, csv: str) -> str:
    return f"{settings.public_url}/verify/{csv}.pdf"


def verify_url(settings: SandboxSettings, csv: str) -> str:
    return f"{settings.public_url}/verify?csv={csv}"
