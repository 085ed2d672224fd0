"""Loading the gettext catalogues of every locale, with the fallback chain and a cache."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable, Mapping
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "ali"
PACKAGE_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"
DEFAULT_FALLBACK_LANGUAGE = "es"
# API language code -> gettext locale, where they differ. Valencian keeps the code "va" in the
# API and catalogue; its texts are the `ca@valencia` locale (BCP 47: ca-ES-valencia).
DEFAULT_LOCALES: Mapping[str, str] = {"va": "ca@valencia"}


class Catalogues:
    """The translations of every locale found in `locale_dirs` (searched in order, then the
    package's own), each chained to the next in its fallback chain."""

    def __init__(
        self,
        locale_dirs: Iterable[Path] = (),
        *,
        fallback_language: str = DEFAULT_FALLBACK_LANGUAGE,
        locales: Mapping[str, str] = DEFAULT_LOCALES,
    ) -> None:
        self._dirs = (*(Path(path) for path in locale_dirs), PACKAGE_LOCALE_DIR)
        self._fallback = fallback_language
        self._locales = dict(locales)
        self._lock = threading.Lock()
        self._translations: dict[str, NullTranslations] = {}

    @property
    def locale_dirs(self) -> tuple[Path, ...]:
        return self._dirs

    def locale(self, language: str) -> str:
        """The gettext locale of an API language code (`va` -> `ca@valencia`)."""
        return self._locales.get(language, language)

    def chain(self, language: str) -> tuple[str, ...]:
        """The locales searched for `language`, most specific first; the English source is
        the last resort and is not listed."""
        chain: list[str] = []
        for code in (language, self._fallback):
            if code == SOURCE_LANGUAGE:
                break
            locale = self.locale(code)
            for candidate in (locale, re.split(r"[@_]", locale)[0]):
                if candidate not in chain:
                    chain.append(candidate)
        return tuple(chain)

    def has(self, language: str) -> bool:
        """Whether a catalogue for `language` itself is installed (the source always is)."""
        locale = self.locale(language)
        return language == SOURCE_LANGUAGE or any(self._files(locale))

    def installed(self) -> list[str]:
        """The locales that have a catalogue in some locale directory."""
        found = {
            po.parent.parent.name
            for directory in self._dirs
            for po in directory.glob(f"*/LC_MESSAGES/{DOMAIN}.[pm]o")
        }
        return sorted(found)

    def translation(self, language: str) -> NullTranslations:
        with self._lock:
            cached = self._translations.get(language)
            if cached is None:
                cached = self._build(language)
                self._translations[language] = cached
            return cached

    def gettext(self, msgid: str, language: str, context: str | None = None) -> str:
        translation = self.translation(language)
        if context is None:
            return translation.gettext(msgid)
        return translation.pgettext(context, msgid)

    def ngettext(self, singular: str, plural: str, count: int, language: str) -> str:
        """The form of `singular`/`plural` for `count` in `language`."""
        return self.translation(language).ngettext(singular, plural, count)

    def _build(self, language: str) -> NullTranslations:
        found = [catalogue for locale in self.chain(language) for catalogue in self._load(locale)]
        if not found:
            return NullTranslations()
        first = found[0]
        for catalogue in found[1:]:
            first.add_fallback(catalogue)
        return first

    def _files(self, locale: str) -> Iterable[Path]:
        for directory in self._dirs:
            folder = directory / locale / "LC_MESSAGES"
            mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
            if po.is_file() and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime):
                yield po
            elif mo.is_file():
                yield mo

    def _load(self, locale: str) -> list[GNUTranslations]:
        return [_read(path) for path in self._files(locale)]


def _read(path: Path) -> GNUTranslations:
    """A compiled catalogue; a `.po` newer than its `.mo` (or alone) is compiled in memory."""
    if path.suffix == ".mo":
        with path.open("rb") as file:
            return GNUTranslations(file)
    with path.open("rb") as file:
        catalogue = read_po(file)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return GNUTranslations(buffer)


_current = Catalogues()


def catalogues() -> Catalogues:
    """The catalogues in use (set once at start-up by `configure`)."""
    return _current


def configure(
    locale_dirs: Iterable[Path] = (),
    *,
    fallback_language: str = DEFAULT_FALLBACK_LANGUAGE,
    locales: Mapping[str, str] = DEFAULT_LOCALES,
) -> Catalogues:
    """Use extra locale directories (searched before the package's) and a fallback language."""
    global _current
    _current = Catalogues(locale_dirs, fallback_language=fallback_language, locales=locales)
    return _current


def translate(msgid: str, language: str, context: str | None = None) -> str:
    """`msgid` (English source) in `language`, through the fallback chain."""
    return _current.gettext(msgid, language, context)
