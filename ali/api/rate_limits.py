"""Rate limits on a council's chat: per client address (web), per kiosk and per signed-in
citizen, in moving windows of the `limits` package (ali.settings.RateLimitSettings; a council's
`limits:` in its profile takes their place).

Counts live in Redis when the deployment sets `redis_url`, so that every worker process shares
them, else in the process's memory. Keys hold no personal data: an address, a kiosk id, or a
keyed hash of the citizen's NIF (the NIF itself never reaches the store). A store that fails
(Redis down) lets requests through and logs it: the limits protect the service, they are not
worth an outage of their own.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass
from typing import Annotated

import structlog
from fastapi import Depends, Request
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from ali.admin.throttle import client_key
from ali.api.client_address import TrustedProxies, client_address
from ali.api.deps import CitizenDep, CouncilsDep
from ali.api.schemas import ChatRequest
from ali.catalogue.profile import CouncilProfile
from ali.errors import RateLimited
from ali.observability.metrics import Metrics, default_metrics
from ali.safety.crisis import detect_crisis
from ali.settings import RateLimitSettings, Settings

log = structlog.get_logger("ali.api")


@dataclass(frozen=True)
class Caller:
    """Who is asking, as the limits count them: the address (an IPv6 client's /64) always,
    the kiosk it came from, and the citizen (a keyed hash) when one signed in."""

    address: str
    kiosk: str | None = None
    citizen: str | None = None

    @property
    def key(self) -> str:
        """The one client its streams are counted against: the kiosk, else the citizen, else
        the address."""
        if self.kiosk is not None:
            return f"kiosk:{self.kiosk}"
        if self.citizen is not None:
            return f"citizen:{self.citizen}"
        return f"ip:{self.address}"


class RateLimits:
    def __init__(
        self,
        settings: RateLimitSettings,
        storage: Storage | None = None,
        *,
        secret: bytes = b"",
        proxies: TrustedProxies | None = None,
        metrics: Metrics | None = None,
        prefix: str = "ali",
    ) -> None:
        """`storage` defaults to the process's memory; `secret` keys the citizens' hashes;
        `prefix` starts every key (the deployment's `redis_key_prefix`)."""
        self._settings = settings
        self._prefix = prefix
        self._limiter = MovingWindowRateLimiter(storage or MemoryStorage())
        self._secret = secret
        self._proxies = proxies or TrustedProxies()
        self._metrics = metrics or default_metrics()
        self._councils: dict[str, RateLimitSettings] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        """Counts in Redis when the deployment has one (`redis_url`), else in memory."""
        url = settings.redis_url
        storage = RedisStorage(url.get_secret_value(), wrap_exceptions=True) if url else None
        return cls(
            settings.rate_limits,
            storage,
            secret=settings.secret_key.get_secret_value().encode(),
            proxies=TrustedProxies(settings.trusted_proxies),
            prefix=settings.redis_key_prefix,
        )

    def settings_for(self, profile: CouncilProfile) -> RateLimitSettings:
        """The deployment's limits with the council's own (`limits:` in its profile) over them."""
        found = self._councils.get(profile.id)
        if found is None:
            found = profile.limits.over(self._settings) if profile.limits else self._settings
            self._councils[profile.id] = found
        return found

    def caller(self, request: Request, kiosk: str | None, nif: str | None) -> Caller:
        citizen = None
        if nif is not None:
            citizen = hmac.new(self._secret, nif.encode(), hashlib.sha256).hexdigest()[:32]
        # An IPv6 client is its /64 (rotating addresses within it gets no new requests).
        address = client_key(client_address(request.scope, self._proxies))
        return Caller(address, kiosk, citizen)

    def check(self, profile: CouncilProfile, caller: Caller) -> None:
        """Counts one request; `RateLimited` (429) when it is one too many for any of the
        caller's limits. A kiosk is counted as itself, not by its address (a council's kiosks
        often share one)."""
        limits = self.settings_for(profile)
        if not limits.enabled:
            return
        counted: list[tuple[str, str, str]] = []
        if caller.kiosk is not None:
            counted.append(("kiosk", limits.per_kiosk, caller.kiosk))
        else:
            counted.append(("ip", limits.per_ip, caller.address))
        if caller.citizen is not None:
            counted.append(("citizen", limits.per_citizen, caller.citizen))
        for kind, rate, value in counted:
            item = parse(rate)
            identifiers = (self._prefix, profile.id, kind, value)
            if not self._hit(item, identifiers):
                self._metrics.limited(profile.id, kind)
                log.info("rate_limited", council=profile.id, limit=kind)
                raise RateLimited(self._retry_after(item, identifiers), kind)

    def _hit(self, item: RateLimitItem, identifiers: tuple[str, ...]) -> bool:
        try:
            return self._limiter.hit(item, *identifiers)
        except StorageError as exc:
            log.warning("rate_limit_store_failed", problem=type(exc.storage_error).__name__)
            return True

    def _retry_after(self, item: RateLimitItem, identifiers: tuple[str, ...]) -> int:
        try:
            reset = self._limiter.get_window_stats(item, *identifiers).reset_time
        except StorageError:
            return item.get_expiry()
        return max(1, math.ceil(reset - time.time()))


def get_rate_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


def limit_chat(
    council_id: str,
    body: ChatRequest,
    request: Request,
    citizen: CitizenDep,
    councils: CouncilsDep,
    limits: Annotated[RateLimits, Depends(get_rate_limits)],
) -> Caller:
    """After sign-in (a refused one is a 401, not counted): the request counted against the
    council's limits for its address or kiosk and its citizen; 429 once over one of them.
    A message naming a crisis (suicide, violence, an emergency: `ali.safety.crisis`) is never
    refused: it is answered with its helplines however many came before it."""
    profile = councils.catalogue(council_id).profile
    # Kiosk headers that reached here were authenticated by the sign-in dependency.
    kiosk = request.headers.get("x-kiosk-id")
    caller = limits.caller(request, kiosk, citizen.nif if citizen is not None else None)
    if detect_crisis(body.message) is None:
        limits.check(profile, caller)
    return caller


CallerDep = Annotated[Caller, Depends(limit_chat)]
