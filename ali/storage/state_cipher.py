"""The conversation state at rest: sealed with AES-256-GCM under a key derived (HKDF-SHA256)
from the deployment's `secret_key`, so a copy of the database alone does not reveal what a
citizen typed into a form. A callback ticket's phone number is sealed the same way
(`seal_text`), with the ticket's reference as associated data.

A sealed state is text: `v1:` and the URL-safe base64 of a random 12-byte nonce followed by the
ciphertext. The conversation's id is the associated data, so a sealed state copied onto another
conversation does not open. Plain JSON (rows written before states were sealed) still opens.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "v1:"
_INFO = b"ali conversation state v1"
_NONCE_BYTES = 12


class UnreadableState(Exception):
    """A sealed state that does not open with this key (the secret changed, or it was altered)."""


class StateCipher:
    def __init__(self, secret: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
            secret.encode()
        )
        self._aead = AESGCM(key)

    def seal(self, conversation_id: str, state: dict[str, Any]) -> str:
        plain = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        return self.seal_text(conversation_id, plain)

    def open(self, conversation_id: str, stored: str | None) -> dict[str, Any]:
        """The state; `UnreadableState` when sealed with another key or tampered with."""
        if not stored:
            return {}
        if not is_sealed(stored):
            return _as_state(json.loads(stored))
        return _as_state(json.loads(self.open_text(conversation_id, stored)))

    def seal_text(self, context: str, plain: str) -> str:
        """`plain` sealed, bound to `context` (what it belongs to: an id, a reference)."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plain.encode(), context.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open_text(self, context: str, stored: str) -> str:
        """What `seal_text` sealed; text stored before sealing is returned as it is."""
        if not is_sealed(stored):
            return stored
        try:
            raw = base64.urlsafe_b64decode(stored.removeprefix(PREFIX))
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
            return plain.decode()
        except (InvalidTag, ValueError, binascii.Error) as exc:
            raise UnreadableState(type(exc).__name__) from None


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def _as_state(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnreadableState("not a JSON object")
    return value
