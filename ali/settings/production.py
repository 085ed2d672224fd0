"""What production refuses in the settings: short or published secrets, and back offices or
identity providers on the sandbox or on this machine."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    SecretStr,
)

if TYPE_CHECKING:
    from ali.settings import Settings

# Production refuses a secret holding one of these words, as placeholders and published demo
# values do (deploy/k8s's Secret says CHANGE-ME; the sandbox's connector key, not-secret), and
# the try-out dashboard password's published hash (the Makefile's ADMIN_HASH).
PLACEHOLDER_MARKERS = ("change-me", "changeme", "not-secret", "placeholder")
PUBLISHED_ADMIN_HASHES = (
    "scrypt$32768$8$1$ZtYgzPPc/bPT03xGW62cVA==$xtZOi2m1cJC8r4GTb/6ze8Th9t5i/talUeiGtUK+kjE=",
)
MIN_SECRET_KEY_CHARS = 32


def _secret_values(name: str, value: object) -> Iterator[tuple[str, str]]:
    """Every secret among the settings, by its variable (`ALI_CONNECTOR_KEYS[alicante]`)."""
    if isinstance(value, SecretStr):
        yield name, value.get_secret_value()
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _secret_values(f"{name}__{field.upper()}", getattr(value, field))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _secret_values(f"{name}[{key}]", item)


def _sandbox_or_loopback(address: str, sandbox: str | None) -> bool:
    """An address of the sandbox back office (or under it), or of the machine itself."""
    if sandbox and address.rstrip("/").startswith(sandbox.rstrip("/")):
        return True
    host = (urlsplit(address).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def production_refusals(settings: Settings) -> list[str]:
    """What production refuses in these settings: a short secret key, a placeholder or
    published secret anywhere, the try-out dashboard password, the sandbox's address, and a
    back office or identity provider on the sandbox or on loopback (the sandbox's demo identity
    provider included)."""
    refused = []
    if len(settings.secret_key.get_secret_value()) < MIN_SECRET_KEY_CHARS:
        refused.append(f"ALI_SECRET_KEY is shorter than {MIN_SECRET_KEY_CHARS} characters")
    for field in type(settings).model_fields:
        for name, secret in _secret_values(f"ALI_{field.upper()}", getattr(settings, field)):
            if any(marker in secret.lower() for marker in PLACEHOLDER_MARKERS):
                refused.append(f"{name} is a placeholder or published value, not a real secret")
            elif secret in PUBLISHED_ADMIN_HASHES:
                refused.append(f"{name} is the try-out dashboard password's published hash")
    for council, back_office in settings.back_offices.items():
        addresses = {"url": back_office.url, "issuer": back_office.issuer}
        addresses |= {"jwks_url": back_office.jwks_url}
        addresses |= {f"systems[{name}]": url for name, url in back_office.systems.items()}
        for name, address in addresses.items():
            if address is not None and _sandbox_or_loopback(
                str(address), settings.sandbox_back_office
            ):
                refused.append(
                    f"ALI_BACK_OFFICES[{council}].{name} ({address}) is the sandbox's or this "
                    "machine's own address"
                )
    if settings.sandbox_url:
        refused.append("ALI_SANDBOX_URL names the sandbox back office, never used in production")
    return refused
