"""What a question asks about a procedure: its cost, documents, place, channel, deadline...

Detected from the phrases of every installed language pack (`aspects`) on folded text, so
"¿cuánto cuesta?", "quant costa" and "how much is it" all ask for the cost. The first aspect
found is answered first. A question where no phrase is found is read again with its words
spelt as the phrases spell them (ali.language.spelling), so "asta cuando" asks a deadline too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from functools import cache

from ali.catalogue.schema import Procedure
from ali.language.clauses import asks, clauses, is_condition
from ali.language.registry import LanguagePacks, installed
from ali.language.spelling import Speller, shorthand, speller_for
from ali.language.text import fold


class Aspect(StrEnum):
    COST = "cost"
    DOCUMENTS = "documents"
    WHERE = "where"
    ONLINE = "online"
    IN_PERSON = "in_person"
    DEADLINE = "deadline"
    DURATION = "duration"
    WHO = "who"
    HOW = "how"
    OFFLINE = "offline"  # without internet: "no tengo ordenador"
    HOURS = "hours"  # opening hours: "¿a qué hora abre?"


@cache
def _patterns(packs: LanguagePacks) -> list[tuple[Aspect, re.Pattern[str]]]:
    phrases: dict[Aspect, list[str]] = {aspect: [] for aspect in Aspect}
    for lists in packs.word_lists():
        for name, found in lists.aspects.items():
            phrases[Aspect(name)].extend(found)
    return [
        (
            aspect,
            re.compile(
                r"\b(?:"
                + "|".join(re.escape(p) for p in sorted(found, key=len, reverse=True))
                + r")\b"
            ),
        )
        for aspect, found in phrases.items()
        if found
    ]


def _normalised(question: str) -> str:
    """Chat shorthand written out (the packs' `spelling.shorthand`), so "q necesito" and "plazo
    pa pagar" read as "que necesito" and "plazo para pagar"."""
    table = shorthand(installed())
    return " ".join(table.get(word, word) for word in fold(question).split())


@cache
def _speller(packs: LanguagePacks) -> Speller:
    """A speller into the words of the aspect phrases."""
    words: Counter[str] = Counter()
    for lists in packs.word_lists():
        for found in lists.aspects.values():
            words.update(word for phrase in found for word in fold(phrase).split())
    return speller_for(words, packs)


def detect_aspects(question: str, names: Sequence[str] = ()) -> list[Aspect]:
    """Aspects asked, in the order they appear in the question (two phrases starting at the
    same word: the longer one wins, "how long do i have" is a deadline, not a duration). A
    condition before a comma is context: "si trac el volant per internet, quant tarda?" asks
    how long first. So is a clause that does not ask, beside one that does: "quiero pagar el
    ibi en plazos, hasta cuando tengo para pedirlo?" asks the deadline first.

    `names` are the procedure's names (`procedure_names`): a phrase that is one of them names
    the procedure, it asks nothing of it ("cita previa" asks no place of the appointments),
    while an alias worded as a question ("plazo para pagar el IBI") still asks."""
    condition, comma, rest = question.partition(",")
    if comma and rest.strip() and is_condition(condition):
        return _first(_aspects(rest, names), _aspects(condition, names))
    asked, context = _asked_clauses(question)
    if asked and context:
        return _first(_aspects(" ".join(asked), names), _aspects(question, names))
    return _aspects(question, names)


def procedure_names(procedure: Procedure) -> tuple[str, ...]:
    """A procedure's title and aliases in every language, as `detect_aspects` reads them."""
    return tuple(name for text in procedure.text.values() for name in (text.title, *text.aliases))


def _first(asked: list[Aspect], rest: list[Aspect]) -> list[Aspect]:
    return asked + [aspect for aspect in rest if aspect not in asked]


def _asked_clauses(question: str) -> tuple[list[str], list[str]]:
    """The clauses that ask (a question mark ends them, or a question word is in them), and
    the others that hold words: "se me pasó el plazo" is what happened, not what is asked."""
    asked: list[str] = []
    context: list[str] = []
    for clause in clauses(question):
        if asks(clause):
            asked.append(clause.text)
        elif clause.text.strip():
            context.append(clause.text)
    return asked, context


def _aspects(question: str, names: Sequence[str] = ()) -> list[Aspect]:
    packs = installed()
    found = _found(_normalised(question), packs, names)
    if not found:
        found = _found(_speller(packs).correct(_normalised(question)), packs, names)
    return found


def _found(folded: str, packs: LanguagePacks, names: Sequence[str] = ()) -> list[Aspect]:
    named = _spans(folded, names)
    found: list[tuple[int, int, Aspect]] = []
    for aspect, pattern in _patterns(packs):
        for match in pattern.finditer(folded):
            if match.span() not in named:
                found.append((match.start(), match.end(), aspect))
                break
    kept = [  # a phrase inside a longer one ("how long" in "how long do i have") is no aspect
        (start, end, aspect)
        for start, end, aspect in found
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in found)
    ]
    return [aspect for _, _, aspect in sorted(kept, key=lambda item: (item[0], item[0] - item[1]))]


def strip_aspects(question: str) -> str:
    """The question without its aspect phrases: what is left names the procedure, if anything."""
    folded = _normalised(question)
    for _, pattern in _patterns(installed()):
        folded = pattern.sub(" ", folded)
    return " ".join(folded.split())


def _spans(folded: str, names: Sequence[str]) -> set[tuple[int, int]]:
    """Where the names stand in the folded question (words joined by single spaces), as whole
    words: a plain search, no pattern to compile per name and turn."""
    padded = f" {folded} "
    spans: set[tuple[int, int]] = set()
    for name in {fold(name) for name in names}:
        if not name:
            continue
        at = padded.find(f" {name} ")
        while at >= 0:  # `at` is the space before the name: its start in `folded`
            spans.add((at, at + len(name)))
            at = padded.find(f" {name} ", at + 1)
    return spans
