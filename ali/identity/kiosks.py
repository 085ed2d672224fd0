"""Kiosk authentication: an API key per kiosk (stored hashed) and, for actions, a citizen
identity assertion signed by the kiosk (what its DNIe reader produced), checked with the
kiosk's registered public key.

Headers: `X-Kiosk-Id`, `X-Kiosk-Key`, and optionally `X-Citizen-Assertion` — a JWT (RS256 or
ES256) with `iss` = kiosk id, `aud` = council id, `nif`, `iat` and an `exp` at most five minutes
later. An assertion is only as good as the kiosk's key: keep it in the kiosk's secure element.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from stdnum.es import dni, nie

from ali.catalogue.schema import Kiosk
from ali.connectors.base import Citizen
from ali.errors import AliError, CatalogueError

MAX_ASSERTION_SECONDS = 300


class InvalidKioskCredentials(AliError):
    status_code = 401
    public_detail = "The kiosk credentials are not valid."


class KioskAuthenticator:
    def __init__(self, council_id: str, kiosks: list[Kiosk]) -> None:
        self._council_id = council_id
        self._kiosks = {kiosk.id: kiosk for kiosk in kiosks}
        self._keys: dict[str, Any] = {}
        for kiosk in kiosks:
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
