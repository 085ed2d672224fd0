"""How a message leans on the conversation, read from every installed pack's `followups`:
asking for the last answer in another language ("what about in English please?", "en valencià,
per favor", "¿me lo dices en castellano?"), or asking "what if" about it ("¿y si no tengo
DNI?")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ali.language.codes import Language
from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold, words

# A request for another language is a short message: "¿me lo dices en castellano, por favor?".
# A longer one that names a language ("quiero empadronarme en Valencia") is about something else.
MAX_REQUEST_WORDS = 8


@dataclass(frozen=True)
class _Followups:
    requests: list[tuple[Language, re.Pattern[str]]]
    conditional: re.Pattern[str] | None
    continuation: re.Pattern[str] | None


@cache
def _followups(packs: LanguagePacks) -> _Followups:
    requests: list[tuple[Language, re.Pattern[str]]] = []
    conditional: list[str] = []
    continuation: list[str] = []
    for lists in packs.word_lists():
        followups = lists.followups
        conditional.extend(followups.conditional)
        continuation.extend(followups.continuation)
        for code, names in followups.languages.items():
            if not names:
                continue
            named = "(?:" + "|".join(re.escape(fold(name)) for name in names) + ")"
            requests.extend(
                (code, re.compile(pattern.replace("{language}", named)))
                for pattern in followups.language_request
            )
    return _Followups(requests, _any(conditional), _any(continuation))


def _any(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def requested_language(text: str, among: Sequence[Language]) -> Language | None:
    """The language of `among` a short message asks to be answered in, or None."""
    if len(words(text)) > MAX_REQUEST_WORDS:
        return None
    folded = fold(text)
    for code, pattern in _followups(installed()).requests:
        if code in among and pattern.search(folded):
            return code
    return None


def continues(text: str) -> bool:
    """Whether the message carries on from what was just said ("¿y para qué sirve?")."""
    pattern = _followups(installed()).continuation
    return bool(pattern and pattern.search(fold(text)))


def is_conditional(text: str) -> bool:
    """Whether the message asks "what if" about what was just said ("i si no tinc DNI?")."""
    pattern = _followups(installed()).conditional
    return bool(pattern and pattern.search(fold(text)))
