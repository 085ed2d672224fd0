"""What a message says the citizen has not got: "¿puedo sacar el volante sin certificado
digital?" asks for the volante; the certificate is a condition of the question, not its topic.

Read from the packs' `cues.lacking` phrases ("sin", "sin el", "no tengo", "without a"): the word
right after one starts something lacked."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold


def lacked_starts(tokens: Sequence[str]) -> frozenset[int]:
    """Positions in the folded `tokens` where something lacked is named: right after a lacking
    phrase of any installed pack ("sin el certificado": "el" after "sin", "certificado" after
    "sin el")."""
    starts: set[int] = set()
    for phrase in _phrases(installed()):
        size = len(phrase)
        for at in range(len(tokens) - size):
            if tuple(tokens[at : at + size]) == phrase:
                starts.add(at + size)
    return frozenset(starts)


@cache
def _phrases(packs: LanguagePacks) -> tuple[tuple[str, ...], ...]:
    found = {tuple(fold(phrase).split()) for pack in packs for phrase in pack.cues.lacking}
    return tuple(phrase for phrase in found if phrase)
