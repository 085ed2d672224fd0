from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.catalogue import council_folders
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import DEFAULT_KNOWLEDGE_DIR, Settings
from ali.storage.conversations import InMemoryConversationStore


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "councils": ["alicante"]}  # the settings' ones


def test_by_default_every_council_folder_is_served(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    councils = Councils(
        settings, embedder=HashingEmbedder(), conversations=InMemoryConversationStore()
    )
    served = [folder.name for folder in council_folders(DEFAULT_KNOWLEDGE_DIR)]
    assert {"alicante", "jaen", "agost", "polop", "altea"} <= set(served)
    assert list(councils.ids) == served


def test_councils_named_by_the_settings_keep_their_order(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, councils=["jaen", "alicante"]
    )
    councils = Councils(
        settings, embedder=HashingEmbedder(), conversations=InMemoryConversationStore()
    )
    assert councils.ids == ["jaen", "alicante"]  # the first is the try-out pages' default


def test_openapi_documents_the_chat_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/councils/{council_id}/chat" in spec["paths"]


class BlockedEmbedder(HashingEmbedder):
    """Holds the warm-up until released, so the not-ready state can be observed."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def warm_up(self) -> None:
        self.release.wait(timeout=30)


def test_not_ready_until_the_index_is_loaded(settings: Settings, tmp_path: object) -> None:
    embedder = BlockedEmbedder()
    councils = Councils(
        settings.model_copy(update={"data_dir": tmp_path}),
        embedder=embedder,
        conversations=InMemoryConversationStore(),
    )
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
        chat = client.post("/api/v1/councils/alicante/chat", json={"message": "volante"})
        assert chat.status_code == 503
        assert chat.json()["error"] == "NotReady"
        # The catalogue is served while the index warms up.
        assert client.get("/api/v1/councils/alicante/procedures").status_code == 200
        embedder.release.set()
        client.app.state.warm_up.join(timeout=30)  # type: ignore[attr-defined]
        assert client.get("/readyz").status_code == 200
