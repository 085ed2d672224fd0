from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from ali_sandbox.documents import SealCertificate, new_csv, verify_pdf
from sandbox.tests.conftest import local_path


def _sandbox_banner(html: str) -> bool:
    return "SANDBOX" in html and "ficticios" in html


def test_a_made_up_code_is_not_found(sandbox: TestClient) -> None:
    made_up = new_csv()  # well-formed, check character right, never issued
    response = sandbox.get("/verify", params={"csv": made_up})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Código no encontrado" in response.text
    assert made_up in response.text
    assert _sandbox_banner(response.text)


@pytest.mark.parametrize("typed", ["ALI-1234", "not a code", "ALI-2222-2222-2222-2222-2223", ""])
def test_a_malformed_code_is_not_found(sandbox: TestClient, typed: str) -> None:
    response = sandbox.get("/verify", params={"csv": typed})
    assert response.status_code == 404
    assert "Código no encontrado" in response.text


def test_html_in_the_code_is_escaped(sandbox: TestClient) -> None:
    attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    response = sandbox.get("/verify", params={"csv": attack})
    assert response.status_code == 404
    assert "<script>" not in response.text
    assert "<img" not in response.text
    assert "&lt;script&gt;" in response.text
    assert "&quot;&gt;" in response.text
    assert "script-src" not in response.headers["content-security-policy"]


def test_the_empty_form_is_offered(sandbox: TestClient) -> None:
    response = sandbox.get("/verify")
    assert response.status_code == 200
    assert "<form" in response.text
    assert _sandbox_banner(response.text)


def test_a_real_code_is_found_with_its_kind_date_and_download_link(
    sandbox: TestClient, individual: dict[str, Any]
) -> None:
    response = sandbox.get(local_path(individual["verify_url"]))
    assert response.status_code == 200
    assert "Documento auténtico" in response.text
    assert "Certificado de empadronamiento individual" in response.text
    assert individual["download_url"] in response.text
    assert _sandbox_banner(response.text)
    assert "María" not in response.text  # the page confirms a document, not whose it is


def test_a_code_typed_in_lowercase_without_dashes_is_found(
    sandbox: TestClient, individual: dict[str, Any]
) -> None:
    typed = individual["csv"].replace("-", "").lower()
    response = sandbox.get("/verify", params={"csv": typed})
    assert response.status_code == 200
    assert "Documento auténtico" in response.text
    assert individual["csv"] in response.text


def test_the_sealed_pdf_can_be_downloaded(
    sandbox: TestClient, individual: dict[str, Any], demo_seal: SealCertificate
) -> None:
    response = sandbox.get(local_path(individual["download_url"]))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert verify_pdf(response.content, demo_seal).valid
    typed = individual["csv"].replace("-", " ").lower()
    assert sandbox.get(f"/verify/{typed}.pdf").content == response.content


@pytest.mark.parametrize("csv", ["not-a-code", "ALI-2222-2222-2222-2222-2223", new_csv()])
def test_an_unknown_or_malformed_pdf_code_is_not_found(sandbox: TestClient, csv: str) -> None:
    response = sandbox.get(f"/verify/{csv}.pdf")
    assert response.status_code == 404
    assert response.json()["error"] == "UnknownCertificate"


def test_a_very_long_code_is_still_an_html_page(sandbox: TestClient) -> None:
    response = sandbox.get("/verify", params={"csv": "A" * 5000})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "A" * 81 not in response.text  # the echo is cut short
