import pytest

from ali.safety.redaction import contains_personal_data, is_valid_document, redact


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("mi dni es 12345678Z", "[DNI]"),
        ("dni 12345678-z", "[DNI]"),
        ("NIE X1234567L", "[NIE]"),
        ("cuenta ES91 2100 0418 4502 0005 1332", "[IBAN]"),
        ("ES9121000418450200051332", "[IBAN]"),
        ("tarjeta 4111 1111 1111 1111", "[CARD]"),
        ("llámame al 612 345 678", "[PHONE]"),
        ("+34 965 12 34 56", "[PHONE]"),
        ("escribe a vecina@example.org", "[EMAIL]"),
    ],
)
def test_personal_data_is_replaced(text: str, placeholder: str) -> None:
    redacted = redact(text)
    assert placeholder in redacted
    assert not any(ch.isdigit() for ch in redacted.replace("[", "").split(placeholder)[-1][:0])


def test_nothing_of_the_original_number_remains() -> None:
    redacted = redact("DNI 12345678Z, IBAN ES91 2100 0418 4502 0005 1332")
    assert "12345678" not in redacted
    assert "2100" not in redacted


def test_ordinary_numbers_are_kept() -> None:
    text = "llama al 010, el recibo de 2025 cuesta 69,85 € y tiene referencia 123456"
    assert redact(text) == text
    assert not contains_personal_data(text)


def test_a_wrong_check_digit_iban_is_not_an_iban_but_a_dni_typo_is_still_hidden() -> None:
    assert "[IBAN]" not in redact("ES00 2100 0418 4502 0005 1332")
    assert redact("12345678A") == "[DNI]"
    assert not is_valid_document("12345678A")
    assert is_valid_document("12345678Z")
