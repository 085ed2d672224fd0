"""The form failures a tester met (issue 12), each reproduced through the real engine: ALI over
HTTP with the Alicante catalogue and its connectors, against the sandbox back office on
loopback. One test per failure."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi.testclient import TestClient

from ali.i18n.dates import date_in_words
from ali.language.dates import parse_date
from tests.support.alicante_live import Chat, alicante_live, kiosk_sign_in, web_sign_in
from tests.support.councils import bookable_day
from tests.support.servers import KEY, Sandbox

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WINDOW_DAYS = 28  # the appointment form's max_days_ahead


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Sandbox]]:
    with alicante_live(tmp_path_factory.mktemp("form-failures")) as live:
        yield live


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Madrid")).date()


def at_the_date_step(world: tuple[TestClient, Sandbox], nif: str) -> Chat:
    client, sandbox = world
    chat = Chat(client, web_sign_in(sandbox, nif))
    assert chat.say("quiero pedir cita previa")["form"]["slot"] == "service"
    assert chat.say("padrón")["form"]["slot"] == "office"
    assert chat.say("1")["form"]["slot"] == "date"
    return chat


def next_occurrence(month: int, day: int) -> dt.date:
    start = today()
    found = dt.date(start.year, month, day)
    return found if found > start else dt.date(start.year + 1, month, day)


def test_8_december_a_national_holiday_cannot_be_booked(world: Any) -> None:
    holiday = next_occurrence(12, 8)
    if holiday.weekday() >= 5 or (holiday - today()).days > WINDOW_DAYS:
        pytest.skip("8 December is not a bookable weekday within the window from today")
    chat = at_the_date_step(world, "99000004T")
    body = chat.say("el 8 de diciembre")
    assert body["form"]["slot"] == "date", body["reply"]
    assert body["form"]["options"] == []
    assert f"{date_in_words(holiday, 'es')} es festivo (Inmaculada Concepción)" in (
        body["reply"][0].lower() + body["reply"][1:]
    ), body["reply"]


def test_25_december_offers_no_free_slots(world: Any) -> None:
    _, sandbox = world
    christmas = next_occurrence(12, 25)
    slots = httpx.get(
        f"{sandbox.url}/citas/slots",
        params={"service": "padron", "office": "saic-centro14", "date": christmas.isoformat()},
        headers={"X-Api-Key": KEY},
    )
    assert slots.status_code in (200, 409, 422), slots.text
    assert slots.status_code != 200 or slots.json() == []
    if christmas.weekday() < 5 and (christmas - today()).days <= WINDOW_DAYS:
        body = at_the_date_step(world, "99000004T").say("el 25 de diciembre")
        assert body["form"]["slot"] == "date" and body["form"]["options"] == []
        assert "festivo (Natividad del Señor)" in body["reply"], body["reply"]


def test_el_martes_que_viene_is_said_back_as_a_date(world: Any) -> None:
    chat = at_the_date_step(world, "99000004T")
    meant = parse_date("el martes que viene", "es", today())
    assert meant is not None
    body = chat.say("el martes que viene")
    # Noted ("Anotado: martes 15 de diciembre.") or refused as a holiday, always as a date.
    assert date_in_words(meant, "es") in body["reply"].lower(), body["reply"]
    assert not ISO_DATE.search(body["reply"])


def test_the_summary_shows_the_day_in_words_never_iso(world: Any) -> None:
    chat = at_the_date_step(world, "99000004T")
    times = chat.say(bookable_day())
    assert times["form"]["slot"] == "time", times["reply"]
    summary = chat.say("1")
    assert summary["intent"] == "confirmation"
    day = next(item["value"] for item in summary["form"]["summary"] if item["label"] == "Día")
    assert re.fullmatch(r"[a-zé]+ \d{1,2} de [a-z]+", day), day
    assert not ISO_DATE.search(summary["reply"]), summary["reply"]
    assert day in summary["reply"]
    chat.say("cancelar")


def test_a_one_slot_form_asks_for_1_dato_not_1_datos(world: Any) -> None:
    chat = at_the_date_step(world, "Y9900006S")
    chat.say(bookable_day())
    chat.say("1")
    assert chat.say("sí")["intent"] == "action_result"
    # Cancelling it is a form of one slot: which appointment.
    body = chat.say("quiero anular mi cita")
    assert body["form"] is not None and body["form"]["total"] == 1, body["reply"]
    assert "Te pediré 1 dato;" in body["reply"], body["reply"]
    chat.say("1")
    assert chat.say("sí")["intent"] == "action_result"


def test_the_step_count_never_changes_mid_form(world: Any) -> None:
    client, sandbox = world
    chat = Chat(client, web_sign_in(sandbox, "99000003E"))
    start = chat.say("quiero avisar de una farola fundida")
    assert start["form"]["slot"] == "service", start["reply"]
    assert "Te pediré 5 datos;" in start["reply"]
    codes = [option["value"] for option in start["form"]["options"]]
    # Street lights have no detail to choose: that optional step is passed over.
    steps = [chat.say(str(codes.index("alumbrado") + 1))]
    steps.append(chat.say("Calle de Prueba, 1"))
    steps.append(chat.say("La farola lleva tres noches apagada"))
    totals = [body["form"]["total"] for body in [start, *steps]]
    assert totals == [5, 5, 5, 5], totals
    assert [body["form"]["step"] for body in steps] == [3, 4, 5]
    chat.say("cancelar")


def test_la_de_la_calle_portugal_is_understood_as_an_office(world: Any) -> None:
    client, sandbox = world
    chat = Chat(client, web_sign_in(sandbox, "99000004T"))
    chat.say("quiero pedir cita previa")
    assert chat.say("padrón")["form"]["slot"] == "office"
    body = chat.say("la de la calle portugal")
    assert body["form"]["slot"] == "date", body["reply"]
    chat.say("cancelar")


def test_the_kiosk_prints_an_appointment_slip(world: Any) -> None:
    client, _ = world
    chat = Chat(client, kiosk_sign_in("99000001C"))
    chat.say("quiero pedir cita previa")
    chat.say("padrón")
    chat.say("la del Séneca")
    assert chat.say(bookable_day())["form"]["slot"] == "time"
    chat.say("1")
    booked = chat.say("sí")
    assert booked["intent"] == "action_result", booked["reply"]
    slip = booked["slip"]
    assert slip is not None
    assert slip["office"] == "OAC Séneca" and slip["address"].startswith("C/ Portugal, 17")
    assert slip["reference"] and slip["reference"] in booked["reply"]
