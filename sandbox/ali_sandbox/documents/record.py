"""Short official records as PDF: a registry receipt (justificante de registro), a payment
document or a proof of payment. One page of labelled facts and listed items, then the same
verification block as a certificate: the CSV, where to check it, and a QR code linking to
`<verification_url>?csv=<csv>`. The CSV is repeated in every page's footer. Sealing is a
separate step (`signing.sign_pdf`).

Lines marked `monospace` (hashes, references) are written in Courier so that a 64-character
SHA-256 fits on one line and reads unambiguously.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from fpdf.errors import FPDFException

from ali_sandbox.documents.csv import is_csv
from ali_sandbox.documents.errors import DocumentError
from ali_sandbox.documents.fonts import UnicodeFont, core_font_text
from ali_sandbox.documents.page import SealedPage, Verification

LABEL_WIDTH = 55.0
MONOSPACE_FAMILY = "Courier"


@dataclass(frozen=True)
class RecordLine:
    text: str
    monospace: bool = False


@dataclass(frozen=True)
class RecordSection:
    """A heading and its lines, e.g. the attachments of a registry entry with their hashes."""

    heading: str
    lines: tuple[RecordLine, ...]


@dataclass(frozen=True)
class RecordTexts:
    """The words around the facts; placeholders {csv}, {url}."""

    csv_label: str = "Código Seguro de Verificación (CSV): {csv}"
    check: str = "Puede comprobar la autenticidad de este documento en {url} con el código {csv}"
    page: str = "Página"


@dataclass(frozen=True)
class OfficialRecord:
    council_name: str
    title: str
    issued_at: dt.datetime  # the PDF's creation date; print dates as facts
    facts: tuple[tuple[str, str], ...]  # (label, value), in order
    csv: str
    verification_url: str
    sections: tuple[RecordSection, ...] = ()
    notes: tuple[str, ...] = ()  # small print after the facts (legal notes, SANDBOX marks)

    def __post_init__(self) -> None:
        if not self.facts:
            raise DocumentError("A record states at least one fact.")
        if not is_csv(self.csv):
            raise DocumentError("The record's CSV is not in canonical form.")
        if urlsplit(self.verification_url).scheme not in ("https", "http"):
            raise DocumentError("The verification URL must be an http(s) address.")


class RecordRenderer:
    """Renders `OfficialRecord`s; `font` None means the core font Helvetica (see fonts.py)."""

    def __init__(self, font: UnicodeFont | None = None, texts: RecordTexts | None = None) -> None:
        self._font = font
        self._texts = texts or RecordTexts()

    @property
    def writes_unicode(self) -> bool:
        """False: text outside Windows-1252 cannot be written (see `fonts.core_font_text`)."""
        return self._font is not None

    def render(self, record: OfficialRecord) -> bytes:
        try:
            return _Document(record, self._texts, self._font).build()
        except (FPDFException, OSError, ValueError) as exc:
            raise DocumentError("The record could not be rendered.") from exc


class _Document(SealedPage):
    def __init__(
        self, record: OfficialRecord, texts: RecordTexts, font: UnicodeFont | None
    ) -> None:
        super().__init__(
            font=font,
            council_name=record.council_name,
            title=record.title,
            issued_at=record.issued_at,
            verification=Verification(
                record.csv, record.verification_url, texts.csv_label, texts.check, texts.page
            ),
        )
        self.record = record

    def build(self) -> bytes:
        record = self.record
        self.add_page()
        self.heading(record.council_name, record.title)
        for label, value in record.facts:
            self._fact(label, value)
        for section in record.sections:
            self.ln(4)
            self.paragraph(section.heading, bold=True)
            for line in section.lines:
                self._line(line)
        if record.notes:
            self.ln(4)
            for note in record.notes:
                self.paragraph(note, size=9)
        self.verification_block()
        return bytes(self.output())

    def _fact(self, label: str, value: str) -> None:
        self.set_font(self.family, "B", 10.5)
        self.cell(LABEL_WIDTH, 6, self.safe(f"{label}:"))
        self.set_font(self.family, "", 10.5)
        self.multi_cell(0, 6, self.safe(value), new_x="LMARGIN", new_y="NEXT")

    def _line(self, line: RecordLine) -> None:
        if line.monospace:
            self.set_font(MONOSPACE_FAMILY, "", 8)
            self.multi_cell(0, 4.5, core_font_text(line.text), new_x="LMARGIN", new_y="NEXT")
        else:
            self.paragraph(line.text, size=10)
