"""A brake on guessing the admin password, applied before any password is hashed.

Every sign-in attempt takes a slot first, in one atomic step: at most `per_client` attempts per
client within `client_window_minutes`, and at most `per_minute` attempts from all clients
together, so a spray of addresses cannot make the server hash without bound. Concurrent guesses
cannot slip through: the slot is taken before the hash runs, not recorded after it. A success
(only the right password gives one) frees the client's slots and the overall ones, so staff
signing in often never lock themselves out; guesses alone never free anything.

Counts live in memory (the `limits` package's moving windows). A client is remembered only once
it passed the overall limit, so at most `per_minute * client_window_minutes` clients are held.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

_EVERYONE = "*"  # no client address has this form
_IPV6_CLIENT_PREFIX = 64  # one subscriber usually holds a whole /64


@dataclass(frozen=True)
class Refusal:
    """Why an attempt may not go ahead, and in how many seconds it may."""

    reason: Literal["client", "everyone"]
    retry_after: int


class LoginThrottle:
    def __init__(
        self,
        per_client: int = 5,
        client_window_minutes: int = 15,
        per_minute: int = 30,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = RateLimitItemPerMinute(per_client, client_window_minutes, "admin-client")
        self._everyone = RateLimitItemPerMinute(per_minute, 1, "admin-everyone")
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._clock = clock  # the same wall clock the limits' storage reads
        self._lock = threading.Lock()  # test-and-take over both limits is one step

    def attempt(self, client: str) -> Refusal | None:
        """Take a slot for one attempt by `client`, or say why not (nothing is taken then)."""
        key = client_key(client)
        with self._lock:
            if not self._limiter.test(self._client, key):
                return Refusal("client", self._retry_after(self._client, key))
            if not self._limiter.hit(self._everyone, _EVERYONE):
                return Refusal("everyone", self._retry_after(self._everyone, _EVERYONE))
            self._limiter.hit(self._client, key)  # cannot fail: tested under the same lock
        return None

    def succeeded(self, client: str) -> None:
        """The client signed in: earlier attempts, its own and everyone's, no longer count."""
        with self._lock:
            self._limiter.clear(self._client, client_key(client))
            self._limiter.clear(self._everyone, _EVERYONE)

    def _retry_after(self, item: RateLimitItem, key: str) -> int:
        reset = self._limiter.get_window_stats(item, key).reset_time
        return max(1, math.floor(reset - self._clock()) + 1)  # the window keeps its edge


def client_key(client: str) -> str:
    """What counts as one client: an IPv4 address, or an IPv6 /64 network (rotating addresses
    inside one's own /64 gets no new attempts); anything else as it is."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, _IPV6_CLIENT_PREFIX), strict=False))
    return str(address)
