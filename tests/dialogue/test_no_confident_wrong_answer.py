"""The failures of issue 12's "confidently wrong, with an action button", through the real
engine (the default embedder, Alicante's catalogue): a request the catalogue has no procedure
for is not answered with an unrelated one; checking one's registration is not registering;
appealing a fine is not paying it; two requests and an ambiguous fragment are clarified, with
the options offered as suggestions."""

from __future__ import annotations

from ali.councils import Councils
from ali.dialogue.engine import DialogueEngine
from ali.dialogue.reply import ChatReply
from ali.language import Language


def engine(councils: Councils) -> DialogueEngine:
    return councils.runtime("alicante").engine


def ask(councils: Councils, message: str, language: Language) -> ChatReply:
    return engine(councils).chat(message, None, language=language)


def test_a_service_the_catalogue_lacks_gets_no_unrelated_procedure_nor_its_button(
    councils: Councils,
) -> None:
    for message, language in [
        ("¿cómo me apunto a la bici pública?", "es"),
        ("com m'apunte a la bici pública?", "va"),
        ("how do I sign up for the public bike scheme?", "en"),
    ]:
        reply = ask(councils, message, language)
        assert reply.procedure_id is None, (message, reply.procedure_id)
        assert reply.form is None and not reply.needs_sign_in
        assert reply.status in ("out_of_scope", "clarify"), (message, reply.status)
        assert "010" in reply.reply or reply.status == "clarify"


def test_asking_whether_one_is_registered_is_answered_with_the_proof_of_registration(
    councils: Councils,
) -> None:
    for message, language in [
        ("¿estoy empadronado?", "es"),
        ("estic empadronat?", "va"),
    ]:
        reply = ask(councils, message, language)
        if reply.status == "clarify":  # acceptable only between the two documents that prove it
            offered = {c.procedure_id for c in reply.candidates}
            assert offered <= {"padron.volante", "padron.certificado"}, (message, offered)
        else:
            assert reply.procedure_id in ("padron.volante", "padron.certificado"), message


def test_asking_to_appeal_is_the_appeal_also_right_after_the_payment_answer(
    councils: Councils,
) -> None:
    assert ask(councils, "puc fer al·legacions?", "va").procedure_id == "multas.alegaciones"
    chat = engine(councils)
    first = chat.chat("vull pagar una multa", None, language="va")
    assert first.procedure_id == "multas.pago"
    then = chat.chat("puc fer al·legacions?", first.conversation_id, language="va")
    assert then.procedure_id == "multas.alegaciones"
    assert then.form is None  # no payment form started for an appeal


def test_two_requests_are_clarified_naming_both_and_offering_both(councils: Councils) -> None:
    reply = ask(councils, "quiero pagar el IBI y pedir cita para el padrón", "es")
    assert reply.status == "clarify" and len(reply.candidates) == 2
    labels = [s.label for s in reply.suggestions]
    for candidate in reply.candidates:
        assert candidate.title in reply.reply and candidate.title in labels
    assert reply.reply.startswith("Me pides dos cosas")
    assert len(reply.reply) < 400


def test_a_fine_alone_asks_whether_to_pay_or_to_appeal(councils: Councils) -> None:
    for message, language in [("una multa", "es"), ("una multa", "va"), ("a fine", "en")]:
        reply = ask(councils, message, language)
        assert reply.status == "clarify", (message, reply.procedure_id)
        offered = [c.procedure_id for c in reply.candidates]
        assert {"multas.pago", "multas.alegaciones"} <= set(offered), (message, offered)
        labels = [s.label for s in reply.suggestions]
        assert [c.title for c in reply.candidates] == labels
        assert reply.form is None


def test_ibi_alone_is_clarified_among_its_procedures(councils: Councils) -> None:
    reply = ask(councils, "IBI", "es")
    assert reply.status == "clarify"
    offered = [c.procedure_id for c in reply.candidates]
    assert "tributos.ibi" in offered and all(p.startswith("tributos.") for p in offered)


def test_a_clear_single_request_is_not_clarified(councils: Councils) -> None:
    for message, language, procedure in [
        ("quiero pagar una multa de tráfico", "es", "multas.pago"),
        ("¿cómo recurro una multa?", "es", "multas.alegaciones"),
        ("quiero pedir cita previa", "es", "citas.cita-previa"),
        ("necessite un volant d'empadronament", "va", "padron.volante"),
    ]:
        reply = ask(councils, message, language)
        assert reply.status != "clarify" and reply.procedure_id == procedure, message


def test_the_kind_of_fine_does_not_decide_between_paying_and_appealing(
    councils: Councils,
) -> None:
    # "multa de aparcamiento" or "parking ticket" names the fine, not what is done with it: the
    # verb decides, and without one ALI asks.
    for message, language, expected in [
        ("cuántos días tengo para recurrir una multa de aparcamiento", "es", "multas.alegaciones"),
        (
            "got a speeding ticket and I want to object, what's the deadline?",
            "en",
            "multas.alegaciones",
        ),
        ("quiero pagar una multa de aparcamiento", "es", "multas.pago"),
        ("how do I pay a speeding ticket", "en", "multas.pago"),
    ]:
        reply = ask(councils, message, language)
        assert reply.procedure_id == expected, (message, reply.status, reply.procedure_id)
    for message, language in [("una multa de aparcamiento", "es"), ("a parking ticket", "en")]:
        reply = ask(councils, message, language)
        assert reply.status == "clarify", (message, reply.status, reply.procedure_id)
        offered = {candidate.procedure_id for candidate in reply.candidates}
        assert {"multas.pago", "multas.alegaciones"} <= offered, (message, offered)


def test_the_main_citizen_office_and_asking_for_a_time_reach_the_appointments(
    councils: Councils,
) -> None:
    # The main office moved in January 2026; "where is it now?" is no question out of scope.
    reply = ask(
        councils,
        "cual es ahora la oficina principal de atencion al ciudadano? la de cervantes ya no esta",
        "es",
    )
    assert reply.procedure_id == "citas.cita-previa", (reply.status, reply.procedure_id)
    assert "Labradores" in reply.reply.split("\n")[0]  # Centro 14, named first with its address
    reply = ask(councils, "com puc demanar hora per a anar a l'ajuntament?", "va")
    assert reply.procedure_id == "citas.cita-previa", (reply.status, reply.procedure_id)


def test_registering_asked_with_the_verb_alone_is_registering_not_a_choice(
    councils: Councils,
) -> None:
    # "¿Cómo me empadrono?" used to offer the volante, the certificate and registering.
    for message, language in [
        ("¿Cómo me empadrono?", "es"),
        ("com m'empadrone?", "va"),
    ]:
        reply = ask(councils, message, language)
        assert reply.procedure_id == "padron.alta", (message, reply.status)
