"""Requests for another language and "what if" questions, read from the packs' `followups`."""

from __future__ import annotations

import pytest

from ali.language.followups import continues, is_conditional, requested_language

COUNCIL = ["es", "va", "en"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("what about in English please?", "en"),
        ("en valencià, per favor", "va"),
        ("¿me lo dices en castellano?", "es"),
        ("en inglés, por favor", "en"),
        ("can you answer in Spanish", "es"),
    ],
)
def test_a_request_for_another_language_names_it(message: str, language: str) -> None:
    assert requested_language(message, COUNCIL) == language


def test_a_language_the_council_does_not_offer_is_not_requested() -> None:
    assert requested_language("what about in English please?", ["es", "va"]) is None


@pytest.mark.parametrize(
    "message",
    [
        "¿cuánto cuesta el volante?",
        "quiero empadronarme en Valencia porque me mudo allí el mes que viene",
        "¿y si no tengo DNI?",
    ],
)
def test_other_messages_request_no_language(message: str) -> None:
    assert requested_language(message, COUNCIL) is None


@pytest.mark.parametrize(
    "message", ["¿y si no tengo DNI?", "i si no tinc DNI?", "what if I don't have a passport?"]
)
def test_what_if_is_conditional(message: str) -> None:
    assert is_conditional(message)


@pytest.mark.parametrize("message", ["¿cuánto cuesta?", "sí", "and the documents?"])
def test_other_questions_are_not_conditional(message: str) -> None:
    assert not is_conditional(message)


@pytest.mark.parametrize("message", ["¿y para qué sirve?", "i per a què serveix?", "and why?"])
def test_a_message_opening_with_and_carries_on(message: str) -> None:
    assert continues(message)


def test_a_question_of_its_own_does_not_carry_on() -> None:
    assert not continues("¿para qué sirve el volante?")
