"""The SANDBOX's simulated kiosk agent: what runs inside a real street kiosk next to its screen
(its DNIe card reader and the key store that signs citizen identity assertions), simulated for
the demo kiosk `kiosk-demo` so the try-out screen at ALI's `/kiosk/` works out of the box.

Nothing here is secret, on purpose: the API key and the signing key are derived from published
constants (`ali_sandbox.demo_kiosk`), so anyone can act as this kiosk and ALI refuses to load
a council listing it in production. A real kiosk reads the DNIe chip (and its PIN), keeps its
private key in a secure element and its API key out of the browser.

    GET  /kiosk-agent/credentials  -> {kiosk_id, api_key, council}
    POST /kiosk-agent/dnie {nif}   -> {assertion, name, expires_in}  (a demo citizen "inserts"
                                      their DNIe; 404 for anyone not in the sandbox padrón)
"""

from __future__ import annotations

import datetime as dt

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ali.connectors.contracts.shared import normalise_nif
from ali.identity.kiosks import MAX_ASSERTION_SECONDS
from ali_sandbox.demo_kiosk import DEMO_KIOSK_API_KEY, DEMO_KIOSK_ID, demo_kiosk_key
from ali_sandbox.errors import UnknownCitizen
from ali_sandbox.padron import PadronRegister

DEMO_COUNCIL = "alicante"
ALGORITHM = "ES256"
ERROR = {"description": 'JSON `{"error": Name, "detail": ...}`'}


class DnieIn(BaseModel):
    """What the simulated reader reads off the card: the citizen's NIF."""

    model_config = ConfigDict(extra="forbid")

    nif: str = Field(max_length=20)

    _valid_nif = field_validator("nif")(normalise_nif)


class KioskCredentialsOut(BaseModel):
    kiosk_id: str
    api_key: str
    council: str


class DnieAssertionOut(BaseModel):
    assertion: str
    name: str
    expires_in: int


class SimulatedKioskAgent:
    """The demo kiosk's DNIe reader and signer: signs an assertion for a citizen of the
    sandbox padrón, exactly as `ali.identity.kiosks.KioskAuthenticator` verifies them."""

    def __init__(
        self,
        register: PadronRegister,
        *,
        council: str = DEMO_COUNCIL,
        kiosk_id: str = DEMO_KIOSK_ID,
        key: ec.EllipticCurvePrivateKey | None = None,
        lifetime_seconds: int = MAX_ASSERTION_SECONDS,
    ) -> None:
        self._register = register
        self.council = council
        self.kiosk_id = kiosk_id
        self._key = key or demo_kiosk_key()
        self.lifetime_seconds = lifetime_seconds

    def credentials(self) -> KioskCredentialsOut:
        return KioskCredentialsOut(
            kiosk_id=self.kiosk_id, api_key=DEMO_KIOSK_API_KEY, council=self.council
        )

    def read_dnie(self, nif: str, *, now: dt.datetime | None = None) -> DnieAssertionOut:
        """The assertion the kiosk signs once a demo citizen's DNIe is read."""
        citizen = self._register.citizen(nif)
        if citizen is None:
            raise UnknownCitizen()
        issued = int((now or dt.datetime.now(dt.UTC)).timestamp())
        claims = {
            "iss": self.kiosk_id,
            "aud": self.council,
            "nif": citizen.nif,
            "name": citizen.full_name,
            "iat": issued,
            "exp": issued + self.lifetime_seconds,
        }
        return DnieAssertionOut(
            assertion=jwt.encode(claims, self._key, algorithm=ALGORITHM),
            name=citizen.full_name,
            expires_in=self.lifetime_seconds,
        )


def kiosk_agent_router(agent: SimulatedKioskAgent) -> APIRouter:
    router = APIRouter(prefix="/kiosk-agent", tags=["SANDBOX simulated kiosk agent"])

    @router.get("/credentials", response_model=KioskCredentialsOut)
    def credentials() -> KioskCredentialsOut:
        """SANDBOX: the demo kiosk's id and (published, not secret) API key."""
        return agent.credentials()

    @router.post("/dnie", response_model=DnieAssertionOut, responses={404: ERROR, 422: ERROR})
    def dnie(body: DnieIn) -> DnieAssertionOut:
        """SANDBOX: a demo citizen inserts their DNIe; an ES256 assertion valid five minutes."""
        return agent.read_dnie(body.nif)

    return router
