"""Documents the council issues: padrón certificates and short records (registry receipts,
payment documents) as PDF, with a Código Seguro de Verificación and the council's electronic
seal (PAdES), and the check the sede offers."""

from ali_sandbox.documents.certificate import (
    AddressPeriod,
    CertificateRenderer,
    PadronCertificate,
    Resident,
    render_certificate,
)
from ali_sandbox.documents.csv import is_csv, new_csv, normalise_csv
from ali_sandbox.documents.errors import DocumentError
from ali_sandbox.documents.fonts import UnicodeFont, find_unicode_font
from ali_sandbox.documents.page import verification_link
from ali_sandbox.documents.seal import SealCertificate
from ali_sandbox.documents.signing import VerificationResult, sign_pdf, verify_pdf
from ali_sandbox.documents.texts import CertificateKind, CertificateTexts

__all__ = [
    "AddressPeriod",
    "CertificateKind",
    "CertificateRenderer",
    "CertificateTexts",
    "DocumentError",
    "PadronCertificate",
    "Resident",
    "SealCertificate",
    "UnicodeFont",
    "VerificationResult",
    "find_unicode_font",
    "is_csv",
    "new_csv",
    "normalise_csv",
    "render_certificate",
    "sign_pdf",
    "verification_link",
    "verify_pdf",
]
