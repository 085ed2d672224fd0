"""The dashboard's HTML, rendered in the staff member's language from the Jinja2 templates in
`ali/web/templates/admin/` with the gettext catalogues (`ali.i18n`). Autoescaped; the pages get
only the chosen language (one of the offered ones) and, on the sign-in page, one of the fixed
messages below: never text from the request. No inline scripts (the Content-Security-Policy
allows none); the dashboard's script reads its language from `<html data-language>`."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from ali.admin.languages import LanguageChoice
from ali.i18n import N_, Catalogues, Message

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"


class LoginMessage(Enum):
    WRONG = N_("Wrong username or password.")
    THROTTLED = N_("Too many failed attempts from this address. Wait a few minutes and try again.")
    BUSY = N_("Too many sign-in attempts right now. Wait a minute and try again.")
    SIGNED_OUT = N_("You have signed out.")

    @property
    def text(self) -> Message:
        message: Message = self.value
        return message


@lru_cache(maxsize=16)
def _environment(catalogues: Catalogues, language: str) -> Environment:
    """The templates with `_()`, `gettext()` and `pgettext()` in `language` (through the
    catalogues' fallback chain); one environment per catalogues and language."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        catalogues.translation(language), newstyle=True
    )
    return environment


def _template(catalogues: Catalogues, language: str, name: str) -> Template:
    return _environment(catalogues, language).get_template(f"admin/{name}")


class AdminPages:
    """The three pages, in the chosen language."""

    def __init__(self, catalogues: Catalogues) -> None:
        self._catalogues = catalogues

    def _render(self, name: str, choice: LanguageChoice, **values: object) -> str:
        template = _template(self._catalogues, choice.language.code, name)
        return template.render(page_language=choice.language, languages=choice.languages, **values)

    def login(self, choice: LanguageChoice, message: LoginMessage | None = None) -> str:
        return self._render(
            "login.html",
            choice,
            message=None if message is None else message.text[choice.language.code],
            message_role="status" if message is LoginMessage.SIGNED_OUT else "alert",
        )

    def dashboard(self, choice: LanguageChoice) -> str:
        return self._render("dashboard.html", choice)

    def unavailable(self, choice: LanguageChoice) -> str:
        return self._render("unavailable.html", choice)
