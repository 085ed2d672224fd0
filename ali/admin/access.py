"""Who may use the dashboard: the accounts of the settings (the deployment's, which sees every
council, and each council's own, which sees that council only), checked against their scrypt
hashes, with sessions signed by each account's `SessionSigner`, guesses slowed by
`LoginThrottle` and checks bounded by `HashingSlots` (a few at a time, off the event loop)."""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import structlog
from pydantic import SecretStr

from ali.admin.hashing import HashingSlots
from ali.admin.passwords import InvalidPasswordHash, PasswordHash
from ali.admin.revocations import RevokedSessions, revocations_for
from ali.admin.sessions import AdminSession, SessionSigner, scope_of
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


@dataclass(frozen=True)
class AdminAccount:
    """One account: the deployment's (`council` None, every council) or a council's own."""

    username: str
    council: str | None
    password: PasswordCheck
    signer: SessionSigner


class AdminAccess:
    def __init__(
        self,
        settings: Settings,
        *,
        throttle: LoginThrottle | None = None,
        slots: HashingSlots | None = None,
        password: PasswordCheck | None = None,
        clock: Callable[[], float] = time.time,
        revoked: RevokedSessions | None = None,
    ) -> None:
        """`password` checks the deployment account's password instead of its hash (tests);
        `revoked` remembers sign-outs (Redis's when configured, else this process's)."""
        admin = settings.admin
        self.throttle = throttle or LoginThrottle(
            admin.attempts_per_client, admin.attempt_window_minutes, admin.attempts_per_minute
        )
        self.slots = slots or HashingSlots(admin.concurrent_checks, admin.check_wait_seconds)
        self.lifetime_seconds = admin.session_minutes * 60
        self.problem: AliError | None = None
        self.accounts: list[AdminAccount] = []
        secret = settings.secret_key.get_secret_value().encode()
        revoked = revoked or revocations_for(settings, clock)
        wanted: list[tuple[str, str | None, SecretStr, PasswordCheck | None]] = []
        if admin.password_hash is not None:
            wanted.append((admin.username, None, admin.password_hash, password))
        for council_id, account in sorted(admin.councils.items()):
            wanted.append((account.username, council_id, account.password_hash, None))
        for username, council, stored, check in wanted:
            text = stored.get_secret_value()
            try:
                parsed = PasswordHash.parse(text)
            except InvalidPasswordHash as exc:
                log.error("admin_password_hash_invalid", council=council)
                self.problem = exc
                self.accounts = []
                return
            signer = SessionSigner(
                secret, text, self.lifetime_seconds, clock, scope=council, revoked=revoked
            )
            self.accounts.append(AdminAccount(username, council, check or parsed, signer))
        if not self.accounts:
            self.problem = AdminNotConfigured()
        self._signers = {account.council: account.signer for account in self.accounts}

    def require_configured(self) -> None:
        """Raises `AdminNotConfigured` (or a hash's error) when the deployment has no usable
        admin account."""
        if self.problem is not None:
            raise self.problem

    def verify(self, cookie: str | None) -> AdminSession | None:
        """The session a cookie carries, checked by the signer of the account it names."""
        self.require_configured()
        if not cookie:
            return None
        signer = self._signers.get(scope_of(cookie.split(".", 1)[0]))
        return signer.verify(cookie) if signer is not None else None

    def issue(self, account: AdminAccount) -> str:
        """A new session of the account, as its cookie value."""
        return account.signer.issue()[1]

    def revoke(self, session: AdminSession) -> None:
        signer = self._signers.get(session.council)
        if signer is not None:
            signer.revoke(session)

    async def check(self, username: str, password: str) -> AdminAccount | None:
        """The account these credentials are, checked in a hashing slot (raises `SignInBusy`
        when none frees in time), or None. Every username is compared in constant time and one
        password always hashed, so a wrong username costs as much as a wrong password."""
        self.require_configured()
        accounts = self.accounts

        def matching() -> AdminAccount | None:
            found = None
            for account in accounts:
                if hmac.compare_digest(username.encode(), account.username.encode()):
                    found = account
            right_password = (found or accounts[0]).password.matches(password)
            return found if found is not None and right_password else None

        return await self.slots.run(matching)
