"""The general registry through the sandbox's HTTP API: filings with real (small) PDF, PNG and
JPEG attachments, files checked by content, idempotency, the sealed receipt and its public
verification, and the status an applicant (and only they) can look up."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fpdf import FPDF
from PIL import Image

from ali_sandbox.database import SandboxDatabase
from ali_sandbox.documents import SealCertificate, verify_pdf
from ali_sandbox.padron import PadronRegister
from ali_sandbox.registro import EntryRequest, GeneralRegistry, Upload, media_type_of, safe_filename
from ali_sandbox.settings import SandboxSettings
from sandbox.tests.conftest import API_KEY, MARIA, PUBLIC_URL, local_path
from sandbox.tests.documents.conftest import pdf_text

KEY = {"X-Api-Key": API_KEY}
VICENT = "99000002K"
OUTSIDER = "12345678Z"  # a valid DNI that is not in the sandbox padrón
MIB = 1024 * 1024

File = tuple[str, bytes, str]  # (filename, content, declared media type)


def small_pdf(text: str = "Informe de prueba") -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC))  # the same bytes each time
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def small_image(image_format: str, colour: str = "red") -> bytes:
    image = BytesIO()
    Image.new("RGB", (16, 16), colour).save(image, format=image_format)
    return image.getvalue()


def filing(**overrides: str) -> dict[str, str]:
    fields = {
        "nif": MARIA,
        "kind": "instancia-general",
        "subject": "Solicitud de vado permanente",
        "text": "Solicito la concesión de un vado permanente para mi garaje.",
        "language": "es",
        "idempotency_key": "registry-default",
    }
    fields.update(overrides)
    return fields


def file_entry(client: TestClient, files: Sequence[File] = (), **overrides: str) -> Any:
    return client.post(
        "/registro/entries",
        data=filing(**overrides),
        files=[("attachments", file) for file in files],
        headers=KEY,
    )


def filed(client: TestClient, files: Sequence[File] = (), **overrides: str) -> dict[str, Any]:
    response = file_entry(client, files, **overrides)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.fixture(scope="module")
def with_attachments(sandbox: TestClient) -> dict[str, Any]:
    files = [
        ("informe.pdf", small_pdf(), "application/pdf"),
        ("foto del garaje.png", small_image("PNG"), "image/png"),
    ]
    return filed(sandbox, files, idempotency_key="registry-with-attachments")


def test_filing_needs_the_api_key(sandbox: TestClient) -> None:
    response = sandbox.post("/registro/entries", data=filing())
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidApiKey"


@pytest.mark.parametrize(
    "overrides",
    [
        {"nif": "99000001A"},  # wrong check letter
        {"kind": "recurso"},
        {"subject": "ab"},
        {"subject": "   a      "},  # one character once its spaces are collapsed
        {"subject": "x" * 201},
        {"text": "corto"},
        {"text": "x" * 5001},
        {"language": "fr"},
        {"idempotency_key": ""},
        {"idempotency_key": "with space"},
    ],
)
def test_bad_fields_are_refused(sandbox: TestClient, overrides: dict[str, str]) -> None:
    fields = filing(**{"idempotency_key": "registry-bad", **overrides})
    response = sandbox.post("/registro/entries", data=fields, headers=KEY)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "InvalidInput"


def test_a_text_file_named_pdf_is_refused_by_its_content(sandbox: TestClient) -> None:
    files = [("carta.pdf", b"Esto no es un PDF, es texto.\n", "application/pdf")]
    response = file_entry(sandbox, files, idempotency_key="registry-fake-pdf")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "InvalidAttachment"
    assert "carta.pdf" in body["detail"]


def test_a_truncated_image_is_refused(sandbox: TestClient) -> None:
    png = small_image("PNG")
    files = [("recorte.png", png[: len(png) // 2], "image/png")]
    response = file_entry(sandbox, files, idempotency_key="registry-truncated")
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidAttachment"


def test_a_file_over_10_mib_is_refused(sandbox: TestClient) -> None:
    big = b"%PDF-1.4\n" + b"0" * (10 * MIB) + b"\n%%EOF\n"
    response = file_entry(
        sandbox, [("grande.pdf", big, "application/pdf")], idempotency_key="registry-big"
    )
    assert response.status_code == 422
    assert "grande.pdf" in response.json()["detail"]


def test_more_than_20_mib_in_all_is_refused(sandbox: TestClient) -> None:
    part = b"%PDF-1.4\n" + b"0" * (7 * MIB) + b"\n%%EOF\n"
    files = [(f"parte-{n}.pdf", part, "application/pdf") for n in range(3)]
    response = file_entry(sandbox, files, idempotency_key="registry-total")
    assert response.status_code == 422
    assert "20 MiB" in response.json()["detail"]


def test_six_files_are_refused(sandbox: TestClient) -> None:
    files = [(f"foto-{n}.png", small_image("PNG"), "image/png") for n in range(6)]
    response = file_entry(sandbox, files, idempotency_key="registry-six")
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidAttachment"


def test_nothing_is_registered_when_a_file_is_refused(sandbox: TestClient) -> None:
    def count() -> int:
        return len(sandbox.get("/registro/entries", params={"nif": VICENT}, headers=KEY).json())

    files = [("bien.pdf", small_pdf(), "application/pdf"), ("mal.pdf", b"hola", "text/plain")]
    before = count()
    refused = file_entry(sandbox, files, nif=VICENT, idempotency_key="registry-half")
    assert refused.status_code == 422
    assert count() == before
    retried = file_entry(sandbox, files[:1], nif=VICENT, idempotency_key="registry-half")
    assert retried.status_code == 201  # the key was not used up by the refused filing


def test_an_entry_is_registered_with_its_attachments(with_attachments: dict[str, Any]) -> None:
    entry = with_attachments
    assert re.fullmatch(r"REG-20\d\d-\d{6}", entry["number"])
    assert entry["kind"] == "instancia-general"
    assert entry["status"] == "registered"
    assert entry["department"] == "Oficina de Atención Ciudadana"
    assert entry["registered_at"].endswith("Z")
    assert entry["receipt_url"] == f"{PUBLIC_URL}/verify/{entry['csv']}.pdf"
    assert entry["verify_url"] == f"{PUBLIC_URL}/verify?csv={entry['csv']}"
    pdf, png = entry["attachments"]
    assert pdf["filename"] == "informe.pdf"
    assert pdf["media_type"] == "application/pdf"
    assert pdf["sha256"] == hashlib.sha256(small_pdf()).hexdigest()
    assert png["filename"] == "foto del garaje.png"
    assert png["media_type"] == "image/png"
    assert png["size"] == len(small_image("PNG"))


def test_the_media_type_comes_from_the_content_not_the_name(sandbox: TestClient) -> None:
    jpeg = small_image("JPEG")
    files = [("../../etc/fotografía.png", jpeg, "application/octet-stream")]
    entry = filed(sandbox, files, idempotency_key="registry-jpeg")
    (attachment,) = entry["attachments"]
    assert attachment["media_type"] == "image/jpeg"
    assert attachment["filename"] == "fotografía.png.jpg"
    assert attachment["sha256"] == hashlib.sha256(jpeg).hexdigest()


def test_the_receipt_is_sealed_and_lists_the_attachment_hashes(
    sandbox: TestClient, with_attachments: dict[str, Any], demo_seal: SealCertificate
) -> None:
    response = sandbox.get(local_path(with_attachments["receipt_url"]))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert verify_pdf(response.content, demo_seal).valid
    text = pdf_text(response.content)
    assert "JUSTIFICANTE DE REGISTRO ELECTRÓNICO" in text
    assert "SANDBOX" in text
    assert with_attachments["number"] in text
    assert with_attachments["csv"] in text
    assert "Solicitud de vado permanente" in text
    assert "María José Martínez Pérez" in text
    assert "***0001C" in text
    assert MARIA not in text  # never the full NIF
    for attachment in with_attachments["attachments"]:
        assert f"SHA-256: {attachment['sha256']}" in text
        assert attachment["filename"] in text


def test_the_verification_page_finds_the_receipt(
    sandbox: TestClient, with_attachments: dict[str, Any]
) -> None:
    response = sandbox.get(local_path(with_attachments["verify_url"]))
    assert response.status_code == 200
    assert "Documento auténtico" in response.text
    assert "Justificante de registro electrónico (instancia general)" in response.text
    assert with_attachments["receipt_url"] in response.text
    assert "María" not in response.text


def test_anyone_with_a_valid_nif_may_file(sandbox: TestClient, demo_seal: SealCertificate) -> None:
    entry = filed(
        sandbox,
        nif=OUTSIDER,
        kind="queja-sugerencia",
        subject="Ruido nocturno en la plaza",
        idempotency_key="registry-outsider",
    )
    assert entry["department"] == "Quejas y Sugerencias"
    assert entry["attachments"] == []
    pdf = sandbox.get(local_path(entry["receipt_url"])).content
    assert verify_pdf(pdf, demo_seal).valid
    text = pdf_text(pdf)
    assert "Interesado/a:\n—" in text
    assert "Ninguno." in text


def test_a_repeated_idempotency_key_gets_the_same_entry(
    sandbox: TestClient, with_attachments: dict[str, Any]
) -> None:
    files = [
        ("informe.pdf", small_pdf(), "application/pdf"),
        ("foto del garaje.png", small_image("PNG"), "image/png"),
    ]
    response = file_entry(sandbox, files, idempotency_key="registry-with-attachments")
    assert response.status_code == 200
    assert response.json() == with_attachments


@pytest.mark.parametrize(
    ("overrides", "files"),
    [
        ({"subject": "Otro asunto distinto"}, "same"),
        ({"nif": VICENT}, "same"),
        ({}, "other"),
    ],
)
def test_reusing_a_key_for_another_filing_is_a_conflict(
    sandbox: TestClient, with_attachments: dict[str, Any], overrides: dict[str, str], files: str
) -> None:
    attached = [
        ("informe.pdf", small_pdf() if files == "same" else small_pdf("Otro"), "application/pdf"),
        ("foto del garaje.png", small_image("PNG"), "image/png"),
    ]
    response = file_entry(
        sandbox, attached, **{"idempotency_key": "registry-with-attachments", **overrides}
    )
    assert response.status_code == 409
    assert response.json()["error"] == "IdempotencyConflict"


def test_concurrent_repeats_all_get_the_first_entry(
    sandbox_settings: SandboxSettings, demo_seal: SealCertificate
) -> None:
    database = SandboxDatabase(sandbox_settings.database_path)
    registry = GeneralRegistry(
        database, PadronRegister(database), demo_seal, f"{PUBLIC_URL}/verify"
    )
    request = EntryRequest(
        nif=VICENT,
        kind="queja-sugerencia",
        subject="Farola apagada",
        text="La farola de mi calle lleva una semana apagada.",
        language="va",
        idempotency_key="registry-race",
        attachments=(Upload("foto.png", small_image("PNG")),),
    )
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _: registry.file(request), range(4)))
    finally:
        database.dispose()
    assert len({result.entry.number for result in results}) == 1
    assert sum(result.created for result in results) == 1


def test_the_applicant_sees_the_status_and_history(
    sandbox: TestClient, with_attachments: dict[str, Any]
) -> None:
    number = with_attachments["number"]
    response = sandbox.get(
        f"/registro/entries/{number.lower()}", params={"nif": MARIA}, headers=KEY
    )
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == number
    assert body["subject"] == "Solicitud de vado permanente"
    assert body["history"][0]["status"] == "registered"
    assert body["history"][0]["at"] == with_attachments["registered_at"]


def test_another_citizens_entry_is_as_unknown_as_a_missing_one(
    sandbox: TestClient, with_attachments: dict[str, Any]
) -> None:
    number = with_attachments["number"]
    theirs = sandbox.get(f"/registro/entries/{number}", params={"nif": VICENT}, headers=KEY)
    missing = sandbox.get("/registro/entries/REG-1999-999999", params={"nif": MARIA}, headers=KEY)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert theirs.json()["error"] == "UnknownEntry"


def test_the_citizens_entries_are_listed_newest_first(sandbox: TestClient) -> None:
    first = filed(sandbox, nif=OUTSIDER, idempotency_key="registry-list-1")
    second = filed(sandbox, nif=OUTSIDER, subject="Segunda", idempotency_key="registry-list-2")
    response = sandbox.get("/registro/entries", params={"nif": OUTSIDER}, headers=KEY)
    assert response.status_code == 200
    numbers = [entry["number"] for entry in response.json()]
    assert numbers.index(second["number"]) < numbers.index(first["number"])
    assert "history" not in response.json()[0]
    nobody = sandbox.get("/registro/entries", params={"nif": "00000001R"}, headers=KEY)
    assert nobody.json() == []


def test_a_staff_status_change_shows_in_the_history(sandbox: TestClient) -> None:
    number = filed(sandbox, nif=VICENT, idempotency_key="registry-staff")["number"]
    path = f"/registro/entries/{number}/status"
    working = sandbox.post(path, json={"status": "in-progress"}, headers=KEY)
    assert working.status_code == 200
    done = sandbox.post(path, json={"status": "resolved", "note": "Vado  concedido."}, headers=KEY)
    assert done.status_code == 200
    seen = sandbox.get(f"/registro/entries/{number}", params={"nif": VICENT}, headers=KEY)
    body = seen.json()
    assert body["status"] == "resolved"
    assert [event["status"] for event in body["history"]] == [
        "registered",
        "in-progress",
        "resolved",
    ]
    assert body["history"][-1]["note"] == "Vado concedido."
    assert body["updated_at"] >= body["registered_at"]
    closed = sandbox.post(path, json={"status": "rejected"}, headers=KEY)
    assert closed.status_code == 409
    assert closed.json()["error"] == "EntryClosed"


@pytest.mark.parametrize("body", [{"status": "registered"}, {"status": "x"}, {"note": "n"}])
def test_a_bad_status_change_is_refused(
    sandbox: TestClient, with_attachments: dict[str, Any], body: dict[str, str]
) -> None:
    path = f"/registro/entries/{with_attachments['number']}/status"
    assert sandbox.post(path, json=body, headers=KEY).status_code == 422


def test_a_status_change_of_an_unknown_entry_is_not_found(sandbox: TestClient) -> None:
    response = sandbox.post(
        "/registro/entries/REG-1999-999999/status", json={"status": "resolved"}, headers=KEY
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (small_pdf(), "application/pdf"),
        (small_image("PNG"), "image/png"),
        (small_image("JPEG"), "image/jpeg"),
        (small_image("GIF"), None),
        (b"%PDF-1.4\nno end marker", None),
        (b"", None),
    ],
)
def test_media_types_are_found_by_content(content: bytes, expected: str | None) -> None:
    assert media_type_of(content) == expected


@pytest.mark.parametrize(
    ("name", "media_type", "expected"),
    [
        ("C:\\Users\\ana\\Escaneo  1.PDF", "application/pdf", "Escaneo 1.PDF"),
        ("in<fo>rme\x00 (v2).pdf", "application/pdf", "in_fo_rme_ (v2).pdf"),
        ("árbol — copia.pdf", "application/pdf", "árbol _ copia.pdf"),
        ("日本語.pdf", "application/pdf", "adjunto-3.pdf"),
        (".bashrc", "application/pdf", "adjunto-3.pdf"),  # a name that is all extension
        ("..", "image/png", "adjunto-3.png"),
        (None, "image/jpeg", "adjunto-3.jpg"),
        ("informe", "application/pdf", "informe.pdf"),
    ],
)
def test_filenames_are_made_safe(name: str | None, media_type: str, expected: str) -> None:
    assert safe_filename(name, 3, media_type) == expected
