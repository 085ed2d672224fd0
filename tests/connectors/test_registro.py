"""General registry connectors against a fake back office."""

from __future__ import annotations

import httpx
import pytest

from ali.actions.action import ActionFailed, ActionRequest, Attachment
from ali.connectors.http import BackOfficeClient, ClientSettings
from ali.connectors.registro import ApplicationStatusAction, GeneralApplicationAction
from ali.identity.citizen import Citizen

CITIZEN = Citizen(nif="12345678Z")
PDF = Attachment("dni.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")


def client(handler) -> BackOfficeClient:  # type: ignore[no-untyped-def]
    settings = ClientSettings(base_url="http://registry.test", retries=0)
    return BackOfficeClient(settings, transport=httpx.MockTransport(handler))


def request(values: dict[str, str], procedure: str = "registro.instancia-general") -> ActionRequest:
    return ActionRequest(
        "registro.file_application", "alicante", "c", procedure, values, "key-7", "es", CITIZEN,
        attachments=(PDF,),
    )  # fmt: skip


ENTRY = {
    "number": "REG-2026-000042",
    "kind": "instancia-general",
    "status": "registered",
    "registered_at": "2026-11-23T10:15:00Z",
    "department": "Oficina de Atención Ciudadana",
    "csv": "ABCD-EFGH-JKLM",
    "receipt_url": "http://registry.test/verify/ABCDEFGHJKLM.pdf",
    "verify_url": "http://registry.test/verify",
    "attachments": [],
}


def test_an_application_is_sent_as_multipart_with_its_files_and_key() -> None:
    seen: list[httpx.Request] = []

    def handler(http: httpx.Request) -> httpx.Response:
        seen.append(http)
        return httpx.Response(201, json=ENTRY)

    values = {"subject": "Vado", "text": "Solicito un vado en mi garaje.", "attachments": "x"}
    result = GeneralApplicationAction(client(handler)).execute(request(values))
    body = seen[0].content
    assert seen[0].headers["content-type"].startswith("multipart/form-data")
    assert seen[0].headers["idempotency-key"] == "key-7"
    assert b'name="nif"\r\n\r\n12345678Z' in body
    assert b'name="kind"\r\n\r\ninstancia-general' in body
    assert b'filename="dni.pdf"' in body and b"%PDF-1.4" in body
    assert result.reference == "REG-2026-000042"
    assert "(lunes 23 de noviembre)" in result.message and "ABCD-EFGH-JKLM" in result.message
    assert result.documents[0].url == ENTRY["receipt_url"]


def test_a_complaint_is_filed_as_such() -> None:
    kinds: list[bytes] = []

    def handler(http: httpx.Request) -> httpx.Response:
        kinds.append(http.content)
        return httpx.Response(201, json=ENTRY)

    values = {"subject": "Ruido", "text": "Mucho ruido por las noches.", "attachments": ""}
    complaints = "registro.quejas-sugerencias"  # the profile's procedures.complaints
    GeneralApplicationAction(client(handler), complaints=complaints).execute(
        request(values, complaints)
    )
    # A council without a complaints procedure files everything as a general application.
    GeneralApplicationAction(client(handler)).execute(request(values, complaints))
    assert b'name="kind"\r\n\r\nqueja-sugerencia' in kinds[0]
    assert b'name="kind"\r\n\r\ninstancia-general' in kinds[1]


def test_a_refused_file_gives_the_back_offices_reason() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(422, json={"error": "X", "detail": "dni.pdf is not a PDF."})

    values = {"subject": "Vado", "text": "Solicito un vado en mi garaje.", "attachments": ""}
    with pytest.raises(ActionFailed) as refused:
        GeneralApplicationAction(client(handler)).execute(request(values))
    assert refused.value.detail == "dni.pdf is not a PDF."


def test_status_offers_the_citizens_entries_and_reads_one() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        assert http.headers["X-Citizen-Nif"] == "12345678Z"
        assert "nif" not in http.url.params  # never in a URL
        if http.url.path == "/registro/entries":
            return httpx.Response(200, json=[{"number": ENTRY["number"], "subject": "Vado"}])
        assert http.url.path == "/registro/entries/REG-2026-000042"
        return httpx.Response(
            200,
            json={
                **ENTRY,
                "subject": "Vado",
                "status": "in-progress",
                "updated_at": "2026-11-25T09:00:00Z",
                "history": [
                    {
                        "status": "in-progress",
                        "at": "2026-11-24T08:00:00Z",
                        "note": "Asignada a Tráfico.",
                    }
                ],
            },
        )

    action = ApplicationStatusAction(client(handler))
    options = action.options("entry", {}, CITIZEN, "es")
    assert [option.value for option in options] == ["REG-2026-000042"]
    result = action.execute(
        ActionRequest(
            "registro.application_status",
            "alicante",
            "c",
            None,
            {"entry": "REG-2026-000042"},
            "k",
            "es",
            CITIZEN,
        )
    )
    assert "en tramitación" in result.message and "25/11/2026" in result.message
    assert "Asignada a Tráfico." in result.message


def test_status_without_entries_says_so() -> None:
    def handler(http: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[])

    with pytest.raises(ActionFailed) as none:
        ApplicationStatusAction(client(handler)).options("entry", {}, CITIZEN, "en")
    assert "no applications" in none.value.detail
