"""The sandbox of a multi-council deployment: one tenant per council under `/t/<council>`, each
with its own demo citizens, identity provider (issuer and keys), API key and data; a request
to one tenant never reads or changes another's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.catalogue.profile import IdentityProvider
from ali.errors import InvalidToken
from ali.identity.jwks import parse_jwks
from ali.identity.tokens import TokenVerifier
from ali.settings import Settings
from ali_sandbox import SandboxRefused, SandboxSettings, create_tenants_app
from ali_sandbox.appointments import booking_window
from ali_sandbox.demo_councils import DEMO_COUNCILS
from ali_sandbox.errors import UnknownTenant
from ali_sandbox.settings import development_api_key
from ali_sandbox.working_days import sandbox_calendar

PUBLIC_URL = "https://sandbox.example.test"
KEYS = {"alicante": "alicante-tenant-key", "jaen": "jaen-tenant-key"}
MARIA = "99000001C"  # Alicante's
ENCARNA = "99100001Q"  # Jaén's


class Keyed:
    """The static JWKS of a tenant, as ALI's key ring."""

    def __init__(self, document: dict[str, object]) -> None:
        self._keys = parse_jwks(document)

    def key(self, kid: str | None) -> jwt.PyJWK:
        if kid is None or kid not in self._keys:
            raise InvalidToken()
        return self._keys[kid]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> SandboxSettings:
    return SandboxSettings(
        data_dir=tmp_path_factory.mktemp("tenants"),
        public_url=PUBLIC_URL,
        environment="test",
        tenant_keys={council: SecretStr(key) for council, key in KEYS.items()},
    )


@pytest.fixture(scope="module")
def sandbox(settings: SandboxSettings) -> Iterator[TestClient]:
    with TestClient(create_tenants_app(settings), raise_server_exceptions=False) as client:
        yield client


def key(council: str) -> dict[str, str]:
    return {"X-Api-Key": KEYS[council]}


def test_an_unknown_council_stops_the_start_before_any_file(tmp_path: Path) -> None:
    settings = SandboxSettings(data_dir=tmp_path / "s", environment="test")
    with pytest.raises(UnknownTenant, match="'nowhere'"):
        create_tenants_app(settings, ["alicante", "nowhere"])
    assert not (tmp_path / "s").exists()


def test_the_tenants_refuse_production(tmp_path: Path) -> None:
    with pytest.raises(SandboxRefused):
        create_tenants_app(SandboxSettings(data_dir=tmp_path, environment="production"))


def test_an_unknown_tenant_is_a_json_404(sandbox: TestClient) -> None:
    response = sandbox.get("/t/nowhere/idp/citizens")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"
    assert sandbox.get("/sandbox/healthz").json() == {"status": "ok", "sandbox": True}


def test_each_tenant_has_its_own_demo_citizens(sandbox: TestClient) -> None:
    alicante = {c["nif"] for c in sandbox.get("/t/alicante/idp/citizens").json()}
    jaen = {c["nif"] for c in sandbox.get("/t/jaen/idp/citizens").json()}
    assert alicante == {c.nif for c in DEMO_COUNCILS["alicante"].citizens}
    assert jaen == {c.nif for c in DEMO_COUNCILS["jaen"].citizens}
    assert len(jaen) == 5 and not alicante & jaen
    refused = sandbox.post("/t/jaen/idp/token", json={"nif": MARIA})
    assert refused.status_code == 404  # Alicante's citizen cannot sign in at Jaén


def test_each_tenant_signs_as_its_own_issuer_with_its_own_keys(sandbox: TestClient) -> None:
    jwks = {council: sandbox.get(f"/t/{council}/idp/jwks.json").json() for council in KEYS}
    kids = {council: {k["kid"] for k in document["keys"]} for council, document in jwks.items()}
    assert not kids["alicante"] & kids["jaen"]
    token = sandbox.post("/t/jaen/idp/token", json={"nif": ENCARNA}).json()["access_token"]
    assert jwt.decode(token, options={"verify_signature": False})["iss"] == (
        f"{PUBLIC_URL}/t/jaen/idp"
    )

    def verifier(council: str) -> TokenVerifier:
        provider = IdentityProvider(
            issuer=f"{PUBLIC_URL}/t/{council}/idp", audience="ali", jwks_file="unused"
        )
        return TokenVerifier(provider, Path("."), keys=Keyed(jwks[council]))

    assert verifier("jaen").verify(token).nif == ENCARNA
    with pytest.raises(InvalidToken):
        verifier("alicante").verify(token)  # Jaén's token is no Alicante sign-in


def test_a_tenants_api_key_opens_no_other_tenant(sandbox: TestClient) -> None:
    own = sandbox.get(
        "/t/alicante/tributos/receipts", params={"nif": MARIA}, headers=key("alicante")
    )
    assert own.status_code == 200 and own.json()
    other = sandbox.get(
        "/t/jaen/tributos/receipts", params={"nif": ENCARNA}, headers=key("alicante")
    )
    assert other.status_code == 401
    assert other.json()["error"] == "InvalidApiKey"


def test_a_tenant_sees_nothing_of_anothers_data(sandbox: TestClient) -> None:
    alicante_receipts = sandbox.get(
        "/t/alicante/tributos/receipts", params={"nif": MARIA}, headers=key("alicante")
    ).json()
    assert all(receipt["id"].startswith("REC-") for receipt in alicante_receipts)
    unknown = sandbox.get("/t/jaen/tributos/receipts", params={"nif": MARIA}, headers=key("jaen"))
    assert unknown.status_code == 404  # María is not in Jaén's padrón
    assert unknown.json()["error"] == "UnknownCitizen"
    jaen_offices = sandbox.get(
        "/t/jaen/citas/offices", params={"service": "padron"}, headers=key("jaen")
    ).json()
    assert [office["id"] for office in jaen_offices] == ["obispo-gonzalez"]


def test_what_is_filed_at_one_tenant_stays_there(sandbox: TestClient) -> None:
    fields = {
        "nif": MARIA,
        "kind": "instancia-general",
        "subject": "Solicitud de vado permanente",
        "text": "Solicito la concesión de un vado permanente para mi garaje.",
        "language": "es",
        "idempotency_key": "tenants-1",
    }
    filed = sandbox.post("/t/alicante/registro/entries", data=fields, headers=key("alicante"))
    assert filed.status_code == 201, filed.text
    number = filed.json()["number"]
    assert filed.json()["receipt_url"].startswith(f"{PUBLIC_URL}/t/alicante/")
    mine = sandbox.get(
        f"/t/alicante/registro/entries/{number}", params={"nif": MARIA}, headers=key("alicante")
    )
    assert mine.status_code == 200
    elsewhere = sandbox.get(
        f"/t/jaen/registro/entries/{number}", params={"nif": MARIA}, headers=key("jaen")
    )
    assert elsewhere.status_code == 404
    listed = sandbox.get("/t/jaen/registro/entries", params={"nif": MARIA}, headers=key("jaen"))
    assert listed.json() == []
    jaen_filing = fields | {"nif": ENCARNA, "idempotency_key": "tenants-1"}
    again = sandbox.post("/t/jaen/registro/entries", data=jaen_filing, headers=key("jaen"))
    assert again.status_code == 201  # the same idempotency key is another tenant's own


def test_each_tenant_keeps_its_files_apart(settings: SandboxSettings, sandbox: TestClient) -> None:
    folders = {council: settings.for_tenant(council).data_dir for council in KEYS}
    assert folders["alicante"] != folders["jaen"]
    for folder in folders.values():
        assert (folder / "sandbox.db").exists() and (folder / "idp").is_dir()


def test_a_tenant_not_keyed_by_the_settings_has_its_development_key(tmp_path: Path) -> None:
    settings = SandboxSettings(data_dir=tmp_path, environment="test")
    jaen = settings.for_tenant("jaen")
    assert jaen.api_key.get_secret_value() == development_api_key("jaen")
    assert (jaen.public_url, jaen.council) == ("http://127.0.0.1:8001/t/jaen", "jaen")
    assert jaen.issuer == "http://127.0.0.1:8001/t/jaen/idp"


def test_the_tenants_are_keyed_with_alis_connector_keys(tmp_path: Path) -> None:
    ali = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, connector_keys={"jaen": SecretStr("from-ali")}
    )
    tenant = SandboxSettings.from_settings(ali).for_tenant("jaen")
    assert tenant.api_key.get_secret_value() == "from-ali"


def test_each_tenants_appointment_book_keeps_its_councils_holidays() -> None:
    santa_faz = dt.date(2026, 4, 16)  # Alicante's local holiday, a Thursday
    assert not sandbox_calendar("alicante").is_working_day(santa_faz)
    assert sandbox_calendar("jaen").is_working_day(santa_faz)
    jaen_window = booking_window(dt.date(2026, 4, 13), sandbox_calendar("jaen"))
    assert santa_faz in jaen_window
    assert santa_faz not in booking_window(dt.date(2026, 4, 13))
