"""Admin password hashes: stdlib scrypt in a self-describing string, `scrypt$n$r$p$salt$hash`
(salt and hash in base64), so the cost can be raised later without breaking stored hashes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from ali.errors import AliError

SCHEME = "scrypt"
DEFAULT_N = 2**15
DEFAULT_R = 8
DEFAULT_P = 1
_MAX_N = 2**20  # a misconfigured hash must not make every sign-in eat gigabytes
_MAX_R = 32
_MAX_P = 16
_SALT_BYTES = 16
_HASH_BYTES = 32


class InvalidPasswordHash(AliError):
    """`ALI_ADMIN__PASSWORD_HASH` is not a hash printed by `ali admin-password`."""

    status_code = 503
    public_detail = (
        "Admin access is misconfigured: ALI_ADMIN__PASSWORD_HASH is not a valid hash "
        "(make one with `ali admin-password`)."
    )


@dataclass(frozen=True)
class PasswordHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @classmethod
    def parse(cls, text: str) -> PasswordHash:
        parts = text.strip().split("$")
        if len(parts) != 6 or parts[0] != SCHEME:
            raise InvalidPasswordHash()
        try:
            n, r, p = (int(part) for part in parts[1:4])
            salt = base64.b64decode(parts[4], validate=True)
            digest = base64.b64decode(parts[5], validate=True)
        except (ValueError, binascii.Error):
            raise InvalidPasswordHash() from None
        power_of_two = n > 1 and n & (n - 1) == 0
        if not (power_of_two and n <= _MAX_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
            raise InvalidPasswordHash()
        if len(salt) < 8 or len(digest) < 16:
            raise InvalidPasswordHash()
        return cls(n, r, p, salt, digest)

    def matches(self, password: str) -> bool:
        """Whether `password` hashes to this digest (compared in constant time)."""
        candidate = _scrypt(password, self.salt, self.n, self.r, self.p, len(self.digest))
        return hmac.compare_digest(candidate, self.digest)

    def __str__(self) -> str:
        salt = base64.b64encode(self.salt).decode()
        digest = base64.b64encode(self.digest).decode()
        return f"{SCHEME}${self.n}${self.r}${self.p}${salt}${digest}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    memory = 128 * r * n * p
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=2 * memory, dklen=length
    )


def hash_password(
    password: str, *, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P
) -> str:
    """A new hash of `password` with a random salt, in the format `PasswordHash.parse` reads."""
    if not password:
        raise ValueError("the password is empty")
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(password, salt, n, r, p, _HASH_BYTES)
    return str(PasswordHash(n, r, p, salt, digest))
