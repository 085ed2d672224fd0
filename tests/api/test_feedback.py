"""Feedback on ALI's replies: redacted, only on assistant turns, one vote per reply (a second
replaces the first, also under concurrent votes), and on a signed-in citizen's conversation
only from that citizen."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy import text

from ali.api.app import create_app
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import EmbedderSettings, Settings
from ali.storage.conversations import Conversation, Turn
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.councils import ALICANTE
from tests.support.identity import AUDIENCE, ISSUER, new_key, token, write_jwks


def feedback_url(conversation_id: str) -> str:
    return f"/api/v1/councils/alicante/conversations/{conversation_id}/feedback"


def test_feedback_on_a_reply_is_recorded_redacted(client: TestClient, database: Database) -> None:
    reply = client.post(
        "/api/v1/councils/alicante/chat", json={"message": "volante de empadronamiento"}
    ).json()
    response = client.post(
        feedback_url(reply["conversation_id"]),
        json={"turn": reply["turn"], "useful": False, "comment": "llamadme al 612345678"},
    )
    assert response.status_code == 201
    assert response.json() == {"status": "recorded"}
    with database.engine.connect() as connection:
        comments = (
            connection.execute(
                text("SELECT comment FROM feedback WHERE conversation_id = :c"),
                {"c": reply["conversation_id"]},
            )
            .scalars()
            .all()
        )
    assert comments == ["llamadme al [PHONE]"]


def test_feedback_on_unknown_conversation_or_turn_is_404(client: TestClient) -> None:
    assert client.post(feedback_url("nope"), json={"turn": 1, "useful": True}).status_code == 404
    reply = client.post("/api/v1/councils/alicante/chat", json={"message": "hola"}).json()
    missing = client.post(feedback_url(reply["conversation_id"]), json={"turn": 99, "useful": True})
    assert missing.status_code == 404
    assert missing.json()["error"] == "UnknownConversation"


def test_bad_feedback_is_422(client: TestClient) -> None:
    for payload in ({"turn": 0, "useful": True}, {"turn": 1}, {"turn": 1, "useful": "maybe"}):
        assert client.post(feedback_url("abc"), json=payload).status_code == 422
    long = {"turn": 1, "useful": True, "comment": "x" * 1001}
    assert client.post(feedback_url("abc"), json=long).status_code == 422
    assert client.post(feedback_url("a" * 65), json={"turn": 1, "useful": True}).status_code == 422


def test_feedback_for_unknown_council_is_404(client: TestClient) -> None:
    response = client.post(
        "/api/v1/councils/atlantis/conversations/abc/feedback", json={"turn": 1, "useful": True}
    )
    assert response.status_code == 404
    assert response.json()["error"] == "UnknownCouncil"


# -- ownership, one vote per reply, only ALI's replies -------------------------------------


@dataclass
class Signed:
    client: TestClient
    database: Database
    key: rsa.RSAPrivateKey

    def chat(self, message: str, bearer: str | None = None, conversation: str | None = None):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        response = self.client.post(
            "/api/v1/councils/alicante/chat",
            json={"conversation_id": conversation, "message": message},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def vote(self, conversation: str, turn: int, useful: bool, bearer: str | None = None, **extra):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        return self.client.post(
            feedback_url(conversation),
            json={"turn": turn, "useful": useful, **extra},
            headers=headers,
        )

    def votes(self, conversation: str) -> list[tuple[int, bool, str | None]]:
        with self.database.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT turn, useful, comment FROM feedback WHERE conversation_id = :c"),
                {"c": conversation},
            ).all()
        return [(int(turn), bool(useful), comment) for turn, useful, comment in rows]


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Signed]:
    root = tmp_path_factory.mktemp("feedback")
    council = root / "knowledge" / "alicante"
    shutil.copytree(ALICANTE, council)
    key = new_key()
    write_jwks(council / "jwks.json", key)
    with (council / "council.yaml").open("a", encoding="utf-8") as profile:
        profile.write(
            f"\nidentity:\n  issuer: {ISSUER}\n  audience: {AUDIENCE}\n  jwks_file: jwks.json\n"
        )
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=root / "data",
        knowledge_dir=root / "knowledge",
        embedder=EmbedderSettings(backend="hashing"),
    )
    database = Database(settings.database_url)
    database.migrate()
    councils = Councils(
        settings,
        embedder=HashingEmbedder(),
        conversations=SqlConversationStore(database),
        database=database,
    )
    councils.warm_up()
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
        yield Signed(client, database, key)


def test_only_the_signed_in_owner_votes_on_their_conversation(signed: Signed) -> None:
    mine, theirs = token(signed.key), token(signed.key, nif="87654321X")
    reply = signed.chat("volante de empadronamiento", mine)
    conversation, turn = reply["conversation_id"], reply["turn"]
    for bearer in (None, theirs):
        refused = signed.vote(conversation, turn, False, bearer)
        assert refused.status_code == 404
        assert refused.json()["error"] == "UnknownConversation"
    assert signed.votes(conversation) == []
    assert signed.vote(conversation, turn, True, mine).status_code == 201
    assert signed.votes(conversation) == [(turn, True, None)]


def test_an_anonymous_conversation_takes_anonymous_votes(signed: Signed) -> None:
    reply = signed.chat("volante de empadronamiento")
    assert signed.vote(reply["conversation_id"], reply["turn"], True).status_code == 201


def test_a_bad_token_on_feedback_is_401_not_anonymous(signed: Signed) -> None:
    reply = signed.chat("volante de empadronamiento")
    refused = signed.vote(reply["conversation_id"], reply["turn"], True, "forged")
    assert refused.status_code == 401
    assert signed.votes(reply["conversation_id"]) == []


def test_a_second_vote_replaces_the_first(signed: Signed) -> None:
    bearer = token(signed.key)
    reply = signed.chat("volante de empadronamiento", bearer)
    conversation, turn = reply["conversation_id"], reply["turn"]
    assert signed.vote(conversation, turn, False, bearer, comment="no").status_code == 201
    for _ in range(3):
        again = signed.vote(conversation, turn, True, bearer, comment="ahora sí")
        assert again.status_code == 201
        assert again.json() == {"status": "recorded"}
    assert signed.votes(conversation) == [(turn, True, "ahora sí")]


def test_only_assistant_turns_can_be_voted_on(signed: Signed) -> None:
    first = signed.chat("volante de empadronamiento")
    conversation = first["conversation_id"]
    second = signed.chat("¿y cuánto cuesta?", conversation=conversation)
    assert (first["turn"], second["turn"]) == (2, 4)
    for citizens_turn in (1, 3):
        refused = signed.vote(conversation, citizens_turn, True)
        assert refused.status_code == 404
    assert signed.vote(conversation, 2, True).status_code == 201
    assert signed.vote(conversation, 4, False).status_code == 201
    assert sorted(signed.votes(conversation)) == [(2, True, None), (4, False, None)]


# -- concurrent votes on one turn leave one row, on both databases ------------------------


def test_concurrent_votes_on_one_turn_leave_one_vote(any_database: Database) -> None:
    store = SqlConversationStore(any_database)
    conversation = Conversation(council_id="alicante", language="es")
    conversation.add_turn(Turn("citizen", "hola"))
    conversation.add_turn(Turn("assistant", "Hola"))
    store.save(conversation)
    barrier = threading.Barrier(8)

    def vote(index: int) -> bool:
        barrier.wait()
        return store.add_feedback("alicante", conversation.id, 2, index % 2 == 0, f"voto {index}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(vote, range(8)))
    assert all(results)
    with any_database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT useful, comment FROM feedback WHERE conversation_id = :c"),
            {"c": conversation.id},
        ).all()
    assert len(rows) == 1
    useful, comment = rows[0]
    assert comment.startswith("voto ") and bool(useful) == (int(comment.split()[1]) % 2 == 0)
