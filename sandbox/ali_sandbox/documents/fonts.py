"""Which font a certificate is written in, and how text is made safe for it.

By default certificates use the PDF core font Helvetica, which every reader has and which needs
nothing on disk, but which only covers Windows-1252 (Latin-1 plus — – “ ” € Œ Š Ž ...). Spanish
and Valencian (á é ñ ç · ¿ ¡) are all inside it. Other Latin letters are written without their
accent (ș → s, ł → l); a name in another script cannot be written in Helvetica at all, and
rather than print question marks on an official document, that fails: councils with such
residents configure a `UnicodeFont` (a TTF on disk, e.g. DejaVu Sans from the OS).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ali_sandbox.documents.errors import DocumentError

CORE_FAMILY = "Helvetica"
CORE_ENCODING = "cp1252"  # fpdf2 declares core fonts with /WinAnsiEncoding

# Letters that Unicode does not decompose into a base letter and an accent.
_LATIN_FALLBACKS = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"}
)

SYSTEM_FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),  # Arch
)


@dataclass(frozen=True)
class UnicodeFont:
    """A TrueType family (regular and bold files) embedded, subset, into each certificate."""

    family: str
    regular: Path
    bold: Path

    def __post_init__(self) -> None:
        for path in (self.regular, self.bold):
            if not path.is_file():
                raise DocumentError(f"Font file {path} not found.")


def find_unicode_font(folders: tuple[Path, ...] = SYSTEM_FONT_FOLDERS) -> UnicodeFont | None:
    """DejaVu Sans if the operating system has it (no font is ever downloaded)."""
    for folder in folders:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return UnicodeFont("DejaVuSans", regular, bold)
    return None


def core_font_text(text: str) -> str:
    """`text` written with Windows-1252 characters only; DocumentError if that is impossible."""
    if _encodable(text):
        return text
    written = []
    for char in text.translate(_LATIN_FALLBACKS):
        if _encodable(char):
            written.append(char)
            continue
        base = "".join(
            part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
        )
        if not base or not _encodable(base):
            raise DocumentError(
                "The text has characters the core font cannot write; configure a Unicode font."
            )
        written.append(base)
    return "".join(written)


def _encodable(text: str) -> bool:
    try:
        text.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True
