"""Attaching files to an application over HTTP: only the conversation's signed-in citizen,
only while the form asks for files, only real PDF/JPEG/PNG within the limits; the files reach
the action and are deleted once it has run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy import text

from ali.actions.registry import ActionRegistry
from ali.api.app import create_app
from ali.connectors.registro import APPLICATION_FORM
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import AttachmentSettings, EmbedderSettings, Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.councils import ALICANTE
from tests.support.files import bomb_png, image_bytes, pdf_bytes
from tests.support.identity import AUDIENCE, ISSUER, new_key, token, write_jwks

BASE = "/api/v1/councils/alicante"


@dataclass
class World:
    client: TestClient
    action: RehearsalAction
    database: Database
    key: rsa.RSAPrivateKey


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("attachments")
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
        attachments=AttachmentSettings(max_file_mb=1, max_total_mb=2),
    )
    database = Database(settings.database_url)
    database.migrate()
    action = RehearsalAction(APPLICATION_FORM, requires_identity=True)
    councils = Councils(
        settings,
        embedder=HashingEmbedder(),
        conversations=SqlConversationStore(database),
        audit=AuditLog(database),
        actions=lambda catalogue: ActionRegistry([action]),
        database=database,
    )
    councils.warm_up()
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
        yield World(client, action, database, key)


def say(world: World, message: str, bearer: str, conversation: str | None) -> dict:  # type: ignore[type-arg]
    response = world.client.post(
        f"{BASE}/chat",
        json={"conversation_id": conversation, "message": message},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def at_attachments_step(world: World, bearer: str) -> str:
    conversation = None
    for message in (
        "quiero presentar una instancia general",
        "Solicitud de vado",
        "Solicito un vado para el garaje de mi casa.",
    ):
        body = say(world, message, bearer, conversation)
        conversation = body["conversation_id"]
    assert body["form"]["kind"] == "attachments", body["reply"]
    assert [s["value"] for s in body["suggestions"]] == ["listo", "ninguno"]
    return str(conversation)


def upload(world: World, conversation: str, bearer: str | None, name: str, content: bytes):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    return world.client.post(
        f"{BASE}/conversations/{conversation}/attachments",
        files={"file": (name, content, "application/octet-stream")},
        headers=headers,
    )


def stored_attachments(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM attachments")).scalar_one())


def test_files_reach_the_action_and_are_deleted_after_it(world: World) -> None:
    bearer = token(world.key)
    conversation = at_attachments_step(world, bearer)
    first = upload(world, conversation, bearer, "dni escaneado.pdf", pdf_bytes())
    assert first.status_code == 201, first.text
    assert first.json()["media_type"] == "application/pdf"
    second = upload(world, conversation, bearer, "foto.png", image_bytes("JPEG"))
    assert second.json()["filename"] == "foto.jpg"
    listed = world.client.get(
        f"{BASE}/conversations/{conversation}/attachments",
        headers={"Authorization": f"Bearer {bearer}"},
    ).json()
    assert [item["filename"] for item in listed] == ["dni escaneado.pdf", "foto.jpg"]
    summary = say(world, "listo", bearer, conversation)
    assert summary["form"]["confirming"]
    assert "dni escaneado.pdf, foto.jpg" in summary["reply"]
    done = say(world, "sí", bearer, conversation)
    assert done["intent"] == "action_result"
    sent = world.action.executed[-1]
    assert [item.filename for item in sent.attachments] == ["dni escaneado.pdf", "foto.jpg"]
    assert sent.attachments[0].content.startswith(b"%PDF-")
    assert stored_attachments(world.database) == 0


def test_done_without_files_asks_again_and_none_goes_on(world: World) -> None:
    bearer = token(world.key)
    conversation = at_attachments_step(world, bearer)
    again = say(world, "listo", bearer, conversation)
    assert again["form"]["kind"] == "attachments"
    assert "Todavía no has adjuntado" in again["reply"]
    summary = say(world, "ninguno", bearer, conversation)
    assert summary["form"]["confirming"]
    assert "Documentos adjuntos: ninguno" in summary["reply"]


def test_uploads_are_refused_without_sign_in_for_others_and_off_step(world: World) -> None:
    bearer = token(world.key)
    conversation = at_attachments_step(world, bearer)
    anonymous = upload(world, conversation, None, "a.pdf", pdf_bytes())
    assert anonymous.status_code == 401
    someone_else = upload(
        world, conversation, token(world.key, nif="87654321X"), "a.pdf", pdf_bytes()
    )
    assert someone_else.status_code == 404
    assert upload(world, "unknown", bearer, "a.pdf", pdf_bytes()).status_code == 404
    say(world, "ninguno", bearer, conversation)  # now confirming: no files expected
    late = upload(world, conversation, bearer, "a.pdf", pdf_bytes())
    assert late.status_code == 409
    assert late.json()["error"] == "NoFilesExpected"


def test_fake_oversized_and_too_many_files_are_refused(world: World) -> None:
    bearer = token(world.key)
    conversation = at_attachments_step(world, bearer)
    fake = upload(world, conversation, bearer, "factura.pdf", b"<html>not a pdf</html>")
    assert fake.status_code == 422
    assert fake.json()["error"] == "RejectedAttachment"
    bomb = upload(world, conversation, bearer, "plano.png", bomb_png())
    assert bomb.status_code == 422 and bomb.json()["error"] == "RejectedAttachment"
    big = upload(world, conversation, bearer, "big.pdf", b"%PDF-" + b"0" * 1_100_000 + b"%%EOF")
    assert big.status_code == 422 and "larger than 1 MB" in big.json()["detail"]
    for _ in range(5):
        assert upload(world, conversation, bearer, "p.png", image_bytes("PNG")).status_code == 201
    sixth = upload(world, conversation, bearer, "p.png", image_bytes("PNG"))
    assert sixth.status_code == 422 and "at most 5 files" in sixth.json()["detail"]


def test_a_removed_file_is_not_sent_and_cancelling_deletes_the_rest(world: World) -> None:
    bearer = token(world.key)
    headers = {"Authorization": f"Bearer {bearer}"}
    conversation = at_attachments_step(world, bearer)
    keep = upload(world, conversation, bearer, "a.pdf", pdf_bytes()).json()
    drop = upload(world, conversation, bearer, "b.png", image_bytes("PNG")).json()
    url = f"{BASE}/conversations/{conversation}/attachments"
    assert world.client.delete(f"{url}/{drop['id']}", headers=headers).status_code == 204
    assert world.client.delete(f"{url}/{drop['id']}", headers=headers).status_code == 404
    listed = world.client.get(url, headers=headers).json()
    assert [item["id"] for item in listed] == [keep["id"]]
    before = stored_attachments(world.database)
    say(world, "cancelar", bearer, conversation)
    assert stored_attachments(world.database) == before - 1


def test_a_body_over_the_upload_limit_is_413(world: World) -> None:
    bearer = token(world.key)
    conversation = at_attachments_step(world, bearer)
    huge = upload(world, conversation, bearer, "huge.pdf", b"%PDF-" + b"0" * 1_200_000)
    assert huge.status_code == 413
