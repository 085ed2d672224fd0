"""The interface texts of the browser clients (widget, kiosk, admin dashboard) for one language:
the messages of `ali/locale/ali.pot` found in `ali/web/static/`, translated through the same
catalogues and fallback chain as the server's texts. Served by `GET /api/v1/i18n/{language}`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from ali.i18n.catalogues import DOMAIN, PACKAGE_LOCALE_DIR, Catalogues

TEMPLATE = PACKAGE_LOCALE_DIR / f"{DOMAIN}.pot"
BROWSER_SOURCES = "ali/web/static/"
# gettext's separator between a context and its text; the JavaScript's NP_() builds the same key.
CONTEXT_SEPARATOR = "\x04"


@cache
def browser_msgids(template: Path = TEMPLATE) -> tuple[tuple[str | None, str], ...]:
    """(context, msgid) of every text the browser clients mark with N_() or NP_()."""
    with template.open("rb") as file:
        catalogue = read_po(file)
    return tuple(
        (message.context, str(message.id))
        for message in catalogue
        if message.id
        and any(location.startswith(BROWSER_SOURCES) for location, _ in message.locations)
    )


def browser_messages(language: str, catalogues: Catalogues) -> dict[str, str]:
    """msgid (or context + U+0004 + msgid) -> text in `language`; texts that stay in the English
    source are left out (the client shows its msgid)."""
    shown: dict[str, str] = {}
    for context, msgid in browser_msgids():
        text = catalogues.gettext(msgid, language, context)
        if text != msgid:
            shown[f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid] = text
    return shown
