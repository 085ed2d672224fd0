import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ali.safety.redaction import contains_personal_data, is_valid_document, redact
from tests.support.strategies import after, before, ordinary_text, personal_data

PROPERTY = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def compact(text: str) -> str:
    return re.sub(r"[\W_]", "", text).upper()


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


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("ES91 2100 0418 4502 0005 1332 para pagar", "[IBAN] para pagar"),
        ("cuenta ES91.2100.0418.4502.0005.1332.", "cuenta [IBAN]."),
        ("ES91 2100 0418 45 0200051332", "[IBAN]"),
        ("es91-2100-0418-4502-0005-1332 gràcies", "[IBAN] gràcies"),
        ("ES91\u00a02100\u00a00418\u00a04502\u00a00005\u00a01332", "[IBAN]"),
        ("4111 1111 1111 1111 12/27 123", "[CARD]"),
        (
            "tarjeta 4111-1111-1111-1111, caduca 12/2027, CVV 123. Gracias",
            "tarjeta [CARD]. Gracias",
        ),
        ("4111\u20131111\u20131111\u20131111 para el recibo", "[CARD] para el recibo"),
        ("12.345.678-Z", "[DNI]"),
        ("12345678 - Z", "[DNI]"),
        ("12345678\u2013z", "[DNI]"),
        ("ＤＮＩ １２３４５６７８Ｚ", "ＤＮＩ [DNI]"),
        ("X.1234567.L", "[NIE]"),
        ("nie y-1234567-x, gracias", "nie [NIE], gracias"),
        ("612/345/678", "[PHONE]"),
        ("612\u00a0345\u00a0678 por la tarde", "[PHONE] por la tarde"),
        ("+44 7911 123456", "[PHONE]"),
        ("(+34) 612 34 56 78", "[PHONE]"),
        ("0033 6 12 34 56 78", "[PHONE]"),
        ("juan.perez(at)example.com", "[EMAIL]"),
        ("juan＠example.com", "[EMAIL]"),
        ("juan at example.com o juan [at] example [dot] es", "[EMAIL] o [EMAIL]"),
        ("juan\u200b@example.com", "[EMAIL]"),
    ],
)
def test_written_variants_are_replaced_and_the_rest_is_kept(text: str, redacted: str) -> None:
    assert redact(text) == redacted


def test_nothing_of_the_original_number_remains() -> None:
    redacted = redact("DNI 12345678Z, IBAN ES91 2100 0418 4502 0005 1332")
    assert "12345678" not in redacted
    assert "2100" not in redacted


def test_ordinary_numbers_are_kept() -> None:
    text = "llama al 010, el recibo de 2025 cuesta 69,85 € y tiene referencia 123456"
    assert redact(text) == text
    assert not contains_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "el recibo 2024/000123 del 12/05/2024 son 45,20 € (03002 Alacant, a las 10:30)",
        "presupuesto de 612.345.678 € para 2025",
        "llama al 010, al 060 o al 112; también al 900 153 862 o al +34 900 153 862",
        "entra con Cl@ve (identidad digital) o Cl@ve PIN",
        "look at 5.30 or at home. Then pay 9 10 11 12 euros",
        "referencia 0012345678 del expediente",
    ],
)
def test_ordinary_text_is_not_redacted(text: str) -> None:
    assert redact(text) == text


def test_a_public_council_landline_is_redacted_like_any_other_number() -> None:
    # A choice, documented in ali.safety.redaction: a geographic number might be a citizen's.
    assert redact("Teléfono 965 14 91 00") == "Teléfono [PHONE]"


def test_a_wrong_check_digit_iban_is_not_an_iban_but_a_dni_typo_is_still_hidden() -> None:
    assert "[IBAN]" not in redact("ES00 2100 0418 4502 0005 1332")
    assert redact("12345678A") == "[DNI]"
    assert not is_valid_document("12345678A")
    assert is_valid_document("12345678Z")
    assert is_valid_document("１２.３４５.６７８-z")


def test_nul_controls_and_lone_surrogates_never_come_out() -> None:
    assert redact("hola\x00 mundo\x07\x1b[0m\x85") == "hola mundo[0m"
    assert redact("a\ud800b") == "a\ufffdb"
    assert redact("\ud83d\ude00 612 345 678") == "\U0001f600 [PHONE]"
    assert redact("612\x00345\x00678") == "[PHONE]"


@PROPERTY
@given(before(), personal_data, after())
def test_generated_personal_data_never_survives(
    left: str, found: tuple[str, str, str], right: str
) -> None:
    placeholder, value, written = found
    text = left + written + right
    redacted = redact(text)
    assert compact(value) not in compact(redacted)
    assert redacted == left + placeholder + right
    assert contains_personal_data(text)


@PROPERTY
@given(st.lists(st.tuples(personal_data, after()), min_size=2, max_size=4))
def test_several_values_in_one_message_are_all_replaced(
    found: list[tuple[tuple[str, str, str], str]],
) -> None:
    text = "".join(written + right + " y " for (_, _, written), right in found)
    redacted = redact(text)
    for (_, value, _), _ in found:
        assert compact(value) not in compact(redacted)


@PROPERTY
@given(ordinary_text())
def test_text_without_personal_data_is_unchanged(text: str) -> None:
    assert redact(text) == text
    assert not contains_personal_data(text)


@PROPERTY
@given(st.text())
def test_any_text_is_redacted_without_error_into_storable_text(text: str) -> None:
    redacted = redact(text)
    assert "\x00" not in redacted
    redacted.encode("utf-8")  # no lone surrogate left
    contains_personal_data(text)


@PROPERTY
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])))
def test_text_is_returned_unchanged_outside_what_is_replaced(text: str) -> None:
    redacted = redact(text)
    for piece in re.split(r"\[(?:DNI|NIE|IBAN|CARD|PHONE|EMAIL)\]", redacted):
        assert piece in text
