"""Sign-in tokens against a JWKS file: real RSA keys, real signatures."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from ali.catalogue.profile import IdentityProvider
from ali.errors import InvalidToken
from ali.identity.tokens import TokenVerifier
from tests.support.identity import AUDIENCE, ISSUER, new_key, token, write_jwks


@pytest.fixture
def key() -> rsa.RSAPrivateKey:
    return new_key()


@pytest.fixture
def verifier(tmp_path: Path, key: rsa.RSAPrivateKey) -> TokenVerifier:
    write_jwks(tmp_path / "jwks.json", key)
    provider = IdentityProvider(issuer=ISSUER, audience=AUDIENCE, jwks_file="jwks.json")
    return TokenVerifier(provider, tmp_path)


def test_a_valid_token_identifies_the_citizen(verifier: TokenVerifier, key) -> None:  # type: ignore[no-untyped-def]
    citizen = verifier.verify(token(key, name="Begoña Pérez"))
    assert citizen.nif == "12345678Z"
    assert citizen.name == "Begoña Pérez"


@pytest.mark.parametrize(
    "overrides",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-council"},
        {"exp": int(time.time()) - 3600},
        {"nif": "12345678A"},  # wrong check letter
        {"nif": None},
        {"exp": None},
    ],
)
def test_wrong_claims_are_refused(verifier: TokenVerifier, key, overrides) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidToken):
        verifier.verify(token(key, **overrides))


def test_a_forged_token_is_refused(verifier: TokenVerifier) -> None:
    with pytest.raises(InvalidToken):
        verifier.verify(token(new_key()))


def test_symmetric_or_unsigned_tokens_are_refused(verifier: TokenVerifier) -> None:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 60, "nif": "12345678Z"}
    unsigned = jwt.encode(claims, None, algorithm="none")  # type: ignore[arg-type]
    hmac_signed = jwt.encode(claims, "secret" * 8, algorithm="HS256", headers={"kid": "k1"})
    for forged in (unsigned, hmac_signed, "not-a-jwt", ""):
        with pytest.raises(InvalidToken):
            verifier.verify(forged)


def test_nie_is_accepted(verifier: TokenVerifier, key) -> None:  # type: ignore[no-untyped-def]
    assert verifier.verify(token(key, nif="X1234567L")).nif == "X1234567L"


def test_a_provider_needs_exactly_one_key_source() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        IdentityProvider(issuer=ISSUER, audience=AUDIENCE)
    with pytest.raises(ValueError, match="asymmetric"):
        IdentityProvider(issuer=ISSUER, audience=AUDIENCE, jwks_file="x", algorithms=["HS256"])


def test_an_unreachable_identity_provider_is_unavailable_not_invalid(key) -> None:  # type: ignore[no-untyped-def]
    import socket

    from ali.errors import IdentityUnavailable

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = IdentityProvider(
        issuer=ISSUER, audience=AUDIENCE, jwks_url=f"http://127.0.0.1:{port}/jwks.json"
    )
    with pytest.raises(IdentityUnavailable):
        TokenVerifier(provider, Path(".")).verify(token(key))
