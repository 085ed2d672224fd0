"""Verifying a citizen's sign-in token (a JWT) against the council's identity provider.

The signature is checked with the issuer's public keys (JWKS, see `ali.identity.jwks`: kept
fresh, so a key the provider revokes stops being trusted), then the issuer, audience and
expiry; the NIF claim must be a valid Spanish DNI or NIE. Nothing about the token is trusted
before that, and a failure never says which check failed (no oracle for forgers).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jwt
from stdnum.es import dni, nie

from ali.catalogue.profile import IdentityProvider
from ali.errors import InvalidToken
from ali.identity.citizen import Citizen
from ali.identity.jwks import Clock, FileKeyRing, KeyRing, RemoteKeyRing, fetch_jwks

_LEEWAY_SECONDS = 30


def key_ring(
    provider: IdentityProvider,
    council_dir: Path,
    *,
    lifespan: float = 300.0,
    min_refresh: float = 30.0,
    clock: Clock = time.monotonic,
) -> KeyRing:
    """The provider's keys: fetched from its `jwks_url` (cached for `lifespan` seconds, fetched
    again on an unknown kid at most every `min_refresh` seconds) or read from its `jwks_file`
    (read again when it changes)."""
    if provider.jwks_url is not None:
        url = str(provider.jwks_url)
        return RemoteKeyRing(
            lambda: fetch_jwks(url), lifespan=lifespan, min_refresh=min_refresh, clock=clock
        )
    assert provider.jwks_file is not None
    return FileKeyRing(council_dir / provider.jwks_file)


class TokenVerifier:
    def __init__(
        self,
        provider: IdentityProvider,
        council_dir: Path,
        *,
        keys: KeyRing | None = None,
        lifespan: float = 300.0,
        min_refresh: float = 30.0,
    ) -> None:
        self._provider = provider
        self._keys = keys or key_ring(
            provider, council_dir, lifespan=lifespan, min_refresh=min_refresh
        )

    def verify(self, token: str) -> Citizen:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._keys.key(None if kid is None else str(kid))
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=self._provider.algorithms,
                audience=self._provider.audience,
                issuer=self._provider.issuer,
                leeway=_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except (jwt.PyJWTError, KeyError, ValueError, TypeError) as exc:
            raise InvalidToken() from exc
        nif = str(claims.get(self._provider.nif_claim, "")).upper().replace("-", "")
        if not (dni.is_valid(nif) or nie.is_valid(nif)):
            raise InvalidToken()
        name = claims.get("name")
        return Citizen(nif=nif, name=str(name) if name else None)
