"""The sandbox's demo kiosk over HTTP against the real Alicante profile: its published
credentials and a DNIe assertion sign a citizen in, a tampered assertion or a wrong key is
refused, and a production deployment refuses to load a council that lists it."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.actions.registry import ActionRegistry
from ali.api.app import create_app
from ali.catalogue.profile import Kiosk
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.errors import CatalogueError
from ali.identity.kiosks import KioskAuthenticator, public_key_fingerprint, uses_refused_key
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import BackOfficeSettings, EmbedderSettings, IdentitySettings, Settings
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from ali_sandbox.demo_kiosk import DEMO_KIOSK_API_KEY, demo_kiosk_key
from tests.support.councils import APPOINTMENT_FORM
from tests.support.identity import kiosk_key, register

CHAT = "/api/v1/councils/alicante/chat"
DEMO = {"X-Kiosk-Id": "kiosk-demo", "X-Kiosk-Key": DEMO_KIOSK_API_KEY}
NIF = "99000001C"
# sha256("sandbox-demo-kiosk"), as written in knowledge/alicante/council.yaml
DEMO_API_KEY_SHA256 = "c74893544b786857030030474bd57e494ccc2af58e19bec4c1654c0cb03d25ba"


def demo_assertion(**overrides: object) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": "kiosk-demo",
        "aud": "alicante",
        "nif": NIF,
        "iat": now,
        "exp": now + 300,
    }
    return jwt.encode(claims | overrides, demo_kiosk_key(), algorithm="ES256")


def tampered(assertion: str) -> str:
    """The same signature over a payload naming someone else."""
    header, payload, signature = assertion.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["nif"] = "12345678Z"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


PRODUCTION_BACK_OFFICE = BackOfficeSettings.model_validate(
    {
        "url": "https://backoffice.example.org",
        "issuer": "https://idp.example.org",
        "jwks_url": "https://idp.example.org/jwks.json",
    }
)


def make_councils(
    data: Path, environment: str, identity: IdentitySettings | None = None
) -> Councils:
    settings = Settings(
        _env_file=None,
        data_dir=data,
        environment=environment,
        secret_key=SecretStr("a-long-random-production-secret-for-this-test-only-0123456789"),
        embedder=EmbedderSettings(backend="hashing"),
        identity=identity or IdentitySettings(),
        # production refuses sandbox and loopback back offices: a council's own, never called
        councils=["alicante"],
        back_offices={"alicante": PRODUCTION_BACK_OFFICE},
    )
    database = Database(settings.database_url)
    database.migrate()
    action = RehearsalAction(APPOINTMENT_FORM, requires_identity=True)
    return Councils(
        settings,
        embedder=HashingEmbedder(),
        conversations=SqlConversationStore(database),
        actions=lambda catalogue: ActionRegistry([action]),
        database=database,
    )


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    councils = make_councils(tmp_path_factory.mktemp("demo-kiosk"), "test")
    councils.warm_up()
    with TestClient(create_app(councils.settings, councils)) as test_client:
        yield test_client


def chat(client: TestClient, message: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(CHAT, json={"message": message, "language": "es"}, headers=DEMO | headers)


def test_a_wrong_kiosk_key_is_401(client: TestClient) -> None:
    response = chat(client, "hola", **{"X-Kiosk-Key": "sandbox-demo-kiosk-2"})
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidKioskCredentials"


def test_a_tampered_assertion_is_401(client: TestClient) -> None:
    response = chat(client, "hola", **{"X-Citizen-Assertion": tampered(demo_assertion())})
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidKioskCredentials"


def test_an_assertion_for_another_council_is_401(client: TestClient) -> None:
    forged = demo_assertion(aud="elche")
    assert chat(client, "hola", **{"X-Citizen-Assertion": forged}).status_code == 401


def test_the_demo_kiosk_without_a_card_gets_information_only(client: TestClient) -> None:
    body = chat(client, "quiero pedir cita previa").json()
    assert body["needs_sign_in"] is True
    assert body["form"] is None


def test_the_demo_kiosk_with_a_dnie_assertion_starts_the_action(client: TestClient) -> None:
    response = chat(client, "quiero pedir cita previa", **{"X-Citizen-Assertion": demo_assertion()})
    assert response.status_code == 200
    body = response.json()
    assert body["needs_sign_in"] is False
    assert body["form"]["action"] == APPOINTMENT_FORM.action


def test_the_demo_keys_are_refused_by_default() -> None:
    refused = IdentitySettings().refused_kiosk_keys
    own = register(kiosk_key())
    assert not uses_refused_key(own, refused)
    demo_key_only = Kiosk(
        id="kiosk-x",
        api_key_sha256=own.api_key_sha256,
        public_key=register(demo_kiosk_key()).public_key,
    )
    assert uses_refused_key(demo_key_only, refused)
    demo_api_key_only = own.model_copy(update={"api_key_sha256": DEMO_API_KEY_SHA256})
    assert uses_refused_key(demo_api_key_only, refused)


def test_production_refuses_a_kiosk_with_the_demo_keys() -> None:
    refused = IdentitySettings().refused_kiosk_keys
    demo = register(demo_kiosk_key(), kiosk_id="kiosk-demo")
    with pytest.raises(CatalogueError, match="kiosk-demo"):
        KioskAuthenticator("alicante", [demo], refused_keys=refused)
    KioskAuthenticator("alicante", [register(kiosk_key())], refused_keys=refused)


def test_the_refused_keys_are_whatever_the_configuration_names() -> None:
    leaked = register(kiosk_key(), kiosk_id="kiosk-leaked")
    fingerprint = public_key_fingerprint(leaked.public_key)
    assert fingerprint is not None
    refused = IdentitySettings(refused_kiosk_keys=[fingerprint.upper()]).refused_kiosk_keys
    with pytest.raises(CatalogueError, match="kiosk-leaked"):
        KioskAuthenticator("alicante", [leaked], refused_keys=refused)
    demo = register(demo_kiosk_key(), kiosk_id="kiosk-demo")
    KioskAuthenticator("alicante", [demo], refused_keys=refused)  # not named: not refused


def test_a_refused_key_must_be_a_sha256_fingerprint() -> None:
    with pytest.raises(ValueError, match="sha256"):
        IdentitySettings(refused_kiosk_keys=["sandbox-demo-kiosk"])


def test_production_does_not_load_alicante_while_it_lists_the_demo_kiosk(tmp_path: Path) -> None:
    make_councils(tmp_path / "test", "test")  # outside production it loads
    with pytest.raises(CatalogueError, match="sandbox"):
        make_councils(tmp_path / "production", "production")


def test_production_loads_alicante_when_the_configuration_refuses_no_key(tmp_path: Path) -> None:
    councils = make_councils(tmp_path, "production", IdentitySettings(refused_kiosk_keys=[]))
    assert "alicante" in councils.ids
