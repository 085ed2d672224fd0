"""Sign-in material with real keys: an identity provider's RSA key, its JWKS file and
tokens; a kiosk's EC key, its registration and the citizen assertions it signs."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ali.catalogue.profile import Kiosk

ISSUER = "https://idp.example.test"
AUDIENCE = "ali-alicante"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def write_jwks(path: Path, key: rsa.RSAPrivateKey, kid: str = "k1") -> None:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    path.write_text(json.dumps({"keys": [public | {"kid": kid, "use": "sig", "alg": "RS256"}]}))


def token(key: rsa.RSAPrivateKey, kid: str = "k1", **overrides: Any) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600, "nif": "12345678Z"}
    claims.update(overrides)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


API_KEY = "kiosk-secret-key"


def kiosk_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def register(key: ec.EllipticCurvePrivateKey, kiosk_id: str = "kiosk-1") -> Kiosk:
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return Kiosk(
        id=kiosk_id,
        api_key_sha256=hashlib.sha256(API_KEY.encode()).hexdigest(),
        public_key=pem.decode(),
    )


def assertion(key: ec.EllipticCurvePrivateKey, **overrides: Any) -> str:
    now = int(time.time())
    claims = {"iss": "kiosk-1", "aud": "alicante", "iat": now, "exp": now + 120}
    claims |= {"nif": "12345678Z"} | overrides
    return jwt.encode(claims, key, algorithm="ES256")
