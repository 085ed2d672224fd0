"""The public verification page a sede offers (free, without sign-in): does this CSV match a
document, and which? Everything echoed into the page is escaped.

Every kind of sealed document the sandbox issues (padrón certificates, registry receipts,
payment documents) is kept by a `DocumentArchive`; `find_document` asks each archive in turn,
so the page and the download work alike for all of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from ali_sandbox.documents.texts import TEXTS
from ali_sandbox.padron import PadronRegister
from ali_sandbox.padron_certificates import LOCAL_TIME

MAX_ECHO_CHARS = 80

# Inline styles only; no script, no external resource.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_PAGE = """<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SANDBOX · Verificación de documentos (CSV)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }}
.sandbox {{ background: #b00020; color: #fff; padding: .75rem 1rem; font-weight: bold; }}
.found {{ border-left: .4rem solid #1b7f3b; padding: .5rem 1rem; }}
.missing {{ border-left: .4rem solid #b00020; padding: .5rem 1rem; }}
code {{ font-size: 1.1em; }}
</style>
</head>
<body>
<p class="sandbox" role="note">SANDBOX — entorno de demostración. Los documentos y las personas
son ficticios y no tienen validez legal.</p>
<h1>Verificación de documentos por Código Seguro de Verificación</h1>
<form method="get" action="{action}">
<label for="csv">Código Seguro de Verificación (CSV)</label>
<input id="csv" name="csv" value="{typed}" size="34" autocomplete="off">
<button type="submit">Comprobar</button>
</form>
{result}
</body>
</html>
"""


@dataclass(frozen=True)
class IssuedDocument:
    """A sealed document found by its CSV: what the page says about it, and its PDF."""

    csv: str
    title: str  # its kind as the page names it, e.g. "Justificante de registro electrónico"
    issued_at: dt.datetime  # aware
    pdf: bytes


class DocumentArchive(Protocol):
    """Where one kind of sealed document is kept by its CSV."""

    def issued_document(self, csv: str) -> IssuedDocument | None: ...


class CertificateArchive:
    """The padrón certificates, as an archive."""

    def __init__(self, register: PadronRegister) -> None:
        self._register = register

    def issued_document(self, csv: str) -> IssuedDocument | None:
        certificate = self._register.certificate(csv)
        if certificate is None:
            return None
        return IssuedDocument(
            csv=certificate.csv,
            title=TEXTS["es"].titles[certificate.kind],
            issued_at=certificate.issued_at,
            pdf=certificate.pdf,
        )


def find_document(archives: Sequence[DocumentArchive], csv: str) -> IssuedDocument | None:
    """The document with this (canonical) CSV in whichever archive keeps it."""
    for archive in archives:
        document = archive.issued_document(csv)
        if document is not None:
            return document
    return None


def verification_page(
    action: str, typed: str | None, document: IssuedDocument | None, download_url: str
) -> str:
    """The page for code `typed` (None: the empty form); `document` is what it matched."""
    shown = escape((typed or "")[:MAX_ECHO_CHARS])
    if typed is None:
        result = ""
    elif document is None:
        result = (
            '<section class="missing"><h2>Código no encontrado</h2>'
            f"<p>El código <code>{shown}</code> no corresponde a ningún documento emitido. "
            "Compruebe que lo ha escrito tal como aparece en el documento.</p></section>"
        )
    else:
        result = (
            '<section class="found"><h2>Documento auténtico</h2>'
            f"<p>El código <code>{escape(document.csv)}</code> corresponde a este "
            "documento:</p><dl>"
            f"<dt>Tipo de documento</dt><dd>{escape(document.title)}</dd>"
            f"<dt>Fecha de emisión</dt><dd>{escape(_local(document.issued_at))}</dd>"
            "</dl>"
            f'<p><a href="{escape(download_url)}">Descargar el documento (PDF sellado)</a></p>'
            "</section>"
        )
    return _PAGE.format(action=escape(action), typed=shown, result=result)


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(LOCAL_TIME).strftime("%d/%m/%Y %H:%M")
