"""A message cut into clauses, and which of them ask: the shared reading behind "which aspect is
asked first" (ali.answers.aspects) and "is this part a request of its own" (ali.intents.cues).

"se me pasó el plazo, ¿y ahora dónde lo pago?" is two clauses; the second asks (its question
mark), the first says what happened. A clause opening with a condition word ("si", "if") is a
condition: context for the question, never a request of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ali.language.registry import LanguagePacks, installed
from ali.language.spelling import shorthand
from ali.language.text import fold

# Sentence ends, commas, semicolons, "+" and line breaks; "3,50" and "3.50" are no clause end.
_PUNCTUATION = re.compile(r"[;!?¿¡+\n]|[.,](?!\d)")


@dataclass(frozen=True)
class Clause:
    text: str  # as written
    marked: bool  # a question mark ends it


def clauses(text: str) -> list[Clause]:
    """The text cut at its punctuation, in order (empty clauses included, as written)."""
    found: list[Clause] = []
    start = 0
    for mark in [*_PUNCTUATION.finditer(text), None]:
        end = mark.start() if mark else len(text)
        found.append(Clause(text[start:end], mark is not None and mark.group() == "?"))
        if mark is not None:
            start = mark.end()
    return found


def is_condition(text: str) -> bool:
    """Whether the text opens with a condition word of an installed pack ("si", "if")."""
    words = fold(text).split()
    return bool(words) and words[0] in _words(installed(), "condition_words")


def asks(clause: Clause) -> bool:
    """Whether the clause asks: a question mark ends it, or a question word is in it once chat
    shorthand is written out ("dnd lo pago" asks where)."""
    if clause.marked:
        return True
    table = shorthand(installed())
    return bool(question_words() & {table.get(word, word) for word in fold(clause.text).split()})


def question_words() -> frozenset[str]:
    """Every installed pack's words that ask directly ("dónde", "quant", "which"), folded."""
    return _words(installed(), "question_words")


@cache
def _words(packs: LanguagePacks, name: str) -> frozenset[str]:
    return frozenset(
        word for pack in packs for word in fold(" ".join(getattr(pack.cues, name))).split()
    )
