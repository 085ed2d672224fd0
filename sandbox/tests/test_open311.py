"""The incident desk through its Open311 GeoReport v2 endpoint (JSON format), like an Open311
client or ALI's connector uses it. Reports are removed after every test."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from PIL import Image
from sqlalchemy import delete, func, select

from ali_sandbox.database import SandboxDatabase
from ali_sandbox.models import (
    IncidentRow,
    IncidentServiceRow,
    Open311MediaRow,
    ServiceAttributeRow,
)
from ali_sandbox.open311 import MAX_MEDIA_BYTES
from ali_sandbox.seed import INCIDENT_SERVICES, seed
from ali_sandbox.settings import SandboxSettings
from sandbox.tests.conftest import API_KEY, MARIA, PUBLIC_URL, local_path

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
    "media_url",
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def open311(sandbox: TestClient, sandbox_settings: SandboxSettings) -> Iterator[TestClient]:
    yield sandbox
    database = SandboxDatabase(sandbox_settings.database_path)
    with database.session() as session:
        session.execute(delete(IncidentRow))
        session.execute(delete(Open311MediaRow))
    database.dispose()


def stored_rows(sandbox_settings: SandboxSettings) -> tuple[int, int]:
    """How many service requests and photos the sandbox holds."""
    database = SandboxDatabase(sandbox_settings.database_path)
    with database.session() as session:
        requests = session.scalar(select(func.count()).select_from(IncidentRow))
        media = session.scalar(select(func.count()).select_from(Open311MediaRow))
    database.dispose()
    return requests or 0, media or 0


def photo(kind: str = "PNG", color: str = "orange") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (32, 24), color).save(buffer, format=kind)
    return buffer.getvalue()


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


def post_multipart(
    client: TestClient,
    fields: dict[str, str],
    media: tuple[str, bytes, str] | None = None,
) -> Response:
    """A multipart/form-data POST: the fields, and `media` as (filename, content, declared
    type) if given (else an empty `files` part keeps it multipart)."""
    files = {"media": media} if media is not None else {"media": ("", b"", "")}
    return client.post(f"{V2}/requests.json", data=fields, files=files)


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


def test_a_multipart_report_with_a_png_serves_it_at_its_media_url(open311: TestClient) -> None:
    content = photo()
    response = post_multipart(open311, form(), ("farola.png", content, "image/png"))
    assert response.status_code == 201, response.text
    [created] = response.json()
    [stored] = get_request(open311, created["service_request_id"]).json()
    sha256 = hashlib.sha256(content).hexdigest()
    assert stored["media_url"] == f"{PUBLIC_URL}/open311/v2/media/{sha256}.png"
    assert stored["lat"] == pytest.approx(38.3452)
    served = open311.get(local_path(stored["media_url"]))  # public, no key
    assert served.status_code == 200
    assert served.content == content
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    mine = open311.get(f"{V2}/requests.json", params={"account_id": MARIA}, headers=KEY).json()
    assert mine[0]["media_url"] == stored["media_url"]


def test_a_jpeg_is_found_by_its_content_whatever_its_name(open311: TestClient) -> None:
    content = photo("JPEG")
    response = post_multipart(open311, form(), ("foto.png", content, "image/png"))
    assert response.status_code == 201, response.text
    [stored] = get_request(open311, response.json()[0]["service_request_id"]).json()
    assert stored["media_url"].endswith(".jpg")
    served = open311.get(local_path(stored["media_url"]))
    assert served.headers["content-type"] == "image/jpeg"
    assert served.content == content
    wrong = stored["media_url"].removesuffix(".jpg") + ".png"
    assert_open311_error(open311.get(local_path(wrong)), 404)


@pytest.mark.parametrize(
    "media",
    [
        ("photo.jpg", PDF, "image/jpeg"),
        ("photo.jpg", b"just some text, not a photo\n", "image/jpeg"),
        ("photo.png", b"MZ\x90\x00" + b"\x00" * 200, "image/png"),  # a program, renamed
        ("photo.png", photo()[:40], "image/png"),  # a PNG cut short
    ],
)
def test_a_media_that_is_not_a_jpeg_or_png_is_400(
    open311: TestClient, sandbox_settings: SandboxSettings, media: tuple[str, bytes, str]
) -> None:
    errors = assert_open311_error(post_multipart(open311, form(), media), 400)
    assert "JPEG or PNG" in errors[0]["description"]
    assert stored_rows(sandbox_settings) == (0, 0)


def test_a_media_over_10_mib_is_413(open311: TestClient, sandbox_settings: SandboxSettings) -> None:
    too_big = photo() + b"\x00" * (MAX_MEDIA_BYTES + 1 - len(photo()))
    response = post_multipart(open311, form(), ("big.png", too_big, "image/png"))
    errors = assert_open311_error(response, 413)
    assert "10 MiB" in errors[0]["description"]
    far_too_big = ("huge.png", too_big + b"\x00" * 128 * 1024, "image/png")
    assert_open311_error(post_multipart(open311, form(), far_too_big), 413)  # the body limit
    assert stored_rows(sandbox_settings) == (0, 0)


def test_a_json_or_form_body_keeps_its_64_kib_limit(open311: TestClient) -> None:
    padding = "x" * (64 * 1024)
    response = open311.post(f"{V2}/requests.json", json={"padding": padding}, headers=KEY)
    assert_open311_error(response, 413)
    assert_open311_error(post_form(open311, {**form(), "padding": padding}), 413)


def test_media_and_media_url_together_are_400(
    open311: TestClient, sandbox_settings: SandboxSettings
) -> None:
    fields = form(media_url="https://example.test/farola.jpg")
    response = post_multipart(open311, fields, ("farola.png", photo(), "image/png"))
    errors = assert_open311_error(response, 400)
    assert "media_url" in errors[0]["description"]
    assert stored_rows(sandbox_settings) == (0, 0)


@pytest.mark.parametrize(
    "files",
    [
        [("media", ("a.png", b"1", "image/png")), ("media", ("b.png", b"2", "image/png"))],
        [("description", ("notes.txt", b"La farola", "text/plain"))],
    ],
)
def test_only_one_file_and_only_as_media(
    open311: TestClient, files: list[tuple[str, tuple[str, bytes, str]]]
) -> None:
    response = open311.post(f"{V2}/requests.json", data=form(), files=files)
    assert_open311_error(response, 400)


def test_a_retried_multipart_report_returns_the_same_request(
    open311: TestClient, sandbox_settings: SandboxSettings
) -> None:
    fields = form(idempotency_key="ali-photo-1")
    media = ("farola.png", photo(), "image/png")
    first = post_multipart(open311, fields, media)
    assert first.status_code == 201, first.text
    again = post_multipart(open311, fields, media)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert stored_rows(sandbox_settings) == (1, 1)
    other = ("farola.png", photo(color="blue"), "image/png")
    assert_open311_error(post_multipart(open311, fields, other), 409)
    # the same photo in another report is stored once
    assert post_multipart(open311, form(description="Otra farola."), media).status_code == 201
    assert stored_rows(sandbox_settings) == (2, 1)


def test_a_multipart_report_without_media_is_like_a_form(open311: TestClient) -> None:
    fields = form(service_code="enseres", lat="", long="", address_string="Calle de Prueba, 1")
    fields.pop("api_key")
    response = open311.post(
        f"{V2}/requests.json",
        data={**fields, "attribute[tipo]": "colchon"},
        files={"media": ("", b"", "application/octet-stream")},  # a file input left blank
        headers=KEY,
    )
    assert response.status_code == 201, response.text
    assert response.request.headers["content-type"].startswith("multipart/form-data")
    [stored] = get_request(open311, response.json()[0]["service_request_id"]).json()
    assert stored["address"] == "Calle de Prueba, 1"
    assert stored["media_url"] is None
    with_url = post_multipart(open311, form(media_url="https://example.test/farola.jpg"))
    assert with_url.status_code == 201, with_url.text
    [linked] = get_request(open311, with_url.json()[0]["service_request_id"]).json()
    assert linked["media_url"] == "https://example.test/farola.jpg"
    errors = assert_open311_error(post_multipart(open311, form(lat="", long="")), 400)
    assert "location" in errors[0]["description"]
    assert_open311_error(post_multipart(open311, form(api_key="wrong-key")), 403)


def test_an_unknown_media_is_404_in_open311_format(open311: TestClient) -> None:
    errors = assert_open311_error(open311.get(f"{V2}/media/{'0' * 64}.png"), 404)
    assert errors == [{"code": 404, "description": "No media with this name exists."}]
    assert_open311_error(open311.get(f"{V2}/media/nothing.gif"), 404)
