from ali.intents.cues import (
    asks_my_appointments,
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


def test_several_requests_are_split_per_language() -> None:
    assert request_parts("quiero pagar el IBI y pedir cita", "es") == [
        "quiero pagar el ibi",
        "pedir cita",
    ]
    assert request_parts("I need a certificate", "en") == ["i need a certificate"]
    assert request_parts("vull pagar l'IBI i demanar cita", "va") == [
        "vull pagar l ibi",
        "demanar cita",
    ]


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
