"""Sealing certificates with the council's seal (PAdES) and checking sealed documents.

`sign_pdf` adds an invisible PAdES signature (PAdES-B-B: no timestamp authority) in a new
signature field. `verify_pdf` answers the sede's question, "was this exact file sealed with this
seal?": `intact` says the signed bytes are unchanged; `valid` also requires a good signature by
a certificate that chains to `trusted`, covering the whole file (nothing appended afterwards).
A file that is unreadable or unsigned is reported as neither intact nor valid; only failures on
our side (a broken seal, an unsignable file we produced) raise `DocumentError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from ali_sandbox.documents.errors import DocumentError
from ali_sandbox.documents.seal import SealCertificate, certificate_common_name

SIGNATURE_FIELD = "SelloElectronico"

# What pyhanko, asn1crypto and cryptography raise on bad input; converted here.
_FOREIGN_ERRORS = (
    PdfError,
    ValueError,
    KeyError,
    TypeError,
    InvalidSignature,
    UnsupportedAlgorithm,
)


@dataclass(frozen=True)
class VerificationResult:
    intact: bool
    valid: bool
    signer_common_name: str | None = None
    problem: str | None = None  # why not valid, in a few words (never personal data)


def sign_pdf(pdf_bytes: bytes, seal: SealCertificate, reason: str, location: str) -> bytes:
    """`pdf_bytes` with a PAdES signature by `seal` appended as an incremental update."""
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
        signer = signers.PdfSigner(metadata, signer=_signer(seal))
        signed = signer.sign_pdf(writer)
    except _FOREIGN_ERRORS as exc:
        raise DocumentError("The document could not be sealed.") from exc
    return bytes(signed.getvalue())


def verify_pdf(pdf_bytes: bytes, trusted: SealCertificate) -> VerificationResult:
    """Check the last signature of `pdf_bytes` against the seal `trusted` (the trust root)."""
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except _FOREIGN_ERRORS:
        return VerificationResult(intact=False, valid=False, problem="unreadable document")
    if not signatures:
        return VerificationResult(intact=False, valid=False, problem="not signed")
    context = ValidationContext(
        trust_roots=[_asn1_certificate(trusted.certificate)],
        other_certs=[_asn1_certificate(cert) for cert in trusted.chain],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except _FOREIGN_ERRORS:
        return VerificationResult(intact=False, valid=False, problem="unreadable signature")
    signer_name = _signer_name(status.signing_cert)
    if not status.intact:
        problem = "signed content altered"
    elif not status.valid:
        problem = "bad signature"
    elif not status.trusted:
        problem = "signed by another seal"
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE or not status.bottom_line:
        problem = "content added after signing"
    else:
        problem = None
    return VerificationResult(
        intact=bool(status.intact),
        valid=problem is None,
        signer_common_name=signer_name,
        problem=problem,
    )


def _signer(seal: SealCertificate) -> signers.SimpleSigner:
    key_der = seal.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    certificate = _asn1_certificate(seal.certificate)
    chain = [_asn1_certificate(cert) for cert in seal.chain]
    return signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        # pyhanko_certvalidator leaves this constructor unannotated.
        cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),  # type: ignore[no-untyped-call]
    )


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _signer_name(signing_cert: asn1_x509.Certificate | None) -> str | None:
    if signing_cert is None:
        return None
    try:
        certificate = x509.load_der_x509_certificate(signing_cert.dump())
    except ValueError:
        return None
    return certificate_common_name(certificate) or None
