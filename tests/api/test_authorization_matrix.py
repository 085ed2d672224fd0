"""Who can do what: every endpoint of the app × every kind of caller, with the expected status
of each cell written down in `TABLE`, and no 500 anywhere.

The endpoints are enumerated from `app.routes`: a new endpoint without a row fails
`test_every_endpoint_has_a_row`. Endpoints that act on a conversation are called on citizen A's
conversation (signed in, at a form's attachments step, with one file attached), so the table
shows that nobody else touches it: 404 as `UnknownConversation` for feedback and files, and a
fresh conversation for the chat (the engine never continues a signed-in conversation for
anyone but its citizen).

Columns (callers):

    anon  no credentials
    A     citizen A's valid token (the conversation's owner)
    B     citizen B's valid token, on A's conversation
    ksk   a valid kiosk, no citizen assertion (anonymous at the kiosk)
    kskC  a valid kiosk with citizen C's signed assertion
    kbad  a kiosk with a wrong API key
    otok  a valid token of another council's identity provider, on this council
    opth  that other council's citizen on its own council's path, with A's conversation id
    nocn  A's token on an unknown council id in the path
    adm   a valid admin session cookie (and no citizen credentials)
    forg  a token signed with a key nobody trusts
    exp   an expired token
    iss   a token from the wrong issuer
    aud   a token for the wrong audience
    none  an unsigned token (alg=none)
    hs    an HS256 token keyed with the identity provider's public key
    junk  `Authorization: garbage`

Cells: a status code; `200c` is 200 continuing A's conversation, `200n` is 200 in a new one.
Endpoints that do not use a citizen's identity (catalogue, profile, pages, health) ignore
citizen credentials, good or bad; the admin data needs the admin cookie and nothing else opens
it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import fastapi.routing
import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import SecretStr
from starlette.routing import Mount, Route

from ali.actions.registry import ActionRegistry
from ali.admin.passwords import hash_password
from ali.api.app import create_app
from ali.connectors.registro import APPLICATION_FORM
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import HashingEmbedder
from ali.settings import AdminSettings, EmbedderSettings, RateLimitSettings, Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from tests.support.councils import ALICANTE
from tests.support.files import pdf_bytes
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

COUNCIL = "/api/v1/councils/{council_id}"
CONVERSATION = COUNCIL + "/conversations/{conversation_id}"

# name -> (method, path as the app declares it)
ENDPOINTS: dict[str, tuple[str, str]] = {
    "healthz": ("GET", "/healthz"),
    "readyz": ("GET", "/readyz"),
    "metrics": ("GET", "/metrics"),
    "councils": ("GET", "/api/v1/councils"),
    "chat": ("POST", COUNCIL + "/chat"),
    "stream": ("POST", COUNCIL + "/chat/stream"),
    "procedures": ("GET", COUNCIL + "/procedures"),
    "procedure": ("GET", COUNCIL + "/procedures/{procedure_id}"),
    "profile": ("GET", COUNCIL + "/profile"),
    "logo": ("GET", COUNCIL + "/logo"),
    "consents": ("POST", COUNCIL + "/consents"),
    "feedback": ("POST", CONVERSATION + "/feedback"),
    "upload": ("POST", CONVERSATION + "/attachments"),
    "files": ("GET", CONVERSATION + "/attachments"),
    "unattach": ("DELETE", CONVERSATION + "/attachments/{attachment_id}"),
    "adm-home": ("GET", "/admin/"),
    "adm-login": ("POST", "/admin/login"),
    "adm-logout": ("POST", "/admin/logout"),
    "adm-council": ("GET", "/admin/api/councils"),
    "adm-summary": ("GET", "/admin/api/summary"),
    "adm-csv": ("GET", "/admin/export.csv"),
    "widget": ("GET", "/widget.js"),
    "i18n": ("GET", "/api/v1/i18n/{language}"),
    "demo": ("GET", "/demo/"),
    "demo-page": ("GET", "/demo/{council_id}/"),
    "kiosk-page": ("GET", "/kiosk/"),
    "try-out": ("GET", "/try-out.json"),
    "static": ("GET", "/static"),
    "openapi": ("GET", "/openapi.json"),
    "docs": ("GET", "/docs"),
    "oauth2": ("GET", "/docs/oauth2-redirect"),
    "redoc": ("GET", "/redoc"),
}

# Called on citizen A's conversation (the chat with its conversation_id in the body).
ON_A_CONVERSATION = {"chat", "stream", "feedback", "upload", "files", "unattach"}

TABLE = """
endpoint     anon A    B    ksk  kskC kbad otok opth nocn adm  forg exp  iss  aud  none hs   junk
healthz      200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
readyz       200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
metrics      200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
councils     200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
chat         200n 200c 200n 200n 200n 401  401  200n 404  200n 401  401  401  401  401  401  401
stream       200n 200c 200n 200n 200n 401  401  200n 404  200n 401  401  401  401  401  401  401
procedures   200  200  200  200  200  200  200  200  404  200  200  200  200  200  200  200  200
procedure    200  200  200  200  200  200  200  200  404  200  200  200  200  200  200  200  200
profile      200  200  200  200  200  200  200  200  404  200  200  200  200  200  200  200  200
logo         200  200  200  200  200  200  200  200  404  200  200  200  200  200  200  200  200
consents     201  201  201  201  201  201  201  201  404  201  201  201  201  201  201  201  201
feedback     404  201  404  404  404  401  401  404  404  404  401  401  401  401  401  401  401
upload       401  201  404  401  404  401  401  404  404  401  401  401  401  401  401  401  401
files        401  200  404  401  404  401  401  404  404  401  401  401  401  401  401  401  401
unattach     401  204  404  401  404  401  401  404  404  401  401  401  401  401  401  401  401
adm-home     200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
adm-login    303  303  303  303  303  303  303  303  303  303  303  303  303  303  303  303  303
adm-logout   303  303  303  303  303  303  303  303  303  303  303  303  303  303  303  303  303
adm-council  401  401  401  401  401  401  401  401  401  200  401  401  401  401  401  401  401
adm-summary  401  401  401  401  401  401  401  401  401  200  401  401  401  401  401  401  401
adm-csv      401  401  401  401  401  401  401  401  401  200  401  401  401  401  401  401  401
widget       200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
i18n         200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
demo         307  307  307  307  307  307  307  307  307  307  307  307  307  307  307  307  307
demo-page    200  200  200  200  200  200  200  200  404  200  200  200  200  200  200  200  200
kiosk-page   200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
try-out      200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
static       200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
openapi      200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
docs         200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
oauth2       200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
redoc        200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200  200
"""


def _parse(table: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    callers = header[1:]
    return callers, {row[0]: dict(zip(callers, row[1:], strict=True)) for row in rows}


CALLERS, EXPECTED = _parse(TABLE)

NIF_A, NIF_B, NIF_C, NIF_OTHER = "12345678Z", "87654321X", "X1234567L", "Y1234567X"
OTHER = "elche"
OTHER_ISSUER, OTHER_AUDIENCE = "https://idp.elche.example.test", "ali-elche"
ADMIN_PASSWORD = "matrix admin password"
PDF = pdf_bytes()


@dataclass
class World:
    app: FastAPI
    client: TestClient
    idp_key: rsa.RSAPrivateKey
    other_idp_key: rsa.RSAPrivateKey
    kiosk_key: ec.EllipticCurvePrivateKey
    forger_key: rsa.RSAPrivateKey
    privacy_version: str


def _identity(issuer: str, audience: str) -> str:
    return f"\nidentity:\n  issuer: {issuer}\n  audience: {audience}\n  jwks_file: jwks.json\n"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("matrix")
    idp_key, other_idp_key, device = new_key(), new_key(), kiosk_key()
    kiosk = register(device)
    here = root / "knowledge" / "alicante"
    shutil.copytree(ALICANTE, here)
    write_jwks(here / "jwks.json", idp_key)
    with (here / "council.yaml").open("a", encoding="utf-8") as profile:
        profile.write(_identity(ISSUER, AUDIENCE))
        profile.write(
            f"kiosks:\n  - id: {kiosk.id}\n    api_key_sha256: {kiosk.api_key_sha256}\n"
            "    public_key: |\n"
            + "".join(f"      {line}\n" for line in kiosk.public_key.splitlines())
        )
    other = root / "knowledge" / OTHER
    shutil.copytree(ALICANTE, other)
    write_jwks(other / "jwks.json", other_idp_key)
    text = (other / "council.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: alicante$", f"id: {OTHER}", text, count=1)
    (other / "council.yaml").write_text(text + _identity(OTHER_ISSUER, OTHER_AUDIENCE))
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="test",
        try_out_pages=True,
        data_dir=root / "data",
        knowledge_dir=root / "knowledge",
        embedder=EmbedderSettings(backend="hashing"),
        secret_key=SecretStr("authorization-matrix-secret"),
        admin=AdminSettings(password_hash=SecretStr(hash_password(ADMIN_PASSWORD, n=2**10))),
        # Every cell is one more chat from the same address: the rate limits (tested in
        # test_rate_limits) would answer 429 half-way through the table.
        rate_limits=RateLimitSettings(enabled=False),
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
    version = councils.catalogue("alicante").profile.privacy.version
    app = create_app(settings, councils)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield World(app, client, idp_key, other_idp_key, device, new_key(), version)


# -- the callers ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600, "nif": NIF_A} | overrides


def hs256_with_public_key(key: rsa.RSAPrivateKey) -> str:
    """The classic confusion attack: HMAC-sign with the RSA public key (which anyone has)."""
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "k1"}).encode())
    payload = _b64(json.dumps(_claims()).encode())
    signature = hmac.new(public, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


@dataclass
class Caller:
    council: str = "alicante"
    headers: dict[str, str] | None = None
    admin: bool = False


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def caller(name: str, world: World) -> Caller:
    key = world.idp_key
    now = int(time.time())
    kiosk = {"X-Kiosk-Id": "kiosk-1", "X-Kiosk-Key": API_KEY}

    def other_council_token() -> dict[str, str]:
        other = token(world.other_idp_key, iss=OTHER_ISSUER, aud=OTHER_AUDIENCE, nif=NIF_OTHER)
        return bearer(other)

    callers: dict[str, Callable[[], Caller]] = {
        "anon": lambda: Caller(),
        "A": lambda: Caller(headers=bearer(token(key, nif=NIF_A))),
        "B": lambda: Caller(headers=bearer(token(key, nif=NIF_B))),
        "ksk": lambda: Caller(headers=kiosk),
        "kskC": lambda: Caller(
            headers=kiosk | {"X-Citizen-Assertion": assertion(world.kiosk_key, nif=NIF_C)}
        ),
        "kbad": lambda: Caller(headers=kiosk | {"X-Kiosk-Key": "not-the-key"}),
        "otok": lambda: Caller(headers=other_council_token()),
        "opth": lambda: Caller(council=OTHER, headers=other_council_token()),
        "nocn": lambda: Caller(council="atlantis", headers=bearer(token(key, nif=NIF_A))),
        "adm": lambda: Caller(admin=True),
        "forg": lambda: Caller(headers=bearer(token(world.forger_key))),
        "exp": lambda: Caller(headers=bearer(token(key, iat=now - 7200, exp=now - 3600))),
        "iss": lambda: Caller(headers=bearer(token(key, iss="https://evil.example.test"))),
        "aud": lambda: Caller(headers=bearer(token(key, aud="ali-somewhere-else"))),
        "none": lambda: Caller(headers=bearer(jwt.encode(_claims(), None, algorithm="none"))),  # type: ignore[arg-type]
        "hs": lambda: Caller(headers=bearer(hs256_with_public_key(key))),
        "junk": lambda: Caller(headers={"Authorization": "garbage"}),
    }
    return callers[name]()


# -- A's conversation, and the requests ----------------------------------------------------


@dataclass
class Mine:
    conversation: str
    turn: int
    attachment: str


def a_conversation(world: World) -> Mine:
    """Citizen A's conversation, at the attachments step of a general application, one file
    attached."""
    headers = bearer(token(world.idp_key, nif=NIF_A))
    conversation = None
    for message in (
        "quiero presentar una instancia general",
        "Solicitud de vado",
        "Solicito un vado para el garaje de mi casa.",
    ):
        response = world.client.post(
            "/api/v1/councils/alicante/chat",
            json={"conversation_id": conversation, "message": message},
            headers=headers,
        )
        body = response.json()
        conversation = body["conversation_id"]
    assert body["form"]["kind"] == "attachments", body["reply"]
    attached = world.client.post(
        f"/api/v1/councils/alicante/conversations/{conversation}/attachments",
        files={"file": ("plano.pdf", PDF, "application/pdf")},
        headers=headers,
    )
    assert attached.status_code == 201, attached.text
    return Mine(str(conversation), int(body["turn"]), attached.json()["id"])


def request_for(
    endpoint: str, council: str, world: World, mine: Mine | None
) -> tuple[str, str, dict[str, Any]]:
    method, template = ENDPOINTS[endpoint]
    values = {
        "council_id": council,
        "conversation_id": mine.conversation if mine else "",
        "attachment_id": mine.attachment if mine else "",
        "procedure_id": "padron.volante",
        "language": "va",
    }
    path = template.format(**values)
    options: dict[str, Any] = {}
    if endpoint in ("chat", "stream"):
        assert mine is not None
        options["json"] = {"conversation_id": mine.conversation, "message": "hola"}
    elif endpoint == "feedback":
        assert mine is not None
        options["json"] = {"turn": mine.turn, "useful": True}
    elif endpoint == "upload":
        options["files"] = {"file": ("dni.pdf", PDF, "application/pdf")}
    elif endpoint == "consents":
        options["json"] = {"notice_version": world.privacy_version, "language": "es"}
    elif endpoint == "adm-login":
        options["data"] = {"username": "admin", "password": ADMIN_PASSWORD}
    elif endpoint == "static":
        path = "/static/widget/widget.js"
    return method, path, options


def admin_cookie(world: World) -> str:
    response = world.client.post(
        "/admin/login",
        data={"username": "admin", "password": ADMIN_PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    cookie = response.cookies.get("ali_admin")
    assert cookie
    return cookie


def conversation_of(response: httpx.Response, endpoint: str) -> str:
    if endpoint == "chat":
        return str(response.json()["conversation_id"])
    events = re.findall(r"event: reply\ndata: (.*)\n", response.text)
    assert len(events) == 1
    return str(json.loads(events[0])["conversation_id"])


# -- the tests -----------------------------------------------------------------------------


def declared_endpoints(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, included routers flattened (newer FastAPI
    keeps them as lazy inclusions in `app.routes`; `iter_route_contexts` resolves them)."""
    iterate = getattr(fastapi.routing, "iter_route_contexts", None)
    routes: list[Any] = list(iterate(app.routes)) if iterate else list(app.routes)
    found: set[tuple[str, str]] = set()
    for route in routes:
        original = getattr(route, "original_route", route)
        if isinstance(original, Mount):
            found.add(("GET", str(route.path)))
        elif isinstance(original, APIRoute | Route):
            methods = route.methods or set()
            found |= {(method, str(route.path)) for method in methods if method != "HEAD"}
        else:
            raise AssertionError(f"a kind of route this test does not know: {route!r}")
    return found


def test_every_endpoint_has_a_row(world: World) -> None:
    assert declared_endpoints(world.app) == set(ENDPOINTS.values())
    assert set(EXPECTED) == set(ENDPOINTS)


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_authorization_matrix(world: World, endpoint: str, who: str) -> None:
    expected = EXPECTED[endpoint][who]
    status = int(expected[:3])
    person = caller(who, world)
    acts_on_conversation = endpoint in ON_A_CONVERSATION
    mine = a_conversation(world) if acts_on_conversation else None
    method, path, options = request_for(endpoint, person.council, world, mine)
    world.client.cookies.clear()
    cookies = {"ali_admin": admin_cookie(world)} if person.admin else {}
    world.client.cookies.clear()
    for name, value in cookies.items():
        world.client.cookies.set(name, value, path="/admin")
    try:
        response = world.client.request(
            method, path, headers=person.headers or {}, follow_redirects=False, **options
        )
    finally:
        world.client.cookies.clear()
    assert response.status_code < 500, response.text
    assert response.status_code == status, f"{endpoint} as {who}: {response.text[:300]}"
    if status >= 400 and response.headers["content-type"].startswith("application/json"):
        body = response.json()
        assert set(body) == {"error", "detail"}
        assert "Traceback" not in response.text
    if status == 401 and acts_on_conversation and mine is not None:
        assert response.json()["error"] in (
            "InvalidToken",
            "InvalidKioskCredentials",
            "SignInRequired",
        )
    if status == 404 and acts_on_conversation and person.council != "atlantis":
        assert response.json()["error"] == "UnknownConversation"
    if expected.endswith(("c", "n")):
        assert mine is not None
        continued = conversation_of(response, endpoint) == mine.conversation
        assert continued == expected.endswith("c"), f"{endpoint} as {who}"
