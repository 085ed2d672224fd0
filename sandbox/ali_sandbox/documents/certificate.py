"""Padrón certificates (individual, colectivo, histórico) rendered as PDF with fpdf2.

The PDF carries the CSV on every page and, at the end, the verification block required by
art. 27.3.c Ley 39/2015: the CSV, the sede address where it can be checked, and a QR code
linking to `<verification_url>?csv=<csv>`. Sealing is a separate step (`signing.sign_pdf`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from fpdf import FontFace
from fpdf.errors import FPDFException

from ali.catalogue.schema import Language
from ali.language.registry import BUILT_IN as LANGUAGES
from ali_sandbox.documents.csv import is_csv
from ali_sandbox.documents.errors import DocumentError
from ali_sandbox.documents.fonts import UnicodeFont
from ali_sandbox.documents.page import SealedPage, Verification
from ali_sandbox.documents.texts import KINDS, TEXTS, CertificateKind, CertificateTexts


@dataclass(frozen=True)
class Resident:
    full_name: str
    masked_document: str  # e.g. "***4567Z": a full identity number is never printed
    registered_on: dt.date


@dataclass(frozen=True)
class AddressPeriod:
    """One address in a historical certificate; `end` is None for the current one."""

    address: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class PadronCertificate:
    council_name: str  # the institution as it signs, e.g. "Ayuntamiento de Alicante"
    kind: CertificateKind
    language: Language
    issued_at: dt.datetime
    address: str
    residents: tuple[Resident, ...]
    purpose: str
    csv: str
    verification_url: str
    history: tuple[AddressPeriod, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise DocumentError(f"Unknown certificate kind {self.kind!r}.")
        if self.language not in LANGUAGES:
            raise DocumentError(f"Unsupported certificate language {self.language!r}.")
        if not self.residents:
            raise DocumentError("A padrón certificate lists at least one resident.")
        if self.kind != "colectivo" and len(self.residents) != 1:
            raise DocumentError(f"A certificate of kind {self.kind!r} is for one person.")
        if (self.kind == "historico") != bool(self.history):
            raise DocumentError("Only a historical certificate has (and needs) an address history.")
        if any("*" not in resident.masked_document for resident in self.residents):
            raise DocumentError("Identity documents must be masked on a certificate.")
        if any(p.end is not None and p.end < p.start for p in self.history):
            raise DocumentError("An address period ends before it starts.")
        if not is_csv(self.csv):
            raise DocumentError("The certificate's CSV is not in canonical form.")
        if urlsplit(self.verification_url).scheme not in ("https", "http"):
            raise DocumentError("The verification URL must be an http(s) address.")


class CertificateRenderer:
    """Renders `PadronCertificate`s; `font` None means the core font Helvetica (see fonts.py)."""

    def __init__(
        self,
        font: UnicodeFont | None = None,
        texts: dict[Language, CertificateTexts] | None = None,
    ) -> None:
        self._font = font
        self._texts = texts or TEXTS

    def render(self, certificate: PadronCertificate) -> bytes:
        try:
            return _Document(certificate, self._texts[certificate.language], self._font).build()
        except (FPDFException, OSError, ValueError) as exc:
            raise DocumentError("The certificate could not be rendered.") from exc


def render_certificate(certificate: PadronCertificate, font: UnicodeFont | None = None) -> bytes:
    return CertificateRenderer(font).render(certificate)


class _Document(SealedPage):
    """One certificate being laid out."""

    def __init__(
        self, certificate: PadronCertificate, texts: CertificateTexts, font: UnicodeFont | None
    ) -> None:
        super().__init__(
            font=font,
            council_name=certificate.council_name,
            title=texts.titles[certificate.kind],
            issued_at=certificate.issued_at,
            verification=Verification(
                certificate.csv, certificate.verification_url, texts.csv_label, texts.check,
                texts.page,
            ),
        )  # fmt: skip
        self.certificate = certificate
        self.texts = texts

    def build(self) -> bytes:
        certificate, texts = self.certificate, self.texts
        self.add_page()
        self.heading(certificate.council_name, texts.titles[certificate.kind])
        self.paragraph(texts.bodies[certificate.kind].format(council=certificate.council_name))
        self.ln(4)
        self.paragraph(texts.address_heading, bold=True)
        self.paragraph(certificate.address)
        self.ln(4)
        self.paragraph(texts.residents_heading, bold=True)
        self._residents_table()
        if certificate.history:
            self.ln(4)
            self.paragraph(texts.history_heading, bold=True)
            self._history_table()
        self.ln(4)
        self.paragraph(texts.purpose.format(purpose=certificate.purpose))
        self.paragraph(texts.issued.format(date=_datetime(certificate.issued_at)))
        self.ln(2)
        self.paragraph(texts.sealed.format(council=certificate.council_name), size=9)
        self.verification_block()
        return bytes(self.output())

    def _residents_table(self) -> None:
        texts = self.texts
        rows = [
            (resident.full_name, resident.masked_document, _date(resident.registered_on))
            for resident in self.certificate.residents
        ]
        self._table((texts.name, texts.document, texts.registered_on), rows, (90, 40, 40))

    def _history_table(self) -> None:
        texts = self.texts
        rows = [
            (
                period.address,
                _date(period.start),
                _date(period.end) if period.end else texts.until_now,
            )
            for period in self.certificate.history
        ]
        headings = (texts.history_address, texts.history_from, texts.history_to)
        self._table(headings, rows, (110, 30, 30))

    def _table(
        self,
        headings: tuple[str, str, str],
        rows: list[tuple[str, str, str]],
        widths: tuple[int, int, int],
    ) -> None:
        self.set_font(self.family, "", 10)
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            line_height=6,
            padding=1,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        ) as table:
            for values in (headings, *rows):
                row = table.row()
                for value in values:
                    row.cell(self.safe(value))


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _datetime(value: dt.datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M")
