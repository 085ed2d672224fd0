"""Kiosk authentication: an API key per kiosk (stored hashed) and, for actions, a citizen
identity assertion signed by the kiosk (what its DNIe reader produced), checked with the
kiosk's registered public key.

Headers: `X-Kiosk-Id`, `X-Kiosk-Key`, and optionally `X-Citizen-Assertion` — a JWT (RS256 or
ES256) with `iss` = kiosk id, `aud` = council id, `nif`, `iat` and an `exp` at most five minutes
later. An assertion is only as good as the kiosk's key: keep it in the kiosk's secure element.

The sandbox simulates one kiosk, `kiosk-demo`, whose key is derived from a published constant
and whose API key is published too (so the try-out screen works out of the box). Anyone can
sign as it: a production deployment refuses to load a council that lists it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)
from stdnum.es import dni, nie

from ali.catalogue.schema import Kiosk
from ali.connectors.base import Citizen
from ali.errors import AliError, CatalogueError

MAX_ASSERTION_SECONDS = 300

# SANDBOX ONLY, public on purpose: the simulated kiosk of the sandbox back office.
SANDBOX_DEMO_KIOSK_ID = "kiosk-demo"
SANDBOX_DEMO_KIOSK_API_KEY = "sandbox-demo-kiosk"
SANDBOX_DEMO_KIOSK_SEED = b"ali-sandbox-demo-kiosk"
# The order of the P-256 group: the derived scalar must be below it.
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class InvalidKioskCredentials(AliError):
    status_code = 401
    public_detail = "The kiosk credentials are not valid."


def sandbox_demo_kiosk_key() -> ec.EllipticCurvePrivateKey:
    """The SANDBOX demo kiosk's signing key: the same on every machine, hence never trusted
    in production (see `uses_sandbox_demo_key`)."""
    seed = int.from_bytes(hashlib.sha256(SANDBOX_DEMO_KIOSK_SEED).digest(), "big")
    return ec.derive_private_key(seed % (_P256_ORDER - 1) + 1, ec.SECP256R1())


def sandbox_demo_kiosk_public_pem() -> str:
    public = sandbox_demo_kiosk_key().public_key()
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def uses_sandbox_demo_key(kiosk: Kiosk) -> bool:
    """Whether anyone could act as this kiosk: it has the sandbox's published API key or key."""
    demo_api_key = hashlib.sha256(SANDBOX_DEMO_KIOSK_API_KEY.encode()).hexdigest()
    if hmac.compare_digest(kiosk.api_key_sha256, demo_api_key):
        return True
    try:
        key = load_pem_public_key(kiosk.public_key.encode())
    except ValueError:
        return False
    spki = key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
    return spki == sandbox_demo_kiosk_public_pem()


class KioskAuthenticator:
    """Authenticates a council's kiosks; with `refuse_sandbox_demo` (production), a council
    listing a kiosk with the sandbox's published keys does not load."""

    def __init__(
        self, council_id: str, kiosks: list[Kiosk], *, refuse_sandbox_demo: bool = False
    ) -> None:
        self._council_id = council_id
        self._kiosks = {kiosk.id: kiosk for kiosk in kiosks}
        self._keys: dict[str, Any] = {}
        for kiosk in kiosks:
            if refuse_sandbox_demo and uses_sandbox_demo_key(kiosk):
                raise CatalogueError(
                    f"{council_id}: kiosk {kiosk.id} uses the sandbox's published demo keys; "
                    "remove it from council.yaml in production"
                )
            try:
                self._keys[kiosk.id] = load_pem_public_key(kiosk.public_key.encode())
            except ValueError as exc:
                raise CatalogueError(f"kiosk {kiosk.id}: unreadable public key") from exc

    def authenticate(self, kiosk_id: str, api_key: str, assertion: str | None) -> Citizen | None:
        """Checks the kiosk; returns the citizen its assertion names, or None without one."""
        kiosk = self._kiosks.get(kiosk_id)
        presented = hashlib.sha256(api_key.encode()).hexdigest()
        if kiosk is None or not hmac.compare_digest(presented, kiosk.api_key_sha256):
            raise InvalidKioskCredentials()
        if assertion is None:
            return None
        try:
            claims: dict[str, Any] = jwt.decode(
                assertion,
                self._keys[kiosk_id],
                algorithms=["RS256", "ES256"],
                audience=self._council_id,
                issuer=kiosk_id,
                leeway=10,
                options={"require": ["exp", "iat", "iss", "aud", "nif"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidKioskCredentials("The citizen identity assertion is not valid.") from exc
        if int(claims["exp"]) - int(claims["iat"]) > MAX_ASSERTION_SECONDS:
            raise InvalidKioskCredentials("The citizen identity assertion lives too long.")
        nif = str(claims["nif"]).upper()
        if not (dni.is_valid(nif) or nie.is_valid(nif)):
            raise InvalidKioskCredentials("The citizen identity assertion is not valid.")
        name = claims.get("name")
        return Citizen(nif=nif, name=str(name) if name else None)
