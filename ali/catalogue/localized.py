"""Texts per language in a council's knowledge, and their completion while it loads: a text
missing in a language the council offers is the default language's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypeVar

from pydantic import ConfigDict, Field, RootModel, ValidationInfo, field_validator

from ali.language.codes import Language
from ali.language.registry import LanguagePacks

_T = TypeVar("_T")


@dataclass(frozen=True)
class Languages:
    """What a council's texts are checked against while its files load (the validation
    context): the installed packs, and the languages the profile declares."""

    packs: LanguagePacks
    offered: tuple[Language, ...] = ()
    default: Language | None = None


def languages_of(info: ValidationInfo) -> Languages | None:
    context = info.context
    return context if isinstance(context, Languages) else None


def completed(texts: dict[Language, _T], info: ValidationInfo) -> dict[Language, _T]:
    """`texts` in every language the council offers: a missing one is the default's text."""
    languages = languages_of(info)
    if not texts:
        raise ValueError("give the text in at least one language")
    if languages is None or languages.default is None:
        return texts
    if languages.default not in texts:
        raise ValueError(f"missing the default language {languages.default!r}")
    return {
        **texts,
        **{code: texts[languages.default] for code in languages.offered if code not in texts},
    }


class Localized(RootModel[dict[Language, Annotated[str, Field(min_length=1)]]]):
    """A short text per language (`{es: ..., va: ..., en: ...}`)."""

    model_config = ConfigDict(frozen=True)

    @field_validator("root")
    @classmethod
    def _every_language(cls, texts: dict[Language, str], info: ValidationInfo) -> dict[str, str]:
        return completed(texts, info)

    def get(self, language: Language) -> str:
        """The text in `language`, else the first one given."""
        return self.root.get(language) or next(iter(self.root.values()))
