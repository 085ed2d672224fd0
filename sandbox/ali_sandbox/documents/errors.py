"""The one error of the documents package: rendering, sealing or checking a document failed.

pyhanko, cryptography and fpdf2 raise their own exceptions; they are converted into this one where
they enter (`raise DocumentError(...) from exc`), so the cause stays in the traceback for
operators while the citizen only ever sees `public_detail`.
"""

from __future__ import annotations

from ali.errors import AliError


class DocumentError(AliError):
    """A certificate could not be rendered or sealed, or the council's seal could not be loaded."""

    status_code = 500
    public_detail = "The document could not be produced or checked."
