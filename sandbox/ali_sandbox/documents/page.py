"""What every sealed document's pages share: A4 with 20 mm margins, the council as author, the
CSV in every page's footer and, at the end, the verification block required by art. 27.3.c Ley
39/2015 (the CSV, where to check it, and a QR code linking to `<verification_url>?csv=<csv>`).
Certificates and short records lay out their own content between the two."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import segno
from fpdf import FPDF

from ali_sandbox.documents.fonts import CORE_ENCODING, CORE_FAMILY, UnicodeFont, core_font_text

MARGIN = 20.0
QR_SIZE = 32.0


def verification_link(verification_url: str, csv: str) -> str:
    """`verification_url` with `csv=<csv>` added to its query (what the QR code holds)."""
    parts = urlsplit(verification_url)
    query = [*parse_qsl(parts.query), ("csv", csv)]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass(frozen=True)
class Verification:
    """How a document can be checked, and the words that say so ({csv} and {url})."""

    csv: str
    url: str
    csv_label: str
    check: str
    page: str  # "Página", before the page number in the footer


class SealedPage(FPDF):
    """A document being laid out; `font` None means the core font Helvetica (see fonts.py)."""

    def __init__(
        self,
        *,
        font: UnicodeFont | None,
        council_name: str,
        title: str,
        issued_at: dt.datetime,
        verification: Verification,
    ) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.verification = verification
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
        self.set_author(self.safe(council_name))
        self.set_title(self.safe(title))
        self.set_subject(verification.csv_label.format(csv=verification.csv))
        self.set_creation_date(issued_at)

    def safe(self, text: str) -> str:
        return text if self.unicode else core_font_text(text)

    def paragraph(self, text: str, size: float = 10.5, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, self.safe(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, council_name: str, title: str) -> None:
        """The council, then the document's title centred in capitals."""
        self.paragraph(council_name, size=12, bold=True)
        self.ln(6)
        self.set_font(self.family, "B", 14)
        self.multi_cell(0, 7, self.safe(title.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(6)

    def footer(self) -> None:
        verification = self.verification
        self.set_y(-MARGIN)
        self.set_font(self.family, "", 8)
        csv_label = verification.csv_label.format(csv=verification.csv)
        page = f"{verification.page} {self.page_no()}/{{nb}}"
        self.cell(0, 5, self.safe(f"{csv_label}   ·   {page}"), align="C")

    def verification_block(self) -> None:
        """The QR code beside the CSV and where to check it, kept together on one page."""
        verification = self.verification
        if self.will_page_break(QR_SIZE + 8):
            self.add_page()
        self.ln(6)
        top = self.get_y()
        link = verification_link(verification.url, verification.csv)
        self.image(_qr_png(link), x=MARGIN, y=top, w=QR_SIZE, h=QR_SIZE)
        text_x = MARGIN + QR_SIZE + 5
        self.set_xy(text_x, top + 2)
        self.set_font(self.family, "B", 10)
        label = verification.csv_label.format(csv=verification.csv)
        self.multi_cell(0, 5, self.safe(label), new_x="LEFT", new_y="NEXT")
        self.set_xy(text_x, self.get_y() + 1)
        self.set_font(self.family, "", 9.5)
        check = verification.check.format(url=verification.url, csv=verification.csv)
        self.multi_cell(0, 5, self.safe(check), new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(self.get_y(), top + QR_SIZE))


def _qr_png(link: str) -> BytesIO:
    image = BytesIO()
    segno.make(link, error="m", micro=False).save(image, kind="png", scale=8, border=2)
    image.seek(0)
    return image
