import datetime as dt

from ali.actions.forms import Option, Slot, SlotKind
from ali.connectors.callback import CALLBACK_FORM
from ali.dialogue.slots import parse_slot

TODAY = dt.date(2026, 11, 23)
TEXTS = {"es": "x", "va": "x", "en": "x"}
CHOICE = Slot(
    "service",
    SlotKind.CHOICE,
    TEXTS,
    TEXTS,
    options=(
        Option("individual", {"es": "Individual", "va": "Individual", "en": "Individual"}),
        Option(
            "colectivo", {"es": "Colectivo", "va": "Col·lectiu", "en": "Household"}, ("familia",)
        ),
        Option("historico", {"es": "Histórico", "va": "Històric", "en": "Historical"}),
    ),
)


def test_choice_by_number_words_or_synonym() -> None:
    assert parse_slot(CHOICE, "2", "es", TODAY).value == "colectivo"
    assert parse_slot(CHOICE, "la tercera", "es", TODAY).value == "historico"
    assert parse_slot(CHOICE, "el colectivo", "es", TODAY).value == "colectivo"
    assert parse_slot(CHOICE, "col·lectiu", "va", TODAY).value == "colectivo"
    assert parse_slot(CHOICE, "de toda la familia", "es", TODAY).value == "colectivo"


def test_invalid_choice_has_a_reason() -> None:
    assert parse_slot(CHOICE, "7", "es", TODAY).error == "invalid_choice"
    assert parse_slot(CHOICE, "patata", "es", TODAY).error == "invalid_choice"


def test_dates_reject_weekends_and_far_dates() -> None:
    slot = Slot("d", SlotKind.DATE, TEXTS, TEXTS, weekdays_only=True, max_days_ahead=30)
    assert parse_slot(slot, "el martes que viene", "es", TODAY).value == "2026-11-24"
    assert parse_slot(slot, "el sábado", "es", TODAY).error == "weekend_date"
    assert parse_slot(slot, "15/03", "es", TODAY).error == "date_too_far"
    assert parse_slot(slot, "cuando sea", "es", TODAY).error == "invalid_date"


def test_numbers_phones_and_text() -> None:
    number = Slot("n", SlotKind.NUMBER, TEXTS, TEXTS, minimum=1, maximum=4)
    assert parse_slot(number, "dos", "es", TODAY).value == "2"
    assert parse_slot(number, "9", "es", TODAY).error == "number_out_of_range"
    assert parse_slot(number, "muchos", "es", TODAY).error == "invalid_number"
    phone = Slot("p", SlotKind.PHONE, TEXTS, TEXTS)
    assert parse_slot(phone, "612 34 56 78", "es", TODAY).value == "612345678"
    assert parse_slot(phone, "12345", "es", TODAY).error == "invalid_phone"
    text = Slot("t", SlotKind.TEXT, TEXTS, TEXTS, min_length=3, max_length=10)
    assert parse_slot(text, "ok", "es", TODAY).error == "text_too_short"
    assert parse_slot(text, "x" * 11, "es", TODAY).error == "text_too_long"


def test_iban_slots_accept_only_valid_spanish_ibans() -> None:
    slot = Slot("iban", SlotKind.IBAN, TEXTS, TEXTS, personal=True)
    assert parse_slot(slot, "es91 2100 0418 4502 0005 1332", "es", TODAY).value == (
        "ES9121000418450200051332"
    )
    assert parse_slot(slot, "ES00 2100 0418 4502 0005 1332", "es", TODAY).error == "invalid_iban"
    assert parse_slot(slot, "DE89370400440532013000", "es", TODAY).error == "invalid_iban"


def test_a_location_is_an_address_or_coordinates() -> None:
    slot = Slot("place", SlotKind.LOCATION, TEXTS, TEXTS, min_length=5)
    assert parse_slot(slot, "Calle Mayor, 3", "es", TODAY).value == "Calle Mayor, 3"
    assert parse_slot(slot, "38.3452, -0.481", "es", TODAY).value == "38.345200, -0.481000"
    assert parse_slot(slot, " 38.3452;-0.481 ", "es", TODAY).value == "38.345200, -0.481000"
    assert parse_slot(slot, "98.1, 2.5", "es", TODAY).error == "invalid_location"
    assert parse_slot(slot, "38,3452 -0,481", "es", TODAY).error == "invalid_location"
    assert parse_slot(slot, "aquí", "es", TODAY).error == "text_too_short"


def test_a_choice_by_words_of_an_option_labelled_by_a_gettext_message() -> None:
    """Option labels that are catalogue messages are read in every installed language."""
    time_of_day = CALLBACK_FORM.slot("preferred_time")
    assert parse_slot(time_of_day, "por la tarde", "es", TODAY).value == "afternoon"
    assert parse_slot(time_of_day, "Pel matí", "es", TODAY).value == "morning"
    assert parse_slot(time_of_day, "in the afternoon", "va", TODAY).value == "afternoon"
