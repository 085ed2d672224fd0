"""What a short reply means inside a dialogue: yes, no, cancel, go back, a pick from a list, or
a number.

The words are every installed language pack's `commands` (a citizen who switches language
mid-form is still understood)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold


@dataclass(frozen=True)
class _Commands:
    confirm: frozenset[str]
    deny: frozenset[str]
    cancel: re.Pattern[str]
    back: re.Pattern[str]
    files_done: re.Pattern[str]
    no_files: re.Pattern[str]
    ordinals: dict[str, int]
    option_prefix: re.Pattern[str]
    numbers: dict[str, int]


def _whole(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(patterns) + r")$")


@cache
def _commands(packs: LanguagePacks) -> _Commands:
    lists = [pack.commands for pack in packs.word_lists()]
    ordinals: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for commands in lists:
        ordinals.update(commands.ordinals)
        numbers.update(commands.numbers)
    prefixes = [
        re.escape(prefix) + " " for commands in lists for prefix in commands.option_prefixes
    ]
    return _Commands(
        confirm=frozenset(word for commands in lists for word in commands.confirm),
        deny=frozenset(word for commands in lists for word in commands.deny),
        cancel=_whole([pattern for commands in lists for pattern in commands.cancel]),
        back=_whole([pattern for commands in lists for pattern in commands.back]),
        files_done=_whole([pattern for commands in lists for pattern in commands.files_done]),
        no_files=_whole([pattern for commands in lists for pattern in commands.no_files]),
        ordinals=ordinals,
        option_prefix=re.compile(r"^(?:" + "|".join(prefixes) + r")+"),
        numbers=numbers,
    )


def _normal(text: str) -> str:
    return fold(text).strip()


def is_confirmation(text: str) -> bool:
    """Only an unconditional yes: "sí", "vale", "d'acord", "confirmo", "yes"... Anything more
    ("sí, pero cambia la fecha") is not a confirmation."""
    return _normal(text) in _commands(installed()).confirm


def is_denial(text: str) -> bool:
    return _normal(text) in _commands(installed()).deny


def opens_with_denial(text: str) -> bool:
    """Whether the message's first word is a no ("no, gracias", "no thanks", "no cal")."""
    words = _normal(text).split()
    return bool(words) and words[0] in _commands(installed()).deny


def is_cancel(text: str) -> bool:
    return bool(_commands(installed()).cancel.match(_normal(text)))


def is_back(text: str) -> bool:
    return bool(_commands(installed()).back.match(_normal(text)))


def is_files_done(text: str) -> bool:
    return bool(_commands(installed()).files_done.match(_normal(text)))


def is_no_files(text: str) -> bool:
    return bool(_commands(installed()).no_files.match(_normal(text)))


def ordinal(text: str) -> int | None:
    """1-based position named by "2", "el segundo", "la segona", "option 3"..."""
    commands = _commands(installed())
    folded = commands.option_prefix.sub("", _normal(text))
    return commands.ordinals.get(folded) or commands.ordinals.get(_normal(text))


def number(text: str) -> int | None:
    """A count written in digits or words: "3", "tres", "quatre", "three"."""
    folded = _normal(text)
    return int(folded) if folded.isdigit() else _commands(installed()).numbers.get(folded)
