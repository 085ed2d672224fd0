import pytest

from ali.intents.cues import (
    asks_my_appointments,
    asks_question,
    asks_status,
    request_parts,
    wants_action,
    wants_person,
    without_id_method,
)


def test_wanting_it_done_versus_asking_how() -> None:
    assert wants_action("quiero pedir cita")
    assert wants_action("necesito un volante")
    assert wants_action("em fas el certificat?")
    assert not wants_action("¿cómo pido cita?")
    assert not wants_action("what documents do I need?")


def test_identification_method_is_removed_from_the_search() -> None:
    assert without_id_method("quiero el volante con Cl@ve") == ("quiero el volante", True)
    assert without_id_method("vull el certificat amb certificat digital")[0] == "vull el certificat"
    assert without_id_method("con el DNIe") == ("", True)
    assert without_id_method("¿qué es Cl@ve?")[1] is False


def _texts(text: str, language: str) -> list[str]:
    return [part.text for part in request_parts(text, language)]


def test_several_requests_are_split_per_language() -> None:
    assert _texts("quiero pagar el IBI y pedir cita", "es") == ["quiero pagar el ibi", "pedir cita"]
    assert _texts("I need a certificate", "en") == ["i need a certificate"]
    assert _texts("vull pagar l'IBI i demanar cita", "va") == ["vull pagar l ibi", "demanar cita"]
    assert _texts("get a library card plus report a pothole", "en") == [
        "get a library card",
        "report a pothole",
    ]


def test_sentence_ends_commas_and_plus_split_too_but_no_decimal_point() -> None:
    assert _texts("Perdí la cartera. ¿Dónde pongo una queja?", "es") == [
        "perdi la cartera",
        "donde pongo una queja",
    ]
    assert _texts("plusvalía + licencia de primera ocupación", "es") == [
        "plusvalia",
        "licencia de primera ocupacion",
    ]
    assert _texts("cuesta 10,50 euros", "es") == ["cuesta 10 50 euros"]


def test_a_part_is_joined_only_when_a_conjunction_sets_it_off() -> None:
    parts = request_parts("how do I open a bar terrace, and how much is the rubbish fee", "en")
    assert [part.joined for part in parts] == [True, True]
    parts = request_parts("he vendido el coche, ¿cómo hago la transferencia?", "es")
    assert [part.joined for part in parts] == [False, False]
    parts = request_parts("¿Cómo pido cita? ¿Y la teleasistencia?", "es")
    assert [part.joined for part in parts] == [True, True]
    parts = request_parts("where is the library? also, how do I pay the road tax?", "en")
    assert [part.joined for part in parts] == [True, True]


def test_a_condition_or_a_statement_beside_a_question_is_context() -> None:
    parts = request_parts("quiero el volante, si lo saco en el ciberkiosco tarda?", "es")
    assert [part.context for part in parts] == [False, True]
    parts = request_parts("somos tres con carnet de conducir, cuantas tarjetas nos dan?", "es")
    assert [part.context for part in parts] == [True, False]
    # without a question mark a statement may be the request; with a conjunction it is one
    assert not any(p.context for p in request_parts("tengo un bar, quiero una terraza", "es"))
    parts = request_parts("we have two drivers and how do I pay the road tax?", "en")
    assert [part.context for part in parts] == [False, False]


def test_an_identification_method_is_no_request_of_its_own() -> None:
    assert _texts("quiero el volante, tengo certificado digital", "es") == ["quiero el volante"]


def test_status_and_person_cues() -> None:
    assert asks_status("¿en qué estado está mi solicitud?")
    assert asks_status("any update on my report?")
    assert not asks_status("¿cómo presento una solicitud?")
    assert wants_person("quiero hablar con una persona")
    assert wants_person("can I talk to a real person?")
    assert not wants_person("¿quién puede pedir el volante?")


def test_asking_for_my_appointments_is_not_asking_for_one() -> None:
    assert asks_my_appointments("¿qué citas tengo pedidas?")
    assert asks_my_appointments("Quines cites tinc?")
    assert asks_my_appointments("When is my appointment?")
    assert not asks_my_appointments("quiero pedir cita para el padrón")
    assert not asks_my_appointments("quiero anular mis citas")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("there's a huge pothole on my street, I want to report it", False),
        ("the streetlight on the corner is broken, I want to report it", False),
        ("on puc pagar el rebut?", True),  # Valencian "on": where
        ("i on es fa?", True),
    ],
)
def test_english_on_is_no_valencian_where(text: str, question: bool) -> None:
    assert asks_question(text) is question
    assert wants_action(text) is not question
