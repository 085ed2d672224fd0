"""Text that any store accepts: no NUL or other control characters, no lone surrogates.

PostgreSQL rejects NUL in `text` columns, and a lone UTF-16 surrogate (which JSON's `\\ud800`
escape can produce) cannot be encoded as UTF-8 at all, so either would turn a citizen's message
into a failed write. Line breaks and tabs stay; a carriage return becomes a line break.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_CARRIAGE_RETURN = re.compile("\r\n?")
# C0 controls except tab and line feed, DEL, and the C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def storable(text: str) -> str:
    """`text` without control characters, and with lone surrogates replaced by U+FFFD."""
    if _SURROGATE.search(text):
        # A well-formed surrogate pair becomes the character it encodes; a lone half cannot.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if "\r" in text:
        text = _CARRIAGE_RETURN.sub("\n", text)
    return _CONTROLS.sub("", text)
