"""Kiosk credentials and signed citizen assertions, with real EC keys."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ali.catalogue.schema import Kiosk
from ali.identity.kiosks import InvalidKioskCredentials, KioskAuthenticator

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


@pytest.fixture
def key() -> ec.EllipticCurvePrivateKey:
    return kiosk_key()


@pytest.fixture
def kiosks(key: ec.EllipticCurvePrivateKey) -> KioskAuthenticator:
    return KioskAuthenticator("alicante", [register(key)])


def test_a_kiosk_without_a_citizen_is_anonymous(kiosks: KioskAuthenticator) -> None:
    assert kiosks.authenticate("kiosk-1", API_KEY, None) is None


def test_a_signed_assertion_identifies_the_citizen(kiosks: KioskAuthenticator, key) -> None:  # type: ignore[no-untyped-def]
    citizen = kiosks.authenticate("kiosk-1", API_KEY, assertion(key))
    assert citizen is not None and citizen.nif == "12345678Z"


@pytest.mark.parametrize(("kiosk_id", "api_key"), [("kiosk-1", "wrong"), ("kiosk-9", API_KEY)])
def test_wrong_kiosk_credentials(kiosks: KioskAuthenticator, kiosk_id: str, api_key: str) -> None:
    with pytest.raises(InvalidKioskCredentials):
        kiosks.authenticate(kiosk_id, api_key, None)


@pytest.mark.parametrize(
    "overrides",
    [
        {"aud": "jaen"},
        {"iss": "kiosk-2"},
        {"nif": "00000000A"},
        {"exp": int(time.time()) + 3600},  # lives too long
        {"exp": int(time.time()) - 60},
    ],
)
def test_bad_assertions(kiosks: KioskAuthenticator, key, overrides) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidKioskCredentials):
        kiosks.authenticate("kiosk-1", API_KEY, assertion(key, **overrides))


def test_an_assertion_signed_by_another_device(kiosks: KioskAuthenticator) -> None:
    with pytest.raises(InvalidKioskCredentials):
        kiosks.authenticate("kiosk-1", API_KEY, assertion(kiosk_key()))
