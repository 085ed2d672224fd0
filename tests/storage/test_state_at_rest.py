"""What a form's answers leave at rest: the conversation state is sealed (encrypted), emptied
when the form ends or the conversation expires, and SQLite's files (database, WAL, shared
memory) keep no copy of what was deleted or overwritten."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from stdnum import iban

from ali.actions.forms import FormSpec, Slot, SlotKind
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import EmbedderSettings, Settings
from ali.storage.conversations import Conversation, Turn
from ali.storage.database import Database
from ali.storage.models import ConversationRow
from ali.storage.retention import purge_expired
from ali.storage.sql_conversations import SqlConversationStore
from ali.storage.state_cipher import PREFIX, StateCipher, UnreadableState
from tests.support.councils import make_councils

# The appointment procedure's action, with a free-text answer and an account number.
FORM = FormSpec(
    action="citas.book_appointment",
    title={"es": "Cita previa", "va": "Cita prèvia", "en": "Appointment"},
    slots=(
        Slot(
            name="purpose",
            kind=SlotKind.TEXT,
            label={"es": "Motivo", "va": "Motiu", "en": "Reason"},
            prompt={"es": "¿Para qué?", "va": "Per a què?", "en": "What for?"},
        ),
        Slot(
            name="iban",
            kind=SlotKind.IBAN,
            label={"es": "Cuenta", "va": "Compte", "en": "Account"},
            prompt={"es": "¿Qué IBAN?", "va": "Quin IBAN?", "en": "Which IBAN?"},
            personal=True,
        ),
    ),
)


def distinctive_iban() -> str:
    rng = random.Random()
    while True:
        bban = "".join(rng.choice("0123456789") for _ in range(20))
        number = "ES" + iban.calc_check_digits("ES00" + bban) + bban
        if iban.is_valid(number):
            return number


def sqlite_files(database_path: Path) -> dict[str, bytes]:
    names = [database_path, Path(f"{database_path}-wal"), Path(f"{database_path}-shm")]
    return {path.name: path.read_bytes() for path in names if path.exists()}


def found_in(files: dict[str, bytes], value: str) -> list[str]:
    needles = {value.encode(), value.encode("utf-16-le")}
    return [name for name, raw in files.items() if any(needle in raw for needle in needles)]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Councils, Database, Path]]:
    data = tmp_path_factory.mktemp("at-rest")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=data, embedder=EmbedderSettings(backend="hashing")
    )
    database = Database(settings.database_url)
    database.migrate()
    councils = make_councils(settings, database, RehearsalAction(FORM), embedder=HashingEmbedder())
    councils.warm_up()
    yield councils, database, data / "ali.db"
    database.dispose()


def test_a_completed_forms_answers_are_not_in_the_database_files(
    world: tuple[Councils, Database, Path],
) -> None:
    councils, database, path = world
    engine = councils.runtime("alicante").engine
    email = f"vecina.{random.randrange(10**8):08d}@example.org"
    purpose = f"Beca comedor Q{random.randrange(10**8):08d}, escribidme a {email}"
    account = distinctive_iban()

    started = engine.chat("quiero pedir cita previa")
    assert started.form is not None and started.form.slot == "purpose"
    conversation = started.conversation_id
    assert engine.chat(purpose, conversation).form.slot == "iban"  # type: ignore[union-attr]
    with database.reader() as session:  # while the form is open, its answer is sealed
        stored = session.scalar(
            select(ConversationRow.state).where(ConversationRow.id == conversation)
        )
    assert stored is not None and stored.startswith(PREFIX)
    assert "Beca" not in stored
    summary = engine.chat(account, conversation)
    assert summary.form is not None and summary.form.confirming
    done = engine.chat("sí", conversation)
    assert done.intent == "action_result"

    loaded = councils.conversations.get("alicante", conversation)
    assert loaded is not None and "form" not in loaded.state
    files = sqlite_files(path)
    assert set(files) >= {"ali.db"}
    assert found_in(files, email) == []
    assert found_in(files, account) == []
    assert found_in(files, account[-10:]) == []


def test_deleted_transcripts_leave_no_copy_in_the_files(
    world: tuple[Councils, Database, Path],
) -> None:
    """`secure_delete` zeroes deleted rows and the purge truncates the WAL: without them the
    text of purged turns stays readable in the database file's free pages or in the WAL."""
    councils, database, path = world
    store = councils.conversations
    marker = f"transcript-marker-{random.randrange(10**8):08d}"
    conversation = Conversation(council_id="alicante", language="es")
    conversation.add_turn(Turn("citizen", f"{marker} " * 40))
    store.save(conversation)
    assert found_in(sqlite_files(path), marker)  # the check can see it
    with database.session() as session:
        session.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conversation.id)
            .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
        )
    assert store.purge(dt.datetime.now(dt.UTC) - dt.timedelta(days=365)) >= 1
    assert found_in(sqlite_files(path), marker) == []


@pytest.fixture
def store_db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'ali.db'}")
    database.migrate()
    yield database
    database.dispose()


def test_the_state_is_sealed_and_opens_only_with_its_secret(store_db: Database) -> None:
    store = SqlConversationStore(store_db, secret="one-deployment")
    conversation = Conversation(council_id="alicante", language="es")
    conversation.state = {"form": {"values": {"purpose": "tratamiento de mi hija"}}}
    store.save(conversation)
    with store_db.reader() as session:
        stored = session.scalar(select(ConversationRow.state))
    assert stored is not None and stored.startswith("v1:")
    assert "tratamiento" not in stored
    loaded = store.get("alicante", conversation.id)
    assert loaded is not None and loaded.state == conversation.state
    # Another deployment's secret does not open it: the conversation starts over.
    assert SqlConversationStore(store_db, secret="another").get("alicante", conversation.id) is None


def test_a_sealed_state_does_not_open_on_another_conversation() -> None:
    cipher = StateCipher("secret")
    sealed = cipher.seal("conversation-a", {"a": 1})
    assert cipher.open("conversation-a", sealed) == {"a": 1}
    with pytest.raises(UnreadableState):
        cipher.open("conversation-b", sealed)
    with pytest.raises(UnreadableState):
        cipher.open("conversation-a", sealed[:-4] + "AAAA")


def test_plain_states_from_before_are_read_and_sealed_at_start(store_db: Database) -> None:
    store = SqlConversationStore(store_db, secret="s")
    conversation = Conversation(council_id="alicante", language="es")
    store.save(conversation)
    legacy = {"form": {"values": {"subject": "queja del vecino"}}, "owner": "abc"}
    with store_db.session() as session:  # as SQLAlchemy's JSON type wrote it before 0003
        session.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conversation.id)
            .values(state=json.dumps(legacy))
        )
    loaded = store.get("alicante", conversation.id)
    assert loaded is not None and loaded.state == legacy

    assert store.seal_plain_states() == 1
    with store_db.reader() as session:
        stored = session.scalar(select(ConversationRow.state))
    assert stored is not None and stored.startswith(PREFIX) and "queja" not in stored
    assert store.get("alicante", conversation.id).state == legacy  # type: ignore[union-attr]
    assert store.seal_plain_states() == 0


def test_expired_conversations_lose_their_state_but_not_whose_they_are(
    store_db: Database, tmp_path: Path
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    store = SqlConversationStore(store_db, secret="s")
    owned = Conversation(council_id="alicante", language="es")
    owned.state = {"owner": "c1t1z3n", "form": {"values": {"text": "mi historia clínica"}}}
    anonymous = Conversation(council_id="alicante", language="es")
    anonymous.state = {"form": {"values": {"text": "otra historia"}}}
    live = Conversation(council_id="alicante", language="es")
    live.state = {"form": {"values": {"text": "sigue abierto"}}}
    for conversation in (owned, anonymous, live):
        store.save(conversation)
    with store_db.session() as session:
        session.execute(
            update(ConversationRow)
            .where(ConversationRow.id.in_([owned.id, anonymous.id]))
            .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
        )

    purge_expired(settings, store, None)

    with store_db.reader() as session:
        states = dict(session.execute(select(ConversationRow.id, ConversationRow.state)).all())
    assert json.loads(states[owned.id]) == {"owner": "c1t1z3n"}
    assert states[anonymous.id] == "{}"
    assert states[live.id].startswith(PREFIX)
    # Feedback still knows whose the expired conversation was.
    assert store.add_feedback("alicante", owned.id, 1, True, None, owner="someone") is False
    assert store.forget_states(dt.datetime.now(dt.UTC)) == 1  # only `live` was left to empty


def test_sqlite_runs_with_secure_delete_and_wal(store_db: Database) -> None:
    with store_db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
