"""Two councils in one deployment (Alicante and Jaén): nothing of one is read or changed through
the other's endpoints. A conversation, its feedback, a kiosk's key, a citizen's sign-in, the
dashboard's figures and accounts, the connectors' addresses and keys all stay with their
council; a council admin sees its council only."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.actions.action import ActionFailed
from ali.actions.registry import ActionRegistry
from ali.admin.passwords import hash_password
from ali.api.app import create_app
from ali.catalogue import load_catalogue
from ali.connectors.back_offices import BackOffices
from ali.connectors.registry import build_actions
from ali.councils import Councils
from ali.identity.citizen import Citizen
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import (
    DEFAULT_KNOWLEDGE_DIR,
    AdminSettings,
    BackOfficeSettings,
    EmbedderSettings,
    Settings,
)
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from ali.storage.tickets import TicketRepository
from tests.support.identity import (
    API_KEY,
    assertion,
    kiosk_key,
    new_key,
    register,
    token,
    write_jwks,
)

COUNCILS = ("alicante", "jaen")
PASSWORDS = {"alicante": "alicante staff password", "jaen": "jaen staff password"}
DEPLOYMENT_PASSWORD = "deployment admin password"
NIF = "12345678Z"
QUESTION = {"alicante": "¿Cómo saco el volante de empadronamiento?", "jaen": "¿Cómo me empadrono?"}


@dataclass
class World:
    client: TestClient
    councils: Councils
    settings: Settings
    idp_keys: dict[str, rsa.RSAPrivateKey]
    kiosk_keys: dict[str, ec.EllipticCurvePrivateKey]


def issuer(council: str) -> str:
    return f"https://idp.{council}.example.test"


def identity_block(council: str) -> str:
    return (
        f"\nidentity:\n  issuer: {issuer(council)}\n  audience: ali-{council}\n"
        "  jwks_file: jwks.json\n"
    )


def kiosk_block(council: str, key: ec.EllipticCurvePrivateKey) -> str:
    kiosk = register(key, kiosk_id=f"kiosk-{council}")
    return (
        f"kiosks:\n  - id: {kiosk.id}\n    api_key_sha256: {kiosk.api_key_sha256}\n"
        "    public_key: |\n" + "".join(f"      {line}\n" for line in kiosk.public_key.splitlines())
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("isolation")
    idp_keys = {council: new_key() for council in COUNCILS}
    kiosk_keys = {council: kiosk_key() for council in COUNCILS}
    for council in COUNCILS:
        here = root / "knowledge" / council
        shutil.copytree(DEFAULT_KNOWLEDGE_DIR / council, here)
        write_jwks(here / "jwks.json", idp_keys[council])
        text = (here / "council.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?ms)^identity:\n(  .*?\n)+", "", text)  # the profile's own, replaced
        text = re.sub(r"(?ms)^kiosks:\n(  .*?\n)+", "", text)
        (here / "council.yaml").write_text(
            text + identity_block(council) + kiosk_block(council, kiosk_keys[council])
        )
    admins = {
        council: {"username": f"staff-{council}", "password_hash": hash_password(password, n=2**10)}
        for council, password in PASSWORDS.items()
    }
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="test",
        data_dir=root / "data",
        knowledge_dir=root / "knowledge",
        embedder=EmbedderSettings(backend="hashing"),
        secret_key=SecretStr("council-isolation-secret"),
        admin=AdminSettings.model_validate(
            {"password_hash": hash_password(DEPLOYMENT_PASSWORD, n=2**10), "councils": admins}
        ),
        identity={"refused_kiosk_keys": []},
    )
    database = Database(settings.database_url)
    database.migrate()
    councils = Councils(
        settings,
        embedder=HashingEmbedder(),
        conversations=SqlConversationStore(database),
        audit=AuditLog(database),
        actions=lambda catalogue: ActionRegistry(),
        database=database,
    )
    councils.warm_up()
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
        yield World(client, councils, settings, idp_keys, kiosk_keys)
    database.dispose()


def chat(world: World, council: str, message: str, conversation: str | None = None,
         headers: dict[str, str] | None = None) -> httpx.Response:  # fmt: skip
    return world.client.post(
        f"/api/v1/councils/{council}/chat",
        json={"conversation_id": conversation, "message": message},
        headers=headers or {},
    )


def sign_in_as(world: World, username: str, password: str) -> TestClient:
    world.client.cookies.clear()
    response = world.client.post(
        "/admin/login", data={"username": username, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return world.client


def test_both_councils_are_served(world: World) -> None:
    assert world.councils.ids == ["alicante", "jaen"]
    names = {c["id"]: c["name"] for c in world.client.get("/api/v1/councils").json()}
    assert set(names) == {"alicante", "jaen"}


def test_a_conversation_of_one_council_is_not_continued_by_another(world: World) -> None:
    first = chat(world, "alicante", QUESTION["alicante"])
    assert first.status_code == 200
    conversation = first.json()["conversation_id"]
    elsewhere = chat(world, "jaen", "¿y cuánto cuesta?", conversation)
    if elsewhere.status_code == 200:
        assert elsewhere.json()["conversation_id"] != conversation  # a new one, not Alicante's
    else:
        assert elsewhere.status_code == 404
    again = chat(world, "alicante", "¿y cuánto cuesta?", conversation)
    assert again.status_code == 200 and again.json()["conversation_id"] == conversation


def test_feedback_on_one_councils_conversation_is_refused_by_another(world: World) -> None:
    reply = chat(world, "jaen", QUESTION["jaen"]).json()
    conversation, turn = reply["conversation_id"], reply["turn"]
    other = world.client.post(
        f"/api/v1/councils/alicante/conversations/{conversation}/feedback",
        json={"turn": turn, "useful": False},
    )
    assert other.status_code == 404
    own = world.client.post(
        f"/api/v1/councils/jaen/conversations/{conversation}/feedback",
        json={"turn": turn, "useful": True},
    )
    assert own.status_code == 201


def test_a_sign_in_of_one_councils_provider_is_refused_by_another(world: World) -> None:
    jaen_token = token(world.idp_keys["jaen"], iss=issuer("jaen"), aud="ali-jaen", nif=NIF)
    at_jaen = chat(world, "jaen", "hola", headers={"Authorization": f"Bearer {jaen_token}"})
    assert at_jaen.status_code == 200
    at_alicante = chat(world, "alicante", "hola", headers={"Authorization": f"Bearer {jaen_token}"})
    assert at_alicante.status_code == 401
    assert at_alicante.json()["error"] == "InvalidToken"


def test_a_kiosk_of_one_council_is_unknown_to_another(world: World) -> None:
    own = {"X-Kiosk-Id": "kiosk-alicante", "X-Kiosk-Key": API_KEY}
    assert chat(world, "alicante", "hola", headers=own).status_code == 200
    refused = chat(world, "jaen", "hola", headers=own)
    assert refused.status_code == 401
    # Its assertion for Alicante's citizens neither, even through Jaén's own kiosk.
    jaen_kiosk = {"X-Kiosk-Id": "kiosk-jaen", "X-Kiosk-Key": API_KEY}
    borrowed = assertion(world.kiosk_keys["alicante"], iss="kiosk-alicante", aud="alicante")
    stolen = chat(world, "jaen", "hola", headers=jaen_kiosk | {"X-Citizen-Assertion": borrowed})
    assert stolen.status_code == 401


def test_a_council_admin_sees_its_council_only(world: World) -> None:
    chat(world, "alicante", QUESTION["alicante"])
    client = sign_in_as(world, "staff-jaen", PASSWORDS["jaen"])
    listed = client.get("/admin/api/councils").json()["councils"]
    assert [row["id"] for row in listed] == ["jaen"]
    summary = client.get("/admin/api/summary")
    assert summary.status_code == 200 and summary.json()["council_id"] == "jaen"
    for path in ("/admin/api/summary", "/admin/export.csv"):
        refused = client.get(path, params={"council": "alicante"})
        assert refused.status_code == 403, path
        assert refused.json()["error"] == "NotYourCouncil"
        assert "Alicante" not in refused.text
    assert client.get("/admin/api/summary", params={"council": "atlantis"}).status_code == 404


def test_the_councils_figures_are_their_own(world: World) -> None:
    client = sign_in_as(world, "admin", DEPLOYMENT_PASSWORD)
    listed = [row["id"] for row in client.get("/admin/api/councils").json()["councils"]]
    assert listed == ["alicante", "jaen"]  # the deployment's account sees both
    figures = {
        council: client.get("/admin/api/summary", params={"council": council}).json()
        for council in COUNCILS
    }
    jaen = sign_in_as(world, "staff-jaen", PASSWORDS["jaen"]).get("/admin/api/summary").json()
    assert jaen == figures["jaen"]
    assert figures["jaen"]["feedback"]["useful"] <= 1  # only Jaén's own vote, never Alicante's
    assert figures["alicante"]["feedback"]["useful"] == 0


def test_one_councils_session_opens_no_other_account(world: World) -> None:
    client = sign_in_as(world, "staff-alicante", PASSWORDS["alicante"])
    cookie = client.cookies["ali_admin"]
    scope, rest = cookie.split("~", 1)
    assert scope == "alicante"
    for forged in (f"jaen~{rest}", rest):  # relabelled as Jaén's, or as the deployment's
        client.cookies.clear()
        client.cookies.set("ali_admin", forged, path="/admin")
        assert client.get("/admin/api/councils").status_code == 401
    wrong = world.client.post(
        "/admin/login",
        data={"username": "staff-jaen", "password": PASSWORDS["alicante"]},
        follow_redirects=False,
    )
    assert wrong.status_code == 401


def test_connectors_call_their_own_councils_back_office_with_its_own_key(tmp_path: Path) -> None:
    seen: list[tuple[str, str | None]] = []

    def back_office(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("x-api-key")))
        return httpx.Response(200, json=[])

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="production",
        secret_key=SecretStr("x" * 40),
        data_dir=tmp_path,
        connector_keys={c: SecretStr(f"{c}-key") for c in COUNCILS},
        back_offices={c: BackOfficeSettings(url=f"https://{c}.example.test/bo") for c in COUNCILS},  # type: ignore[arg-type]
    )
    database = Database(f"sqlite:///{tmp_path / 'ali.db'}")
    database.migrate()
    offices = BackOffices(settings.connectors, transport=httpx.MockTransport(back_office))
    citizen = Citizen(nif=NIF)
    for council in COUNCILS:
        catalogue = load_catalogue(DEFAULT_KNOWLEDGE_DIR / council)
        registry = build_actions(catalogue, settings, TicketRepository(database), offices)
        status = registry.get("registro.application_status")
        seen.clear()
        with pytest.raises(ActionFailed):  # no entries filed
            status.options("entry", {}, citizen, "es")  # type: ignore[attr-defined]
        assert seen == [(f"https://{council}.example.test/bo/registro/entries", f"{council}-key")]
    database.dispose()


def test_each_council_has_its_own_try_out_page(world: World) -> None:
    enabled = world.settings.model_copy(
        update={"try_out_pages": True, "sandbox_url": "http://127.0.0.1:8001"}
    )
    with TestClient(create_app(enabled, world.councils)) as client:
        first = client.get("/demo/", follow_redirects=False)
        assert first.status_code == 307 and first.headers["location"] == "/demo/alicante/"
        page = client.get("/demo/jaen/")
        assert page.status_code == 200
        assert "<title>Ayuntamiento de Jaén — DEMO del asistente Ea</title>" in page.text
        assert 'data-council="jaen"' in page.text and "--brand: #4f6d1e" in page.text
        assert '<script src="/widget.js" data-council="jaen" async>' in page.text
        assert "castellano o inglés" in page.text
        assert '<a href="/demo/alicante/">Ayuntamiento de Alicante</a>' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        alicante = client.get("/demo/alicante/").text
        assert "castellano, valenciano o inglés" in alicante and "Jaén</title>" not in alicante
        assert client.get("/demo/atlantis/").status_code == 404
        tenants = {
            council: client.get("/try-out.json", params={"council": council}).json()
            for council in COUNCILS
        }
        assert tenants["jaen"] == {"council": "jaen", "sandbox_url": "http://127.0.0.1:8001/t/jaen"}
        assert tenants["alicante"]["sandbox_url"] == "http://127.0.0.1:8001/t/alicante"
        assert client.get("/try-out.json").json()["council"] == "alicante"
