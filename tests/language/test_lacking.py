from ali.language.lacking import lacked_starts
from ali.language.text import fold


def _lacked(text: str) -> list[str]:
    tokens = fold(text).split()
    return [tokens[at] for at in sorted(lacked_starts(tokens))]


def test_the_words_after_a_lacking_phrase_are_lacked() -> None:
    assert _lacked("puedo sacarlo sin certificado digital") == ["certificado"]
    assert _lacked("no tengo el certificado") == ["el", "certificado"]
    assert _lacked("puc fer-ho sense Cl@ve?") == ["cl"]
    assert _lacked("I don't have a DNIe") == ["a", "dnie"]
    assert _lacked("log in without having a digital certificate") == ["having", "a", "digital"]


def test_nothing_is_lacked_without_a_lacking_phrase() -> None:
    assert _lacked("con mi certificado digital") == []
    assert _lacked("sin") == []  # a phrase at the end lacks nothing
