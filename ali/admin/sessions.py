"""Admin sessions: a signed, expiring cookie value `id.expires.signature`.

The signature is HMAC-SHA256 under a key derived from the deployment's secret key, the
account's password hash and its scope, so changing either signs the account's sessions out. A
council's account (`scope`, the council id) issues ids `<council>~<random>`: the scope is
signed with the rest and names the only signer that can verify it. Expiry is part of the
signed text and checked on every request; a sign-out revokes the id (in `RevokedSessions`: this
process's memory, or Redis shared by the workers) until the session would have expired anyway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from ali.admin.revocations import MemoryRevokedSessions, RevokedSessions

COOKIE_NAME = "ali_admin"
COOKIE_PATH = "/admin"
_CONTEXT = b"ali-admin-session-v1"
SCOPE_SEPARATOR = "~"  # neither in council ids nor in token_urlsafe's alphabet


@dataclass(frozen=True)
class AdminSession:
    id: str
    expires: int  # Unix time, seconds

    @property
    def payload(self) -> str:
        return f"{self.id}.{self.expires}"

    @property
    def council(self) -> str | None:
        """The council a council account's session is for; None: the deployment's account."""
        return scope_of(self.id)


def scope_of(session_id: str) -> str | None:
    scope, separator, _ = session_id.partition(SCOPE_SEPARATOR)
    return scope if separator else None


class SessionSigner:
    def __init__(
        self,
        secret_key: bytes,
        password_hash: str,
        lifetime_seconds: int,
        clock: Callable[[], float] = time.time,
        *,
        scope: str | None = None,
        revoked: RevokedSessions | None = None,
    ) -> None:
        context = _CONTEXT + b"\0" + password_hash.encode()
        if scope is not None:
            context += b"\0" + scope.encode()
        self._key = hmac.new(secret_key, context, hashlib.sha256).digest()
        self.scope = scope
        self.lifetime_seconds = lifetime_seconds
        self._clock = clock
        self._revoked = revoked or MemoryRevokedSessions(clock)

    def issue(self) -> tuple[AdminSession, str]:
        """A new session and its cookie value."""
        token = secrets.token_urlsafe(18)
        session_id = token if self.scope is None else f"{self.scope}{SCOPE_SEPARATOR}{token}"
        session = AdminSession(session_id, int(self._clock()) + self.lifetime_seconds)
        return session, f"{session.payload}.{self._sign(session.payload)}"

    def verify(self, value: str | None) -> AdminSession | None:
        """The session a cookie value carries, or None when forged, malformed, expired or
        signed out."""
        if not value or len(value) > 200:
            return None
        parts = value.split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        session = AdminSession(parts[0], int(parts[1]))
        if session.council != self.scope:
            return None
        if not hmac.compare_digest(parts[2], self._sign(session.payload)):
            return None
        now = int(self._clock())
        if session.expires <= now or session.expires > now + self.lifetime_seconds:
            return None
        if self._revoked.is_revoked(session.id):
            return None
        return session

    def revoke(self, session: AdminSession) -> None:
        self._revoked.revoke(session.id, session.expires)

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
