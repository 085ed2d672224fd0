"""A procedure's name in another language inside a sentence does not change the sentence's
language: the function words that frame it decide (issue 12)."""

import pytest

from ali.councils import Councils
from ali.language import LanguageDetection


@pytest.fixture(scope="module")
def detection() -> LanguageDetection:
    return LanguageDetection()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("how do I get the volante de empadronamiento?", "en"),
        ("I need the certificado de empadronamiento", "en"),
        ("I need the certificado del padrón", "en"),
        ("can I get the volant d'empadronament online?", "en"),
        ("necesito el certificado de empadronamiento para mañana", "es"),
        ("¿qué es lo que tengo que hacer?", "es"),
        ("vull pagar l'IBI i demanar cita per al padró", "va"),
        ("vull el certificat del padró per a la meua filla", "va"),
    ],
)
def test_the_sentences_own_words_decide(
    detection: LanguageDetection, text: str, language: str
) -> None:
    fallback = "es" if language != "es" else "va"
    assert detection.detect(text, fallback=fallback) == language


def test_a_name_alone_is_still_its_own_language(detection: LanguageDetection) -> None:
    assert detection.detect("volante de empadronamiento", fallback="en") == "es"


def test_the_reply_to_an_english_question_naming_a_spanish_procedure_is_english(
    councils: Councils,
) -> None:
    engine = councils.runtime("alicante").engine
    reply = engine.chat("I need the certificado de empadronamiento", None)
    assert reply.language == "en"
    assert reply.procedure_id == "padron.certificado"
    assert "Census certificate" in reply.reply
