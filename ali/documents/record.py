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
from io import BytesIO
from urllib.parse import urlsplit

import segno
from fpdf import FPDF
from fpdf.errors import FPDFException

from ali.documents.certificate import verification_link
from ali.documents.csv import is_csv
from ali.documents.errors import DocumentError
from ali.documents.fonts import CORE_ENCODING, CORE_FAMILY, UnicodeFont, core_font_text

MARGIN = 20.0
QR_SIZE = 32.0
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


class _Document(FPDF):
    def __init__(
        self, record: OfficialRecord, texts: RecordTexts, font: UnicodeFont | None
    ) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.record = record
        self.texts = texts
        self.unicode = font is not None
        if font is None:
            self.core_fonts_encoding = CORE_ENCODING
            self.family = CORE_FAMILY
        else:
            self.add_font(font.family, "", str(font.regular))
            self.add_font(font.family, "B", str(font.bold))
            self.family = font.family
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 5)
        self.set_creator("ALI")
        self.set_author(self.safe(record.council_name))
        self.set_title(self.safe(record.title))
        self.set_subject(texts.csv_label.format(csv=record.csv))
        self.set_creation_date(record.issued_at)

    def safe(self, text: str) -> str:
        return text if self.unicode else core_font_text(text)

    def paragraph(self, text: str, size: float = 10.5, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, self.safe(text), new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(self.family, "", 8)
        csv_label = self.texts.csv_label.format(csv=self.record.csv)
        page = f"{self.texts.page} {self.page_no()}/{{nb}}"
        self.cell(0, 5, self.safe(f"{csv_label}   ·   {page}"), align="C")

    def build(self) -> bytes:
        record = self.record
        self.add_page()
        self.paragraph(record.council_name, size=12, bold=True)
        self.ln(6)
        self.set_font(self.family, "B", 14)
        self.multi_cell(
            0, 7, self.safe(record.title.upper()), align="C", new_x="LMARGIN", new_y="NEXT"
        )
        self.ln(6)
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
        self._verification_block()
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

    def _verification_block(self) -> None:
        record, texts = self.record, self.texts
        if self.will_page_break(QR_SIZE + 8):
            self.add_page()
        self.ln(6)
        top = self.get_y()
        link = verification_link(record.verification_url, record.csv)
        self.image(_qr_png(link), x=MARGIN, y=top, w=QR_SIZE, h=QR_SIZE)
        text_x = MARGIN + QR_SIZE + 5
        self.set_xy(text_x, top + 2)
        self.set_font(self.family, "B", 10)
        label = texts.csv_label.format(csv=record.csv)
        self.multi_cell(0, 5, self.safe(label), new_x="LEFT", new_y="NEXT")
        self.set_xy(text_x, self.get_y() + 1)
        self.set_font(self.family, "", 9.5)
        check = texts.check.format(url=record.verification_url, csv=record.csv)
        self.multi_cell(0, 5, self.safe(check), new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(self.get_y(), top + QR_SIZE))


def _qr_png(link: str) -> BytesIO:
    image = BytesIO()
    segno.make(link, error="m", micro=False).save(image, kind="png", scale=8, border=2)
    image.seek(0)
    return image
