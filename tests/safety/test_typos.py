import pytest

from ali.safety.typos import Vocabulary, sound

VOCABULARY = Vocabulary(
    ["respira", "desmayado", "incendio", "cardiaco", "suicidio", "ahogando"],
    not_typos=["subsidio", "ahorrando"],
)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("rrespira", "respira"),  # a doubled letter
        ("desmallado", "desmayado"),  # "ll" for "y"
        ("insendio", "incendio"),  # "s" for a soft "c"
        ("cardiako", "cardiaco"),  # "k" for a hard "c"
        ("aogando", "ahogando"),  # a silent "h" dropped
        ("incedio", "incendio"),  # one letter dropped
        ("respria", "respira"),  # two letters swapped
    ],
)
def test_misspellings_of_a_vocabulary_word_are_corrected(typed: str, meant: str) -> None:
    assert VOCABULARY.correct_word(typed) == meant


@pytest.mark.parametrize(
    "word",
    [
        "subsidio",  # one letter from "suicidio", but a real word
        "ahorrando",  # one letter from "ahogando" once the "h" is silent
        "abogando",  # an edit in the first two letters
        "respi",  # too short to be corrected by an edit
        "padron",  # nowhere near
    ],
)
def test_real_words_and_distant_words_are_left_alone(word: str) -> None:
    assert VOCABULARY.correct_word(word) == word


def test_a_text_is_corrected_word_by_word() -> None:
    assert VOCABULARY.correct("mi padre no rrespira") == "mi padre no respira"


def test_spellings_of_one_sound_share_a_key() -> None:
    assert sound("desmallado") == sound("desmayado")
    assert sound("vaca") == sound("baka")
    assert sound("hola") == sound("ola")
    assert sound("chico") != sound("ciko")  # "ch" is not a silent "h"
