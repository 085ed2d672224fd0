"""An identity provider's public keys (a JWKS), kept fresh so that a revoked key stops being
trusted without a restart.

- `RemoteKeyRing` (a `jwks_url`): the key set is fetched again once it is older than its
  `lifespan`; a token naming an unknown `kid` (the provider rotated its keys) triggers a fetch
  at most once per `min_refresh` seconds, so forged kids cannot turn ALI into a flood against
  the provider. When the set has expired and cannot be fetched, sign-in is unavailable (503):
  stale keys are never used past their lifespan.
- `FileKeyRing` (a `jwks_file`): the file is read again whenever it changes (mtime, size,
  inode); a file that has become unreadable makes sign-in unavailable until it is fixed.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import jwt

from ali.errors import CatalogueError, IdentityUnavailable, InvalidToken

Clock = Callable[[], float]
Keys = dict[str, jwt.PyJWK]

MAX_JWKS_BYTES = 1024 * 1024


class KeyRing(Protocol):
    def key(self, kid: str | None) -> jwt.PyJWK:
        """The verification key the token's `kid` names; `InvalidToken` when there is none,
        `IdentityUnavailable` when the provider's keys cannot be had."""
        ...


def parse_jwks(document: Any) -> Keys:
    """The signature keys of a JWKS document, by kid (entries for encryption are skipped)."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWKS document")
    keys: Keys = {}
    for index, entry in enumerate(document["keys"]):
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
            continue
        key = jwt.PyJWK(entry)
        keys[str(key.key_id or index)] = key
    if not keys:
        raise ValueError("the JWKS has no signature keys")
    return keys


def _pick(keys: Keys, kid: str | None) -> jwt.PyJWK | None:
    if kid is None:
        return next(iter(keys.values())) if len(keys) == 1 else None
    return keys.get(kid)


def fetch_jwks(url: str, timeout: float = 5.0) -> Keys:
    """GETs a JWKS over HTTP(S); any failure of the provider is `IdentityUnavailable`."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_JWKS_BYTES + 1)
        if len(body) > MAX_JWKS_BYTES:
            raise ValueError("the JWKS is too large")
        return parse_jwks(json.loads(body))
    except (OSError, ValueError, jwt.PyJWTError) as exc:  # URLError and timeouts are OSErrors
        raise IdentityUnavailable() from exc


class RemoteKeyRing:
    def __init__(
        self,
        fetch: Callable[[], Keys],
        *,
        lifespan: float = 300.0,
        min_refresh: float = 30.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._lifespan = lifespan
        self._min_refresh = min(min_refresh, lifespan)
        self._clock = clock
        self._keys: Keys | None = None
        self._fetched_at = 0.0
        self._attempted_at: float | None = None
        self._lock = threading.Lock()

    def key(self, kid: str | None) -> jwt.PyJWK:
        with self._lock:
            now = self._clock()
            if self._keys is not None and now - self._fetched_at >= self._lifespan:
                self._keys = None  # expired keys are never trusted, even if the IdP is down
            if self._keys is None:
                if not self._may_refresh(now):
                    raise IdentityUnavailable()
                self._keys = self._refresh(now)
            found = _pick(self._keys, kid)
            if found is None and self._may_refresh(now):
                self._keys = self._refresh(now)
                found = _pick(self._keys, kid)
        if found is None:
            raise InvalidToken()
        return found

    def _may_refresh(self, now: float) -> bool:
        return self._attempted_at is None or now - self._attempted_at >= self._min_refresh

    def _refresh(self, now: float) -> Keys:
        self._attempted_at = now
        keys = self._fetch()
        self._fetched_at = now
        return keys


class FileKeyRing:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        try:
            self._stamp = self._current_stamp()
            self._keys: Keys | None = self._read()
        except (OSError, ValueError, jwt.PyJWTError) as exc:
            raise CatalogueError(f"{path}: not a usable JWKS file: {exc}") from exc

    def key(self, kid: str | None) -> jwt.PyJWK:
        with self._lock:
            self._reload_if_changed()
            assert self._keys is not None
            found = _pick(self._keys, kid)
        if found is None:
            raise InvalidToken()
        return found

    def _current_stamp(self) -> tuple[int, int, int]:
        stat = os.stat(self._path)
        return stat.st_mtime_ns, stat.st_size, stat.st_ino

    def _read(self) -> Keys:
        return parse_jwks(json.loads(self._path.read_text(encoding="utf-8")))

    def _reload_if_changed(self) -> None:
        try:
            stamp = self._current_stamp()
            if stamp == self._stamp and self._keys is not None:
                return
            self._keys = None  # until the file reads well again, no key is trusted
            self._keys = self._read()
            self._stamp = stamp
        except (OSError, ValueError, jwt.PyJWTError) as exc:
            raise IdentityUnavailable() from exc
