"""The dashboard's test data: the demo password (cheap hash), settings, and a database
seeded through the real conversation store with turns at chosen UTC instants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import SecretStr

from ali.admin.passwords import hash_password
from ali.admin.period import Period
from ali.settings import AdminSettings, Settings
from ali.storage.conversations import Conversation, Turn
from ali.storage.database import Database
from ali.storage.models import ActionLogRow, ConsentRow, FeedbackRow
from ali.storage.sql_conversations import SqlConversationStore

PASSWORD = "correct horse battery staple"


# A cheap cost keeps the tests fast; the format and the check are the production ones.
PASSWORD_HASH = hash_password(PASSWORD, n=2**10)
PERIOD = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 3))
UNANSWERED = "dame una receta de arroz a banda"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def admin_settings(data_dir: Path, **admin: object) -> Settings:
    options: dict[str, object] = {"password_hash": SecretStr(PASSWORD_HASH)} | admin
    return Settings(  # type: ignore[call-arg, unused-ignore]
        _env_file=None,
        data_dir=data_dir,
        environment="test",
        councils=["alicante"],
        secret_key=SecretStr("admin-tests-secret"),
        admin=AdminSettings.model_validate(options),
    )


def exchange(
    conversation: Conversation,
    when: str,
    question: str,
    intent: str,
    *,
    procedure: str | None = None,
    language: str = "es",
    latency: float | None = None,
) -> None:
    """One citizen message and the assistant's reply, as the dialogue engine stores them."""
    moment = at(when)
    conversation.add_turn(Turn("citizen", question, at=moment, language=language))
    conversation.add_turn(
        Turn("assistant", "…", intent, procedure, moment, language=language, latency_ms=latency)
    )


def seed(database: Database) -> None:
    """Two conversations of Alicante inside PERIOD, and traffic just outside it or elsewhere.

    Inside: 4 replies (procedure_info x2 for padron.volante, clarify, out_of_scope), latencies
    100, 200, 300, 400 ms; languages es x3, va x1; one unanswered question.
    """
    store = SqlConversationStore(database, dt.timedelta(days=3650))
    first = Conversation("alicante", "es", created_at=at("2024-03-01T10:00:00"))
    exchange(
        first, "2024-03-01T10:00:00", "volante", "procedure_info",
        procedure="padron.volante", latency=100,
    )  # fmt: skip
    exchange(first, "2024-03-01T10:01:00", UNANSWERED, "out_of_scope", latency=200)
    # 23:30 UTC is already the next day in Alicante: days are counted in UTC.
    second = Conversation("alicante", "va", created_at=at("2024-03-02T23:30:00"))
    exchange(second, "2024-03-02T23:30:00", "i el padró", "clarify", language="va", latency=300)
    exchange(
        second, "2024-03-02T23:31:00", "[DNI] volant", "procedure_info",
        procedure="padron.volante", latency=400,
    )  # fmt: skip
    before = Conversation("alicante", "es", created_at=at("2024-02-29T23:59:59"))
    exchange(before, "2024-02-29T23:59:59", "antes", "out_of_scope", latency=9000)
    after = Conversation("alicante", "es", created_at=at("2024-03-04T00:00:00"))
    exchange(after, "2024-03-04T00:00:00", "después", "out_of_scope", latency=9000)
    elsewhere = Conversation("elche", "es", created_at=at("2024-03-02T12:00:00"))
    exchange(elsewhere, "2024-03-02T12:00:00", "otra ciudad", "out_of_scope", latency=9000)
    for conversation in (first, second, before, after, elsewhere):
        store.save(conversation)
    with database.session() as session:
        session.add_all(
            [
                FeedbackRow(
                    conversation_id=first.id, turn=2, useful=True, comment=None,
                    created_at=at("2024-03-01T10:02:00"),
                ),
                FeedbackRow(
                    conversation_id=first.id, turn=4, useful=False,
                    comment="=no entiende [TELÉFONO]", created_at=at("2024-03-01T10:03:00"),
                ),
                FeedbackRow(
                    conversation_id=second.id, turn=4, useful=True, comment="bien",
                    created_at=at("2024-03-03T09:00:00"),
                ),
                FeedbackRow(
                    conversation_id=elsewhere.id, turn=2, useful=False, comment="fuera",
                    created_at=at("2024-03-02T12:00:00"),
                ),
            ]
        )  # fmt: skip
        actions = [
            ("k1", "alicante", "citas.book_appointment", "succeeded", None, "2024-03-01T11:00:00"),
            ("k2", "alicante", "citas.book_appointment", "failed", "backend down",
             "2024-03-02T11:00:00"),
            ("k3", "alicante", "padron.volante", "succeeded", None, "2024-03-03T11:00:00"),
            ("k4", "alicante", "padron.volante", "failed", "too old", "2024-02-01T11:00:00"),
            ("k5", "elche", "padron.volante", "failed", "elsewhere", "2024-03-02T11:00:00"),
        ]  # fmt: skip
        session.add_all(
            ActionLogRow(
                idempotency_key=key, council_id=council, conversation_id=None, action=action,
                status=status, error=error, created_at=at(when),
            )
            for key, council, action, status, error, when in actions
        )  # fmt: skip
        session.add_all(
            ConsentRow(
                council_id=council, channel="web", notice_version="1", language="es",
                created_at=at(when),
            )
            for council, when in [
                ("alicante", "2024-03-01T09:00:00"),
                ("alicante", "2024-03-03T23:59:59"),
                ("alicante", "2024-03-04T00:00:00"),
                ("elche", "2024-03-02T09:00:00"),
            ]
        )  # fmt: skip
