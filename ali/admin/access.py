"""Who may use the dashboard: the one admin account of the settings, checked against its scrypt
hash, with sessions signed by `SessionSigner`, guesses slowed by `LoginThrottle` and checks
bounded by `HashingSlots` (a few at a time, off the event loop)."""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from typing import Protocol

import structlog

from ali.admin.hashing import HashingSlots
from ali.admin.passwords import InvalidPasswordHash, PasswordHash
from ali.admin.sessions import SessionSigner
from ali.admin.throttle import LoginThrottle
from ali.errors import AliError
from ali.settings import Settings

log = structlog.get_logger("ali.admin")


class AdminNotConfigured(AliError):
    status_code = 503
    public_detail = (
        "Admin access is not configured: set ALI_ADMIN__PASSWORD_HASH to a hash made with "
        "`ali admin-password` (see docs/admin.md)."
    )


class AdminSignInRequired(AliError):
    status_code = 401
    public_detail = "Sign in to the admin dashboard first (or again: sessions expire)."


class PasswordCheck(Protocol):
    """What checks a password (`PasswordHash`; tests give an instrumented one)."""

    def matches(self, password: str) -> bool: ...


class AdminAccess:
    def __init__(
        self,
        settings: Settings,
        *,
        throttle: LoginThrottle | None = None,
        slots: HashingSlots | None = None,
        password: PasswordCheck | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        admin = settings.admin
        self.username = admin.username
        self.throttle = throttle or LoginThrottle(
            admin.attempts_per_client, admin.attempt_window_minutes, admin.attempts_per_minute
        )
        self.slots = slots or HashingSlots(admin.concurrent_checks, admin.check_wait_seconds)
        self.problem: AliError | None = None
        self._password: PasswordCheck | None = password
        self.signer: SessionSigner | None = None
        if admin.password_hash is None:
            self.problem = AdminNotConfigured()
            return
        text = admin.password_hash.get_secret_value()
        try:
            parsed = PasswordHash.parse(text)
        except InvalidPasswordHash as exc:
            log.error("admin_password_hash_invalid")
            self.problem = exc
            return
        self._password = self._password or parsed
        self.signer = SessionSigner(
            settings.secret_key.get_secret_value().encode(),
            text,
            admin.session_minutes * 60,
            clock,
        )

    def require_configured(self) -> SessionSigner:
        """The session signer; raises `AdminNotConfigured` (or the hash's error) when the
        deployment has no usable admin password."""
        if self.problem is not None:
            raise self.problem
        assert self.signer is not None
        return self.signer

    async def check(self, username: str, password: str) -> bool:
        """Whether the credentials are the admin's, checked in a hashing slot (raises
        `SignInBusy` when none frees in time). Both are always checked, in constant time for
        the username, so a wrong username costs as much as a wrong password."""
        self.require_configured()
        stored = self._password
        assert stored is not None

        def matches() -> bool:
            right_name = hmac.compare_digest(username.encode(), self.username.encode())
            right_password = stored.matches(password)
            return right_name and right_password

        return await self.slots.run(matches)
