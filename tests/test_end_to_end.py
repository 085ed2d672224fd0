"""A padrón certificate from the first message to a sealed PDF that verifies, against the
sandbox back office served over HTTP on loopback; and what happens when it stops."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from ali.api.app import create_app
from ali.composition import build_councils
from ali.settings import BackOfficeSettings, EmbedderSettings, Settings
from ali_sandbox.documents import SealCertificate, verify_pdf
from ali_sandbox.padron_certificates import SEAL_HOLDER
from tests.support.councils import ALICANTE, bookable_day
from tests.support.files import image_bytes, pdf_bytes
from tests.support.servers import KEY, Sandbox, free_port

# End to end over HTTP, with the sandbox back office on loopback: in the slow lane.
pytestmark = pytest.mark.slow

BASE = "/api/v1/councils/alicante"
CHAT = f"{BASE}/chat"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Sandbox]]:
    root = tmp_path_factory.mktemp("e2e")
    port = free_port()
    sandbox = Sandbox(root / "sandbox", port)
    sandbox.start()
    council = root / "knowledge" / "alicante"
    shutil.copytree(ALICANTE, council)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=root / "data",
        knowledge_dir=root / "knowledge",
        embedder=EmbedderSettings(backend="hashing"),
        connector_keys={"alicante": SecretStr(KEY)},
        back_offices={"alicante": BackOfficeSettings.sandbox(sandbox.url)},
    )
    councils = build_councils(settings)
    councils.warm_up()
    with TestClient(create_app(settings, councils), raise_server_exceptions=False) as client:
        yield client, sandbox
    sandbox.stop()


def sign_in(sandbox: Sandbox, nif: str) -> dict[str, str]:
    response = httpx.post(f"{sandbox.url}/idp/token", json={"nif": nif})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def converse(client: TestClient, messages: list[str], headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    conversation = None
    for message in messages:
        response = client.post(
            CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        conversation = body["conversation_id"]
    return body  # type: ignore[no-any-return]


def test_a_certificate_from_first_message_to_a_verified_pdf(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    headers = sign_in(sandbox, "99000001C")
    body = converse(
        client,
        ["quiero el certificado de empadronamiento", "colectivo", "ayuda al alquiler", "sí"],
        headers,
    )
    assert body["intent"] == "action_result", body["reply"]
    document = body["documents"][0]
    pdf = httpx.get(document["url"])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    seal = SealCertificate.load_or_create_demo(sandbox.settings.seal_dir, SEAL_HOLDER)
    result = verify_pdf(pdf.content, seal)
    assert result.intact and result.valid
    csv = body["reply"].split("verificación es ")[1].split(":")[0]
    page = httpx.get(f"{sandbox.url}/verify", params={"csv": csv.lower().replace("-", "")})
    assert page.status_code == 200


def test_without_sign_in_the_certificate_asks_for_it(world) -> None:  # type: ignore[no-untyped-def]
    client, _ = world
    body = converse(client, ["quiero el certificado de empadronamiento"], {})
    assert body["intent"] == "procedure_action"
    assert body["form"] is None
    assert "identificarte" in body["reply"]


def test_an_appointment_booked_and_cancelled_through_the_chat(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    if not sandbox.thread.is_alive():
        pytest.skip("the sandbox was stopped by an earlier test")
    headers = sign_in(sandbox, "99000002K")
    start = converse(client, ["quiero pedir cita previa"], headers)
    assert start["form"]["slot"] == "service"
    conversation = start["conversation_id"]

    def say(message: str) -> dict:  # type: ignore[type-arg]
        response = client.post(
            CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
        )
        return response.json()  # type: ignore[no-any-return]

    office = say("padrón")
    assert office["form"]["slot"] == "office"
    assert office["form"]["options"], "offices come from the sandbox calendar"
    assert say("1")["form"]["slot"] == "date"
    times = say(bookable_day())
    assert times["form"]["slot"] == "time"
    first_time = times["form"]["options"][0]["label"]
    summary = say("1")
    assert summary["intent"] == "confirmation"
    booked = say("sí")
    assert booked["intent"] == "action_result", booked["reply"]
    assert first_time in booked["reply"]
    mine = httpx.get(
        f"{sandbox.url}/citas/bookings", params={"nif": "99000002K"}, headers={"X-Api-Key": KEY}
    ).json()
    reference = next(b["reference"] for b in mine if b["reference"] in booked["reply"])

    cancel = converse(client, ["quiero anular mi cita"], headers)
    assert cancel["intent"] == "procedure_action", cancel["reply"]
    assert cancel["form"]["slot"] == "booking"
    choices = [option["value"] for option in cancel["form"]["options"]]
    chosen = client.post(
        CHAT,
        json={
            "conversation_id": cancel["conversation_id"],
            "message": str(choices.index(reference) + 1),
        },
        headers=headers,
    ).json()
    assert chosen["intent"] == "confirmation"
    done = client.post(
        CHAT, json={"conversation_id": cancel["conversation_id"], "message": "sí"}, headers=headers
    ).json()
    assert done["intent"] == "action_result", done["reply"]
    assert reference in done["reply"]
    still = httpx.get(
        f"{sandbox.url}/citas/bookings", params={"nif": "99000002K"}, headers={"X-Api-Key": KEY}
    ).json()
    assert reference not in [b["reference"] for b in still]


def test_an_incident_filed_and_its_status_read(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    headers = sign_in(sandbox, "99000003E")
    start = converse(client, ["quiero avisar de una farola fundida"], headers)
    assert start["form"]["slot"] == "service", start["reply"]
    conversation = start["conversation_id"]

    def say(message: str) -> dict:  # type: ignore[type-arg]
        return client.post(  # type: ignore[no-any-return]
            CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
        ).json()

    codes = [option["value"] for option in start["form"]["options"]]
    say(str(codes.index("alumbrado") + 1))
    say("Calle de Prueba, 1")
    photo = say("La farola lleva tres noches apagada")
    assert photo["form"]["slot"] == "photo" and photo["form"]["accept"] == [
        "image/jpeg",
        "image/png",
    ]
    assert say("ninguno")["intent"] == "confirmation"
    filed = say("sí")
    assert filed["intent"] == "action_result", filed["reply"]
    reference = filed["reply"].split("número ")[1].split(".")[0]
    closed = httpx.post(
        f"{sandbox.url}/open311/v2/requests/{reference}/close",
        json={"status_notes": "Farola reparada."},
        headers={"X-Api-Key": KEY},
    )
    assert closed.status_code == 200
    status = converse(client, ["¿en qué estado está mi aviso de la farola?"], headers)
    assert status["intent"] == "status_check"
    assert status["form"]["slot"] == "report"
    answer = client.post(
        CHAT, json={"conversation_id": status["conversation_id"], "message": "1"}, headers=headers
    ).json()
    assert answer["intent"] == "action_result"
    assert reference in answer["reply"] and "cerrado" in answer["reply"]
    assert "Farola reparada." in answer["reply"]


def receipts(sandbox: Sandbox, nif: str) -> dict[str, str]:
    listed = httpx.get(
        f"{sandbox.url}/tributos/receipts", params={"nif": nif}, headers={"X-Api-Key": KEY}
    ).json()
    return {item["id"]: item["status"] for item in listed}


def test_a_receipt_paid_through_the_gateway(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    nif = "X9900005T"
    headers = sign_in(sandbox, nif)
    start = converse(client, ["quiero pagar un recibo"], headers)
    assert start["form"]["slot"] == "receipt", start["reply"]
    receipt = start["form"]["options"][0]["value"]
    conversation = start["conversation_id"]

    def say(message: str) -> dict:  # type: ignore[type-arg]
        return client.post(  # type: ignore[no-any-return]
            CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
        ).json()

    assert say("1")["intent"] == "confirmation"
    order = say("sí")
    assert order["intent"] == "action_result", order["reply"]
    gateway = order["documents"][0]["url"]
    assert receipts(sandbox, nif)[receipt] == "pending"  # nothing is paid by the chat itself
    paid = httpx.post(
        gateway.replace("/pasarela/pago?order=", "/pasarela/pago/"),
        data={"outcome": "ok"},
        follow_redirects=False,
    )
    assert paid.status_code in (200, 303)
    assert receipts(sandbox, nif)[receipt] == "paid"


def test_direct_debit_keeps_the_iban_out_of_the_transcript(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    nif = "Y9900006S"
    headers = sign_in(sandbox, nif)
    start = converse(client, ["quiero domiciliar un recibo"], headers)
    assert start["form"]["slot"] == "receipt", start["reply"]
    receipt = start["form"]["options"][0]["value"]
    conversation = start["conversation_id"]

    def say(message: str) -> dict:  # type: ignore[type-arg]
        return client.post(  # type: ignore[no-any-return]
            CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
        ).json()

    assert say("1")["form"]["slot"] == "iban"
    assert say("ES00 1111 2222 3333 4444 5555")["form"]["slot"] == "iban"  # invalid: re-asked
    summary = say("ES91 2100 0418 4502 0005 1332")
    assert summary["intent"] == "confirmation"
    done = say("sí")
    assert done["intent"] == "action_result", done["reply"]
    assert receipts(sandbox, nif)[receipt] == "direct_debit"
    councils = client.app.state.councils  # type: ignore[attr-defined]
    transcript = " ".join(t.text for t in councils.conversations.turns("alicante", conversation))
    assert "2100 0418" not in transcript and "21000418" not in transcript


def chat_in(client: TestClient, conversation: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    def say(message: str) -> dict:  # type: ignore[type-arg]
        response = client.post(
            CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    return say


def test_an_application_registered_with_an_attachment_and_its_status_looked_up(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    headers = sign_in(sandbox, "99000003E")
    start = converse(client, ["quiero presentar una instancia general"], headers)
    assert start["form"]["slot"] == "subject", start["reply"]
    conversation = start["conversation_id"]
    say = chat_in(client, conversation, headers)
    say("Solicitud de poda de un árbol")
    files = say("Pido que poden el árbol frente a mi portal, sus ramas tocan la fachada.")
    assert files["form"]["kind"] == "attachments"
    uploaded = client.post(
        f"/api/v1/councils/alicante/conversations/{conversation}/attachments",
        files={"file": ("foto del árbol.pdf", pdf_bytes(), "application/pdf")},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    summary = say("listo")
    assert summary["intent"] == "confirmation"
    assert "foto del árbol.pdf" in summary["reply"]
    filed = say("sí")
    assert filed["intent"] == "action_result", filed["reply"]
    number = filed["reply"].split("número ")[1].split(" ")[0]
    receipt = httpx.get(filed["documents"][0]["url"])
    assert receipt.status_code == 200
    seal = SealCertificate.load_or_create_demo(sandbox.settings.seal_dir, SEAL_HOLDER)
    checked = verify_pdf(receipt.content, seal)
    assert checked.intact and checked.valid
    entry = httpx.get(
        f"{sandbox.url}/registro/entries/{number}",
        params={"nif": "99000003E"},
        headers={"X-Api-Key": KEY},
    ).json()
    assert entry["subject"] == "Solicitud de poda de un árbol"

    moved = httpx.post(
        f"{sandbox.url}/registro/entries/{number}/status",
        json={"status": "in-progress", "note": "Enviada al servicio de Parques y Jardines."},
        headers={"X-Api-Key": KEY},
    )
    assert moved.status_code == 200, moved.text
    status = converse(client, ["¿cómo va mi solicitud del registro?"], headers)
    assert status["intent"] == "status_check", status["reply"]
    assert status["form"]["slot"] == "entry"
    assert [option["value"] for option in status["form"]["options"]] == [number]
    answer = chat_in(client, status["conversation_id"], headers)("1")
    assert answer["intent"] == "action_result", answer["reply"]
    assert number in answer["reply"] and "en tramitación" in answer["reply"]
    assert "Parques y Jardines" in answer["reply"]

    # Another citizen neither sees the entry nor can use the conversation's uploads.
    other = sign_in(sandbox, "99000001C")
    theirs = converse(client, ["¿cómo va mi solicitud del registro?"], other)
    assert number not in theirs["reply"]
    assert not theirs["form"] or number not in str(theirs["form"]["options"])
    stolen = client.post(
        f"/api/v1/councils/alicante/conversations/{conversation}/attachments",
        files={"file": ("x.pdf", pdf_bytes(), "application/pdf")},
        headers=other,
    )
    assert stolen.status_code == 404


def test_a_payment_document_for_a_pending_receipt(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    headers = sign_in(sandbox, "99000001C")
    start = converse(client, ["necesito un duplicado de un recibo"], headers)
    assert start["form"]["slot"] == "receipt", start["reply"]
    answer = chat_in(client, start["conversation_id"], headers)("1")
    assert answer["intent"] == "action_result", answer["reply"]
    document = answer["documents"][0]
    pdf = httpx.get(document["url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    seal = SealCertificate.load_or_create_demo(sandbox.settings.seal_dir, SEAL_HOLDER)
    assert verify_pdf(pdf.content, seal).valid


def test_listing_my_appointments(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    headers = sign_in(sandbox, "99000002K")
    mine = httpx.get(
        f"{sandbox.url}/citas/bookings", params={"nif": "99000002K"}, headers={"X-Api-Key": KEY}
    ).json()
    listed = converse(client, ["¿qué citas tengo pedidas?"], headers)
    assert listed["intent"] == "action_result", listed["reply"]
    assert listed["form"] is None
    for booking in mine:
        assert booking["reference"] in listed["reply"]
    if not mine:
        assert "No tienes ninguna cita" in listed["reply"]


def test_bulky_waste_pickup_asks_what_to_collect(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    headers = sign_in(sandbox, "99000004T")
    start = converse(client, ["quiero que recojan un colchón viejo"], headers)
    assert start["form"]["slot"] == "service", start["reply"]
    say = chat_in(client, start["conversation_id"], headers)
    codes = [option["value"] for option in start["form"]["options"]]
    detail = say(str(codes.index("enseres") + 1))
    assert detail["form"]["slot"] == "detail", detail["reply"]
    labels = [option["label"] for option in detail["form"]["options"]]
    say(str(labels.index("Colchón") + 1))
    # The widget's "use my location" sends the phone's coordinates.
    assert say("38.3452, -0.4810")["form"]["slot"] == "description"
    photo = say("Un colchón de matrimonio junto al portal")
    assert photo["form"]["slot"] == "photo", photo["reply"]
    attachments = f"{BASE}/conversations/{start['conversation_id']}/attachments"
    refused = client.post(
        attachments,
        files={"file": ("colchon.pdf", pdf_bytes(), "application/pdf")},
        headers=headers,
    )
    assert refused.status_code == 422 and "JPG, PNG" in refused.json()["detail"]
    picture = image_bytes("PNG")
    uploaded = client.post(
        attachments, files={"file": ("colchón.png", picture, "image/png")}, headers=headers
    )
    assert uploaded.status_code == 201, uploaded.text
    summary = say("listo")
    assert summary["intent"] == "confirmation" and "colchón.png" in summary["reply"]
    filed = say("sí")
    assert filed["intent"] == "action_result", filed["reply"]
    reference = filed["reply"].split("número ")[1].split(".")[0]
    stored = httpx.get(f"{sandbox.url}/open311/v2/requests/{reference}.json").json()[0]
    assert stored["service_code"] == "enseres"
    assert (stored["lat"], stored["long"]) == (38.3452, -0.481)
    assert "address" not in stored or not stored["address"]
    media = httpx.get(stored["media_url"])
    assert media.status_code == 200 and media.content == picture


def test_with_the_sandbox_stopped_actions_fail_clearly_and_questions_still_work(world) -> None:  # type: ignore[no-untyped-def]
    client, sandbox = world
    headers = sign_in(sandbox, "99000004T")
    first = client.post(
        CHAT, json={"message": "quiero el certificado de empadronamiento"}, headers=headers
    ).json()
    assert first["form"]["slot"] == "kind"
    sandbox.stop()  # the identity provider's keys stay cached; the padrón system is gone
    conversation = first["conversation_id"]
    for message in ("individual", "beca de estudios"):
        client.post(
            CHAT, json={"conversation_id": conversation, "message": message}, headers=headers
        )
    failed = client.post(
        CHAT, json={"conversation_id": conversation, "message": "sí"}, headers=headers
    ).json()
    assert failed["intent"] == "action_result"
    assert failed["reply"].startswith("No he podido completarlo")
    assert "010" in failed["reply"]
    assert failed["documents"] == []
    info = converse(client, ["¿cuánto cuesta el volante de empadronamiento?"], {})
    assert info["intent"] == "procedure_info"
    assert info["procedure_id"] == "padron.volante"
    assert info["reply"].startswith("**Volante de empadronamiento** — Coste: gratuito")
