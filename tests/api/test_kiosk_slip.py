"""An appointment booked at a kiosk over HTTP, with the sandbox's demo kiosk and its DNIe
assertion, against the sandbox back office on loopback: the chat response carries the slip the
kiosk prints, in the citizen's language, with nothing personal in it or in the logs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from ali.i18n.dates import date_in_words
from tests.support.alicante_live import Chat, alicante_live, kiosk_sign_in, web_sign_in
from tests.support.councils import bookable_day
from tests.support.servers import KEY, Sandbox

# Demo citizens of the sandbox's padrón (fake data).
LUCIA = ("99000002K", "Lucía Fernández Gómez")
PERSONAL_BITS = ("99000002K", "99000002", "Lucía", "Lucia", "Fernández", "Gómez", "L. F.", "LFG")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Sandbox]]:
    with alicante_live(tmp_path_factory.mktemp("kiosk-slip")) as live:
        yield live


def book(chat: Chat, office: str) -> tuple[dict[str, Any], str]:
    """Books the first free time on the next bookable day; (the booked reply, the time)."""
    assert chat.say("quiero pedir cita previa")["form"]["slot"] == "service"
    assert chat.say("padrón")["form"]["slot"] == "office"
    assert chat.say(office)["form"]["slot"] == "date"
    times = chat.say(bookable_day())
    assert times["form"]["slot"] == "time", times["reply"]
    chosen = times["form"]["options"][0]["label"]
    assert chat.say("1")["intent"] == "confirmation"
    booked = chat.say("sí")
    assert booked["intent"] == "action_result", booked["reply"]
    return booked, chosen


def day_booked(sandbox: Sandbox, nif: str, reference: str) -> dt.datetime:
    mine = httpx.get(
        f"{sandbox.url}/citas/bookings", params={"nif": nif}, headers={"X-Api-Key": KEY}
    ).json()
    found = next(item for item in mine if item["reference"] == reference)
    return dt.datetime.fromisoformat(found["starts_at"])


def test_a_booking_at_the_kiosk_carries_its_slip(
    world: tuple[TestClient, Sandbox], capfd: pytest.CaptureFixture[str]
) -> None:
    client, sandbox = world
    nif, name = LUCIA
    chat = Chat(client, kiosk_sign_in(nif, name))
    booked, chosen = book(chat, "la de la calle portugal")
    slip = booked["slip"]
    starts = day_booked(sandbox, nif, slip["reference"])
    assert slip == {
        "reference": slip["reference"],
        "service": "Padrón",
        "office": "OAC Séneca",
        "address": "C/ Portugal, 17, Alicante",
        "day": date_in_words(starts.date(), "es"),
        "time": chosen,
        "starts_at": starts.isoformat(),
        "bring": ["Tu documento de identidad.", "Este justificante."],
        "cancel": "Para anularla, pídeselo a ALI en un ciberkiosco: «anular mi cita».",
    }
    assert slip["reference"] in booked["reply"]
    printed = json.dumps(slip, ensure_ascii=False)
    logged = capfd.readouterr()
    for personal in PERSONAL_BITS:
        assert personal not in printed, personal
        assert personal not in logged.out + logged.err, personal


def test_the_slip_is_in_the_kiosks_language(world: tuple[TestClient, Sandbox]) -> None:
    client, _ = world
    chat = Chat(client, kiosk_sign_in("99000004T"), language="va")
    assert chat.say("vull demanar cita prèvia")["form"]["slot"] == "service"
    chat.say("padró")
    chat.say("la del carrer Pino Santo")
    assert chat.say(bookable_day())["form"]["slot"] == "time"
    chat.say("1")
    slip = chat.say("sí")["slip"]
    assert slip["office"] == "OAC Gastón Castelló" and slip["service"] == "Padró"
    assert slip["bring"] == ["El teu document d'identitat.", "Aquest justificant."]
    assert slip["cancel"].startswith("Per a anul·lar-la")
    weekday = slip["day"].split()[0]
    assert weekday in {"dilluns", "dimarts", "dimecres", "dijous", "divendres"}, slip["day"]


def test_a_booking_on_the_web_has_no_slip(world: tuple[TestClient, Sandbox]) -> None:
    client, sandbox = world
    booked, _ = book(Chat(client, web_sign_in(sandbox, "99000003E")), "2")
    assert booked["slip"] is None
