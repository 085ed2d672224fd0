"""Kiosk credentials and signed citizen assertions, with real EC keys."""

from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from ali.identity.kiosks import InvalidKioskCredentials, KioskAuthenticator
from tests.support.identity import API_KEY, assertion, kiosk_key, register


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
