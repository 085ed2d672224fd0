from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from ali_sandbox.documents import DocumentError, SealCertificate
from ali_sandbox.documents.seal import DEMO_CERT_FILE, DEMO_KEY_FILE

COUNCIL = "Ajuntament d'Alacant"


def test_loading_missing_files_fails(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        SealCertificate.load(tmp_path / "cert.pem", tmp_path / "key.pem")


def test_loading_garbage_fails(tmp_path: Path) -> None:
    (tmp_path / "cert.pem").write_text("not a certificate")
    (tmp_path / "key.pem").write_text("not a key")
    with pytest.raises(DocumentError) as caught:
        SealCertificate.load(tmp_path / "cert.pem", tmp_path / "key.pem")
    assert caught.value.status_code == 500


def test_a_key_that_does_not_match_the_certificate_is_refused(tmp_path: Path) -> None:
    one = SealCertificate.create_demo(COUNCIL, tmp_path / "one")
    other = SealCertificate.create_demo(COUNCIL, tmp_path / "other")
    with pytest.raises(DocumentError):
        SealCertificate.load(tmp_path / "one" / DEMO_CERT_FILE, tmp_path / "other" / DEMO_KEY_FILE)
    with pytest.raises(DocumentError):
        SealCertificate(one.private_key, other.certificate)


def test_a_demo_seal_is_never_overwritten(tmp_path: Path) -> None:
    SealCertificate.create_demo(COUNCIL, tmp_path)
    with pytest.raises(DocumentError):
        SealCertificate.create_demo(COUNCIL, tmp_path)


def test_half_a_demo_seal_is_an_error(tmp_path: Path) -> None:
    SealCertificate.create_demo(COUNCIL, tmp_path)
    (tmp_path / DEMO_KEY_FILE).unlink()
    with pytest.raises(DocumentError):
        SealCertificate.load_or_create_demo(tmp_path, COUNCIL)


def test_the_demo_seal_is_created_once_and_reused(tmp_path: Path) -> None:
    folder = tmp_path / "seal"
    first = SealCertificate.load_or_create_demo(folder, COUNCIL)
    written = (folder / DEMO_CERT_FILE).read_bytes()
    again = SealCertificate.load_or_create_demo(folder, COUNCIL)
    assert again.certificate == first.certificate
    assert (folder / DEMO_CERT_FILE).read_bytes() == written
    assert (folder / DEMO_KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_the_demo_subject_says_it_is_a_demo(tmp_path: Path) -> None:
    seal = SealCertificate.create_demo(COUNCIL, tmp_path)
    subject = seal.certificate.subject
    organisation = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    assert organisation == COUNCIL
    assert seal.common_name == f"{COUNCIL} — SELLO DE DEMOSTRACIÓN (sandbox)"
    assert seal.is_demo
    assert seal.certificate.issuer == subject


def test_the_demo_seal_lasts_five_years(tmp_path: Path) -> None:
    seal = SealCertificate.create_demo(COUNCIL, tmp_path)
    lifetime = seal.certificate.not_valid_after_utc - seal.certificate.not_valid_before_utc
    assert dt.timedelta(days=5 * 365) <= lifetime <= dt.timedelta(days=5 * 366)
    assert seal.certificate.not_valid_before_utc <= dt.datetime.now(dt.UTC)


def test_a_seal_with_a_chain_and_a_password_loads(tmp_path: Path) -> None:
    seal = SealCertificate.create_demo(COUNCIL, tmp_path / "demo")
    issuer = SealCertificate.create_demo("Autoridad de prueba", tmp_path / "issuer")
    key_pem = seal.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secreto"),
    )
    (tmp_path / "key.pem").write_bytes(key_pem)
    (tmp_path / "chain.pem").write_bytes(
        seal.certificate.public_bytes(serialization.Encoding.PEM)
        + issuer.certificate.public_bytes(serialization.Encoding.PEM)
    )
    loaded = SealCertificate.load(tmp_path / "chain.pem", tmp_path / "key.pem", "secreto")
    assert loaded.certificate == seal.certificate
    assert loaded.chain == (issuer.certificate,)
    with pytest.raises(DocumentError):
        SealCertificate.load(tmp_path / "chain.pem", tmp_path / "key.pem", "otro")


def test_a_long_council_name_still_gets_a_demo_seal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ali_sandbox.documents import SealCertificate

    seal = SealCertificate.load_or_create_demo(
        tmp_path, "Ayuntamiento de Alicante (SANDBOX) y pedanías"
    )
    assert seal.is_demo
    assert len(seal.common_name) <= 64
