"""Whole sentences out of a token stream, ready for the output check."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ali.llm import SentenceBuffer
from ali.llm.sentences import sentences


def _split(tokens: list[str]) -> list[str]:
    buffer = SentenceBuffer()
    out = [sentence for token in tokens for sentence in buffer.feed(token)]
    rest = buffer.flush()
    return [*out, rest] if rest else out


def test_nothing_is_given_out_before_the_sentence_is_whole() -> None:
    buffer = SentenceBuffer()
    assert buffer.feed("La tasa es de 3") == []
    assert buffer.feed(".") == []  # "3." may go on: "3.50"
    assert buffer.feed("50 euros. ") == []  # the next sentence has not begun
    assert buffer.feed("Se") == ["La tasa es de 3.50 euros."]
    assert buffer.flush() == "Se"
    assert buffer.flush() is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pregunte al Sr. García. Él sabe.", ["Pregunte al Sr. García.", "Él sabe."]),
        (
            "Vaya a la Avda. de Aguilera, núm. 1. Gracias.",
            ["Vaya a la Avda. de Aguilera, núm. 1.", "Gracias."],
        ),
        ("Bring ID, e.g. a passport. Done!", ["Bring ID, e.g. a passport.", "Done!"]),
        ("¿Es gratis? ¡Sí! Lo es…  Fin", ["¿Es gratis?", "¡Sí!", "Lo es…", "Fin"]),
        ("Requisitos:\n- DNI\n- Volante", ["Requisitos:", "- DNI", "- Volante"]),
        ("Vitamina C. Otra frase.", ["Vitamina C. Otra frase."]),  # an initial does not end one
        ("Cuesta 12 €. Pague online.", ["Cuesta 12 €.", "Pague online."]),
    ],
)
def test_sentences_end_where_a_reader_would_end_them(text: str, expected: list[str]) -> None:
    assert _split([text]) == expected
    assert _split(list(text)) == expected  # the same, one character at a time


def test_the_async_adapter_yields_each_sentence_as_it_completes() -> None:
    async def tokens() -> AsyncIterator[str]:
        for token in ["Hola", ". ", "¿Qué", " necesita", "?", " Adiós"]:
            yield token

    async def collect() -> list[str]:
        return [sentence async for sentence in sentences(tokens())]

    assert asyncio.run(collect()) == ["Hola.", "¿Qué necesita?", "Adiós"]
