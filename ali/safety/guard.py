"""Input guard: hidden characters stripped, and abuse or attempts to subvert the assistant
recognised so they get a polite refusal instead of an answer."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ali.catalogue.schema import Language
from ali.i18n import N_, Message
from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold
from ali.safety.injection import normalised
from ali.safety.storable import storable

# Unicode "tag" characters can smuggle instructions invisible to a reader; zero-width and bidi
# controls hide or reorder text. None of them belongs in a citizen's question.
_INVISIBLE = re.compile("[\U000e0000-\U000e007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

_TAGS = re.compile("[\U000e0000-\U000e007f]")


@cache
def _refused(packs: LanguagePacks) -> re.Pattern[str]:
    """Every installed pack's `guard` patterns: subverting the assistant, or abuse."""
    patterns = [
        pattern
        for lists in packs.word_lists()
        for pattern in [*lists.guard.subversion, *lists.guard.abuse]
    ]
    return re.compile(r"\b(?:" + "|".join(patterns) + r")") if patterns else re.compile(r"(?!)")


_REFUSAL: Message = N_(
    "I can't help with that. I'm here to help with council procedures; if you need one, "
    "tell me what you want to do."
)


def has_hidden_characters(text: str) -> bool:
    """Invisible "tag" characters carry instructions a reader cannot see: an attack signal."""
    return bool(_TAGS.search(text))


def clean(text: str) -> str:
    """The text a citizen sees: invisible and control characters (NUL included) removed, lone
    surrogates replaced, Unicode normalised. Never raises, and the result can be stored."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", storable(text))).strip()


def is_blocked(text: str) -> bool:
    """Abuse, or an attempt to subvert the assistant, written plainly or disguised (spaced
    letters, digits for letters: see `ali.safety.injection`)."""
    refused = _refused(installed())
    return bool(refused.search(fold(text)) or refused.search(normalised(text)))


def refusal(language: Language) -> str:
    return _REFUSAL[language]
