"""Kiosk authentication: an API key per kiosk (stored hashed) and, for actions, a citizen
identity assertion signed by the kiosk (what its DNIe reader produced), checked with the
kiosk's registered public key.

Headers: `X-Kiosk-Id`, `X-Kiosk-Key`, and optionally `X-Citizen-Assertion` — a JWT (RS256 or
ES256) with `iss` = kiosk id, `aud` = council id, `nif`, `iat` and an `exp` at most five minutes
later. An assertion is only as good as the kiosk's key: keep it in the kiosk's secure element.

A key that has been published (the sandbox's demo kiosk's, whose keys are public so the
try-out screen works out of the box) lets anyone sign as that kiosk: in production a council
listing a kiosk whose API key or public key is one of `identity.refused_kiosk_keys` (sha256
fingerprints, see `ali.settings`) does not load.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection
from typing import Any

import jwt
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)
from stdnum.es import dni, nie

from ali.catalogue.profile import Kiosk
from ali.errors import AliError, CatalogueError
from ali.identity.citizen import Citizen

MAX_ASSERTION_SECONDS = 300


class InvalidKioskCredentials(AliError):
    status_code = 401
    public_detail = "The kiosk credentials are not valid."


def public_key_fingerprint(public_key_pem: str) -> str | None:
    """The sha256 (hex) of a PEM public key's DER SubjectPublicKeyInfo; None if unreadable."""
    try:
        key = load_pem_public_key(public_key_pem.encode())
    except ValueError:
        return None
    return hashlib.sha256(
        key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    ).hexdigest()


def uses_refused_key(kiosk: Kiosk, refused: Collection[str]) -> bool:
    """Whether this kiosk's API key (its sha256) or public key (its fingerprint) is refused."""
    fingerprints = {fingerprint.strip().lower() for fingerprint in refused}
    if kiosk.api_key_sha256.lower() in fingerprints:
        return True
    return public_key_fingerprint(kiosk.public_key) in fingerprints


class KioskAuthenticator:
    """Authenticates a council's kiosks; a council listing a kiosk whose API key or public key
    is among `refused_keys` (published keys, refused in production) does not load."""

    def __init__(
        self, council_id: str, kiosks: list[Kiosk], *, refused_keys: Collection[str] = ()
    ) -> None:
        self._council_id = council_id
        self._kiosks = {kiosk.id: kiosk for kiosk in kiosks}
        self._keys: dict[str, Any] = {}
        for kiosk in kiosks:
            if uses_refused_key(kiosk, refused_keys):
                raise CatalogueError(
                    f"{council_id}: kiosk {kiosk.id} uses a published key (one of "
                    "identity.refused_kiosk_keys, such as the sandbox's demo kiosk's); "
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
        return Citizen(nif=nif, name=str(name) if name else None, kiosk=kiosk_id)
