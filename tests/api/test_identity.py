"""Sign-in over HTTP: information needs no identity, actions do, and a conversation signed in by
one citizen is never continued by another."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from ali.actions.registry import ActionRegistry
from ali.api.app import create_app
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import EmbedderSettings, Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.councils import ALICANTE, APPOINTMENT_FORM, bookable_day
from tests.support.identity import (
    API_KEY,
    AUDIENCE,
    ISSUER,
    assertion,
    kiosk_key,
    new_key,
    register,
    token,
    write_jwks,
)

KIOSK_KEY = kiosk_key()

CHAT = "/api/v1/councils/alicante/chat"


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return new_key()


@pytest.fixture(scope="module")
def signed(
    tmp_path_factory: pytest.TempPathFactory, key: rsa.RSAPrivateKey
) -> Iterator[tuple[TestClient, RehearsalAction, Database]]:
    root = tmp_path_factory.mktemp("identity")
    council = root / "knowledge" / "alicante"
    shutil.copytree(ALICANTE, council)
    write_jwks(council / "jwks.json", key)
    kiosk = register(KIOSK_KEY)
    with (council / "council.yaml").open("a", encoding="utf-8") as profile:
        profile.write(
            f"\nidentity:\n  issuer: {ISSUER}\n  audience: {AUDIENCE}\n  jwks_file: jwks.json\n"
        )
        profile.write(
            f"kiosks:\n  - id: {kiosk.id}\n    api_key_sha256: {kiosk.api_key_sha256}\n"
            "    public_key: |\n"
            + "".join(f"      {line}\n" for line in kiosk.public_key.splitlines())
        )
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=root / "data",
        knowledge_dir=root / "knowledge",
        embedder=EmbedderSettings(backend="hashing"),
    )
    database = Database(settings.database_url)
    database.migrate()
    action = RehearsalAction(APPOINTMENT_FORM, requires_identity=True)
    councils = Councils(
        settings,
        embedder=HashingEmbedder(),
        conversations=SqlConversationStore(database),
        audit=AuditLog(database),
        actions=lambda catalogue: ActionRegistry([action]),
    )
    councils.warm_up()
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
        yield client, action, database


def post(
    client: TestClient, message: str, bearer: str | None = None, conversation: str | None = None
):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    return client.post(
        CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
    )


def test_information_needs_no_sign_in(signed) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    assert post(client, "volante de empadronamiento").status_code == 200


def test_an_action_without_sign_in_asks_for_it(signed) -> None:  # type: ignore[no-untyped-def]
    client, action, _ = signed
    before = len(action.executed)
    body = post(client, "quiero pedir cita previa").json()
    assert body["intent"] == "procedure_action"
    assert "identificarte" in body["reply"]
    assert body["form"] is None
    assert len(action.executed) == before


def test_a_signed_in_citizen_completes_the_action(signed, key) -> None:  # type: ignore[no-untyped-def]
    client, action, database = signed
    bearer = token(key)
    conversation = None
    for message in ("quiero pedir cita previa", "padrón", bookable_day(), "1", "sí"):
        body = post(client, message, bearer, conversation).json()
        conversation = body["conversation_id"]
    assert body["intent"] == "action_result"
    assert action.executed[-1].citizen is not None
    assert action.executed[-1].citizen.nif == "12345678Z"
    entries = AuditLog(database).entries("alicante")
    assert entries[-1].status == "succeeded"


def test_another_citizen_cannot_continue_the_conversation(signed, key) -> None:  # type: ignore[no-untyped-def]
    client, action, _ = signed
    mine = token(key, nif="12345678Z")
    theirs = token(key, nif="87654321X")
    conversation = None
    for message in ("quiero pedir cita previa", "padrón", bookable_day(), "1"):
        body = post(client, message, mine, conversation).json()
        conversation = body["conversation_id"]
    assert body["intent"] == "confirmation"
    before = len(action.executed)
    hijack = post(client, "sí", theirs, conversation).json()
    assert hijack["conversation_id"] != conversation
    assert hijack["intent"] != "action_result"
    anonymous = post(client, "sí", None, conversation).json()
    assert anonymous["conversation_id"] != conversation
    assert len(action.executed) == before


@pytest.mark.parametrize("bearer", ["forged", "Bearer", "x.y.z"])
def test_a_bad_token_is_401_not_anonymous(signed, bearer: str) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    response = post(client, "hola", bearer)
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidToken"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_token_signed_by_someone_else_is_401(signed) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    assert post(client, "hola", token(new_key())).status_code == 401


def test_basic_auth_is_401(signed) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    response = client.post(CHAT, json={"message": "hola"}, headers={"Authorization": "Basic abc"})
    assert response.status_code == 401


def test_a_token_the_bundled_profile_cannot_check_is_never_anonymous(
    client: TestClient,
    key,  # type: ignore[no-untyped-def]
) -> None:
    # The bundled Alicante profile trusts the sandbox's identity provider: whether it is running
    # (the key is unknown: 401) or not (the key cannot be fetched: 503), the call is refused.
    response = post(client, "hola", token(key))
    assert response.status_code in (401, 503)
    assert response.json()["error"] in ("InvalidToken", "IdentityUnavailable")


def test_unknown_council_with_a_token_is_404(signed, key) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    response = client.post(
        "/api/v1/councils/atlantis/chat",
        json={"message": "hola"},
        headers={"Authorization": f"Bearer {token(key)}"},
    )
    assert response.status_code == 404


def kiosk_post(client: TestClient, message: str, conversation: str | None = None, **headers: str):  # type: ignore[no-untyped-def]
    base = {"X-Kiosk-Id": "kiosk-1", "X-Kiosk-Key": API_KEY}
    return client.post(
        CHAT, json={"conversation_id": conversation, "message": message}, headers=base | headers
    )


def test_a_kiosk_with_a_dnie_assertion_completes_an_action(signed) -> None:  # type: ignore[no-untyped-def]
    client, action, _ = signed
    proof = {"X-Citizen-Assertion": assertion(KIOSK_KEY, nif="X1234567L")}
    conversation = None
    for message in ("quiero pedir cita previa", "tributos", bookable_day(), "2", "sí"):
        body = kiosk_post(client, message, conversation, **proof).json()
        conversation = body["conversation_id"]
    assert body["intent"] == "action_result"
    assert action.executed[-1].citizen.nif == "X1234567L"


def test_a_kiosk_without_assertion_gets_information_only(signed) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    assert kiosk_post(client, "volante de empadronamiento").status_code == 200
    body = kiosk_post(client, "quiero pedir cita previa").json()
    assert body["form"] is None and "identificarte" in body["reply"]


def test_wrong_kiosk_credentials_are_401(signed) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    response = client.post(
        CHAT, json={"message": "hola"}, headers={"X-Kiosk-Id": "kiosk-1", "X-Kiosk-Key": "nope"}
    )
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidKioskCredentials"
    forged = kiosk_post(client, "hola", **{"X-Citizen-Assertion": assertion(kiosk_key())})
    assert forged.status_code == 401


@pytest.mark.parametrize(
    "extra",
    [
        {"Authorization": "Bearer garbage"},
        {"Authorization": "Basic abc"},
        {"Authorization": ""},
    ],
)
def test_kiosk_headers_with_any_authorization_header_are_401(signed, extra) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    response = kiosk_post(client, "hola", **extra)
    assert response.status_code == 401
    assert response.json()["error"] == "AmbiguousCredentials"


def test_kiosk_headers_with_a_valid_token_are_401_not_either(signed, key) -> None:  # type: ignore[no-untyped-def]
    client, action, _ = signed
    before = len(action.executed)
    proof = {"X-Citizen-Assertion": assertion(KIOSK_KEY, nif="X1234567L")}
    response = kiosk_post(client, "hola", Authorization=f"Bearer {token(key)}", **proof)
    assert response.status_code == 401
    assert response.json()["error"] == "AmbiguousCredentials"
    assert len(action.executed) == before


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Kiosk-Key": API_KEY},
        {"X-Citizen-Assertion": assertion(KIOSK_KEY)},
        {"X-Kiosk-Key": API_KEY, "X-Citizen-Assertion": assertion(KIOSK_KEY)},
    ],
)
def test_half_a_kiosk_is_401_not_anonymous(signed, headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    response = client.post(CHAT, json={"message": "hola"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "AmbiguousCredentials"


@pytest.mark.parametrize("name", ["Authorization", "X-Kiosk-Id", "X-Citizen-Assertion"])
def test_a_credential_header_given_twice_is_401(signed, key, name: str) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = signed
    values = {
        "Authorization": [f"Bearer {token(key)}", f"Bearer {token(key, nif='87654321X')}"],
        "X-Kiosk-Id": ["kiosk-1", "kiosk-2"],
        "X-Citizen-Assertion": [assertion(KIOSK_KEY), assertion(KIOSK_KEY, nif="X1234567L")],
    }[name]
    headers = [(name, value) for value in values]
    if name != "Authorization":
        headers += [("X-Kiosk-Key", API_KEY)] + (
            [("X-Kiosk-Id", "kiosk-1")] * (name != "X-Kiosk-Id")
        )
    response = client.post(CHAT, json={"message": "hola"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "AmbiguousCredentials"
