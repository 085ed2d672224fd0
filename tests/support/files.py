"""Files citizens attach, made in memory: a real PDF, real images, a decompression bomb."""

from __future__ import annotations

import io
import struct
import zlib

from fpdf import FPDF
from PIL import Image


def pdf_bytes() -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Solicitud")
    return bytes(document.output())


def bomb_png(side: int = 40_000) -> bytes:
    """A tiny PNG that claims side x side pixels: decoding it would need gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))
            + chunk(b"IEND", b""))  # fmt: skip


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=kind)
    return buffer.getvalue()
