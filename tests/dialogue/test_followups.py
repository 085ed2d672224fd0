"""Follow-ups through the whole engine (issue 12): a question about the procedure under
discussion is answered from its own text, a request for another language repeats the last
answer in it, "what if" stays on the procedure, and what its text does not say is said so."""

from __future__ import annotations

from ali.dialogue.engine import DialogueEngine
from ali.dialogue.services import DialogueServices

FINE = "¿Cómo pago una multa de tráfico?"
VOLANTE = "¿Cómo saco el volante de empadronamiento?"


def _after(engine: DialogueEngine, first: str) -> str:
    reply = engine.chat(first)
    assert reply.procedure_id is not None
    return reply.conversation_id


def test_a_discount_question_after_the_fine_is_answered_from_the_fine(
    services: DialogueServices,
) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, FINE)
    reply = engine.chat("¿tiene descuento si pago pronto?", conversation)
    assert reply.intent == "procedure_info" and reply.procedure_id == "multas.pago"
    assert "reducción del 50 %" in reply.reply
    assert "alicante.es" in reply.reply  # the source link
    assert "duplicado de un recibo" not in reply.reply.lower()


def test_what_about_in_english_repeats_the_last_answer_in_english(
    services: DialogueServices,
) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, FINE)
    spanish = engine.chat("¿tiene descuento si pago pronto?", conversation)
    reply = engine.chat("what about in English please?", conversation)
    assert reply.language == "en"
    assert reply.procedure_id == "multas.pago" and reply.intent == "procedure_info"
    assert "Paying a traffic fine" in reply.reply and "50 % reduction" in reply.reply
    assert spanish.reply.count("\n\n") == reply.reply.count("\n\n")  # the same passages


def test_a_language_can_be_asked_for_in_valencian_and_back_in_spanish(
    services: DialogueServices,
) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, VOLANTE)
    valencian = engine.chat("en valencià, per favor", conversation)
    assert valencian.language == "va" and valencian.procedure_id == "padron.volante"
    assert "Volant d'empadronament" in valencian.reply
    spanish = engine.chat("¿me lo dices en castellano?", conversation)
    assert spanish.language == "es" and "Volante de empadronamiento" in spanish.reply


def test_a_language_asked_for_with_nothing_to_repeat_is_a_welcome_in_it(
    services: DialogueServices,
) -> None:
    reply = DialogueEngine(services).chat("en inglés, por favor")
    assert reply.language == "en" and reply.intent == "greeting"


def test_what_if_i_have_no_dni_stays_on_the_volante(services: DialogueServices) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, VOLANTE)
    reply = engine.chat("¿y si no tengo DNI?", conversation)
    assert reply.procedure_id == "padron.volante" and reply.intent == "procedure_info"
    assert "pasaporte" in reply.reply


def test_what_the_text_does_not_say_is_said_plainly_with_where_to_check(
    services: DialogueServices,
) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, FINE)
    reply = engine.chat("¿y si no tengo DNI?", conversation)  # the fine's text has no DNI
    assert reply.procedure_id == "multas.pago"
    assert "no lo dice" in reply.reply
    assert "010" in reply.reply and "alicante.es" in reply.reply


def test_ellipsis_keeps_the_procedure(services: DialogueServices) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, VOLANTE)
    for message in ("¿y cuánto cuesta?", "¿y eso dónde se hace?", "and the documents?"):
        reply = engine.chat(message, conversation)
        assert reply.procedure_id == "padron.volante", message


def test_a_new_topic_named_clearly_still_wins(services: DialogueServices) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, FINE)
    reply = engine.chat("¿cuánto cuesta el vado para la cochera?", conversation)
    assert reply.procedure_id == "via-publica.vado"


def test_asking_about_an_appointment_is_about_the_procedure_under_discussion(
    services: DialogueServices,
) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, "how do I register on the padron?")
    reply = engine.chat("do I need an appointment?", conversation)
    assert reply.procedure_id == "padron.alta" and reply.intent == "procedure_info"
    booking = engine.chat("I want to book an appointment", conversation)
    assert booking.procedure_id == "citas.cita-previa"  # asked to book, not about it


def test_thanks_is_not_a_followup(services: DialogueServices) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, FINE)
    assert engine.chat("gracias", conversation).intent == "thanks"


def test_the_state_keeps_what_the_answer_was_made_of_and_nothing_personal(
    services: DialogueServices,
) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, VOLANTE)
    engine.chat("¿y si no tengo DNI? mi DNI es 12345678Z", conversation)
    stored = services.conversations.get(services.council_id, conversation)
    assert stored is not None
    answer = stored.state["answer"]
    assert set(answer) == {"procedure_id", "aspects", "passages"}
    assert "12345678Z" not in str(stored.state)


def test_what_is_it_for_carrying_on_from_the_answer_is_not_help(
    services: DialogueServices,
) -> None:
    engine = DialogueEngine(services)
    conversation = _after(engine, "Com puc traure el volant d'empadronament?")
    reply = engine.chat("i per a què serveix?", conversation)
    assert reply.procedure_id == "padron.volante" and reply.language == "va"


def test_a_first_question_on_a_fact_without_its_field_is_answered_from_the_text(
    services: DialogueServices,
) -> None:
    """Cl@ve has no processing-time field, but its text says how long a PIN lasts."""
    reply = DialogueEngine(services).chat("How long is a Cl@ve PIN valid for?")
    assert reply.procedure_id == "identidad.clave"
    first = reply.reply.split("\n\n")[0]
    assert "10 minutes" in first
    assert "alicante.es" in reply.reply  # the source link


def test_a_fee_not_in_the_text_still_says_where_to_find_it_first(
    services: DialogueServices,
) -> None:
    """The works permit's text says a fee is paid, not how much: no passage without an amount
    stands in for the fee; the first sentence says where to find it."""
    reply = DialogueEngine(services).chat("¿Cuánto cuesta una licencia de obra menor?")
    assert reply.procedure_id == "urbanismo.obra-menor"
    first = reply.reply.split("\n\n")[0]
    assert "010" in first or "sedeelectronica" in first
    assert "ICIO" not in first
