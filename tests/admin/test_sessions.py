from __future__ import annotations

from ali.admin.sessions import SessionSigner

KEY = b"secret"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def signer(clock: Clock, password_hash: str = "scrypt$hash", secret: bytes = KEY) -> SessionSigner:
    return SessionSigner(secret, password_hash, 30 * 60, clock)


def test_a_forged_or_malformed_cookie_is_refused() -> None:
    clock = Clock()
    sessions = signer(clock)
    session, cookie = sessions.issue()
    sid, expires, signature = cookie.split(".")
    later = str(int(expires) + 3600)
    assert sessions.verify(f"{sid}.{later}.{signature}") is None  # expiry extended
    assert sessions.verify(f"other.{expires}.{signature}") is None
    assert sessions.verify(f"{sid}.{expires}.{signature[:-2]}AA") is None
    for bad in (None, "", "a.b", "a.b.c.d", f"{sid}.-1.{signature}", "x" * 300):
        assert sessions.verify(bad) is None
    assert sessions.verify(cookie) == session


def test_another_secret_or_password_invalidates_sessions() -> None:
    clock = Clock()
    _, cookie = signer(clock).issue()
    assert signer(clock, secret=b"rotated").verify(cookie) is None
    assert signer(clock, password_hash="scrypt$new").verify(cookie) is None
    assert signer(clock).verify(cookie) is not None


def test_a_session_expires() -> None:
    clock = Clock()
    sessions = signer(clock)
    _, cookie = sessions.issue()
    clock.now += 30 * 60 - 1
    assert sessions.verify(cookie) is not None
    clock.now += 1
    assert sessions.verify(cookie) is None


def test_a_signed_out_session_is_revoked() -> None:
    clock = Clock()
    sessions = signer(clock)
    session, cookie = sessions.issue()
    _, other = sessions.issue()
    sessions.revoke(session)
    assert sessions.verify(cookie) is None
    assert sessions.verify(other) is not None
