import pytest

from ali.language.commands import is_back, is_cancel, is_confirmation, is_denial, ordinal


@pytest.mark.parametrize(
    "text", ["sí", "Si", "vale", "d'acord", "confirmo", "yes", "OK", "Sí, confirmo"]
)
def test_explicit_confirmations(text: str) -> None:
    assert is_confirmation(text)


@pytest.mark.parametrize(
    "text", ["sí pero cambia la fecha", "supongo", "no", "quizá", "yes but tomorrow", "", "sii?"]
)
def test_anything_else_is_not_a_confirmation(text: str) -> None:
    assert not is_confirmation(text)


def test_denial_cancel_back() -> None:
    assert is_denial("no") and is_denial("no gracias")
    assert is_cancel("cancelar") and is_cancel("Cancel·la") and is_cancel("never mind")
    assert is_back("atrás") and is_back("enrere") and is_back("go back")
    assert not is_cancel("cancelar mi cita del martes")


@pytest.mark.parametrize(
    ("text", "position"),
    [("2", 2), ("el segundo", 2), ("la segona", 2), ("second", 2), ("opción 3", 3), ("uno", 1)],
)
def test_ordinals_in_three_languages(text: str, position: int) -> None:
    assert ordinal(text) == position


def test_not_an_ordinal() -> None:
    assert ordinal("el de la farola") is None
