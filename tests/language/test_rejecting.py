from ali.language.rejecting import rejected_positions
from ali.language.text import fold


def _rejected(message: str) -> list[str]:
    tokens = fold(message).split()
    return [tokens[at] for at in sorted(rejected_positions(tokens))]


def test_the_words_after_a_rejecting_phrase_are_rejected() -> None:
    assert _rejected("the official one, not the simple volante one") == ["simple", "volante", "one"]
    assert _rejected("quiero pagar la multa, no el ibi") == ["ibi"]
    assert _rejected("vull el certificat, no el volant") == ["volant"]


def test_the_words_before_a_rejecting_phrase_are_rejected() -> None:
    assert "volante" in _rejected("dice q el volante no le vale, como lo pido")
    assert "volante" in _rejected("he says the volante is not valid")
    assert "volant" in _rejected("el notari diu que el volant no li val")


def test_nothing_is_rejected_without_a_rejecting_phrase() -> None:
    assert _rejected("necesito el volante de empadronamiento") == []
    # Lacking something is a condition of the question (ali.language.lacking), not a rejection.
    assert _rejected("no tengo el certificado digital") == []
    assert _rejected("no la encuentro") == []
