"""A question naming a procedure and asking a fact of it is that procedure's question, however
much its wording looks like small talk ("em puc…" like "em pots ajudar?", "què he de portar…"
like "vull parlar amb…"); and a Valencian question with a Spanish-looking word ("del") is
answered in Valencian. Through the real engine (the default embedder, Alicante's catalogue)."""

from __future__ import annotations

import pytest

from ali.councils import Councils
from ali.language import Language


@pytest.mark.parametrize(
    ("message", "procedure"),
    [
        ("em puc empadronar per internet?", "padron.alta"),
        ("què he de portar per a presentar una instància", "registro.instancia-general"),
        ("quant tarda l'expedient per a casar-se", "otros.matrimonio-civil"),
    ],
)
def test_a_procedure_named_and_a_fact_asked_is_that_procedures_question(
    councils: Councils, message: str, procedure: str
) -> None:
    reply = councils.runtime("alicante").engine.chat(message, None)
    assert (reply.intent, reply.procedure_id) == ("procedure_info", procedure)
    assert reply.language == "va"


def test_asking_for_a_person_is_still_a_handoff(councils: Councils) -> None:
    reply = councils.runtime("alicante").engine.chat("vull parlar amb una persona del padró", None)
    assert reply.intent == "handoff"


def test_del_does_not_make_a_valencian_question_spanish(councils: Councils) -> None:
    message = "la plusvalua de l'herencia del meu pare es pot fer online?"
    reply = councils.runtime("alicante").engine.chat(message, None)
    assert reply.language == "va" and reply.procedure_id == "tributos.plusvalia"
    assert "seu electrònica" in reply.reply


@pytest.mark.parametrize(
    ("message", "procedure"),
    [
        (
            "si saco el certificado de padron en el ciberkiosko me lo dan en el momento?",
            "padron.certificado",
        ),
        ("Where can I book an appointment for my TIE online?", "externo.extranjeria"),
        ("donde hay un ciberkiosko", "otros.ciberkioscos"),
        ("que necesito pa usar los ciberkioscos, vale con el dni normal?", "otros.ciberkioscos"),
        ("quiero pedir cita previa para empadronarme", "citas.cita-previa"),
    ],
)
def test_the_thing_asked_beats_the_way_of_doing_it(
    councils: Councils, message: str, procedure: str
) -> None:
    # The kiosks, and the council's appointments for another administration's procedure, are
    # how the citizen means to do what the message names (ali.intents.router._thing_asked).
    reply = councils.runtime("alicante").engine.chat(message, None)
    assert reply.procedure_id == procedure


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("hay una farola fundida en mi calle desde hace una semana", "procedure_action"),
        ("hi ha un fanal trencat davant de ma casa", "procedure_action"),
        ("there's a pothole outside my house", "procedure_action"),
        ("¿dónde aviso de una farola fundida?", "procedure_info"),  # asked: it is answered
    ],
)
def test_a_street_problem_said_not_asked_is_reported(
    councils: Councils, message: str, intent: str
) -> None:
    # The profile's `procedures.incident_report` (ali.intents.router._procedure_route).
    reply = councils.runtime("alicante").engine.chat(message, None)
    assert (reply.intent, reply.procedure_id) == (intent, "via-publica.incidencia")


@pytest.mark.parametrize(
    ("message", "language"),
    [("un certificado, por favor", "es"), ("un certificat, per favor", "va")],
)
def test_a_procedure_asked_for_politely_is_no_handoff(
    councils: Councils, message: str, language: Language
) -> None:
    # "por favor" is how "una persona, por favor" ends too; without a person asked for, the
    # bare noun naming several certificates is clarified.
    reply = councils.runtime("alicante").engine.chat(message, None, language=language)
    assert reply.intent == "clarify", (reply.intent, reply.procedure_id)
