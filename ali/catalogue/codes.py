"""The state's codes a catalogue entry may carry, checked by their format.

- `sia`: the procedure's code in the Sistema de Información Administrativa (SIA), the state's
  inventory of procedures behind the Punto de Acceso General: a number (digits only).
- `dir3`: the code of the unit responsible for it in the Directorio Común de Unidades Orgánicas
  y Oficinas (DIR3): nine characters, one or two capital letters naming the kind of
  administration (E state, A autonomous community, L local, U university, I other institutions,
  J justice; GE, EA, LA... for their units) followed by digits. A municipality's own code is
  `L01` + its six-digit INE code, whose last digit is the INE's check digit: Alicante's council
  is L01030149 (INE 03014, check digit 9), which is checked too.

Only the format is checked: whether a code exists is the directories' to say (no network here).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_SIA = re.compile(r"^[0-9]{1,10}$")
_DIR3 = re.compile(r"^(?=[A-Z0-9]{9}$)[A-Z]{1,2}[0-9]{7,8}$")
_MUNICIPALITY = re.compile(r"^L01([0-9]{5})([0-9])$")

# The INE's check digit of a five-digit municipality code (province + municipality): each digit
# is weighted by the table of its position, and the digit completes the sum to a multiple of 10.
_A = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
_B = (0, 3, 8, 2, 7, 4, 1, 5, 9, 6)
_C = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
_POSITION_TABLES = (_C, _B, _A, _C, _B)


def ine_check_digit(municipality: str) -> int:
    """The check digit the INE appends to a five-digit municipality code (03014 -> 9)."""
    if len(municipality) != 5 or not municipality.isdigit():
        raise ValueError("an INE municipality code has five digits")
    total = sum(
        table[int(digit)] for table, digit in zip(_POSITION_TABLES, municipality, strict=True)
    )
    return (10 - total % 10) % 10


def sia_problem(code: str) -> str | None:
    """Why `code` is not an SIA procedure code (None when its format is right)."""
    if not _SIA.match(code):
        return "an SIA code is the procedure's number in the SIA: digits only, up to 10"
    return None


def dir3_problem(code: str) -> str | None:
    """Why `code` is not a DIR3 unit code (None when its format is right)."""
    if not _DIR3.match(code):
        return (
            "a DIR3 code has 9 characters: 1 or 2 capital letters, then digits "
            "(a council's own looks like L01030149)"
        )
    municipality = _MUNICIPALITY.match(code)
    if municipality and ine_check_digit(municipality.group(1)) != int(municipality.group(2)):
        expected = ine_check_digit(municipality.group(1))
        return (
            f"a council's DIR3 code is L01 + its INE code with the INE check digit: "
            f"for {municipality.group(1)} it ends in {expected}"
        )
    return None


def _checked(problem: str | None, value: str) -> str:
    if problem is not None:
        raise ValueError(problem)
    return value


SiaCode = Annotated[str, AfterValidator(lambda value: _checked(sia_problem(value), value))]
Dir3Code = Annotated[str, AfterValidator(lambda value: _checked(dir3_problem(value), value))]
