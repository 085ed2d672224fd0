"""Texts that are translated when they are shown: `Message` (a marked English source string) and
`Verbatim` (the same in every language). Both are read with `text[language]`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class LocalText(Protocol):
    """A text that can be shown in any language."""

    def __getitem__(self, language: str, /) -> str: ...


@dataclass(frozen=True, slots=True)
class Message:
    """An English source string, translated through the catalogues each time it is read."""

    msgid: str
    context: str | None = None

    def __getitem__(self, language: str, /) -> str:
        from ali.i18n.catalogues import translate

        return translate(self.msgid, language, self.context)

    def format(self, language: str, **values: object) -> str:
        return self[language].format(**values)


@dataclass(frozen=True, slots=True)
class Plural:
    """An English text with a singular and a plural form, chosen by a count in each language's
    own plural rule (the catalogue's Plural-Forms)."""

    singular: str
    plural: str

    def counted(self, language: str, count: int) -> str:
        from ali.i18n.catalogues import catalogues

        return catalogues().ngettext(self.singular, self.plural, count, language)

    def format(self, language: str, count: int, **values: object) -> str:
        """The form for `count`, with `{count}` and the other placeholders filled."""
        return self.counted(language, count).format(count=count, **values)


@dataclass(frozen=True, slots=True)
class Verbatim:
    """A text that reads the same in every language (an office name, a time, a code)."""

    text: str

    def __getitem__(self, language: str, /) -> str:
        return self.text


def N_(msgid: str) -> Message:  # noqa: N802 - the gettext convention, a Babel keyword
    """Marks `msgid` for extraction; translated when read."""
    return Message(msgid)


def NN_(singular: str, plural: str) -> Plural:  # noqa: N802 - Babel keyword `NN_:1,2`
    """Marks a text with a plural form for extraction; the form is chosen when it is read."""
    return Plural(singular, plural)


def NP_(context: str, msgid: str) -> Message:  # noqa: N802 - Babel keyword `NP_:1c,2`
    """Marks `msgid` in `context` (for an English text with two translations)."""
    return Message(msgid, context)
