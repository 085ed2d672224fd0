"""Small rules of written style the answers share: sentences, lists and capitals."""

from __future__ import annotations

import re

# Abbreviations after which a full stop ends no sentence ("el art. 14.2 de la Ley 39/2015",
# "C/ Labradores, núm. 14", "Avda. de Aguilera").
_ABBREVIATIONS = ("art", "arts", "núm", "núms", "pág", "avda", "sr", "sra", "dr", "dra", "tel")
_NOT_AN_ABBREVIATION = "".join(
    f"(?<!\\b{word}\\.)(?<!\\b{word.capitalize()}\\.)" for word in _ABBREVIATIONS
)
# A sentence ends at ". ", "? " or "! " followed by a capital, a digit or an opening mark.
SENTENCE_END = re.compile(r"(?<=[.!?])" + _NOT_AN_ABBREVIATION + r"\s+(?=[A-ZÁÉÍÓÚÀÈÒÏÜÑÇ0-9¿¡(])")


def first_sentence(text: str) -> str:
    """The first sentence of a catalogue text (all of it when it has one)."""
    return SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


def sentences(text: str) -> list[str]:
    """The sentences of a catalogue text, in order."""
    return SENTENCE_END.split(" ".join(text.split()))


def lower_first(text: str) -> str:
    """`text` going on after a colon or a semicolon: its first letter in lower case, unless it
    starts an acronym or a name written in capitals ("DNI", "SUMA")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def one_of(names: list[str], conjunction: str) -> str:
    """ "a, b or c" with the language's conjunction."""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def sentence(text: str) -> str:
    """`text` ending with a full stop (or the mark it already has)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", "…")) else f"{text}."


def shortened(text: str, limit: int) -> str:
    """`text`, or only its first sentence when it is longer than `limit` characters (the rest
    stays one question away)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else sentence(first_sentence(text))
