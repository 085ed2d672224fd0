import pytest

from ali.safety.crisis import Crisis, crises, crisis_message, detect_crisis


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
    [
        "mi padre está en parada cardiaca",
        "le ha dado un paro cardíaco",
        "paro cardiorrespiratorio",
        "aturada cardíaca",
        "cardiac arrest",
        "a tingut un infart",
    ],
)
def test_paro_as_cardiac_arrest_is_an_emergency(text: str) -> None:
    assert detect_crisis(text) == Crisis.EMERGENCY


@pytest.mark.parametrize(
    "text",
    ["cobrar el paro", "estoy en el paro", "me han dado el paro", "prestación por desempleo"],
)
def test_paro_as_unemployment_is_not(text: str) -> None:
    assert detect_crisis(text) is None


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("no rrespira", Crisis.EMERGENCY),
        ("se a desmallado", Crisis.EMERGENCY),
        ("ay un insendio en la cosina", Crisis.EMERGENCY),
        ("paro cardiako", Crisis.EMERGENCY),
        ("my wife is unconcious", Crisis.EMERGENCY),
        ("me quiero suisidar", Crisis.SUICIDE),
    ],
)
def test_typos_and_missing_accents(text: str, crisis: Crisis) -> None:
    assert detect_crisis(text) == crisis


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("certificado de empadronamiento urgente porque mi marido me ha pegado", "016"),
        ("mi pareja me pega y quiero pedir cita", "016"),
        ("tengo la licencia de actividad pero ahora mismo hay un incendio en el local", "112"),
        ("para pagar el recibo del IBI... espera, mi padre se ha caído y no responde", "112"),
        ("he pedido la cita pero da igual, me voy a matar", "024"),
    ],
)
def test_a_crisis_inside_a_procedure_request_is_still_a_crisis(text: str, crisis: str) -> None:
    assert detect_crisis(text) == Crisis(crisis)


@pytest.mark.parametrize(
    "text",
    [
        "incendio forestal: licencia de quema agrícola",
        "licencia de actividad contra incendios",
        "seguro de incendios de la vivienda",
        "¿a qué hora se quema la hoguera de mi barrio?",
        "tuve un accidente y me multaron",
        "parte amistoso de accidente",
        "me estoy ahogando en deudas",
        "I'm drowning in paperwork",
        "denunciar maltrato animal",
        "la web se ha caído y no responde",
    ],
)
def test_a_topic_framed_as_paperwork_or_a_figure_of_speech_is_not(text: str) -> None:
    assert detect_crisis(text) is None


def test_a_frame_never_silences_a_crisis_worded_as_one() -> None:
    assert detect_crisis("licencia de quema, pero hay humo en la escalera") == Crisis.EMERGENCY
    assert detect_crisis("tuve un accidente hace un rato y hay heridos") == Crisis.EMERGENCY
    assert detect_crisis("se está ahogando en la piscina, no en deudas") == Crisis.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "certificado de defunción",
        "matar el tiempo mientras espero",
        "killing it at work",
        "quiero pagar el recibo del gas",
        "la farola está fundida",
        "ayudas de emergencia social",
        "quiero pedir cita con un abogado de oficio",
        "subsidio por desempleo",
        "la persona que me atendió no responde a mis correos",
        "he llamado al 010 y no responde nadie",
        "mi hijo me ha pegado la gripe",
        "no quiero vivir en este barrio",
        "estoy intentando entrar en la sede electrónica",
        "¡es un atropello que me cobren dos veces!",
        "estoy ahorrando para pagar el IBI",
        "los datos son inconsistentes",
    ],
)
def test_ordinary_questions_are_not_crises(text: str) -> None:
    assert detect_crisis(text) is None


def test_two_crises_at_once_give_the_most_urgent_line_first() -> None:
    text = "mi marido me ha pegado y me quiero morir"
    assert crises(text) == {Crisis.GENDER_VIOLENCE, Crisis.SUICIDE}
    assert detect_crisis(text) == Crisis.SUICIDE


def test_a_threat_to_kill_me_is_violence_not_suicide() -> None:
    assert detect_crisis("mi ex me amenaza con matarme") == Crisis.GENDER_VIOLENCE


def test_messages_name_the_right_line_in_each_language() -> None:
    assert "016" in crisis_message(Crisis.GENDER_VIOLENCE, "va")
    assert "024" in crisis_message(Crisis.SUICIDE, "en")
    assert "112" in crisis_message(Crisis.EMERGENCY, "es")
