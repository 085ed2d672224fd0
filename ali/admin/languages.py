"""The language of the dashboard's pages: one the staff member picked (`?lang=va`, then
remembered in a cookie), else the browser's `Accept-Language`, else the default council's
language, else English. Offered: every installed language with interface texts (es, va, en)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ali.i18n import Catalogues
from ali.i18n.catalogues import SOURCE_LANGUAGE
from ali.i18n.negotiation import negotiate
from ali.language.registry import LanguagePacks

LANGUAGE_PARAMETER = "lang"
LANGUAGE_COOKIE = "ali_admin_language"
LANGUAGE_COOKIE_DAYS = 365


@dataclass(frozen=True, slots=True)
class PageLanguage:
    code: str  # the API code: "va"
    name: str  # in itself: "Valencià"
    locale: str  # the gettext locale: "ca@valencia"

    @property
    def tag(self) -> str:
        """The BCP 47 tag for `lang` attributes and Intl: `ca@valencia` -> `ca-valencia`."""
        return re.sub(r"[_@]", "-", self.locale)


def offered_languages(packs: LanguagePacks, catalogues: Catalogues) -> tuple[PageLanguage, ...]:
    """The installed languages the interface texts are translated into, in the packs' order."""
    return tuple(
        PageLanguage(pack.code, pack.name, pack.locale or pack.code)
        for pack in packs
        if catalogues.has(pack.code)
    )


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    language: PageLanguage
    languages: tuple[PageLanguage, ...]  # every offered one, for the picker
    picked: bool  # chosen with `?lang=` just now: to be remembered


def choose_language(
    languages: Sequence[PageLanguage],
    *,
    asked: str | None,
    remembered: str | None,
    accept_language: str | None,
    default: str | None,
) -> LanguageChoice:
    """The page's language. `asked` (the query) and `remembered` (the cookie) count only when
    they name an offered language; anything else is ignored, never echoed."""
    by_code = {language.code: language for language in languages}
    offered = tuple(languages)
    if asked in by_code:
        return LanguageChoice(by_code[asked], offered, picked=True)
    if remembered in by_code:
        return LanguageChoice(by_code[remembered], offered, picked=False)
    negotiated = negotiate(accept_language, {code: lang.locale for code, lang in by_code.items()})
    for code in (negotiated, default, SOURCE_LANGUAGE):
        if code in by_code:
            return LanguageChoice(by_code[code], offered, picked=False)
    source = PageLanguage(SOURCE_LANGUAGE, "English", SOURCE_LANGUAGE)
    return LanguageChoice(source, (*offered, source), picked=False)
