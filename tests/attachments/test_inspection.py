"""Files are judged by their bytes, not their names."""

from __future__ import annotations

import pytest

from ali.attachments import RejectedAttachment, inspect_attachment
from ali.attachments.inspection import safe_filename
from tests.support.files import bomb_png, image_bytes, pdf_bytes

LIMIT = 1024 * 1024


def test_a_real_pdf_jpeg_and_png_are_accepted_with_their_real_type() -> None:
    assert inspect_attachment("a.pdf", pdf_bytes(), LIMIT).media_type == "application/pdf"
    jpeg = inspect_attachment("photo.png", image_bytes("JPEG"), LIMIT)  # misnamed
    assert (jpeg.media_type, jpeg.filename) == ("image/jpeg", "photo.jpg")
    png = inspect_attachment("scan", image_bytes("PNG"), LIMIT)
    assert (png.media_type, png.filename) == ("image/png", "scan.png")
    assert len(png.sha256) == 64 and png.size > 0


@pytest.mark.parametrize(
    "content",
    [
        b"just text pretending to be a pdf",
        b"%PDF-1.4 truncated without its end marker",
        b"GIF89a" + b"\x00" * 32,
        image_bytes("PNG")[:40],  # a PNG header and nothing else
        b"MZ\x90\x00executable",
        bomb_png(),  # over Pillow's decompression-bomb limit: an error, not a warning
        bomb_png(12_000),  # over the warning limit
    ],
)
def test_anything_else_is_refused(content: bytes) -> None:
    with pytest.raises(RejectedAttachment):
        inspect_attachment("document.pdf", content, LIMIT)


def test_empty_and_oversized_files_are_refused_with_a_reason() -> None:
    with pytest.raises(RejectedAttachment, match="empty"):
        inspect_attachment("a.pdf", b"", LIMIT)
    with pytest.raises(RejectedAttachment, match="larger than 1 MB"):
        inspect_attachment("a.pdf", b"%PDF-" + b"0" * LIMIT + b"%%EOF", LIMIT)


def test_names_lose_paths_and_odd_characters() -> None:
    assert safe_filename("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert safe_filename("C:\\Users\\Ana\\Declaración<1>.PDF", "application/pdf") == (
        "Declaración_1.pdf"
    )
    assert safe_filename(None, "image/png") == "document.png"
    assert safe_filename("\u202etxt.exe", "image/png") == "txt.png"
