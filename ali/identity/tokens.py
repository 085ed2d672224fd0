"""Verifying a citizen's sign-in token (a JWT) against the council's identity provider.

The signature is checked with the issuer's public keys (JWKS), then the issuer, audience and
expiry; the NIF claim must be a valid Spanish DNI or NIE. Nothing about the token is trusted
before that, and a failure never says which check failed (no oracle for forgers).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jwt
from stdnum.es import dni, nie

from ali.catalogue.schema import IdentityProvider
from ali.connectors.base import Citizen
from ali.errors import CatalogueError, IdentityUnavailable, InvalidToken

_LEEWAY_SECONDS = 30


class TokenVerifier:
    def __init__(self, provider: IdentityProvider, council_dir: Path) -> None:
        self._provider = provider
        self._client: jwt.PyJWKClient | None = None
        self._keys: dict[str, jwt.PyJWK] = {}
        if provider.jwks_url is not None:
            self._client = jwt.PyJWKClient(str(provider.jwks_url), cache_keys=True, timeout=5)
        else:
            assert provider.jwks_file is not None
            self._keys = _read_jwks(council_dir / provider.jwks_file)

    def verify(self, token: str) -> Citizen:
        try:
            key = self._key(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=self._provider.algorithms,
                audience=self._provider.audience,
                issuer=self._provider.issuer,
                leeway=_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWKClientConnectionError as exc:
            raise IdentityUnavailable() from exc
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise InvalidToken() from exc
        nif = str(claims.get(self._provider.nif_claim, "")).upper().replace("-", "")
        if not (dni.is_valid(nif) or nie.is_valid(nif)):
            raise InvalidToken()
        name = claims.get("name")
        return Citizen(nif=nif, name=str(name) if name else None)

    def _key(self, token: str) -> Any:
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token).key
        kid = jwt.get_unverified_header(token).get("kid")
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values())).key
        return self._keys[str(kid)].key


def _read_jwks(path: Path) -> dict[str, jwt.PyJWK]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        keys = [jwt.PyJWK(entry) for entry in document["keys"]]
    except (OSError, ValueError, KeyError, jwt.PyJWTError) as exc:
        raise CatalogueError(f"{path}: not a usable JWKS file: {exc}") from exc
    return {str(key.key_id or index): key for index, key in enumerate(keys)}
