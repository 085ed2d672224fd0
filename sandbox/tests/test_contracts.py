"""The sandbox serves the back offices' contract (ali/connectors/contracts) as it is: every
contract model is the schema its OpenAPI documents, so the fake back office and the connectors
cannot drift apart."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from ali.connectors.contracts import appointments, open311, padron, registro, shared, tributos
from ali.connectors.contracts.shared import ErrorBody, read_list
from sandbox.tests.conftest import API_KEY

MODULES = (appointments, open311, padron, registro, shared, tributos)
BASES = (shared.Sent, shared.Answer)
# Bodies the sandbox reads itself rather than as a JSON body model, checked below.
READ_BY_HAND = {
    "EntryForm": "multipart/form-data beside the attachments",
    "IncidentRequest": "GeoReport's form-or-JSON body",
    "ErrorBody": "rendered by ALI's own error handler, documented as ErrorResponse",
}
REF = "#/components/schemas/{model}"


def contract_models() -> list[type[BaseModel]]:
    return [
        model
        for module in MODULES
        for _, model in inspect.getmembers(module, inspect.isclass)
        if issubclass(model, BaseModel)
        and model.__module__ == module.__name__
        and model not in BASES
    ]


def _without_null_defaults(schema: Any) -> Any:
    """FastAPI's OpenAPI leaves out `"default": null`."""
    if isinstance(schema, dict):
        return {
            key: _without_null_defaults(value)
            for key, value in schema.items()
            if not (key == "default" and value is None)
        }
    if isinstance(schema, list):
        return [_without_null_defaults(item) for item in schema]
    return schema


def expected_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's schema as FastAPI documents it: requests as validated, answers as sent."""
    mode = "validation" if issubclass(model, shared.Sent) else "serialization"
    schema = model.model_json_schema(ref_template=REF, mode=mode)
    schema.pop("$defs", None)
    cleaned: dict[str, Any] = _without_null_defaults(schema)
    return cleaned


@pytest.fixture(scope="module")
def components(sandbox: TestClient) -> dict[str, Any]:
    schemas: dict[str, Any] = sandbox.get("/openapi.json").json()["components"]["schemas"]
    return schemas


def test_the_contract_has_a_module_per_back_office_system() -> None:
    names = {model.__name__ for model in contract_models()}
    assert {"CertificateRequest", "BookingRequest", "PaymentRequest", "Open311Created"} <= names
    assert len(names) == len(contract_models())  # one name each: OpenAPI names by class


@pytest.mark.parametrize("model", contract_models(), ids=lambda model: model.__name__)
def test_the_sandbox_documents_every_contract_model_as_it_is(
    model: type[BaseModel], components: dict[str, Any]
) -> None:
    if model.__name__ in READ_BY_HAND:
        assert model.__name__ not in components
        return
    assert model.__name__ in components, f"the sandbox does not serve {model.__name__}"
    assert components[model.__name__] == expected_schema(model)


def test_the_filing_form_is_the_contracts_entry_form(components: dict[str, Any]) -> None:
    form = components["Body_file_entry_registro_entries_post"]
    fields = {name: prop for name, prop in form["properties"].items() if name != "attachments"}
    expected = expected_schema(registro.EntryForm)
    assert set(fields) == set(expected["properties"])
    for name, prop in expected["properties"].items():
        for constraint in ("maxLength", "minLength", "pattern", "enum"):
            assert fields[name].get(constraint) == prop.get(constraint), (name, constraint)


def test_the_errors_the_sandbox_answers_are_read_as_the_contracts_error_body(
    sandbox: TestClient,
) -> None:
    never = sandbox.get("/citas/bookings/requests/never-sent", headers={"X-Api-Key": API_KEY})
    assert never.status_code == 404
    assert ErrorBody.model_validate(never.json()).error == shared.NEVER_RECEIVED
    invalid = sandbox.post("/citas/bookings", json={"nif": "x"}, headers={"X-Api-Key": API_KEY})
    assert invalid.status_code == 422
    assert ErrorBody.model_validate(invalid.json()).error == "InvalidInput"
    token = sandbox.get("/open311/v2/tokens/never-sent.json", headers={"X-Api-Key": API_KEY})
    assert token.status_code == 404
    [error] = read_list(open311.Open311Error, token.json())
    assert error.description.startswith(shared.NEVER_RECEIVED)


def test_an_open311_report_is_validated_by_the_contracts_incident_request(
    sandbox: TestClient,
) -> None:
    # Coordinates without a longitude: the contract's own rule, answered in GeoReport's terms.
    response = sandbox.post(
        "/open311/v2/requests.json",
        json={"service_code": "farola", "lat": 38.34, "description": "Apagada"},
        headers={"X-Api-Key": API_KEY},
    )
    assert response.status_code == 400
    assert "lat and long must be given together" in response.text
    with pytest.raises(ValueError, match="lat and long"):
        open311.IncidentRequest(service_code="farola", lat=38.34)
