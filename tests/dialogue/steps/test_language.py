from __future__ import annotations

from collections.abc import Callable

from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.language import DetectLanguage
from ali.dialogue.turn import Turn


def test_the_clients_choice_wins(services: DialogueServices, prepare: Callable[..., Turn]) -> None:
    turn = prepare("¿cuánto cuesta el volante de empadronamiento?", "language", language="en")
    assert DetectLanguage(services).run(turn) is None
    assert turn.language == "en" and turn.conversation.language == "en"


def test_the_message_language_is_detected(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("on puc demanar el certificat d'empadronament?", "language")
    DetectLanguage(services).run(turn)
    assert turn.language == "va" and turn.conversation.language == "va"


def test_a_message_too_short_to_tell_keeps_the_conversations_language(
    services: DialogueServices, prepare: Callable[..., Turn]
) -> None:
    turn = prepare("ok", "language", state={})  # a stored conversation, in Spanish
    turn.conversation.language = "en"
    DetectLanguage(services).run(turn)
    assert turn.language == "en"
