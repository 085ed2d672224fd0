"""At most `streams_per_client` open `/chat/stream` replies per client: 429 while they are
open, the slot given back when a stream closes, in full or because the client went away."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ali.api.stream_slots import HeldStream, StreamSlots
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.errors import RateLimited
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import EmbedderSettings, LLMSettings, RateLimitSettings, Settings
from ali.storage.database import Database
from tests.api.limits_support import BASE, QUESTION, app_with
from tests.api.test_model_stream import ANSWER, composed
from tests.llm.openai_stub import Behaviour, openai_stub
from tests.support.councils import APPOINTMENT_FORM, make_councils
from tests.support.servers import free_port


def test_slots_are_counted_per_client_and_given_back_once() -> None:
    slots = StreamSlots()
    first = slots.take("ip:a", 2)
    slots.take("ip:a", 2)
    slots.take("ip:b", 2)
    with pytest.raises(RateLimited) as refused:
        slots.take("ip:a", 2)
    assert refused.value.limit == "streams" and refused.value.retry_after >= 1
    first.release()
    first.release()  # once only
    assert slots.open("ip:a") == 1
    slots.take("ip:a", 2)


def test_a_client_with_its_streams_open_is_refused_until_one_closes(
    hashing_councils: Councils,
) -> None:
    app = app_with(hashing_councils, rate_limits={"streams_per_client": 1})
    slots: StreamSlots = app.state.stream_slots
    with TestClient(app) as client:
        held = slots.take("ip:testclient", 1)  # the client's one stream, still open
        refused = client.post(f"{BASE}/chat/stream", json=QUESTION)
        held.release()
        served = client.post(f"{BASE}/chat/stream", json=QUESTION)
        again = client.post(f"{BASE}/chat/stream", json=QUESTION)
    assert refused.status_code == 429
    assert refused.json()["error"] == "RateLimited" and refused.headers["Retry-After"] == "5"
    assert served.status_code == again.status_code == 200  # each gave its slot back
    assert slots.open("ip:testclient") == 0


def test_an_error_before_the_stream_starts_gives_the_slot_back(
    hashing_councils: Councils,
) -> None:
    app = app_with(hashing_councils, rate_limits={"streams_per_client": 1})
    with TestClient(app) as client:
        invalid = client.post(f"{BASE}/chat/stream", json={**QUESTION, "language": "fr"})
    assert invalid.status_code == 422
    assert app.state.stream_slots.open("ip:testclient") == 0


def test_a_stream_the_client_leaves_gives_its_slot_back() -> None:
    slots = StreamSlots()
    slot = slots.take("ip:a", 1)
    waiting = asyncio.Event()

    async def endless() -> AsyncIterator[str]:
        yield "event: delta\ndata: {}\n\n"
        await waiting.wait()  # the turn is still being written
        yield "never sent"

    async def disconnect() -> dict[str, object]:
        await asyncio.sleep(0.05)
        return {"type": "http.disconnect"}

    sent: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    response = HeldStream(endless(), slot, media_type="text/event-stream")
    scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
    asyncio.run(asyncio.wait_for(response(scope, disconnect, send), timeout=5))  # type: ignore[arg-type]
    assert slots.open("ip:a") == 0
    assert sent[0]["type"] == "http.response.start"


@pytest.fixture
def slow_stream(tmp_path: Path) -> Iterator[tuple[str, FastAPI]]:
    """ALI served by uvicorn on loopback, its council's model writing slowly (so a stream
    stays open), one stream per client."""
    behaviour = Behaviour(replies=[composed(ANSWER)] * 4, chunk_delay=0.25)
    with openai_stub(behaviour) as stub:
        settings = Settings(
            _env_file=None,
            data_dir=tmp_path,
            embedder=EmbedderSettings(backend="hashing"),
            llm=LLMSettings(
                provider="openai",
                base_url=stub.url,
                model="stub",
                structured_output="json_object",
                first_token_seconds=20,
                total_seconds=60,
            ),
            rate_limits=RateLimitSettings(streams_per_client=1),
        )
        database = Database(settings.database_url)
        database.migrate()
        councils = make_councils(
            settings, database, RehearsalAction(APPOINTMENT_FORM), embedder=HashingEmbedder()
        )
        councils.warm_up()
        from ali.api.app import create_app

        app = create_app(settings, councils)
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "ALI did not start"
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}", app
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_client_that_disconnects_mid_turn_frees_its_slot(
    slow_stream: tuple[str, FastAPI],
) -> None:
    url, app = slow_stream
    slots: StreamSlots = app.state.stream_slots
    key = "ip:127.0.0.1"
    body = json.dumps(QUESTION).encode()
    address = httpx.URL(url)
    with socket.create_connection((address.host, address.port)) as raw:
        raw.sendall(
            f"POST {BASE}/chat/stream HTTP/1.1\r\nHost: ali\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        assert wait_for(lambda: slots.open(key) == 1)  # the model is writing its reply
        refused = httpx.post(f"{url}{BASE}/chat/stream", json=QUESTION, timeout=30)
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "5"
    # The client went away before its reply was over: the slot comes back once the server
    # finds it gone.
    assert wait_for(lambda: slots.open(key) == 0)
    served = httpx.post(f"{url}{BASE}/chat/stream", json=QUESTION, timeout=30)
    assert served.status_code == 200
    assert wait_for(lambda: slots.open(key) == 0)  # given back once the response is over
