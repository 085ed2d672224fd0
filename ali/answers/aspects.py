"""What a question asks about a procedure: its cost, documents, place, channel, deadline...

Detected from the phrases of every installed language pack (`aspects`) on folded text, so
"¿cuánto cuesta?", "quant costa" and "how much is it" all ask for the cost. The first aspect
found is answered first.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from ali.language.registry import LanguagePacks, installed
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


@cache
def _patterns(packs: LanguagePacks) -> list[tuple[Aspect, re.Pattern[str]]]:
    phrases: dict[Aspect, list[str]] = {aspect: [] for aspect in Aspect}
    for lists in packs.word_lists():
        for name, found in lists.aspects.items():
            phrases[Aspect(name)].extend(found)
    return [
        (aspect, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in found) + r")\b"))
        for aspect, found in phrases.items()
        if found
    ]


def detect_aspects(question: str) -> list[Aspect]:
    """Aspects asked, in the order they appear in the question."""
    folded = fold(question)
    found: list[tuple[int, Aspect]] = []
    for aspect, pattern in _patterns(installed()):
        match = pattern.search(folded)
        if match:
            found.append((match.start(), aspect))
    return [aspect for _, aspect in sorted(found, key=lambda item: item[0])]


def strip_aspects(question: str) -> str:
    """The question without its aspect phrases: what is left names the procedure, if anything."""
    folded = fold(question)
    for _, pattern in _patterns(installed()):
        folded = pattern.sub(" ", folded)
    return " ".join(folded.split())
