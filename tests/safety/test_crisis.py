import pytest

from ali.safety.crisis import Crisis, crisis_message, detect_crisis


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("mi vecino se ha desmayado y no respira", Crisis.EMERGENCY),
        ("hay un incendio en el edificio", Crisis.EMERGENCY),
        ("fa molta olor de gas a l'escala", Crisis.EMERGENCY),
        ("someone collapsed and isn't breathing", Crisis.EMERGENCY),
        ("mi pareja me pega", Crisis.GENDER_VIOLENCE),
        ("el meu home em pega", Crisis.GENDER_VIOLENCE),
        ("my husband hits me", Crisis.GENDER_VIOLENCE),
        ("no quiero seguir viviendo", Crisis.SUICIDE),
        ("ja no vull viure", Crisis.SUICIDE),
        ("I want to end my life", Crisis.SUICIDE),
    ],
)
def test_crisis_routes(text: str, crisis: Crisis) -> None:
    assert detect_crisis(text) == crisis


@pytest.mark.parametrize(
    "text",
    ["quiero pagar el recibo del gas", "tuve un accidente y me multaron", "la farola está fundida"],
)
def test_ordinary_questions_are_not_crises(text: str) -> None:
    assert detect_crisis(text) is None


def test_messages_name_the_right_line_in_each_language() -> None:
    assert "016" in crisis_message(Crisis.GENDER_VIOLENCE, "va")
    assert "024" in crisis_message(Crisis.SUICIDE, "en")
    assert "112" in crisis_message(Crisis.EMERGENCY, "es")
