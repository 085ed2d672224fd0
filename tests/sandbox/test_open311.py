"""The incident desk through its Open311 GeoReport v2 endpoint (JSON format), like an Open311
client or ALI's connector uses it. Reports are removed after every test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import delete, func, select

from ali.sandbox.database import SandboxDatabase
from ali.sandbox.models import IncidentRow, IncidentServiceRow, ServiceAttributeRow
from ali.sandbox.seed import INCIDENT_SERVICES, seed
from ali.sandbox.settings import SandboxSettings
from tests.sandbox.conftest import API_KEY, MARIA

V2 = "/open311/v2"
KEY = {"X-Api-Key": API_KEY}
VICENT = "99000002K"
CODES = {"alumbrado", "baches", "limpieza", "mobiliario", "arbolado", "enseres"}
PERSONAL = ("email", "phone", "first_name", "last_name", "account_id", "nif")
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "lat",
    "long",
}


@pytest.fixture
def open311(sandbox: TestClient, sandbox_settings: SandboxSettings) -> Iterator[TestClient]:
    yield sandbox
    database = SandboxDatabase(sandbox_settings.database_path)
    with database.session() as session:
        session.execute(delete(IncidentRow))
    database.dispose()


def form(**overrides: str) -> dict[str, str]:
    fields = {
        "api_key": API_KEY,
        "service_code": "alumbrado",
        "lat": "38.3452",
        "long": "-0.4810",
        "description": "La farola de la esquina lleva tres noches apagada.",
        "account_id": MARIA,
        "email": "maria@example.test",
        "first_name": "María José",
        "last_name": "Martínez Pérez",
        "phone": "+34 600 000 000",
    }
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value}


def post_form(client: TestClient, fields: dict[str, str]) -> Response:
    return client.post(f"{V2}/requests.json", data=fields)


def report(client: TestClient, **overrides: str) -> str:
    response = post_form(client, form(**overrides))
    assert response.status_code == 201, response.text
    service_request_id: str = response.json()[0]["service_request_id"]
    return service_request_id


def get_request(client: TestClient, service_request_id: str, **params: str) -> Response:
    return client.get(f"{V2}/requests/{service_request_id}.json", params=params, headers=KEY)


def assert_open311_error(response: Response, code: int) -> list[dict[str, Any]]:
    assert response.status_code == code, response.text
    errors: list[dict[str, Any]] = response.json()
    assert isinstance(errors, list)
    assert errors
    assert errors[0]["code"] == code
    assert isinstance(errors[0]["description"], str)
    assert "Traceback" not in response.text
    return errors


def test_services_list(open311: TestClient) -> None:
    response = open311.get(f"{V2}/services.json")
    assert response.status_code == 200
    services = {service["service_code"]: service for service in response.json()}
    assert set(services) == CODES
    for service in services.values():
        assert set(service) == {
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        }
        assert service["type"] == "realtime"
        assert service["group"] in ("Vía pública", "Residuos")
        assert service["metadata"] is (service["service_code"] == "enseres")
    assert services["alumbrado"]["service_name"] == "Alumbrado público"
    assert services["enseres"]["group"] == "Residuos"
    assert "farola" in services["alumbrado"]["keywords"].split(",")


def test_service_definitions(open311: TestClient) -> None:
    response = open311.get(f"{V2}/services/enseres.json")
    assert response.status_code == 200
    definition = response.json()
    assert definition["service_code"] == "enseres"
    [tipo] = definition["attributes"]
    assert tipo["variable"] is True
    assert tipo["code"] == "tipo"
    assert tipo["datatype"] == "singlevaluelist"
    assert tipo["required"] is True
    assert tipo["order"] == 1
    assert tipo["description"]
    assert tipo["datatype_description"]
    assert [value["key"] for value in tipo["values"]] == ["mueble", "electrodomestico", "colchon"]
    assert open311.get(f"{V2}/services/baches.json").json() == {
        "service_code": "baches",
        "attributes": [],
    }
    errors = assert_open311_error(open311.get(f"{V2}/services/farolas.json"), 404)
    assert "service_code" in errors[0]["description"]


def test_a_form_encoded_report_is_stored_open_for_seven_days(open311: TestClient) -> None:
    response = post_form(open311, form())
    assert response.status_code == 201, response.text
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    assert created["service_request_id"].startswith("INC-")
    assert len(created["service_request_id"]) == len("INC-") + 6
    assert "SANDBOX" in created["service_notice"]
    assert created["account_id"] is None

    [stored] = get_request(open311, created["service_request_id"]).json()
    assert stored["status"] == "open"
    assert stored["service_code"] == "alumbrado"
    assert stored["service_name"] == "Alumbrado público"
    assert stored["agency_responsible"] == "Ayuntamiento de Alicante (SANDBOX)"
    assert stored["lat"] == pytest.approx(38.3452)
    assert stored["long"] == pytest.approx(-0.4810)
    assert stored["address"] is None
    requested = dt.datetime.fromisoformat(stored["requested_datetime"])
    expected = dt.datetime.fromisoformat(stored["expected_datetime"])
    assert requested.utcoffset() is not None
    assert expected - requested == dt.timedelta(days=7)
    assert stored["updated_datetime"] == stored["requested_datetime"]


def test_a_json_report_with_an_address_and_an_attribute(open311: TestClient) -> None:
    body = {
        "service_code": "enseres",
        "address_string": "Calle de Prueba, 1, Alicante",
        "description": "Un sofá junto al contenedor.",
        "attribute": {"tipo": "mueble"},
        "account_id": MARIA,
    }
    response = open311.post(f"{V2}/requests.json", json=body, headers=KEY)
    assert response.status_code == 201, response.text
    [stored] = get_request(open311, response.json()[0]["service_request_id"]).json()
    assert stored["service_code"] == "enseres"
    assert stored["address"] == "Calle de Prueba, 1, Alicante"
    assert stored["lat"] is None
    assert stored["long"] is None
    # the Open311 form spelling of an attribute, in a JSON body too
    flat = {key: value for key, value in body.items() if key != "attribute"}
    response = open311.post(
        f"{V2}/requests.json", json={**flat, "attribute[tipo]": "colchon"}, headers=KEY
    )
    assert response.status_code == 201, response.text


def test_a_form_report_with_an_attribute(open311: TestClient) -> None:
    fields = form(service_code="enseres", lat="", long="", address_string="Calle de Prueba, 1")
    response = post_form(open311, {**fields, "attribute[tipo]": "electrodomestico"})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (form(lat="", long=""), "location"),
        (form(long=""), "lat and long"),
        (form(lat="91"), "lat"),
        (form(service_code="enseres", address_string="Calle de Prueba, 1"), "attribute[tipo]"),
        (
            {**form(service_code="enseres"), "attribute[tipo]": "piano"},
            "attribute[tipo]",
        ),
        ({**form(), "attribute[color]": "rojo"}, "attribute[color]"),
        (form(service_code="farolas"), "service_code"),
        (form(service_code=""), "service_code"),
        (form(description="x" * 4001), "description"),
        (form(account_id="12345678A"), "account_id"),
        (form(email="not-an-email"), "email"),
    ],
)
def test_invalid_reports_are_400_in_open311_format(
    open311: TestClient, fields: dict[str, str], words: str
) -> None:
    errors = assert_open311_error(post_form(open311, fields), 400)
    assert words in errors[0]["description"]
    assert "12345678A" not in errors[0]["description"]  # the input is not echoed


def test_a_json_body_that_is_not_an_object_is_400(open311: TestClient) -> None:
    response = open311.post(f"{V2}/requests.json", json=["alumbrado"], headers=KEY)
    assert_open311_error(response, 400)
    response = open311.post(
        f"{V2}/requests.json",
        content=b"{not json",
        headers={**KEY, "Content-Type": "application/json"},
    )
    assert_open311_error(response, 400)


@pytest.mark.parametrize("api_key", [None, "", "wrong-key"])
def test_a_missing_or_wrong_api_key_is_403(open311: TestClient, api_key: str | None) -> None:
    fields = form()
    fields.pop("api_key")
    if api_key is not None:
        fields["api_key"] = api_key
    errors = assert_open311_error(post_form(open311, fields), 403)
    assert "api_key" in errors[0]["description"]
    wrong = {"X-Api-Key": api_key or "nope"}
    response = open311.get(f"{V2}/requests.json", params={"account_id": MARIA}, headers=wrong)
    assert_open311_error(response, 403)


def test_the_api_key_may_come_as_a_header_or_a_query_parameter(open311: TestClient) -> None:
    fields = form()
    fields.pop("api_key")
    assert open311.post(f"{V2}/requests.json", data=fields, headers=KEY).status_code == 201
    response = open311.post(f"{V2}/requests.json", data=fields, params={"api_key": API_KEY})
    assert response.status_code == 201


def test_a_repeated_idempotency_key_returns_the_same_request(open311: TestClient) -> None:
    fields = form(idempotency_key="ali-report-1")
    first = post_form(open311, fields)
    assert first.status_code == 201, first.text
    again = post_form(open311, fields)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    mine = open311.get(f"{V2}/requests.json", params={"account_id": MARIA}, headers=KEY).json()
    assert len(mine) == 1
    other = post_form(open311, form(idempotency_key="ali-report-1", description="Otra cosa."))
    assert_open311_error(other, 409)


def test_a_request_by_id_never_shows_personal_data(open311: TestClient) -> None:
    service_request_id = report(open311)
    response = open311.get(f"{V2}/requests/{service_request_id}.json")  # public, no key
    assert response.status_code == 200
    [stored] = response.json()
    assert set(stored) == REQUEST_FIELDS
    for field in PERSONAL:
        assert field not in stored
    for value in (MARIA, "maria@example.test", "600 000 000", "María José", "Martínez"):
        assert value not in response.text
    lower = get_request(open311, service_request_id.lower())
    assert lower.status_code == 200


def test_an_unknown_request_is_404_in_open311_format(open311: TestClient) -> None:
    errors = assert_open311_error(open311.get(f"{V2}/requests/INC-NOPE99.json"), 404)
    assert errors == [{"code": 404, "description": "No service request with this id exists."}]
    assert_open311_error(open311.get(f"{V2}/no/such/route.json"), 404)


def test_account_id_finds_only_the_citizens_own_request(open311: TestClient) -> None:
    service_request_id = report(open311, account_id=MARIA)
    assert get_request(open311, service_request_id, account_id=MARIA).status_code == 200
    mismatch = get_request(open311, service_request_id, account_id=VICENT)
    errors = assert_open311_error(mismatch, 404)
    unknown = assert_open311_error(get_request(open311, "INC-NOPE99", account_id=VICENT), 404)
    assert errors == unknown  # someone else's request looks like one that does not exist
    assert_open311_error(get_request(open311, service_request_id, account_id="garbage"), 404)
    anonymous = report(open311, account_id="")
    assert_open311_error(get_request(open311, anonymous, account_id=MARIA), 404)
    without_key = open311.get(
        f"{V2}/requests/{service_request_id}.json", params={"account_id": MARIA}
    )
    assert_open311_error(without_key, 403)


def test_a_citizens_requests_newest_first(open311: TestClient) -> None:
    first = report(open311, description="Primera.")
    second = report(open311, service_code="baches", description="Segunda.")
    report(open311, account_id=VICENT)
    response = open311.get(f"{V2}/requests.json", params={"account_id": MARIA}, headers=KEY)
    assert response.status_code == 200
    mine = response.json()
    assert [r["service_request_id"] for r in mine] == [second, first]
    assert all(set(r) == REQUEST_FIELDS for r in mine)
    assert MARIA not in response.text
    response = open311.get(f"{V2}/requests.json", params={"account_id": "99000003E"}, headers=KEY)
    assert response.json() == []
    assert_open311_error(open311.get(f"{V2}/requests.json", headers=KEY), 400)
    bad = open311.get(f"{V2}/requests.json", params={"account_id": "12345678A"}, headers=KEY)
    assert_open311_error(bad, 400)


def test_closing_a_request_changes_its_status(open311: TestClient) -> None:
    service_request_id = report(open311)
    [before] = get_request(open311, service_request_id).json()
    assert before["status"] == "open"
    assert before["status_notes"] is None
    response = open311.post(
        f"{V2}/requests/{service_request_id}/close",
        data={"status_notes": "Farola reparada."},
        headers=KEY,
    )
    assert response.status_code == 200, response.text
    [closed] = response.json()
    assert closed["status"] == "closed"
    assert closed["status_notes"] == "Farola reparada."
    assert closed["updated_datetime"] >= before["updated_datetime"]
    assert get_request(open311, service_request_id).json() == [closed]
    again = open311.post(f"{V2}/requests/{service_request_id}/close", headers=KEY)
    assert again.json() == [closed]  # closing again changes nothing


def test_closing_needs_the_key_and_an_existing_request(open311: TestClient) -> None:
    service_request_id = report(open311)
    assert_open311_error(open311.post(f"{V2}/requests/{service_request_id}/close"), 403)
    assert_open311_error(open311.post(f"{V2}/requests/INC-NOPE99/close", headers=KEY), 404)
    [still] = get_request(open311, service_request_id).json()
    assert still["status"] == "open"


def test_seeding_twice_adds_no_incident_services(tmp_path: Path) -> None:
    database = SandboxDatabase(tmp_path / "sandbox.db")
    database.create_schema()
    seed(database, today=dt.date(2026, 3, 2))
    seed(database, today=dt.date(2026, 3, 2))
    with database.session() as session:
        services = session.scalar(select(func.count()).select_from(IncidentServiceRow))
        attributes = session.scalar(select(func.count()).select_from(ServiceAttributeRow))
    assert (services, attributes) == (len(INCIDENT_SERVICES), 1)
    assert {service.code for service in INCIDENT_SERVICES} == CODES
    database.dispose()
