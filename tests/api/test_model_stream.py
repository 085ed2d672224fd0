"""The chat API with a council model (issue 13), over HTTP against a stand-in OpenAI-compatible
server: `/chat` says `answered_by`, and `/chat/stream` sends the model's sentences as they pass
the checks, then the whole response."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ali.api.app import create_app
from ali.connectors.rehearsal import RehearsalAction
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import EmbedderSettings, LLMSettings, Settings
from ali.storage.database import Database
from tests.api.test_channels import parse_events
from tests.llm.openai_stub import Behaviour, OpenAIStub, openai_stub
from tests.support.councils import APPOINTMENT_FORM, make_councils

BASE = "/api/v1/councils/alicante"
QUESTION = {"message": "¿cuánto cuesta el volante de empadronamiento?"}
ANSWER = "El volante de empadronamiento es gratuito. Lo emiten al momento los ciberkioscos."


def composed(answer: str) -> str:
    reply = {"coverage": "full", "sources": ["S1"], "command": "none", "answer": answer}
    return json.dumps(reply, ensure_ascii=False)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, OpenAIStub]]:
    with openai_stub(Behaviour(replies=[composed(ANSWER)], chunk_delay=0.01)) as stub:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            data_dir=tmp_path,
            embedder=EmbedderSettings(backend="hashing"),
            llm=LLMSettings(
                provider="openai", base_url=stub.url, model="stub", structured_output="json_object"
            ),
        )
        database = Database(settings.database_url)
        database.migrate()
        councils = make_councils(
            settings, database, RehearsalAction(APPOINTMENT_FORM), embedder=HashingEmbedder()
        )
        councils.warm_up()
        with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
            yield client, stub


def test_chat_says_the_model_answered(served: tuple[TestClient, OpenAIStub]) -> None:
    client, stub = served
    body = client.post(f"{BASE}/chat", json=QUESTION).json()
    assert body["answered_by"] == "model"
    assert body["reply"] == ANSWER
    assert body["sources"][0]["url"].startswith("https://www.alicante.es/")
    sent = stub.requests[0]
    assert sent["response_format"]["type"] == "json_object"  # what llama.cpp's server takes


def test_the_stream_sends_sentence_by_sentence_then_the_response(
    served: tuple[TestClient, OpenAIStub],
) -> None:
    client, _ = served
    response = client.post(f"{BASE}/chat/stream", json=QUESTION)
    assert response.status_code == 200
    events = parse_events(response.text)
    kinds = [kind for kind, _ in events]
    assert kinds == ["delta", "delta", "reply"]  # one event per checked sentence
    assert events[0][1]["text"] == "El volante de empadronamiento es gratuito. "
    final = events[-1][1]
    assert final["answered_by"] == "model"
    assert "".join(str(data["text"]) for _, data in events[:-1]).strip() == final["reply"]


def test_a_greeting_streams_the_catalogues_reply(served: tuple[TestClient, OpenAIStub]) -> None:
    client, stub = served
    events = parse_events(client.post(f"{BASE}/chat/stream", json={"message": "hola"}).text)
    assert events[-1][0] == "reply" and events[-1][1]["answered_by"] == "catalogue"
    assert stub.requests == []
