"""What a file really is, from its bytes: a PDF, a JPEG or a PNG, never what its name or the
browser's declared type say. Images must decode (Pillow verifies them); a PDF must have the
header and end-of-file markers a PDF reader needs. Anything else is refused with a reason the
citizen can act on."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image

from ali.errors import AliError

ACCEPTED_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_PIL_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
_SAFE_NAME = re.compile(r"[^\w. -]+")
MAX_NAME = 120


class RejectedAttachment(AliError):
    status_code = 422
    public_detail = "The file is not an accepted document (PDF, JPEG or PNG)."


@dataclass(frozen=True)
class Inspected:
    filename: str
    media_type: str
    size: int
    sha256: str


def inspect_attachment(filename: str | None, content: bytes, max_bytes: int) -> Inspected:
    """The file's safe name, real type, size and hash; `RejectedAttachment` when it is empty,
    too large, or not a PDF, JPEG or PNG that opens."""
    if not content:
        raise RejectedAttachment("The file is empty.")
    if len(content) > max_bytes:
        raise RejectedAttachment(
            f"The file is larger than {max_bytes // (1024 * 1024)} MB; scan it at a lower "
            "resolution or split it."
        )
    media_type = _media_type(content)
    return Inspected(
        filename=safe_filename(filename, media_type),
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _media_type(content: bytes) -> str:
    media_type = media_type_of(content)
    if media_type is None:
        if content.startswith(b"%PDF-"):
            raise RejectedAttachment("The PDF is incomplete or damaged.")
        raise RejectedAttachment()
    return media_type


def media_type_of(content: bytes) -> str | None:
    """`application/pdf`, `image/jpeg` or `image/png` by what the bytes are; None for anything
    else, a damaged file, or an image whose declared size would make decoding it a memory bomb
    (Pillow's limit)."""
    if content.startswith(b"%PDF-"):
        return "application/pdf" if b"%%EOF" in content[-2048:] else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=tuple(_PIL_TYPES)) as image:
                kind = image.format
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
        return None  # UnidentifiedImageError is an OSError
    return _PIL_TYPES.get(kind or "")


def safe_filename(filename: str | None, media_type: str) -> str:
    """A name safe to show and store: no path, only letters (accents kept), digits, spaces and
    `._-`, the extension of the real type."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _SAFE_NAME.sub("_", stem).strip(" ._")[:MAX_NAME] or "document"
    return stem + ACCEPTED_TYPES[media_type]
