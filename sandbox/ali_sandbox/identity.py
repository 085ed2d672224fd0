"""The demo identity provider: the sandbox's stand-in for the council's Cl@ve/eIDAS broker.

It exists only inside the sandbox app, which refuses to start in production. A citizen "signs
in" by picking a demo NIF (`GET /idp/citizens`) and asking for a token (`POST /idp/token`); the
token is a JWT signed RS256 with a key generated on first start and kept in `<data_dir>/idp/`.

To make ALI accept these tokens, configure the council's `identity` in `council.yaml` with:

    identity:
      issuer: "<public_url>/idp"         # e.g. http://127.0.0.1:8001/idp
      audience: "ali"
      jwks_url: "<public_url>/idp/jwks.json"
      nif_claim: "nif"
      algorithms: ["RS256"]

Claims: `iss`, `aud`, `nif`, `name`, `iat`, `exp` (one hour later); the header carries `kid`,
the RFC 7638 thumbprint of the public key, which is also the `kid` in the JWKS.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import jwt
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ali_sandbox.errors import IdentityKeyError

AUDIENCE = "ali"
ALGORITHM = "RS256"
KEY_FILE = "idp-key.pem"
TOKEN_LIFETIME = dt.timedelta(hours=1)
RSA_BITS = 2048


class DemoIdentityProvider:
    def __init__(
        self,
        private_key: rsa.RSAPrivateKey,
        issuer: str,
        *,
        audience: str = AUDIENCE,
        lifetime: dt.timedelta = TOKEN_LIFETIME,
    ) -> None:
        self._private_key = private_key
        self.issuer = issuer
        self.audience = audience
        self._lifetime = lifetime
        self._public_jwk = _public_jwk(private_key.public_key())
        self.kid = str(self._public_jwk["kid"])

    @classmethod
    def load_or_create(cls, folder: Path, issuer: str) -> DemoIdentityProvider:
        """The provider whose key is in `folder`, generating the key the first time."""
        return cls(_load_or_create_key(folder / KEY_FILE), issuer)

    def jwks(self) -> dict[str, Any]:
        """The public key set ALI fetches to verify tokens (never the private key)."""
        return {"keys": [dict(self._public_jwk)]}

    def issue_token(self, nif: str, name: str, *, now: dt.datetime | None = None) -> str:
        issued = now or dt.datetime.now(dt.UTC)
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": nif,
            "nif": nif,
            "name": name,
            "iat": int(issued.timestamp()),
            "exp": int((issued + self._lifetime).timestamp()),
        }
        return jwt.encode(claims, self._private_key, algorithm=ALGORITHM, headers={"kid": self.kid})


def _public_jwk(public_key: rsa.RSAPublicKey) -> dict[str, str]:
    numbers = public_key.public_numbers()
    required = {"e": _b64_uint(numbers.e), "kty": "RSA", "n": _b64_uint(numbers.n)}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode()
    kid = _b64(hashlib.sha256(canonical).digest())
    return {**required, "kid": kid, "use": "sig", "alg": ALGORITHM}


def _b64_uint(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _load_or_create_key(path: Path) -> rsa.RSAPrivateKey:
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise IdentityKeyError() from exc
        if not isinstance(key, rsa.RSAPrivateKey):
            raise IdentityKeyError("The sandbox identity provider's key must be RSA.")
        return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: written once; readable by its owner only.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        with os.fdopen(os.open(path, flags, 0o600), "wb") as key_file:
            key_file.write(pem)
    except FileExistsError:  # another process created it first: use theirs
        return _load_or_create_key(path)
    except OSError as exc:
        raise IdentityKeyError("The sandbox identity provider's key could not be written.") from exc
    return key
