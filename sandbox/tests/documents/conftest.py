"""Shared pieces for the documents tests: a certificate factory, one demo seal per session, and
the text of a PDF read back with pyhanko's own reader (no text-extraction library needed: the
core font writes Windows-1252 strings into the decompressed content streams)."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from ali.catalogue.schema import Language
from ali_sandbox.documents import (
    AddressPeriod,
    CertificateKind,
    PadronCertificate,
    Resident,
    SealCertificate,
    new_csv,
)

COUNCIL = "Ayuntamiento de Alicante"
VERIFY_URL = "https://sede.alicante.es/validar-csv"

BEGONYA = Resident("Begoña Pérez Çanet", "***4567Z", dt.date(2015, 3, 2))
JOAN = Resident("Joan Martí i Rovira·la", "***1234L", dt.date(2019, 11, 20))
HISTORY = (
    AddressPeriod(
        "Calle San Vicente 12, 03004 Alicante", dt.date(2015, 3, 2), dt.date(2019, 11, 19)
    ),
    AddressPeriod("Carrer Major 7, 3r, 03002 Alacant", dt.date(2019, 11, 20)),
)


def padron_certificate(
    *,
    kind: CertificateKind = "individual",
    language: Language = "es",
    residents: tuple[Resident, ...] | None = None,
    **overrides: Any,
) -> PadronCertificate:
    if residents is None:
        residents = (BEGONYA, JOAN) if kind == "colectivo" else (BEGONYA,)
    fields: dict[str, Any] = {
        "council_name": COUNCIL,
        "kind": kind,
        "language": language,
        "issued_at": dt.datetime(2026, 3, 1, 9, 30),
        "address": "Carrer Major 7, 3r, 03002 Alacant",
        "residents": residents,
        "purpose": "solicitud de ayudas",
        "csv": new_csv(),
        "verification_url": VERIFY_URL,
        "history": HISTORY if kind == "historico" else (),
    }
    fields.update(overrides)
    return PadronCertificate(**fields)


def pdf_text(pdf: bytes) -> str:
    """The strings shown on every page, in order, one per text operation."""
    reader = PdfFileReader(BytesIO(pdf))
    shown = []
    for kid in reader.root["/Pages"]["/Kids"]:
        contents = kid.get_object()["/Contents"]
        streams = contents if isinstance(contents, list) else [contents]
        for stream in streams:
            data = stream.get_object().data
            for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", data):
                shown.append(re.sub(rb"\\(.)", rb"\1", literal).decode("cp1252"))
    return "\n".join(shown)


@pytest.fixture(scope="session")
def demo_seal(tmp_path_factory: pytest.TempPathFactory) -> SealCertificate:
    return SealCertificate.create_demo(COUNCIL, tmp_path_factory.mktemp("seal"))
