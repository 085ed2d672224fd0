"""Which of the offered languages a browser prefers, from its `Accept-Language` header.

Languages keep their API codes (`va`); a browser names them with BCP 47 tags (`ca-ES-valencia`,
`ca`, `es-ES`, `en-GB`). A tag matches a language by its code, or by the primary subtag of the
language's gettext locale (`ca@valencia` -> `ca`), through Babel's `negotiate_locale`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from babel import negotiate_locale

_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)
MAX_RANGES = 20  # a header is the browser's; a longer one is not worth reading


def accepted(header: str | None) -> list[str]:
    """The language tags of `header`, most preferred first (ties keep their order); tags with
    q=0, `*` and malformed entries are left out."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")[:MAX_RANGES]):
        match = _RANGE.match(part)
        if match is None:
            continue
        try:
            quality = float(match.group(2)) if match.group(2) is not None else 1.0
        except ValueError:
            continue
        if quality > 0:
            weighted.append((-quality, index, match.group(1).replace("_", "-").lower()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(header: str | None, offered: Mapping[str, str]) -> str | None:
    """The API code of the offered language (`code -> gettext locale`) the header prefers most,
    or None when it names none of them."""
    names: dict[str, str] = {}
    for code in offered:
        names.setdefault(code.lower(), code)
    for code, locale in offered.items():  # codes first: `ca` names Catalan before Valencian
        names.setdefault(re.split(r"[@_-]", locale)[0].lower(), code)
    chosen = negotiate_locale(accepted(header), list(names), sep="-", aliases={})
    return None if chosen is None else names[chosen]
