"""The padrón certificate connector against a fake back office at the HTTP boundary."""

from __future__ import annotations

import json

import httpx
import pytest

from ali.actions.action import ActionFailed, ActionRequest
from ali.connectors.http import BackOfficeClient, BackOfficeUnavailable, ClientSettings
from ali.connectors.padron import PadronCertificateAction
from ali.identity.citizen import Citizen


def action(handler) -> PadronCertificateAction:  # type: ignore[no-untyped-def]
    settings = ClientSettings(base_url="http://padron.test", retries=1, backoff_seconds=0)
    client = BackOfficeClient(
        settings, api_key="k", transport=httpx.MockTransport(handler), sleep=lambda s: None
    )
    return PadronCertificateAction(client)


def request(language: str = "es") -> ActionRequest:
    return ActionRequest(
        action="padron.issue_certificate",
        council_id="alicante",
        conversation_id="c",
        procedure_id="padron.certificado",
        values={"kind": "colectivo", "purpose": "ayuda al alquiler"},
        idempotency_key="key-1",
        language=language,  # type: ignore[arg-type]
        citizen=Citizen(nif="12345678Z"),
    )


def test_issues_a_certificate_with_its_code_and_document() -> None:
    sent = []

    def handler(http: httpx.Request) -> httpx.Response:
        sent.append(json.loads(http.content))
        return httpx.Response(
            201,
            json={
                "csv": "ALI-AAAA-BBBB-CCCC-DDDD-EEEE",
                "download_url": "http://padron.test/verify/ALI-AAAA-BBBB-CCCC-DDDD-EEEE.pdf",
                "verify_url": "http://padron.test/verify?csv=ALI-AAAA-BBBB-CCCC-DDDD-EEEE",
            },
        )

    result = action(handler).execute(request("va"))
    assert sent == [
        {
            "nif": "12345678Z",
            "kind": "colectivo",
            "purpose": "ayuda al alquiler",
            "language": "va",
            "idempotency_key": "key-1",
        }
    ]
    assert result.reference == "ALI-AAAA-BBBB-CCCC-DDDD-EEEE"
    assert "ALI-AAAA-BBBB-CCCC-DDDD-EEEE" in result.message
    assert result.documents[0].url.endswith(".pdf")


def test_a_citizen_not_on_the_register_is_told_so() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"error": "NotRegistered"})

    with pytest.raises(ActionFailed, match="No constas en el padrón"):
        action(handler).execute(request())


def test_a_back_office_that_is_down_is_reported_as_unavailable() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=http)

    with pytest.raises(BackOfficeUnavailable):
        action(handler).execute(request())
