"""Lexical cues the router reads on folded text: wanting something done now ("quiero pedir
cita", "pay my receipt now"), asking about it, naming an identification method ("con Cl@ve",
"with my DNIe"), several requests in one message, the state of a request, one's appointments,
wanting a person, undoing a request.

The wording is every installed language pack's `cues` (`ali/language/packs/*.yaml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from ali.language.clauses import clauses, is_condition
from ali.language.packs import Cues
from ali.language.registry import LanguagePacks, installed
from ali.language.text import fold

WordSet = Literal["incident", "file", "status", "non_content"]
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class _Cues:
    action: re.Pattern[str]
    question: re.Pattern[str]
    id_method: re.Pattern[str]
    split: re.Pattern[str]
    split_in: dict[str, re.Pattern[str]]  # a language with conjunctions of its own
    status: re.Pattern[str]
    my_appointments: re.Pattern[str]
    person: re.Pattern[str]
    cancel_request: re.Pattern[str]
    words: dict[WordSet, frozenset[str]]


def _any(patterns: list[str], end: str = r"\b") -> re.Pattern[str]:
    if not patterns:
        return _NEVER
    return re.compile(r"\b(?:" + "|".join(patterns) + ")" + end)


def _longest_first(patterns: list[str]) -> str:
    """Alternatives where one may extend another ("y ademas", "y"): the longest is tried first."""
    return "|".join(sorted(patterns, key=len, reverse=True))


@cache
def _cues(packs: LanguagePacks) -> _Cues:
    lists: list[Cues] = [words.cues for words in packs.word_lists()]

    def joined(name: str) -> list[str]:
        return [pattern for cues in lists for pattern in getattr(cues, name)]

    def parts(name: str) -> list[str]:
        return [part for cues in lists for part in getattr(cues.id_method, name)]

    determiners = "".join(f"{word} |" for word in parts("determiners")).rstrip("|")
    suffixes = "|".join(f" {word}" for word in parts("suffixes"))
    id_method = (
        rf"\b(?:{_longest_first(parts('before'))}) (?:{determiners})?"
        rf"(?:{_longest_first(parts('methods'))})(?:{suffixes})?\b"
    )
    conjunctions = _longest_first(joined("conjunctions"))
    split_in = {
        pack.code: re.compile(
            rf"\s*(?:{_longest_first([*joined('conjunctions'), *pack.cues.own_conjunctions])})\s*"
        )
        for pack in packs
        if pack.cues.own_conjunctions
    }
    return _Cues(
        action=_any(joined("action")),
        question=_any(joined("question")),
        id_method=re.compile(id_method),
        split=re.compile(rf"\s*(?:{conjunctions})\s*"),
        split_in=split_in,
        status=_any(joined("status")),
        my_appointments=_any(joined("my_appointments")),
        person=_any(joined("person"), end=""),
        cancel_request=_any(joined("cancel_request")),
        words={
            "incident": frozenset(joined("incident_words")),
            "file": frozenset(joined("file_words")),
            "status": frozenset(joined("status_words")),
            "non_content": frozenset(joined("non_content")),
        },
    )


def words(name: WordSet) -> frozenset[str]:
    """Words of one kind: naming an incident, a filed request, asking for a status, or carrying
    no topic (politeness and the verbs of asking)."""
    return _cues(installed()).words[name]


def wants_action(text: str) -> bool:
    cues, folded = _cues(installed()), fold(text)
    return bool(cues.action.search(folded)) and not cues.question.search(folded)


def asks_question(text: str) -> bool:
    return "?" in text or bool(_cues(installed()).question.search(fold(text)))


def without_id_method(text: str) -> tuple[str, bool]:
    """The text with identification-method phrases removed, and whether any was there."""
    folded = fold(text)
    stripped = _cues(installed()).id_method.sub(" ", folded)
    return " ".join(stripped.split()), stripped != folded


# Where one request may end and another begin before folding (which drops punctuation): a
# sentence end, a question mark or a "+", and a comma or full stop that is no decimal point.


@dataclass(frozen=True)
class RequestPart:
    """One part of a message, folded. `joined`: a conjunction ("y", "i a més", "and also")
    stands before or after it; a part set off by punctuation alone is often the context of
    the next ("he vendido el coche, ¿cómo hago la transferencia?") rather than a request."""

    text: str
    joined: bool
    context: bool = False  # a condition or a statement beside the question: no request


def request_parts(text: str, language: str) -> list[RequestPart]:
    """The message split at sentence ends, commas and conjunctions ("quiero casarme y
    empadronarme" -> "quiero casarme", "empadronarme"), without the phrases naming an
    identification method ("..., tengo certificado digital" asks for nothing more). A
    language's own conjunctions ("i" in Valencian, the English pronoun "I") split only a
    message in it. Whether a part names a procedure is the router's question.

    A part is `context` when it is a condition ("si lo saco en el ciberkiosko") or, in a
    message that asks with a question mark, a statement set off by punctuation alone that
    neither asks nor wants anything ("en casa somos tres con carnet de conducir, ¿cuántas
    tarjetas de residente nos dan?")."""
    cues = _cues(installed())
    splitter = cues.split_in.get(language, cues.split)
    asking = "?" in text
    sequence: list[tuple[str, bool] | None] = []  # (part, context); None: a conjunction
    for clause in clauses(text):
        for index, part in enumerate(splitter.split(without_id_method(clause.text)[0])):
            if index > 0:
                sequence.append(None)
            if part.strip():
                statement = asking and not clause.marked
                sequence.append((part.strip(), _is_context(part, statement, cues)))
    parts: list[RequestPart] = []
    for position, item in enumerate(sequence):
        if item is not None:
            joined = _next_to_conjunction(sequence, position)
            parts.append(RequestPart(item[0], joined, context=item[1] and not joined))
    return parts


def _is_context(part: str, statement: bool, cues: _Cues) -> bool:
    if is_condition(part):
        return True
    folded = fold(part)
    asks = cues.action.search(folded) or cues.question.search(folded)
    return statement and not asks


def _next_to_conjunction(sequence: list[tuple[str, bool] | None], position: int) -> bool:
    before = position > 0 and sequence[position - 1] is None
    return before or (position + 1 < len(sequence) and sequence[position + 1] is None)


def asks_status(text: str) -> bool:
    return bool(_cues(installed()).status.search(fold(text)))


def asks_my_appointments(text: str) -> bool:
    folded = fold(text)
    return bool(_cues(installed()).my_appointments.search(folded)) and not wants_cancel(text)


def wants_person(text: str) -> bool:
    return bool(_cues(installed()).person.search(fold(text)))


def wants_cancel(text: str) -> bool:
    return bool(_cues(installed()).cancel_request.search(fold(text)))
