"""What a message says is not what the citizen wants: "me piden el certificado, el volante no
les vale" and "the official one, not the simple volante" ask for the certificate, though they
name the volante too.

Read from the packs' `cues.rejecting_before` phrases ("not the", "no el"), which reject the
few words after them, and `cues.rejecting_after` phrases ("is not valid", "no le vale"), which
reject the few words before them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold

# How many words a rejecting phrase reaches: "not the simple volante one", "el volante no vale".
REACH = 3


def rejected_positions(tokens: Sequence[str]) -> frozenset[int]:
    """Positions in the folded `tokens` that a rejecting phrase of any installed pack covers."""
    before, after = _phrases(installed())
    covered: set[int] = set()
    for phrase in before:
        for at in _occurrences(tokens, phrase):
            covered.update(range(at + len(phrase), min(len(tokens), at + len(phrase) + REACH)))
    for phrase in after:
        for at in _occurrences(tokens, phrase):
            covered.update(range(max(0, at - REACH), at))
    return frozenset(covered)


def _occurrences(tokens: Sequence[str], phrase: tuple[str, ...]) -> list[int]:
    size = len(phrase)
    return [at for at in range(len(tokens) - size + 1) if tuple(tokens[at : at + size]) == phrase]


@cache
def _phrases(
    packs: LanguagePacks,
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    def folded(phrases: list[str]) -> set[tuple[str, ...]]:
        return {tuple(fold(phrase).split()) for phrase in phrases} - {()}

    before = set().union(*(folded(pack.cues.rejecting_before) for pack in packs))
    after = set().union(*(folded(pack.cues.rejecting_after) for pack in packs))
    return tuple(before), tuple(after)
