"""Open311 report and status connectors against a fake GeoReport v2 endpoint."""

from __future__ import annotations

import dataclasses
import json

import httpx
import pytest

from ali.actions.action import ActionFailed, ActionRequest, Attachment
from ali.connectors.http import BackOfficeClient, ClientSettings
from ali.connectors.open311 import IncidentReportAction, IncidentStatusAction
from ali.identity.citizen import Citizen

CITIZEN = Citizen(nif="12345678Z")


def client(handler) -> BackOfficeClient:  # type: ignore[no-untyped-def]
    settings = ClientSettings(base_url="http://open311.test", retries=0)
    return BackOfficeClient(settings, transport=httpx.MockTransport(handler))


def request(action: str, values: dict[str, str]) -> ActionRequest:
    return ActionRequest(action, "alicante", "c", None, values, "key-9", "es", CITIZEN)


SERVICES = [
    {"service_code": "alumbrado", "service_name": "Alumbrado", "metadata": False},
    {"service_code": "enseres", "service_name": "Enseres", "metadata": True},
    {"service_code": "obras", "service_name": "Obras", "metadata": True},
]
DEFINITIONS = {
    "enseres": [
        {"code": "tipo", "datatype": "singlevaluelist", "required": True, "order": 1,
         "description": "Tipo", "values": [{"key": "colchon", "name": "Colchón"},
                                           {"key": "mueble", "name": "Mueble"}]},
    ],
    "obras": [  # a free-text required attribute the chat does not ask
        {"code": "licencia", "datatype": "string", "required": True, "order": 1,
         "description": "Número de licencia"},
    ],
}  # fmt: skip


def open311(http: httpx.Request) -> httpx.Response:
    if http.url.path.endswith("/services.json"):
        return httpx.Response(200, json=SERVICES)
    code = http.url.path.rsplit("/", 1)[-1].removesuffix(".json")
    return httpx.Response(200, json={"service_code": code, "attributes": DEFINITIONS[code]})


def test_services_with_a_list_attribute_are_offered_with_it_as_a_detail() -> None:
    action = IncidentReportAction(client(open311))
    options = action.options("service", {}, CITIZEN, "es")
    assert [o.value for o in options] == ["alumbrado", "enseres"]
    details = action.options("detail", {"service": "enseres"}, CITIZEN, "es")
    assert [(o.value, o.label["en"]) for o in details] == [
        ("tipo=colchon", "Colchón"),
        ("tipo=mueble", "Mueble"),
    ]


def test_the_chosen_detail_is_sent_as_an_open311_attribute() -> None:
    sent = []

    def handler(http: httpx.Request) -> httpx.Response:
        sent.append(json.loads(http.content))
        return httpx.Response(201, json=[{"service_request_id": "INC-2", "service_notice": ""}])

    values = {"service": "enseres", "detail": "tipo=colchon", "address": "C/ Mayor 3",
              "description": "Un colchón junto al contenedor"}  # fmt: skip
    IncidentReportAction(client(handler)).execute(request("incidencias.report", values))
    assert sent[0]["attribute"] == {"tipo": "colchon"}


def test_a_report_is_posted_with_the_citizen_and_key() -> None:
    sent = []

    def handler(http: httpx.Request) -> httpx.Response:
        sent.append(json.loads(http.content))
        return httpx.Response(
            201, json=[{"service_request_id": "INC-1", "service_notice": "Gracias."}]
        )

    values = {"service": "baches", "address": "Calle Mayor 3", "description": "Bache grande"}
    result = IncidentReportAction(client(handler)).execute(request("incidencias.report", values))
    assert sent[0]["account_id"] == "12345678Z"
    assert sent[0]["idempotency_key"] == "key-9"
    assert sent[0]["address_string"] == "Calle Mayor 3"
    assert result.reference == "INC-1"
    assert "INC-1" in result.message and "Gracias." in result.message


def test_status_lists_only_the_citizens_reports_and_reads_one() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        assert http.headers["X-Account-Id"] == "12345678Z"
        assert "account_id" not in http.url.params  # never in a URL
        if http.url.path.endswith("/requests.json"):
            return httpx.Response(
                200, json=[{"service_request_id": "INC-1", "description": "Farola apagada"}]
            )
        return httpx.Response(
            200,
            json=[
                {
                    "service_request_id": "INC-1",
                    "status": "closed",
                    "status_notes": "Reparada.",
                    "service_name": "Alumbrado",
                }
            ],
        )

    action = IncidentStatusAction(client(handler))
    options = action.options("report", {}, CITIZEN, "es")
    assert options[0].value == "INC-1" and "Farola apagada" in options[0].label["es"]
    result = action.execute(request("incidencias.status", {"report": "INC-1"}))
    assert result.message == "Tu aviso INC-1 (Alumbrado) está cerrado. Reparada."


def test_someone_elses_report_is_not_found() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json=[{"code": 404, "description": "not found"}])

    with pytest.raises(ActionFailed):
        IncidentStatusAction(client(handler)).execute(
            request("incidencias.status", {"report": "INC-2"})
        )


def test_shared_coordinates_and_a_photo_go_as_a_multipart_form() -> None:
    sent: list[httpx.Request] = []

    def handler(http: httpx.Request) -> httpx.Response:
        http.read()
        sent.append(http)
        return httpx.Response(201, json=[{"service_request_id": "INC-3", "service_notice": ""}])

    values = {"service": "enseres", "detail": "tipo=colchon", "address": "38.345200, -0.481000",
              "description": "Un colchón junto al contenedor", "photo": "a1"}  # fmt: skip
    photo = Attachment("colchon.png", "image/png", b"\x89PNG fake")
    base = request("incidencias.report", values)
    with_photo = dataclasses.replace(base, attachments=(photo,))
    IncidentReportAction(client(handler)).execute(with_photo)
    body = sent[0].content.decode("latin-1")
    assert sent[0].headers["content-type"].startswith("multipart/form-data")
    assert sent[0].headers["idempotency-key"] == "key-9"
    for name, value in [("lat", "38.345200"), ("long", "-0.481000"), ("attribute[tipo]", "colchon"),
                        ("account_id", "12345678Z")]:  # fmt: skip
        assert f'name="{name}"\r\n\r\n{value}\r\n' in body
    assert 'name="media"; filename="colchon.png"' in body and "address_string" not in body
