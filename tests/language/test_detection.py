import pytest

from ali.language import LanguageDetection


@pytest.fixture(scope="module")
def detection() -> LanguageDetection:
    return LanguageDetection()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿Cómo saco el volante de empadronamiento?", "es"),
        ("necessite un certificat de padró", "va"),
        ("how do I pay my IBI?", "en"),
        ("i on es fa?", "va"),
        ("quant costa?", "va"),
        ("what documents?", "en"),
        ("¿y cuánto cuesta?", "es"),
    ],
)
def test_detects_the_language(detection: LanguageDetection, text: str, language: str) -> None:
    assert detection.detect(text, fallback="en" if language != "en" else "es") == language


def test_keeps_the_fallback_when_unsure(detection: LanguageDetection) -> None:
    assert detection.detect("IBI", fallback="en") == "en"
    assert detection.detect("IBI", fallback="va") == "va"


def test_only_a_councils_languages_are_ever_the_answer(detection: LanguageDetection) -> None:
    valencian = "necessite un certificat de padró"
    assert detection.detect(valencian, fallback="es") == "va"
    assert detection.detect(valencian, fallback="es", among=("es", "en")) in ("es", "en")
    assert detection.detect("how do I pay my IBI?", fallback="es", among=("es", "va")) != "en"


def test_a_short_valencian_question_with_valencian_words_is_valencian() -> None:
    assert LanguageDetection().detect("he de pagar res pel volant del padró?", "es") == "va"


@pytest.mark.parametrize("text", ["ok", "ok!", "no", "vale", "sí"])
def test_a_few_everyday_words_keep_the_conversations_language(
    detection: LanguageDetection, text: str
) -> None:
    # "ok" is English to lingua, but a Spanish or Valencian conversation's "ok" switches nothing.
    assert detection.detect(text, fallback="es") == "es"
    assert detection.detect(text, fallback="va") == "va"


@pytest.mark.parametrize("text", ["how much?", "and the price?", "okay", "no thanks"])
def test_words_far_more_common_in_another_language_still_switch(
    detection: LanguageDetection, text: str
) -> None:
    assert detection.detect(text, fallback="es") == "en"
