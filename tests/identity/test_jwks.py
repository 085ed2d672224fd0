"""The identity provider's keys stay fresh: a key it revokes stops being trusted after the cache
lifespan (no restart), a rotated-in key is picked up at once, unknown kids cannot make ALI
hammer the provider, and a `jwks_file` is read again when it changes. A real JWKS is served
over loopback and the clock is injected: nothing sleeps."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from ali.catalogue.profile import IdentityProvider
from ali.errors import IdentityUnavailable, InvalidToken
from ali.identity.jwks import FileKeyRing, RemoteKeyRing, parse_jwks
from ali.identity.tokens import TokenVerifier, key_ring
from tests.support.identity import AUDIENCE, ISSUER, new_key, token, write_jwks

LIFESPAN = 300.0
MIN_REFRESH = 30.0


def jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return dict(public) | {"kid": kid, "use": "sig", "alg": "RS256"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Provider:
    """A JWKS served on 127.0.0.1 whose key set the test changes; counts the fetches."""

    url: str
    keys: list[dict[str, Any]] = field(default_factory=list)
    fetches: int = 0
    status: int = 200


@pytest.fixture
def provider() -> Iterator[Provider]:
    state = Provider(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.fetches += 1
            body = json.dumps({"keys": state.keys}).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/idp/jwks.json"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def remote_verifier(provider: Provider, clock: Clock) -> TokenVerifier:
    config = IdentityProvider(issuer=ISSUER, audience=AUDIENCE, jwks_url=provider.url)
    keys = key_ring(config, Path("."), lifespan=LIFESPAN, min_refresh=MIN_REFRESH, clock=clock)
    return TokenVerifier(config, Path("."), keys=keys)


def test_a_revoked_key_is_refused_after_the_cache_lifespan(provider: Provider) -> None:
    old, new = new_key(), new_key()
    provider.keys = [jwk(old, "old")]
    clock = Clock()
    verifier = remote_verifier(provider, clock)
    assert verifier.verify(token(old, kid="old")).nif == "12345678Z"
    provider.keys = [jwk(new, "new")]  # the provider revokes "old", rotates in "new"
    clock.advance(LIFESPAN - 1)
    assert verifier.verify(token(old, kid="old")).nif == "12345678Z"  # still cached
    clock.advance(1)
    with pytest.raises(InvalidToken):
        verifier.verify(token(old, kid="old"))
    assert verifier.verify(token(new, kid="new")).nif == "12345678Z"
    assert provider.fetches == 2


def test_a_rotated_in_key_is_fetched_at_once_but_unknown_kids_at_most_every_n_seconds(
    provider: Provider,
) -> None:
    first, second = new_key(), new_key()
    provider.keys = [jwk(first, "k1")]
    clock = Clock()
    verifier = remote_verifier(provider, clock)
    verifier.verify(token(first, kid="k1"))
    clock.advance(MIN_REFRESH)
    provider.keys = [jwk(first, "k1"), jwk(second, "k2")]
    assert verifier.verify(token(second, kid="k2")).nif == "12345678Z"  # unknown kid: refetch
    assert provider.fetches == 2
    forger = new_key()

    def flood() -> None:  # made-up kids, as a forger would send
        for _ in range(50):
            with pytest.raises(InvalidToken):
                verifier.verify(token(forger, kid="made-up"))

    flood()
    assert provider.fetches == 2  # just fetched: no refetch within MIN_REFRESH
    clock.advance(MIN_REFRESH)
    flood()
    assert provider.fetches == 3  # one refetch for the whole flood


def test_expired_keys_are_not_used_while_the_provider_is_down(provider: Provider) -> None:
    key = new_key()
    provider.keys = [jwk(key, "k1")]
    clock = Clock()
    verifier = remote_verifier(provider, clock)
    verifier.verify(token(key))
    provider.status = 503
    clock.advance(LIFESPAN)
    with pytest.raises(IdentityUnavailable):
        verifier.verify(token(key))
    with pytest.raises(IdentityUnavailable):  # not refetched within MIN_REFRESH, not trusted
        verifier.verify(token(key))
    assert provider.fetches == 2
    provider.status = 200
    clock.advance(MIN_REFRESH)
    assert verifier.verify(token(key)).nif == "12345678Z"


def test_a_provider_answering_garbage_is_unavailable_not_a_crash(provider: Provider) -> None:
    provider.keys = [{"kty": "nonsense"}]
    with pytest.raises(IdentityUnavailable):
        remote_verifier(provider, Clock()).verify(token(new_key()))


def test_a_token_without_kid_needs_a_single_signature_key() -> None:
    one, two = jwk(new_key(), "a"), jwk(new_key(), "b")
    encryption = jwk(new_key(), "e") | {"use": "enc"}
    single = RemoteKeyRing(lambda: parse_jwks({"keys": [one, encryption]}), clock=Clock())
    assert single.key(None).key_id == "a"
    with pytest.raises(InvalidToken):
        single.key("e")  # an encryption key never verifies a signature
    double = RemoteKeyRing(lambda: parse_jwks({"keys": [one, two]}), clock=Clock())
    with pytest.raises(InvalidToken):
        double.key(None)


def test_a_changed_jwks_file_is_read_again(tmp_path: Path) -> None:
    old, new = new_key(), new_key()
    path = tmp_path / "jwks.json"
    write_jwks(path, old, kid="k1")
    config = IdentityProvider(issuer=ISSUER, audience=AUDIENCE, jwks_file="jwks.json")
    verifier = TokenVerifier(config, tmp_path)
    assert verifier.verify(token(old, kid="k1")).nif == "12345678Z"
    write_jwks(path, new, kid="k2")
    with pytest.raises(InvalidToken):
        verifier.verify(token(old, kid="k1"))
    assert verifier.verify(token(new, kid="k2")).nif == "12345678Z"


def test_a_broken_jwks_file_trusts_no_key_until_fixed(tmp_path: Path) -> None:
    key = new_key()
    path = tmp_path / "jwks.json"
    write_jwks(path, key)
    ring = FileKeyRing(path)
    assert ring.key("k1").key_id == "k1"
    path.write_text('{"keys": [')
    with pytest.raises(IdentityUnavailable):
        ring.key("k1")
    path.unlink()
    with pytest.raises(IdentityUnavailable):
        ring.key("k1")
    write_jwks(path, key)
    assert ring.key("k1").key_id == "k1"
