"""Who is on the other end of a request, believing `X-Forwarded-For` only from trusted proxies.

The peer of the connection is the client unless it is one of the deployment's
`trusted_proxies`; then the client is the rightmost address of `X-Forwarded-For` that is not a
trusted proxy (each proxy appends the address it saw, so everything left of that was written by
the client and proves nothing). With no trusted proxies nobody's header is believed, not even
127.0.0.1's. `server_options` gives uvicorn the same trust for `ali serve`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from starlette.types import Scope

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

UNKNOWN = "unknown"
_MAX_HOPS = 32  # a header longer than this is cut to its rightmost hops


class TrustedProxies:
    def __init__(self, proxies: Iterable[str] = ()) -> None:
        self.networks: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies
        )

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, address: IPAddress | None) -> bool:
        if address is None:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)


def client_address(scope: Scope, proxies: TrustedProxies) -> str:
    """The address the request came from, as text (`unknown` when the server gives none)."""
    client = scope.get("client")
    peer = str(client[0]) if client else UNKNOWN
    if not proxies or not proxies.trusts(_parsed(peer)):
        return peer
    hops = _forwarded_for(scope)
    for hop in reversed(hops):
        address = _parsed(_without_port(hop))
        if address is None:
            return peer  # a hop a trusted proxy would not write: believe none of it
        if not proxies.trusts(address):
            return str(address)
    # Every hop is a trusted proxy: the request started at one of them.
    return str(_parsed(_without_port(hops[0]))) if hops else peer


def server_options(proxies: TrustedProxies) -> dict[str, Any]:
    """uvicorn's options for the same trust: it rewrites the client address from
    X-Forwarded-For only for the trusted proxies, and not at all when there are none (uvicorn's
    own default would trust 127.0.0.1, or whatever FORWARDED_ALLOW_IPS says)."""
    if not proxies:
        return {"proxy_headers": False}
    allowed = [str(network) for network in proxies.networks]
    return {"proxy_headers": True, "forwarded_allow_ips": allowed}


def _forwarded_for(scope: Scope) -> list[str]:
    values = [
        value.decode("latin-1")
        for name, value in scope.get("headers", ())
        if name.lower() == b"x-forwarded-for"
    ]
    hops = [hop.strip() for hop in ",".join(values).split(",")]
    return [hop for hop in hops if hop][-_MAX_HOPS:]


def _without_port(hop: str) -> str:
    """`203.0.113.7:4711` and `[2001:db8::1]:4711` (some proxies add the port) without it."""
    if hop.startswith("["):
        return hop[1:].partition("]")[0]
    if hop.count(":") == 1:
        return hop.partition(":")[0]
    return hop


def _parsed(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
