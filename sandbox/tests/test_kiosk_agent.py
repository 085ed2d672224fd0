"""The SANDBOX's simulated kiosk agent: its published credentials and the DNIe assertions it
signs, checked by ALI's own kiosk authenticator configured from the Alicante profile."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from ali.catalogue import Catalogue
from ali.identity.kiosks import (
    MAX_ASSERTION_SECONDS,
    InvalidKioskCredentials,
    KioskAuthenticator,
    uses_refused_key,
)
from ali.settings import IdentitySettings
from ali_sandbox import SandboxSettings
from ali_sandbox.database import SandboxDatabase
from ali_sandbox.demo_kiosk import DEMO_KIOSK_API_KEY, demo_kiosk_public_pem, fingerprints
from ali_sandbox.kiosk_agent import SimulatedKioskAgent
from ali_sandbox.padron import PadronRegister
from sandbox.tests.conftest import MARIA

ASSERTION_ROUTE = "/kiosk-agent/dnie"


def read_dnie(sandbox: TestClient, nif: str = MARIA) -> dict[str, Any]:
    response = sandbox.post(ASSERTION_ROUTE, json={"nif": nif})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def alicante_kiosks(catalogue: Catalogue) -> KioskAuthenticator:
    return KioskAuthenticator("alicante", catalogue.profile.kiosks)


def test_a_card_of_someone_not_in_the_padron_is_refused(sandbox: TestClient) -> None:
    response = sandbox.post(ASSERTION_ROUTE, json={"nif": "12345678Z"})  # valid, not a demo one
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "UnknownCitizen"
    assert "12345678Z" not in body["detail"]


@pytest.mark.parametrize("body", [{"nif": "12345678A"}, {"nif": ""}, {}, {"nif": MARIA, "x": 1}])
def test_a_malformed_reading_is_refused(sandbox: TestClient, body: dict[str, Any]) -> None:
    response = sandbox.post(ASSERTION_ROUTE, json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"


def test_the_credentials_are_the_demo_kiosk_of_alicante(sandbox: TestClient) -> None:
    response = sandbox.get("/kiosk-agent/credentials")
    assert response.status_code == 200
    assert response.json() == {
        "kiosk_id": "kiosk-demo",
        "api_key": DEMO_KIOSK_API_KEY,
        "council": "alicante",
    }


def test_the_alicante_profile_lists_the_demo_kiosk(catalogue: Catalogue) -> None:
    [kiosk] = [kiosk for kiosk in catalogue.profile.kiosks if kiosk.id == "kiosk-demo"]
    assert kiosk.api_key_sha256 == hashlib.sha256(DEMO_KIOSK_API_KEY.encode()).hexdigest()
    assert kiosk.public_key.strip() == demo_kiosk_public_pem().strip()


def test_alis_default_refuses_the_demo_kiosk_keys_in_production(catalogue: Catalogue) -> None:
    refused = IdentitySettings().refused_kiosk_keys
    assert set(fingerprints()) <= set(refused)
    [kiosk] = [kiosk for kiosk in catalogue.profile.kiosks if kiosk.id == "kiosk-demo"]
    assert uses_refused_key(kiosk, [fingerprints()[0]])  # by its API key
    assert uses_refused_key(kiosk, [fingerprints()[1]])  # by its public key


def test_the_assertion_is_what_the_authenticator_expects(sandbox: TestClient) -> None:
    answer = read_dnie(sandbox, "99000001-c")
    assert answer["name"] == "María José Martínez Pérez"
    assert answer["expires_in"] == MAX_ASSERTION_SECONDS
    assert jwt.get_unverified_header(answer["assertion"])["alg"] == "ES256"
    claims = jwt.decode(answer["assertion"], options={"verify_signature": False})
    assert claims["iss"] == "kiosk-demo"
    assert claims["aud"] == "alicante"
    assert claims["nif"] == MARIA
    assert claims["exp"] - claims["iat"] == MAX_ASSERTION_SECONDS


def test_the_assertion_signs_in_against_the_alicante_profile(
    sandbox: TestClient, catalogue: Catalogue
) -> None:
    credentials = sandbox.get("/kiosk-agent/credentials").json()
    answer = read_dnie(sandbox)
    citizen = alicante_kiosks(catalogue).authenticate(
        credentials["kiosk_id"], credentials["api_key"], answer["assertion"]
    )
    assert citizen is not None
    assert citizen.nif == MARIA
    assert citizen.name == "María José Martínez Pérez"


def test_an_expired_assertion_is_refused(
    sandbox: TestClient, sandbox_settings: SandboxSettings, catalogue: Catalogue
) -> None:
    agent = SimulatedKioskAgent(PadronRegister(SandboxDatabase(sandbox_settings.database_path)))
    ten_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    stale = agent.read_dnie(MARIA, now=ten_minutes_ago).assertion
    with pytest.raises(InvalidKioskCredentials):
        alicante_kiosks(catalogue).authenticate("kiosk-demo", DEMO_KIOSK_API_KEY, stale)
