"""Who may use the dashboard: the one admin account of the settings, checked against its scrypt
hash, with sessions signed by `SessionSigner` and guesses slowed by `LoginThrottle`."""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable

import structlog

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


class AdminAccess:
    def __init__(
        self,
        settings: Settings,
        *,
        throttle: LoginThrottle | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        admin = settings.admin
        self.username = admin.username
        self.throttle = throttle or LoginThrottle()
        self.problem: AliError | None = None
        self._hash: PasswordHash | None = None
        self.signer: SessionSigner | None = None
        if admin.password_hash is None:
            self.problem = AdminNotConfigured()
            return
        text = admin.password_hash.get_secret_value()
        try:
            self._hash = PasswordHash.parse(text)
        except InvalidPasswordHash as exc:
            log.error("admin_password_hash_invalid")
            self.problem = exc
            return
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

    def check(self, username: str, password: str) -> bool:
        """Whether the credentials are the admin's. Both are always checked, in constant time
        for the username, so a wrong username costs as much as a wrong password."""
        self.require_configured()
        assert self._hash is not None
        right_name = hmac.compare_digest(username.encode(), self.username.encode())
        right_password = self._hash.matches(password)
        return right_name and right_password
