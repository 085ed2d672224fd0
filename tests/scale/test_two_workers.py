"""Two workers of one deployment (issue 15): two applications built by `create_app` from the
same settings, on the same PostgreSQL schema and Redis, taking turns of one conversation the
way a load balancer hands them out. Nothing a turn needs may stay in the worker that took the
previous one: the callback form's phone (asked once, confirmed once, one ticket, one audit
entry) and an admin sign-out (refused by the other worker)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.api.app import create_app
from ali.catalogue.profile import CouncilProfile
from ali.settings import DatabaseSettings, EmbedderSettings, RateLimitSettings, Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.tickets import TicketRepository
from tests.support.admin import PASSWORD, admin_settings
from tests.support.databases import migrated_database
from tests.support.redis import hash_of, keys_under

CHAT = "/api/v1/councils/alicante/chat"
PHONE = "612345678"


@pytest.fixture
def shared_settings(tmp_path: Path, postgres_url: str, redis_keys: str) -> Settings:
    """One deployment's settings: PostgreSQL, Redis under the test's own key prefix."""
    return admin_settings(tmp_path / "data").model_copy(
        update={
            "councils": ["alicante"],
            "embedder": EmbedderSettings(backend="hashing"),
            "database": DatabaseSettings(url=SecretStr(postgres_url)),
            "redis_url": SecretStr("redis://127.0.0.1:6379/0"),
            "redis_key_prefix": redis_keys,
            # Not what is tested; the counts would be shared with every other test's.
            "rate_limits": RateLimitSettings(enabled=False),
        }
    )


@pytest.fixture
def database(shared_settings: Settings) -> Iterator[Database]:
    """The deployment's database, seen from outside the workers (emptied afterwards)."""
    with migrated_database(shared_settings.database_url, empty_afterwards=True) as database:
        yield database


@pytest.fixture
def workers(
    shared_settings: Settings, database: Database
) -> Iterator[tuple[TestClient, TestClient]]:
    """Workers A and B: each builds and warms its own councils, as `ali serve --workers 2`."""
    apps = [create_app(shared_settings) for _ in range(2)]
    for app in apps:
        app.state.councils.warm_up()
    with (
        TestClient(apps[0], raise_server_exceptions=False) as a,
        TestClient(apps[1], raise_server_exceptions=False) as b,
    ):
        yield a, b
    for app in apps:
        app.state.councils.database.dispose()


def test_a_callback_form_alternating_between_workers_is_done_once(
    workers: tuple[TestClient, TestClient],
    shared_settings: Settings,
    database: Database,
    redis_client: redis.Redis,
    redis_keys: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(CouncilProfile, "phone_open", lambda self, moment=None: False)
    conversation: str | None = None
    turn = 0

    def say(message: str) -> dict:  # type: ignore[type-arg]
        nonlocal conversation, turn
        worker = workers[turn % 2]  # A, B, A, B, …
        turn += 1
        response = worker.post(CHAT, json={"conversation_id": conversation, "message": message})
        assert response.status_code == 200, response.text
        body = response.json()
        conversation = body["conversation_id"]
        return body  # type: ignore[no-any-return]

    assert say("quiero hablar con una persona")["intent"] == "handoff"
    assert say("sí")["form"]["slot"] == "topic"
    assert say("un problema con mi recibo del IBI")["form"]["slot"] == "preferred_time"
    assert say("por la tarde")["form"]["slot"] == "phone"
    summary = say(PHONE)  # worker A keeps it: in Redis, sealed
    assert summary["intent"] == "confirmation"
    assert {"label": "Teléfono", "value": "···678"} in summary["form"]["summary"]
    personal = [key for key in keys_under(redis_client, redis_keys) if b":personal:" in key]
    assert len(personal) == 1  # the phone waits in Redis, sealed
    stored = b" ".join(hash_of(redis_client, personal[0].decode()).values())
    assert PHONE.encode() not in stored and b"345678" not in stored

    done = say("sí")  # confirmed on worker B, which never saw the phone typed
    assert done["intent"] == "action_result"
    again = say("sí")  # a repeated confirmation, on worker A
    assert again["intent"] != "action_result" or again["reply"] == done["reply"]

    tickets = TicketRepository(database, secret=shared_settings.secret_key.get_secret_value())
    made = tickets.list("alicante")
    assert len(made) == 1
    assert made[0].reference in done["reply"]
    assert made[0].contact == PHONE
    assert made[0].preferred_time == "afternoon"
    entries = AuditLog(database).entries("alicante")
    assert len(entries) == 1
    assert PHONE not in repr(entries[0])
    assert not [key for key in keys_under(redis_client, redis_keys) if b":personal:" in key]


def test_a_session_signed_out_on_one_worker_is_refused_by_the_other(
    workers: tuple[TestClient, TestClient],
) -> None:
    a, b = workers
    signed_in = a.post(
        "/admin/login", data={"username": "admin", "password": PASSWORD}, follow_redirects=False
    )
    assert signed_in.status_code == 303
    cookie = a.cookies["ali_admin"]
    b.cookies.set("ali_admin", cookie, path="/admin")
    assert b.get("/admin/api/councils").status_code == 200  # B trusts A's signature

    assert a.post("/admin/logout", follow_redirects=False).status_code == 303
    b.cookies.set("ali_admin", cookie, path="/admin")  # the old cookie, replayed on B
    assert b.get("/admin/api/councils").status_code == 401
    a.cookies.set("ali_admin", cookie, path="/admin")
    assert a.get("/admin/api/councils").status_code == 401
