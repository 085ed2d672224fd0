"""The council's electronic seal (sello de órgano): the key and certificate that seal documents.

In production the seal is a qualified certificate issued to the council (FNMT, ACCV...), loaded
with `SealCertificate.load` from PEM files. For development and the sandbox, `create_demo` makes a
self-signed seal whose subject says, in capitals, that it is a demonstration seal: documents
sealed with it verify against it and against nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ali_sandbox.documents.errors import DocumentError

SealKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

DEMO_MARK = "SELLO DE DEMOSTRACIÓN (sandbox)"
DEMO_CERT_FILE = "demo-seal-cert.pem"
DEMO_KEY_FILE = "demo-seal-key.pem"
DEMO_VALIDITY = dt.timedelta(days=5 * 365 + 1)
_MAX_NAME = 64  # X.520 upper bound for organization and common names


def _fit(text: str, limit: int = _MAX_NAME) -> str:
    """`text` cut so its UTF-8 encoding fits `limit` bytes (the certificate's bound)."""
    while len(text.encode()) > limit:
        text = text[:-1]
    return text


def _demo_common_name(council_name: str) -> str:
    """ "<council> — SELLO DE DEMOSTRACIÓN (sandbox)", the council's name shortened to fit."""
    suffix = f" — {DEMO_MARK}"
    return _fit(council_name, _MAX_NAME - len(suffix.encode())) + suffix


@dataclass(frozen=True)
class SealCertificate:
    """A private key and its X.509 certificate, followed by the issuing chain (may be empty)."""

    private_key: SealKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    def __post_init__(self) -> None:
        if self.private_key.public_key() != self.certificate.public_key():
            raise DocumentError("The seal's private key does not match its certificate.")

    @property
    def common_name(self) -> str:
        return certificate_common_name(self.certificate)

    @property
    def is_demo(self) -> bool:
        return DEMO_MARK in self.common_name

    @classmethod
    def load(
        cls, cert_path: Path, key_path: Path, password: str | bytes | None = None
    ) -> SealCertificate:
        """Load a seal from PEM files; the certificate file may hold the chain after the seal."""
        secret = password.encode() if isinstance(password, str) else password
        try:
            certificates = x509.load_pem_x509_certificates(cert_path.read_bytes())
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=secret)
        except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise DocumentError("The council's seal could not be loaded.") from exc
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise DocumentError("The council's seal must use an RSA or EC key.")
        return cls(key, certificates[0], tuple(certificates[1:]))

    @classmethod
    def create_demo(
        cls, council_name: str, path: Path, *, now: dt.datetime | None = None
    ) -> SealCertificate:
        """Generate a self-signed demo seal (EC P-256, 5 years) and write it into folder `path`.

        Never overwrites: if either file already exists, this fails.
        """
        name = council_name.strip()
        if not name:
            raise DocumentError("A demo seal needs the council's name.")
        start = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(minutes=5)
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(name)),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "DEMO - SIN VALIDEZ LEGAL"),
                x509.NameAttribute(NameOID.COMMON_NAME, _demo_common_name(name)),
            ]
        )
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + DEMO_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_SEAL_KEY_USAGE, critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        seal = cls(key, certificate)
        seal._write(path / DEMO_CERT_FILE, path / DEMO_KEY_FILE)
        return seal

    @classmethod
    def load_or_create_demo(cls, folder: Path, council_name: str) -> SealCertificate:
        """The demo seal in `folder`, created there the first time."""
        cert_path, key_path = folder / DEMO_CERT_FILE, folder / DEMO_KEY_FILE
        if cert_path.exists() and key_path.exists():
            return cls.load(cert_path, key_path)
        if cert_path.exists() or key_path.exists():
            raise DocumentError("The demo seal folder holds only half a seal.")
        return cls.create_demo(council_name, folder)

    def _write(self, cert_path: Path, key_path: Path) -> None:
        key_pem = self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        cert_pem = b"".join(
            cert.public_bytes(serialization.Encoding.PEM)
            for cert in (self.certificate, *self.chain)
        )
        try:
            cert_path.parent.mkdir(parents=True, exist_ok=True)
            # O_EXCL: a seal is written once; the key is readable by its owner only.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
            with os.fdopen(os.open(key_path, flags, 0o600), "wb") as key_file:
                key_file.write(key_pem)
            with os.fdopen(os.open(cert_path, flags, 0o644), "wb") as cert_file:
                cert_file.write(cert_pem)
        except OSError as exc:
            raise DocumentError("The demo seal could not be written.") from exc


_SEAL_KEY_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


def certificate_common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    value = names[0].value if names else ""
    return value if isinstance(value, str) else value.decode()
