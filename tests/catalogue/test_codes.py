"""The state's codes an entry may carry (`sia`, `dir3`): checked by format, a council's own DIR3
code by its INE check digit too."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from ali.catalogue import Catalogue
from ali.catalogue.codes import dir3_problem, ine_check_digit, sia_problem
from ali.catalogue.schema import Procedure


@pytest.mark.parametrize(
    ("municipality", "digit"),
    [("03014", 9), ("28079", 6), ("08019", 3)],  # Alicante, Madrid, Barcelona
)
def test_the_ine_check_digit_of_known_councils(municipality: str, digit: int) -> None:
    assert ine_check_digit(municipality) == digit


@pytest.mark.parametrize("code", ["", "1234", "030149", "abcde"])
def test_an_ine_code_has_five_digits(code: str) -> None:
    with pytest.raises(ValueError, match="five digits"):
        ine_check_digit(code)


@pytest.mark.parametrize(
    "code",
    ["l01030149", "L0103014", "L010301499", "L01-30149", "LAA003516", "103014999", "L01 30149"],
)
def test_malformed_dir3_codes(code: str) -> None:
    assert dir3_problem(code) is not None


def test_a_council_code_with_the_wrong_check_digit() -> None:
    problem = dir3_problem("L01030148")
    assert problem is not None and "ends in 9" in problem


@pytest.mark.parametrize("code", ["L01030149", "L01280796", "LA0003516", "E00010201", "A10002978"])
def test_well_formed_dir3_codes(code: str) -> None:
    assert dir3_problem(code) is None


@pytest.mark.parametrize("code", ["", "12a", "12 34", "-5", "12345678901"])
def test_malformed_sia_codes(code: str) -> None:
    assert sia_problem(code) is not None


def test_a_numeric_sia_code() -> None:
    assert sia_problem("2035690") is None


def _entry(catalogue: Catalogue, **fields: Any) -> dict[str, Any]:
    entry = catalogue.get("padron.volante").model_dump(mode="json", exclude_none=True)
    return entry | fields


def test_an_entry_may_carry_both_codes(catalogue: Catalogue) -> None:
    procedure = Procedure.model_validate(_entry(catalogue, sia="2035690", dir3="L01030149"))
    assert (procedure.sia, procedure.dir3) == ("2035690", "L01030149")
    plain = Procedure.model_validate(_entry(catalogue))
    assert (plain.sia, plain.dir3) == (None, None)


@pytest.mark.parametrize(("field", "value"), [("sia", "SIA-12"), ("dir3", "L01030148")])
def test_an_entry_with_a_malformed_code_is_refused(
    catalogue: Catalogue, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Procedure.model_validate(_entry(catalogue, **{field: value}))
    assert caught.value.errors()[0]["loc"] == (field,)
