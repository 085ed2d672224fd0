from __future__ import annotations

import pytest

from ali.admin.passwords import InvalidPasswordHash, PasswordHash, hash_password
from tests.support.admin import PASSWORD, PASSWORD_HASH


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain-password",
        "bcrypt$1024$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
        "scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",  # n not a power of two
        "scrypt$4194304$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",  # n too costly
        "scrypt$1024$8$1$not base64!$aGFzaGhhc2hoYXNoaGFzaA==",
        "scrypt$1024$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==",  # salt too short
    ],
)
def test_malformed_hashes_are_refused(text: str) -> None:
    with pytest.raises(InvalidPasswordHash):
        PasswordHash.parse(text)


def test_only_the_right_password_matches() -> None:
    stored = PasswordHash.parse(PASSWORD_HASH)
    assert stored.matches(PASSWORD)
    assert not stored.matches(PASSWORD + " ")
    assert not stored.matches("")


def test_hashes_are_salted_and_self_describing() -> None:
    first, second = hash_password("s3cret-pass", n=2**10), hash_password("s3cret-pass", n=2**10)
    assert first != second
    assert first.startswith("scrypt$1024$8$1$")
    assert str(PasswordHash.parse(first)) == first
    assert PasswordHash.parse(second).matches("s3cret-pass")


def test_an_empty_password_is_not_hashed() -> None:
    with pytest.raises(ValueError, match="empty"):
        hash_password("")
