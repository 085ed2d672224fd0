from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from ali.storage.database import Database


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
