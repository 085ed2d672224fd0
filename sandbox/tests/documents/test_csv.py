from __future__ import annotations

import re

import pytest

from ali_sandbox.documents.csv import ALPHABET, is_csv, new_csv, normalise_csv

CANONICAL = re.compile(r"^ALI(-[2-9A-HJKMNP-Z]{4}){5}$")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "hola, quiero validar un documento",
        "ALI-",
        "ALI-AAAA-AAAA-AAAA-AAAA",  # too short
        "ALI-AAAA-AAAA-AAAA-AAAA-AAAA-A",  # too long
        "https://sede.alicante.es/csv?ALI",
        "12345678Z",
    ],
)
def test_garbage_is_not_a_csv(typed: str) -> None:
    assert normalise_csv(typed) is None
    assert not is_csv(typed)


def test_ambiguous_characters_are_not_in_the_alphabet() -> None:
    assert not set("01OIL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_a_new_csv_has_the_canonical_format() -> None:
    csv = new_csv()
    assert CANONICAL.match(csv), csv
    assert len(csv.replace("-", "").removeprefix("ALI")) == 20
    assert is_csv(csv)


def test_a_thousand_codes_are_all_different() -> None:
    codes = {new_csv() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(CANONICAL.match(code) for code in codes)


def test_typed_variants_normalise_to_the_canonical_form() -> None:
    csv = new_csv()
    compact = csv.replace("-", "")
    body = compact.removeprefix("ALI")
    variants = [
        csv,
        csv.lower(),
        compact,
        body,
        body.lower(),
        " ".join(csv.split("-")),
        f"  {csv.lower()}  ",
        ".".join(body[i : i + 4] for i in range(0, 20, 4)),
        f"ali {body[:10]} {body[10:]}",
        "\uff21\uff2c\uff29" + body,  # full-width "ALI" from a phone keyboard
    ]
    for typed in variants:
        assert normalise_csv(typed) == csv, typed


def test_a_mistyped_character_is_rejected() -> None:
    csv = new_csv()
    body = csv.replace("-", "").removeprefix("ALI")
    for position in range(len(body)):
        wrong = ALPHABET[(ALPHABET.index(body[position]) + 1) % len(ALPHABET)]
        assert normalise_csv(body[:position] + wrong + body[position + 1 :]) is None


def test_swapped_neighbours_are_rejected() -> None:
    csv = new_csv()
    body = csv.replace("-", "").removeprefix("ALI")
    for position in range(len(body) - 1):
        a, b = body[position], body[position + 1]
        if a != b:
            swapped = body[:position] + b + a + body[position + 2 :]
            assert normalise_csv(swapped) is None


def test_look_alike_characters_are_rejected() -> None:
    body = new_csv().replace("-", "").removeprefix("ALI")
    for look_alike in "0O1IL":
        assert normalise_csv(look_alike + body[1:]) is None
