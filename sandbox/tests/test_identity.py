from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from ali.catalogue.profile import IdentityProvider
from ali.identity.tokens import TokenVerifier
from sandbox.tests.conftest import MARIA, PUBLIC_URL

ISSUER = f"{PUBLIC_URL}/idp"


def _decode(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    key = jwt.PyJWK(jwks["keys"][0])
    claims: dict[str, Any] = jwt.decode(
        token, key.key, algorithms=["RS256"], audience="ali", issuer=ISSUER
    )
    return claims


def test_an_unknown_nif_gets_no_token(sandbox: TestClient) -> None:
    response = sandbox.post("/idp/token", json={"nif": "12345678Z"})  # valid, but not a demo one
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "UnknownCitizen"
    assert "12345678Z" not in body["detail"]


@pytest.mark.parametrize("body", [{"nif": "12345678A"}, {"nif": ""}, {}, {"nif": MARIA, "x": 1}])
def test_a_malformed_request_is_refused(sandbox: TestClient, body: dict[str, Any]) -> None:
    response = sandbox.post("/idp/token", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput"


def test_the_jwks_publishes_only_the_public_key(sandbox: TestClient) -> None:
    jwks = sandbox.get("/idp/jwks.json").json()
    [key] = jwks["keys"]
    assert key["kty"] == "RSA"
    assert key["alg"] == "RS256"
    assert key["use"] == "sig"
    assert key["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)


def test_the_sign_in_picker_lists_the_demo_citizens(sandbox: TestClient) -> None:
    citizens = sandbox.get("/idp/citizens").json()
    assert len(citizens) == 6
    assert {"nif": MARIA, "name": "María José Martínez Pérez"} in citizens


def test_a_demo_token_verifies_with_the_published_keys(sandbox: TestClient) -> None:
    jwks = sandbox.get("/idp/jwks.json").json()
    response = sandbox.post("/idp/token", json={"nif": "99000001-c"})
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == jwks["keys"][0]["kid"]
    claims = _decode(token, jwks)
    assert claims["iss"] == ISSUER
    assert claims["aud"] == "ali"
    assert claims["nif"] == MARIA
    assert claims["name"] == "María José Martínez Pérez"
    assert claims["exp"] - claims["iat"] == 3600


def test_a_token_from_another_key_does_not_verify(sandbox: TestClient) -> None:
    jwks = sandbox.get("/idp/jwks.json").json()
    token = sandbox.post("/idp/token", json={"nif": MARIA}).json()["access_token"]
    header, payload, signature = token.split(".")
    forged_payload = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")
    with pytest.raises(jwt.PyJWTError):
        _decode(f"{header}.{forged_payload}.{signature}", jwks)


def test_ali_accepts_a_demo_token(sandbox: TestClient, tmp_path: Path) -> None:
    """ALI's own verifier, configured as the identity module's docstring says."""
    (tmp_path / "jwks.json").write_text(json.dumps(sandbox.get("/idp/jwks.json").json()))
    provider = IdentityProvider(
        issuer=ISSUER, audience="ali", jwks_file="jwks.json", algorithms=["RS256"]
    )
    token = sandbox.post("/idp/token", json={"nif": "Y9900006S"}).json()["access_token"]
    citizen = TokenVerifier(provider, tmp_path).verify(token)
    assert citizen.nif == "Y9900006S"
    assert citizen.name == "Chloé Dubois"
