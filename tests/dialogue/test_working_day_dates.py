"""An appointment day is a working day: a holiday or a weekend the citizen names is said to be
one, with the next working day offered (a "yes" takes it)."""

from __future__ import annotations

import datetime as dt

import pytest

from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.catalogue import Catalogue
from ali.catalogue.working_days import WorkingDays
from ali.dialogue.form_flow import FormFlow, new_form_state
from ali.dialogue.personal_values import PersonalValues
from ali.dialogue.slots import parse_slot

TODAY = dt.date(2026, 12, 1)  # a Tuesday
T = {"es": "x", "va": "x", "en": "x"}
DAY = Slot("date", SlotKind.DATE, T, T, weekdays_only=True, max_days_ahead=28)
SPEC = FormSpec(
    action="book", title=T, slots=(DAY, Slot("time", SlotKind.CHOICE, T, T, dynamic=True))
)


@pytest.fixture(scope="module")
def alicante(catalogue: Catalogue) -> WorkingDays:
    return WorkingDays(catalogue.profile.calendar)


def free(slot: Slot, values: dict[str, str]) -> list[Option]:
    return [Option("slot-1", {"es": "09:30", "va": "09:30", "en": "09:30"})]


def test_a_holiday_is_refused_with_its_name_and_the_next_working_day(
    alicante: WorkingDays,
) -> None:
    parsed = parse_slot(DAY, "el 8 de diciembre", "es", TODAY, alicante)
    assert not parsed.ok and parsed.error == "holiday_date"
    assert parsed.params["holiday"] == "Inmaculada Concepción"
    assert parsed.suggestion == "2026-12-09"
    # Without the council's calendar only weekends are refused.
    assert parse_slot(DAY, "el 8 de diciembre", "es", TODAY).value == "2026-12-08"


def test_the_form_says_the_day_is_a_holiday_and_a_yes_takes_the_next_working_day(
    alicante: WorkingDays,
) -> None:
    flow = FormFlow(PersonalValues(), calendar=alicante)
    state = new_form_state(SPEC, None)
    reply = flow.handle(SPEC, state, "el 8 de diciembre", "es", TODAY, free).reply
    assert reply.startswith(
        "El martes 8 de diciembre es festivo (Inmaculada Concepción) y no hay atención. "
        "El siguiente día laborable es el miércoles 9 de diciembre"
    ), reply
    assert "date" not in state.values and state.current == "date"
    step = flow.handle(SPEC, state, "sí", "es", TODAY, free)
    assert state.values["date"] == "2026-12-09"
    assert step.reply.startswith("Anotado: miércoles 9 de diciembre.")
    assert state.offered("date") == []


@pytest.mark.parametrize(
    ("language", "said", "expected"),
    [
        (
            "es",
            "25 de diciembre",
            "Natividad del Señor) y no hay atención. El siguiente día "
            "laborable es el lunes 28 de diciembre",
        ),
        ("va", "el 8 de desembre", "El dimarts 8 de desembre és festiu (Immaculada Concepció)"),
        ("en", "8 December", "Tuesday 8 December is a public holiday (Immaculate Conception)"),
        (
            "es",
            "el sábado",
            "El sábado 5 de diciembre es fin de semana y no hay atención. El "
            "siguiente día laborable es el lunes 7 de diciembre",
        ),
    ],
)
def test_holidays_and_weekends_in_each_language(
    alicante: WorkingDays, language: str, said: str, expected: str
) -> None:
    flow = FormFlow(PersonalValues(), calendar=alicante)
    state = new_form_state(SPEC, None)
    reply = flow.handle(SPEC, state, said, language, TODAY, free).reply
    assert expected in reply, reply
    assert "date" not in state.values


def test_another_day_after_the_offer_is_read_as_usual(alicante: WorkingDays) -> None:
    flow = FormFlow(PersonalValues(), calendar=alicante)
    state = new_form_state(SPEC, None)
    flow.handle(SPEC, state, "el 8 de diciembre", "es", TODAY, free)
    flow.handle(SPEC, state, "el 10 de diciembre", "es", TODAY, free)
    assert state.values["date"] == "2026-12-10"
